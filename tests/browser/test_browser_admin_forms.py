"""The administrators' forms and filters in a real Chromium against `make run`, on a 360 px phone and a wide screen:
every field on every administrators' page takes its own height, and a row of filters still shares its width.

A field is a label over its box. In a row of filters it takes a share of the row, 12rem at least; a form is a column,
where the same flex-basis is a height: the staff-in-post form on the dashboard, the classroom training's form and the
focal official's form once drew each field 240 px tall around its 70 px, a screen's height of blank between boxes on
a phone. The demo province's administrator only reads the pages here, so no other module's data moves."""

from __future__ import annotations

import pytest

from tests.support.adminpages import sign_in

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
