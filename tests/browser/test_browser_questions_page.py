"""The question statistics page (quan-tri/cau-hoi/) in a real Chromium against `make run`: a province's administrator
picks the course and sees, among its questions, one flagged as leaked in one commune (with the commune, the month and
its share right against the question's history) and one flagged too easy; "only flagged" leaves those two; the other
commune's administrator, whose own history shows no jump, sees no leak. The table scrolls in its own box on a 360 px
phone with each question's id in view; axe finds no serious problem.

The sums are written straight into `make run`'s SQLite file, as each submission would have added them, under a
province of this module's own, which no other test reads."""

from __future__ import annotations

import pytest

from functions.accounts.account import Unit, unit_path
from functions.questions.sums import Cell, Sums
from functions.stores.sqlite.accounts import SQLiteAccounts
from functions.stores.sqlite.questions import SQLiteQuestionSums
from tests.support.actors import COURSE, Actor, add_admin, bank
from tests.support.adminpages import admin_page
from tests.support.browser import heading, serious_accessibility_problems

pytestmark = pytest.mark.browser
CODE = "QS17"  # a code no real province has, so no other module sharing `make run` reads it


def answered(n: int, right: int) -> Sums:
    """`n` draws, `right` of them right, each by a learner who got 15 others right; the wrong ones by learners who got
    10 right (so the question separates strong from weak)."""
    return Sums(n, right, right * 15 + (n - right) * 10, right * 225 + (n - right) * 100, right * 15)


@pytest.fixture(scope="module")
def world(server):
    """A province with two communes; November in Nghi Lộc at 40% right on the first question, December in Quỳnh Lưu at
    14 of 14; the second question always right; administrators of the province and of Nghi Lộc."""
    accounts = SQLiteAccounts(server.data / "hocso.sqlite3")
    top = Unit(code=CODE, name="Tỉnh Thử Câu Hỏi", kind="Tỉnh", path=unit_path(CODE, None))
    nghi = Unit(code=f"{CODE}-NL", name="Xã Nghi Lộc Thử", kind="Xã", parent_code=CODE, path=f"{CODE}/{CODE}-NL/")
    quynh = Unit(code=f"{CODE}-QL", name="Xã Quỳnh Lưu Thử", kind="Xã", parent_code=CODE, path=f"{CODE}/{CODE}-QL/")
    accounts.put_units([top, nghi, quynh])
    accounts.close()
    first, second = [question["id"] for question in bank()["questions"][:2]]
    sums = SQLiteQuestionSums(server.data / "hocso.sqlite3")
    sums.add(Cell(nghi.path, nghi.code, COURSE, "2026-11", {first: answered(60, 24), second: answered(60, 60)}))
    sums.add(Cell(quynh.path, quynh.code, COURSE, "2026-12", {first: answered(14, 14), second: answered(14, 14)}))
    sums.close()
    return {
        "province": add_admin(server, "Quản trị viên tỉnh thử câu hỏi", CODE),
        "commune": add_admin(server, "Quản trị viên xã thử câu hỏi", nghi.code),
        "leaked": first,
        "easy": second,
    }


def open_page(page, server, actor: Actor):
    """The page signed in through the account page as `actor`, on the question statistics of the course."""
    admin_page(page, server, actor, "Thống kê câu hỏi", "cau-hoi/")
    page.get_by_label("Khóa học").select_option(COURSE)
    page.get_by_role("button", name="Xem", exact=True).click()
    page.locator("table caption").wait_for()
    return page


def row(page, question_id: str):
    return page.locator(f"tr[data-question='{question_id}']")


def test_the_province_sees_a_question_leaked_in_one_commune_and_one_too_easy(page, server, world):
    open_page(page, server, world["province"])
    assert heading(page) == "Thống kê câu hỏi"
    leaked = row(page, world["leaked"])
    assert leaked.locator(".hocso-admin__flag").all_inner_texts() == ["Nghi lộ đề"]
    assert leaked.locator(".hocso-admin__leak").inner_text() == (
        "Nghi lộ đề ở Xã Quỳnh Lưu Thử tháng 12/2026: đúng 14/14 lượt (100%), lịch sử 40% của 60 lượt"
    )
    assert leaked.locator("td").nth(1).inner_text() == "74"  # draws over both communes
    assert row(page, world["easy"]).locator(".hocso-admin__flag").all_inner_texts() == ["Quá dễ"]
    assert page.get_by_text("câu hỏi, 2 câu có cảnh báo.").is_visible()
    page.get_by_label("Chỉ câu có cảnh báo").check()
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url("**flagged=1**")
    page.locator("table caption").wait_for()
    shown = page.locator("tbody tr").evaluate_all("rows => rows.map(r => r.getAttribute('data-question'))")
    assert shown == [world["leaked"], world["easy"]]
    assert serious_accessibility_problems(page) == []


def test_the_month_is_picked_by_name_and_kept_in_the_address(page, server, world):
    open_page(page, server, world["province"])
    month = page.get_by_label("Tháng", exact=True)
    assert month.evaluate("m => m.tagName") == "SELECT"  # a month input reads "--------- ----" when empty
    assert month.locator("option").first.inner_text() == "Mọi tháng"
    assert month.locator("option").nth(1).inner_text().startswith("Tháng ")
    month.select_option("2026-11")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url("**month=2026-11**")
    page.locator("table caption", has_text="tháng 11/2026").wait_for()
    assert row(page, world["leaked"]).locator("td").nth(1).inner_text() == "60"  # November: Nghi Lộc's draws alone
    assert page.get_by_label("Tháng", exact=True).locator("option:checked").inner_text() == "Tháng 11/2026"


def test_the_commune_reads_its_own_history_and_sees_no_leak(page, server, world):
    open_page(page, server, world["commune"])
    assert row(page, world["leaked"]).locator("td").nth(1).inner_text() == "60"
    assert row(page, world["leaked"]).locator(".hocso-admin__flag").count() == 0
    assert page.locator(".hocso-admin__leak").count() == 0


def test_on_a_phone_the_table_scrolls_in_its_own_box_with_the_question_id_in_view(page, server, world):
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, server, world["province"])
    box = page.locator(".hocso-admin__scroll")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    id_cell = row(page, world["leaked"]).locator("th")
    assert id_cell.bounding_box()["x"] >= box.bounding_box()["x"] - 1
