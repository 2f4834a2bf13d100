"""The training rounds page (quan-tri/dot-dao-tao/) in a real Chromium against `make run`: a province's administrator
adds two rounds, sees them in the table and in the dashboard's round filter, is refused an overlapping round with the
Vietnamese reason beside the form, and changes a round picked in the table; of two administrators changing a round at
once, the second is told the list changed and reloads it; a commune's administrator reads the rounds only. On a 360 px
phone each round is a card under its code, nothing wider than the screen; axe finds no serious problem.

Rounds are a province's, and the demo province's are read by the other modules sharing `make run` (their reports
count the calendar year as its round): each test here makes a province of its own, which nothing else reads."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from functions.accounts.account import Unit, unit_path
from functions.stores.sqlite.accounts import SQLiteAccounts
from tests.support.actors import Actor, add_admin
from tests.support.adminpages import admin_page
from tests.support.browser import heading, serious_accessibility_problems

pytestmark = pytest.mark.browser
VIETNAM = timezone(timedelta(hours=7))


def province(server, code: str) -> tuple[Actor, Actor]:
    """A province and one commune of it, as an operator sets them up, in `make run`'s store; an administrator of the
    province and one of the commune, activated."""
    accounts = SQLiteAccounts(server.data / "hocso.sqlite3")
    top = Unit(code=code, name=f"Tỉnh Thử Đợt {code}", kind="Tỉnh", path=unit_path(code, None))
    commune = Unit(code=f"{code}-X1", name=f"Xã Thử Đợt {code}", kind="Xã", parent_code=code, path=f"{code}/{code}-X1/")
    accounts.put_units([top, commune])
    accounts.close()
    return add_admin(server, "Quản trị viên tỉnh thử đợt", code), add_admin(server, "Quản trị viên xã", commune.code)


def signed_in(page, server, actor: Actor):
    """The page signed in through the account page as `actor`, on the rounds page."""
    return admin_page(page, server, actor, "Đợt đào tạo", "dot-dao-tao/")


def fill(page, code: str | None, name: str, first: str, last: str) -> None:
    if code is not None:
        page.get_by_label("Mã đợt (năm)").fill(code)
    page.get_by_label("Tên đợt").fill(name)
    page.get_by_label("Ngày bắt đầu").fill(first)
    page.get_by_label("Ngày kết thúc (vẫn thuộc đợt)").fill(last)
    page.get_by_role("button", name="Lưu đợt").click()


def rounds_table(page):
    return page.locator("table", has=page.locator("caption", has_text="Các đợt đào tạo của tỉnh"))


def rows(page) -> list[list[str]]:
    """Each round's row: its code (the row's header) and its cells."""
    return [
        [row.locator("th").inner_text().strip()] + [cell.inner_text().strip() for cell in row.locator("td").all()[:4]]
        for row in rounds_table(page).locator("tbody tr").all()
    ]


def state(first: str, last: str) -> str:
    today = datetime.now(VIETNAM).date().isoformat()
    return "Chưa bắt đầu" if today < first else "Đã kết thúc" if today > last else "Đang diễn ra"


def test_a_province_administrator_adds_rounds_is_refused_an_overlap_and_changes_a_round(page, server):
    admin, _ = province(server, "96")
    signed_in(page, server, admin)
    assert heading(page) == "Đợt đào tạo"
    page.get_by_text("Tỉnh chưa đặt đợt nào").wait_for()

    fill(page, "2025", "Đợt bồi dưỡng năm 2025", "2025-01-06", "2025-12-19")
    outcome = page.locator(".hocso-admin__rounds-outcome")
    outcome.get_by_text("Đã lưu đợt 2025").wait_for()
    assert outcome.inner_text() == (
        "Đã lưu đợt 2025 (Đợt bồi dưỡng năm 2025): 06/01/2025 – 19/12/2025. Xem báo cáo của đợt"
    )
    fill(page, "2026", "Đợt bồi dưỡng năm 2026", "2026-01-05", "2026-12-20")
    outcome.get_by_text("Đã lưu đợt 2026").wait_for()
    assert rows(page) == [
        ["2026", "Đợt bồi dưỡng năm 2026", "05/01/2026", "20/12/2026", state("2026-01-05", "2026-12-20")],
        ["2025", "Đợt bồi dưỡng năm 2025", "06/01/2025", "19/12/2025", state("2025-01-06", "2025-12-19")],
    ]

    # A round sharing a day with 2026's: refused by the API, its reason beside the form, nothing kept.
    fill(page, "2027", "Đợt bồi dưỡng năm 2027", "2026-12-01", "2027-12-20")
    refused = outcome.locator(".hocso-message--error")
    refused.wait_for()
    assert refused.inner_text() == (
        "Đợt này trùng thời gian với một đợt đã có của tỉnh (xem chi tiết kèm theo): mỗi ngày thuộc nhiều nhất một "
        "đợt. Chưa lưu thay đổi nào. Đợt 2027 (01/12/2026 – 20/12/2027) trùng thời gian với đợt 2026 (05/01/2026 – "
        "20/12/2026). (mã lỗi: round_overlap)"
    )
    assert page.get_by_label("Ngày bắt đầu").get_attribute("aria-invalid") == "true"
    assert [row[0] for row in rows(page)] == ["2026", "2025"]
    # A year already set is changed from its row, not added again over it.
    fill(page, "2025", "Năm 2025", "2025-01-01", "2025-12-31")
    refused.get_by_text("Đợt 2025 đã có").wait_for()
    assert refused.inner_text() == "Đợt 2025 đã có. Để sửa, bấm “Sửa” ở dòng của đợt trong bảng."

    # The round picked in the table, changed: its code stays.
    rounds_table(page).get_by_role("button", name="Sửa đợt 2026").click()
    assert page.get_by_role("heading", name="Sửa đợt 2026").is_visible()
    assert page.get_by_label("Mã đợt (năm)").input_value() == "2026"
    assert page.get_by_label("Mã đợt (năm)").get_attribute("readonly") is not None
    assert page.get_by_label("Tên đợt").input_value() == "Đợt bồi dưỡng năm 2026"
    fill(page, None, "Đợt bồi dưỡng cán bộ năm 2026", "2026-01-05", "2026-12-31")
    outcome.get_by_text("Đã lưu đợt 2026").wait_for()
    assert rows(page)[0] == [
        "2026",
        "Đợt bồi dưỡng cán bộ năm 2026",
        "05/01/2026",
        "31/12/2026",
        state("2026-01-05", "2026-12-31"),
    ]
    assert page.get_by_role("heading", name="Thêm đợt").is_visible()
    assert serious_accessibility_problems(page) == []

    # The dashboard offers the rounds in its filter, with the one saved last picked.
    outcome.get_by_role("link", name="Xem báo cáo của đợt").click()
    page.wait_for_url(f"{server}quan-tri/?round=2026")
    page.wait_for_function("document.querySelector('#hocso-admin-round').value === '2026'")
    choices = page.get_by_label("Đợt đào tạo (năm)").locator("option")
    offered = dict(zip(choices.evaluate_all("o => o.map(x => x.value)"), choices.all_text_contents(), strict=True))
    assert offered["2026"] == "Đợt bồi dưỡng cán bộ năm 2026 (05/01/2026 – 31/12/2026)"
    assert offered["2025"] == "Đợt bồi dưỡng năm 2025 (06/01/2025 – 19/12/2025)"


def test_the_second_of_two_administrators_changing_a_round_at_once_is_told_to_reload(page, server):
    admin, _ = province(server, "95")
    other = add_admin(server, "Quản trị viên tỉnh thứ hai", "95")
    signed_in(page, server, admin)
    fill(page, "2026", "Đợt bồi dưỡng năm 2026", "2026-01-05", "2026-12-20")
    page.locator(".hocso-admin__rounds-outcome").get_by_text("Đã lưu đợt 2026").wait_for()
    second = page.context.browser.new_context(viewport={"width": 412, "height": 915}, locale="vi-VN").new_page()
    signed_in(second, server, other)
    rounds_table(second).get_by_role("button", name="Sửa đợt 2026").click()

    rounds_table(page).get_by_role("button", name="Sửa đợt 2026").click()
    fill(page, None, "Đợt một năm 2026", "2026-01-05", "2026-12-20")
    page.locator(".hocso-admin__rounds-outcome").get_by_text("Đã lưu đợt 2026").wait_for()
    fill(second, None, "Đợt hai năm 2026", "2026-02-01", "2026-12-20")
    refused = second.locator(".hocso-admin__rounds-outcome .hocso-message--error")
    refused.wait_for()
    assert refused.inner_text() == (
        "Danh sách đợt vừa được người khác thay đổi. Vui lòng tải lại rồi thử lại. (mã lỗi: round_changed) "
        "Tải lại danh sách đợt"
    )
    refused.get_by_role("button", name="Tải lại danh sách đợt").click()
    second.get_by_text("Đã tải lại danh sách đợt mới nhất").wait_for()
    assert rows(second)[0][1] == "Đợt một năm 2026"  # the first one's change, now seen
    assert second.get_by_label("Tên đợt").input_value() == "Đợt hai năm 2026"  # what was typed is kept
    second.get_by_role("button", name="Lưu đợt").click()
    second.locator(".hocso-admin__rounds-outcome").get_by_text("Đã lưu đợt 2026").wait_for()
    assert rows(second)[0][1:4] == ["Đợt hai năm 2026", "01/02/2026", "20/12/2026"]
    second.context.close()


def test_a_commune_administrator_reads_the_rounds_without_a_form_and_a_phone_shows_each_round_under_its_code(
    page, server
):
    admin, commune_admin = province(server, "94")
    page.goto(f"{server}quan-tri/dot-dao-tao/")  # a guest is asked to sign in, and offered no form
    page.get_by_text("Trang này dành cho quản trị viên.").wait_for()
    assert page.get_by_role("status").get_by_role("link", name="Đăng nhập").get_attribute("href") == "../../tai-khoan/"
    assert not page.get_by_label("Tên đợt").is_visible()
    signed_in(page, server, admin)
    fill(page, "2026", "Đợt bồi dưỡng cán bộ, công chức, viên chức năm 2026", "2026-01-05", "2026-12-20")
    page.locator(".hocso-admin__rounds-outcome").get_by_text("Đã lưu đợt 2026").wait_for()
    page.context.clear_cookies()
    page.evaluate("localStorage.clear()")

    page.set_viewport_size({"width": 360, "height": 740})
    signed_in(page, server, commune_admin)
    page.get_by_text("Đợt đào tạo do quản trị viên cấp tỉnh đặt").wait_for()
    assert [row[:2] for row in rows(page)] == [["2026", "Đợt bồi dưỡng cán bộ, công chức, viên chức năm 2026"]]
    assert not page.get_by_role("button", name="Lưu đợt").is_visible()
    assert rounds_table(page).get_by_role("button").count() == 0
    # Neither the page nor the table's box scrolls sideways: each round is a card, its code on top and in view.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.get_by_role("region", name="Các đợt đào tạo của tỉnh")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    code = rounds_table(page).locator("tbody th").first
    assert code.bounding_box()["x"] >= box.bounding_box()["x"] - 1
    assert code.evaluate(
        "c => document.elementFromPoint(c.getBoundingClientRect().x + 5, c.getBoundingClientRect().y + 5) === c"
    )
    assert serious_accessibility_problems(page) == []
