"""Every administrators' page on a 360 x 740 phone, in a real Chromium against `make run`, with data in each table: the
page never grows wider than the screen (no element reaches past its right edge), every table is a list of cards whose
key cell (the unit, the learner, the time, the row of the file, the round) is in view on top and whose other cells
carry their column's header, the filters are folded behind "Bộ lọc" on load so the figures come first, the report's
month is picked from a list of named months, a long error wraps, and axe finds no serious problem. On a wide screen the
filters stay open with no fold, as before.

The data is a province of this module's own (units written straight into `make run`'s store, as an operator sets
them up), which no other module reads: its learners, focal official, round and audit trail are seen by no other test."""

from __future__ import annotations

import pytest

from functions.accounts.account import Unit, unit_path
from functions.stores.sqlite.accounts import SQLiteAccounts
from tests.support.actors import Actor, add_admin, api, import_learner, issue_learner
from tests.support.adminpages import signed_in_as, written
from tests.support.browser import heading, serious_accessibility_problems

pytestmark = pytest.mark.browser
PROVINCE = "93"
COMMUNE = "93-X1"
PHONE = {"width": 360, "height": 740}
# Every element that reaches past the screen's right edge, but those kept out of sight (1 px, or in a closed fold).
PAST_THE_EDGE = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const node of document.body.querySelectorAll("*")) {
    const box = node.getBoundingClientRect();
    if (box.width > 1 && box.right > width + 0.5) out.push(`${node.tagName}.${node.className} ${box.right}`);
  }
  return out;
}"""
# Each card's key cell, scrolled to: inside the screen, and what is drawn at its first letters (not covered).
KEYS = """table => Array.from(table.tBodies[0].rows).map(row => {
  const key = row.cells[0];
  key.scrollIntoView({ block: "center" });
  const box = key.getBoundingClientRect(), seen = document.elementFromPoint(box.x + 4, box.y + 4);
  return [key.textContent.trim(), box.x >= 0 && box.right <= document.documentElement.clientWidth, key.contains(seen)];
})"""
# Every cell labelled with its column's header, and the label drawn above the value (the key cell needs none).
LABELS = """table => {
  const headers = Array.from(table.tHead.rows[0].cells).map(th => th.textContent.trim());
  const drawn = cell => getComputedStyle(cell, "::before").content;
  return Array.from(table.tBodies[0].rows).every(row => Array.from(row.cells).every((cell, n) =>
    cell.getAttribute("data-label") === headers[n] && (n === 0 || !headers[n] || drawn(cell) === `"${headers[n]}"`)));
}"""


def province(server) -> Actor:
    """The module's province with a commune of long name, in `make run`'s store; an administrator of the province."""
    accounts = SQLiteAccounts(server.data / "hocso.sqlite3")
    top = Unit(code=PROVINCE, name="Tỉnh Thử Điện Thoại", kind="Tỉnh", path=unit_path(PROVINCE, None))
    commune = Unit(
        code=COMMUNE,
        name="Ủy ban nhân dân xã Thử Nghiệm Màn Hình Nhỏ",
        kind="Xã",
        parent_code=PROVINCE,
        path=f"{PROVINCE}/{COMMUNE}/",
    )
    accounts.put_units([top, commune])
    accounts.close()
    return add_admin(server, "Quản trị viên tỉnh thử điện thoại", PROVINCE)


@pytest.fixture(scope="module")
def admin(server) -> Actor:
    """The province's administrator, its commune's learners (one of them a focal official following two), a round."""
    admin = province(server)
    focal = import_learner(server, admin, "Nguyễn Thị Đầu Mối Có Tên Rất Dài", COMMUNE)
    followed = [issue_learner(server, admin, name, COMMUNE)["Tên đăng nhập"] for name in ("Lò Văn Một", "Hà Thị Hai")]
    given = api(server, "PUT", f"/admin/focal/{focal.username}", admin.token, json_body={"learners": followed})
    assert given.status_code == 200, given.text
    version = api(server, "GET", "/admin/rounds", admin.token).json()["version"]
    round_2026 = {"name": "Đợt bồi dưỡng năm 2026", "first": "2026-01-05", "last": "2026-12-20", "version": version}
    assert api(server, "PUT", "/admin/rounds/2026", admin.token, json_body=round_2026).status_code == 200
    return admin


@pytest.fixture
def phone(browser, server, admin):
    """A 360 x 740 phone signed in as the province's administrator, on the dashboard."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    signed_in_as(page, server, admin.username, admin.password)
    yield page
    context.close()


def fits(page) -> None:
    """Nothing wider than the phone's screen: the page does not scroll sideways, and no element reaches past it."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(PAST_THE_EDGE) == []


def cards(page, caption: str) -> list[str]:
    """The table of `caption` as cards: each key cell in view and uncovered, every cell under its header; the keys."""
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    table.wait_for()
    keys = table.evaluate(KEYS)
    assert keys and all(inside and seen for _, inside, seen in keys), keys
    assert table.evaluate(LABELS)
    assert page.get_by_role("region", name=caption).evaluate("box => box.scrollWidth <= box.clientWidth")
    return [key for key, _, _ in keys]


def folded(page) -> None:
    """The filters are folded behind "Bộ lọc" on load, and open with a tap."""
    toggle = page.locator("summary", has_text="Bộ lọc")
    assert toggle.is_visible()
    assert not page.get_by_label("Đơn vị", exact=True).is_visible()
    toggle.click()
    assert page.get_by_label("Đơn vị", exact=True).is_visible()
    fits(page)
    toggle.click()


def test_the_dashboard_shows_its_figures_first_and_each_unit_as_a_card(phone, server):
    page = phone
    page.goto(f"{server}quan-tri/?unit={PROVINCE}")
    figures = page.locator(".hocso-admin__figures")
    figures.wait_for()
    assert heading(page) == "Bảng điều khiển"
    # The first screen holds the fold and the figures: accounts issued and activated in the first line of them.
    assert figures.locator("[data-figure=issued]").inner_text() == "3"
    assert figures.locator("[data-figure=activated]").bounding_box()["y"] < PHONE["height"]
    assert cards(page, "Số liệu theo đơn vị") == ["Tỉnh Thử Điện Thoại", "Ủy ban nhân dân xã Thử Nghiệm Màn Hình Nhỏ"]
    fits(page)
    # The chart's figures, opened as a table, are cards too.
    page.locator(".hocso-admin__chart summary").first.click()
    assert cards(page, "Tỷ lệ hoàn thành theo đơn vị trực thuộc") == ["Ủy ban nhân dân xã Thử Nghiệm Màn Hình Nhỏ"]
    fits(page)
    folded(page)
    assert serious_accessibility_problems(page) == []

    # The month is picked by name from a list, never "--------- ----"; the report then stands at that month's end.
    page.locator("summary", has_text="Bộ lọc").click()
    month = page.get_by_label("Tháng báo cáo")
    assert month.evaluate("m => m.tagName") == "SELECT"
    assert month.locator("option").first.inner_text() == "Đến hôm nay"
    assert month.locator("option").nth(1).inner_text().startswith("Tháng ")
    month.select_option("2026-11")
    page.get_by_role("button", name="Xem báo cáo").click()
    page.wait_for_url(f"{server}quan-tri/?unit={PROVINCE}&course=&cohort=&category=&round=&month=2026-11")
    page.get_by_text("Số liệu đến hết ngày 30/11/2026").wait_for()
    assert page.locator("summary", has_text="Bộ lọc").inner_text() == "Bộ lọc (đang chọn 2)"  # the unit and the month
    page.locator("summary", has_text="Bộ lọc").click()
    assert page.get_by_label("Tháng báo cáo").input_value() == "2026-11"
    assert page.get_by_label("Tháng báo cáo").locator("option:checked").inner_text() == "Tháng 11/2026"
    fits(page)


def test_the_learner_list_the_audit_trail_and_the_focal_officials_are_cards(phone, server):
    page = phone
    page.goto(f"{server}quan-tri/hoc-vien/?unit={PROVINCE}")
    names = ["Hà Thị Hai", "Lò Văn Một", "Nguyễn Thị Đầu Mối Có Tên Rất Dài"]
    assert sorted(cards(page, "Danh sách học viên")) == names
    fits(page)
    folded(page)
    assert serious_accessibility_problems(page) == []
    # One learner in full: no filters to fold there, and nothing wider than the screen.
    page.get_by_role("link", name="Lò Văn Một").click()
    page.get_by_role("heading", name="Lò Văn Một").wait_for()
    assert not page.locator("summary", has_text="Bộ lọc").is_visible()
    facts = page.locator(".hocso-admin__facts dt")
    assert facts.nth(0).inner_text() == "Tên đăng nhập" and facts.nth(1).inner_text() == "Đơn vị"
    assert facts.nth(0).bounding_box()["y"] == facts.nth(1).bounding_box()["y"]  # two facts a line, each labelled
    fits(page)
    assert serious_accessibility_problems(page) == []

    page.goto(f"{server}quan-tri/nhat-ky/?unit={PROVINCE}")
    times = cards(page, "Nhật ký truy cập")
    assert len(times) >= 2 and all(len(time) == len("22:08 06/12/2026") for time in times)
    fits(page)
    folded(page)
    assert serious_accessibility_problems(page) == []

    page.goto(f"{server}quan-tri/dau-moi/")
    assert cards(page, "Tiến độ theo cán bộ đầu mối") == ["Nguyễn Thị Đầu Mối Có Tên Rất Dài"]
    fits(page)
    assert serious_accessibility_problems(page) == []


def test_the_rounds_are_cards_under_their_code(phone, server):
    page = phone
    page.goto(f"{server}quan-tri/dot-dao-tao/")
    assert cards(page, "Các đợt đào tạo của tỉnh") == ["2026"]
    edit = page.get_by_role("button", name="Sửa đợt 2026")
    box = edit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    fits(page)
    assert serious_accessibility_problems(page) == []


def test_the_classroom_trainings_are_cards_under_their_title(phone, server, admin):
    body = {
        "title": "Lớp tập huấn cán bộ nòng cốt có tên khá dài",
        "place": "Hội trường Ủy ban nhân dân xã",
        "first_day": "2026-11-02",
        "last_day": "2026-11-04",
        "trainer": "Giảng viên Sở Khoa học và Công nghệ",
        "course_id": "tong-quan-chuyen-doi-so",
        "unit_code": COMMUNE,
    }
    assert api(server, "POST", "/admin/classes", admin.token, json_body=body).status_code == 200
    page = phone
    page.goto(f"{server}quan-tri/lop-tap-huan/")
    assert cards(page, "Các lớp tập huấn trực tiếp") == [body["title"]]
    fits(page)
    assert serious_accessibility_problems(page) == []


def test_the_import_page_wraps_its_errors_and_lists_the_bad_rows_as_cards(phone, server, tmp_path):
    page = phone
    page.goto(f"{server}quan-tri/nhap-du-lieu/")
    assert heading(page) == "Nhập dữ liệu"
    fits(page)
    # The file field speaks Vietnamese, not the browser's "Choose File": a button, then the file chosen.
    field = page.locator(".hocso-file")
    assert field.locator(".hocso-file__button").inner_text() == "Chọn tệp"
    assert field.locator(".hocso-file__name").inner_text() == "Chưa chọn tệp nào"
    button = field.locator(".hocso-file__button").bounding_box()
    assert button["height"] >= 24 and button["x"] + button["width"] <= PHONE["width"]
    # A file that is no list: the long message wraps inside the screen.
    unreadable = tmp_path / "anh-chup.csv"
    unreadable.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    page.get_by_label("Tệp danh sách").set_input_files(str(unreadable))
    assert field.locator(".hocso-file__name").inner_text() == "anh-chup.csv"
    page.get_by_role("button", name="Kiểm tra").click()
    error = page.locator(".hocso-admin__body .hocso-message--error")
    error.wait_for()
    assert error.inner_text().startswith("Không đọc được tệp")
    assert error.bounding_box()["height"] > 40  # more than one line: wrapped, not cut
    fits(page)

    # A list with bad rows, checked: each bad row a card under its row number, its long message wrapped.
    rows = [
        ["Trần Văn Đúng", COMMUNE, "Chuyên viên", "0912345678", ""],
        ["Phạm Thị Thiếu Liên Lạc", COMMUNE, "Chuyên viên", "", ""],
        ["Đỗ Văn Sai Đơn Vị", "MA-DON-VI-KHONG-CO-TRONG-DANH-SACH-CUA-TINH", "", "0987654321", ""],
    ]
    page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "hoc-vien.csv", rows))
    page.get_by_role("button", name="Kiểm tra").click()
    page.locator(".hocso-admin__outcome").wait_for()
    assert cards(page, "Các dòng có lỗi") == ["3", "4"]
    fits(page)
    assert serious_accessibility_problems(page) == []


def test_on_a_wide_screen_the_filters_stay_open_without_a_fold(browser, server, admin):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    signed_in_as(page, server, admin.username, admin.password)
    page.locator(".hocso-admin__figures").wait_for()
    assert page.get_by_label("Đơn vị", exact=True).is_visible()
    assert page.get_by_label("Tháng báo cáo").is_visible()
    assert not page.locator("summary", has_text="Bộ lọc").is_visible()
    # The units' table is a table again: its headers in view, a row's cells side by side.
    table = page.locator("table", has=page.locator("caption", has_text="Số liệu theo đơn vị"))
    assert table.locator("thead th").first.is_visible()
    first, second = table.locator("tbody tr").first.locator("td").all()[:2]
    assert first.bounding_box()["y"] == second.bounding_box()["y"]
    # Turned to a phone's width, the fold closes only on the next load; turned back wide, the filters are open.
    page.set_viewport_size(PHONE)
    page.reload()
    page.locator(".hocso-admin__figures").wait_for()
    assert not page.get_by_label("Đơn vị", exact=True).is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("Đơn vị", exact=True).wait_for()
    context.close()
