"""The administrators' forms and filters in a real Chromium against `make run`, on a 360 px phone and a wide screen:
every field on every administrators' page takes its own height, a row of filters still shares its width, and every
checkbox and radio button sits beside its words, on their first line when they wrap.

A field is a label over its box. In a row of filters it takes a share of the row, 12rem at least; a form is a column,
where the same flex-basis is a height: the staff-in-post form on the dashboard, the classroom training's form and the
focal official's form once drew each field 240 px tall around its 70 px, a screen's height of blank between boxes on
a phone. A checkbox in a field was stretched across the line like a text box, drawn alone in its middle above its
words: a class's attendance list on a teacher's phone was a column of boxes, each between two names.

The demo province's administrator only reads the pages; the class is opened in a province of this module's own, which
no other module reads."""

from __future__ import annotations

import pytest

from functions.accounts.account import Unit, unit_path
from functions.stores.sqlite.accounts import SQLiteAccounts
from tests.support.actors import add_admin, import_learner
from tests.support.adminpages import admin_page, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 900}
# Every page of the administrators' menu, and the form each shows on load, beside its filters.
PAGES = {
    "quan-tri/": ".hocso-admin__headcounts",
    "quan-tri/lop-tap-huan/": ".hocso-admin__class-form",
    "quan-tri/dau-moi/": ".hocso-admin__focal-form",
    "quan-tri/dot-dao-tao/": ".hocso-admin__rounds-form",
    "quan-tri/don-vi/": ".hocso-admin__units-form",
    "quan-tri/hoc-vien/": ".hocso-admin__filters",
    "quan-tri/cau-hoi/": ".hocso-admin__filters",
    "quan-tri/nhat-ky/": ".hocso-admin__filters",
}
# Each checkbox and radio button shown: its width, and whether its middle lies within its words' first line.
CHOICES = """() => Array.from(document.querySelectorAll(".hocso-admin input:is([type=checkbox], [type=radio])"))
  .filter(box => box.offsetParent && box.closest("label")).map(box => {
    const words = document.createRange();
    words.selectNodeContents(box.closest("label"));
    words.setStartAfter(box);
    const line = words.getClientRects()[0], own = box.getBoundingClientRect(), middle = own.top + own.height / 2;
    return {text: box.closest("label").textContent.trim().slice(0, 40), width: own.width,
            beside: line.top <= middle && middle <= line.bottom && own.right <= line.left};
  })"""
# Each field shown: its height beyond what it draws, from its first part's top margin to its last part's bottom one.
FIELDS = """() => Array.from(document.querySelectorAll(".hocso-admin__field")).filter(field => field.offsetParent)
  .map(field => {
    const parts = Array.from(field.children).filter(part => part.offsetParent);
    const first = parts[0], last = parts[parts.length - 1];
    const drawn = last.getBoundingClientRect().bottom - first.getBoundingClientRect().top
      + parseFloat(getComputedStyle(first).marginTop) + parseFloat(getComputedStyle(last).marginBottom);
    return {text: field.textContent.trim().slice(0, 40), blank: field.getBoundingClientRect().height - drawn};
  })"""


@pytest.mark.parametrize("screen", [PHONE, WIDE], ids=["phone", "wide"])
def test_every_field_takes_its_own_height_in_every_form(browser, server, screen):
    context = browser.new_context(viewport=screen, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "Quản trị tỉnh")
    for path, form in PAGES.items():
        page.goto(f"{server}{path}")
        page.locator(form).first.wait_for(state="attached")
        for fold in page.locator("details.hocso-admin__fold").all():  # folded on a phone: opened to be measured
            fold.evaluate("fold => { fold.open = true; }")
        page.locator(f"{form} .hocso-admin__field").first.wait_for()  # the dashboard's form is drawn by its script
        fields = page.evaluate(FIELDS)
        assert fields, path
        assert [field for field in fields if field["blank"] > 2] == [], path
    context.close()


def test_a_row_of_filters_still_shares_its_width_on_a_wide_screen(browser, server):
    context = browser.new_context(viewport=WIDE, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "Quản trị tỉnh")
    filters = page.locator(".hocso-admin__filters .hocso-admin__field")
    filters.first.wait_for()
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    rows: dict[float, int] = {}
    for field in filters.all():
        box = field.bounding_box()
        rows[box["y"]] = rows.get(box["y"], 0) + 1
        assert box["width"] >= 12 * rem, box
    # Six filters (unit, course, cohort, category, round, month) in two rows of three.
    assert sorted(rows.values()) == [3, 3]
    context.close()


def choices_beside_their_words(page) -> int:
    """Every checkbox and radio button shown sits on its words' first line, left of them, at its own small size; how
    many there are."""
    choices = page.evaluate(CHOICES)
    assert [choice for choice in choices if not choice["beside"] or choice["width"] > 32] == []
    return len(choices)


@pytest.mark.parametrize("screen", [PHONE, WIDE], ids=["phone", "wide"])
def test_every_checkbox_and_radio_button_sits_beside_its_words(browser, server, screen):
    context = browser.new_context(viewport=screen, locale="vi-VN")
    page = context.new_page()
    sign_in(page, server, "Quản trị tỉnh")
    for path, shown in {"quan-tri/nhap-du-lieu/": 4, "quan-tri/don-vi/": 2, "quan-tri/lop-tap-huan/": 1}.items():
        page.goto(f"{server}{path}")
        page.locator(".hocso-admin input[type=checkbox], .hocso-admin input[type=radio]").first.wait_for()
        assert choices_beside_their_words(page) >= shown, path
    context.close()


def test_a_class_attendance_list_is_a_box_beside_each_name(browser, server):
    code = "89"
    accounts = SQLiteAccounts(server.data / "hocso.sqlite3")
    commune = Unit(code=f"{code}-X1", name="Xã Thử Điểm Danh", kind="Xã", parent_code=code, path=f"{code}/{code}-X1/")
    accounts.put_units([Unit(code=code, name="Tỉnh Thử Điểm Danh", kind="Tỉnh", path=unit_path(code, None)), commune])
    accounts.close()
    admin = add_admin(server, "Quản trị viên xã thử điểm danh", commune.code)
    learners = [import_learner(server, admin, name, commune.code) for name in ("Lò Văn Một", "Hà Thị Hai")]
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    admin_page(page, server, admin, "Lớp tập huấn", "lop-tap-huan/")
    page.get_by_label("Tên lớp").fill("Tập huấn điểm danh trên điện thoại")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa xã")
    page.get_by_label("Ngày đầu").fill("2026-12-07")
    page.get_by_label("Ngày cuối (lớp không quá 3 ngày)").fill("2026-12-08")
    page.get_by_label("Giảng viên").fill("Nguyễn Văn Giảng")
    page.get_by_label("Yêu cầu đạt bài kiểm tra để hoàn thành").check()
    page.get_by_role("button", name="Mở lớp", exact=True).click()
    page.get_by_role("heading", name="Tập huấn điểm danh trên điện thoại").wait_for()
    page.get_by_label("Tên đăng nhập, mỗi dòng một người").fill("\n".join(learner.username for learner in learners))
    page.get_by_role("button", name="Ghi danh").click()
    page.get_by_text("Lớp có 2 học viên.").wait_for()
    names = page.locator(".hocso-admin__class-learners label")
    assert [name.inner_text().split(" · ")[0].strip() for name in names.all()] == ["Lò Văn Một", "Hà Thị Hai"]
    assert choices_beside_their_words(page) == 3  # the two learners, and the box of the form for a new class
    # Each name is its own box's label: a tap on the name ticks that learner.
    names.filter(has_text="Hà Thị Hai").click()
    assert names.filter(has_text="Hà Thị Hai").locator("input").is_checked()
    assert not names.filter(has_text="Lò Văn Một").locator("input").is_checked()
    context.close()
