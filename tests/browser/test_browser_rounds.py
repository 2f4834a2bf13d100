"""Training rounds on the dashboard, in a real Chromium against `make run`: a commune trained last year (its
counters of last year, written as that year's training left them) gets an account issued this year; the round
picked in the filters counts this year's steps only, with last year's figures beside, in the text and the table."""

from __future__ import annotations

from datetime import date

import pytest

from functions.reports.tally import Mark
from functions.stores.sqlite.tally import SQLiteTally
from tests.support.adminpages import sign_in, table_rows, written

pytestmark = pytest.mark.browser
COMMUNE = "16998-DT"  # made by this test alone, so other modules sharing `make run` are not disturbed


def trained_last_year(server) -> None:
    """Two officials of the commune issued an account and passing last year, as that year's training counted them."""
    tally = SQLiteTally(server.data / "hocso.sqlite3")
    last = date.today().year - 1
    for learner in ("u.namngoai1", "u.namngoai2"):
        for flag, course, day in (("issued", None, date(last, 4, 2)), ("passed", "cds", date(last, 5, 6))):
            tally.mark(Mark(learner, COMMUNE, f"40/{COMMUNE}/", None, course, flag, day, None, "cbccvc"))
    tally.close()


def test_a_round_counts_this_years_steps_with_last_years_figures_beside(page, server, tmp_path):
    sign_in(page, server, "Quản trị tỉnh")
    page.goto(f"{server}quan-tri/nhap-du-lieu/")
    page.get_by_label("Đơn vị trực thuộc").check()
    header = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cha", "Loại"]
    page.get_by_label("Tệp danh sách").set_input_files(
        written(tmp_path / "don-vi.csv", [[COMMUNE, "Xã Thử Đợt", "40", "Xã"]], header)
    )
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.locator(".hocso-admin__outcome", has_text="Đã nhập").wait_for()
    trained_last_year(server)
    page.get_by_label("Học viên (tạo tài khoản học tập)").check()
    learners = [["Hà Văn Năm", COMMUNE, "", "0912000951", "", "Cán bộ, công chức, viên chức"]]
    header = ["Họ và tên", "Mã đơn vị", "Chức vụ", "Số điện thoại", "Email", "Đối tượng"]
    page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "hoc-vien.csv", learners, header))
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.locator(".hocso-admin__outcome", has_text="Đã nhập").wait_for()

    page.goto(f"{server}quan-tri/?unit={COMMUNE}")
    page.locator("[data-figure=issued]").wait_for()
    assert page.locator("[data-figure=issued]").inner_text() == "3"  # every year, cumulative
    year = str(date.today().year)
    page.wait_for_function(f"document.querySelector('#hocso-admin-round option[value=\"{year}\"]') !== null")
    page.get_by_label("Đợt đào tạo (năm)").select_option(year)
    page.get_by_role("button", name="Xem báo cáo").click()
    before = page.locator("[data-before]")
    before.wait_for()
    assert page.locator("[data-figure=issued]").inner_text() == "1"  # this round only
    last = str(int(year) - 1)
    assert before.inner_text() == f"Đợt trước (Năm {last}): 2 tài khoản được cấp, 2 lượt đạt, chưa có số biên chế."
    assert page.locator("[data-round]").inner_text().startswith(f"Năm {year} (01/01/{year} – 31/12/{year})")
    table = page.locator("table", has=page.locator("caption", has_text="Số liệu theo đơn vị"))
    headers = [cell.inner_text().strip() for cell in table.locator("thead th").all()]
    assert headers[-3:] == [f"Cấp TK đợt {last}", f"Đạt đợt {last}", f"Hoàn thành đợt {last}"]
    [row] = table_rows(table)
    assert row[-3:] == ["2", "2", "—"]
    page.wait_for_function(f"document.querySelector('#hocso-admin-round').value === '{year}'")
