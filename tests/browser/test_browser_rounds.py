"""Training rounds on the dashboard, in a real Chromium against `make run`: a commune trained last year (two
officials issued an account and passing then, as that year's import and test left them) imports its list this year,
one of them again and one new; the one found again is issued again for this round; the round picked in the filters
counts this year's steps only, with last year's figures beside, in the text and the table; a learner certified last
round sits the test again this round and "Khóa học của tôi" lists both rounds' certificates."""

from __future__ import annotations

from datetime import date

import pytest

from functions.reports.tally import Mark
from functions.stores.sqlite.tally import SQLiteTally
from tests.support import actors
from tests.support.adminpages import sign_in, signed_in_as, table_rows, written

pytestmark = pytest.mark.browser
COMMUNE = "16998-DT"  # made by this test alone, so other modules sharing `make run` are not disturbed
COURSE = actors.COURSE


LAST_YEAR = [
    ["Lò Thị Năm", COMMUNE, "", "0912000961", "", "Cán bộ, công chức, viên chức"],
    ["Vi Văn Ngoái", COMMUNE, "", "0912000962", "", "Cán bộ, công chức, viên chức"],
]
"""The commune's list of last year: two officials."""


def trained_last_year(server) -> None:
    """The two officials of `LAST_YEAR` issued an account by last year's import and passing last year's test, as
    the import and the quiz function counted them then."""
    from functions.accounts.calendar import WorkingCalendar
    from functions.enrolment.imports import LearnerRow
    from functions.enrolment.roster import enrol
    from functions.stores.sqlite.accounts import SQLiteAccounts

    accounts, tally = SQLiteAccounts(server.data / "hocso.sqlite3"), SQLiteTally(server.data / "hocso.sqlite3")
    last = date.today().year - 1
    rows = [
        LearnerRow(n, name, unit, "", phone, "", "", None, "cbccvc")
        for n, (name, unit, _, phone, *_) in enumerate(LAST_YEAR)
    ]
    try:
        enrolled = enrol(
            accounts, rows, cohort=None, issued_on=date(last, 4, 2), calendar=WorkingCalendar(), tally=tally
        )
        accounts.slips_kept({e.account.learner_id: e.account.activation_hash or "" for e in enrolled})
        for e in enrolled:
            a = e.account
            assert a.round == str(last)
            tally.mark(
                Mark(
                    a.learner_id,
                    COMMUNE,
                    a.unit_path,
                    None,
                    "cds",
                    "passed",
                    date(last, 5, 6),
                    a.deadline,
                    "cbccvc",
                    a.round,
                )
            )
    finally:
        accounts.close()
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
    # This year's list: one of last year's officials again, and a new one.
    learners = [LAST_YEAR[0], ["Hà Văn Năm", COMMUNE, "", "0912000951", "", "Cán bộ, công chức, viên chức"]]
    header = ["Họ và tên", "Mã đơn vị", "Chức vụ", "Số điện thoại", "Email", "Đối tượng"]
    page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "hoc-vien.csv", learners, header))
    page.get_by_role("button", name="Nhập", exact=True).click()
    outcome = page.locator(".hocso-admin__outcome", has_text="Đã nhập")
    outcome.wait_for()
    assert "1 tài khoản mới" in outcome.inner_text()
    assert "1 người đã học ở đợt trước được cấp lại cho đợt này, với hạn hoàn thành mới." in outcome.inner_text()

    page.goto(f"{server}quan-tri/?unit={COMMUNE}")
    page.locator("[data-figure=issued]").wait_for()
    assert page.locator("[data-figure=issued]").inner_text() == "4"  # every year, cumulative: one person twice
    year = str(date.today().year)
    page.wait_for_function(f"document.querySelector('#hocso-admin-round option[value=\"{year}\"]') !== null")
    page.locator("summary", has_text="Bộ lọc").click()  # folded on a phone
    page.get_by_label("Đợt đào tạo (năm)").select_option(year)
    page.get_by_role("button", name="Xem báo cáo").click()
    before = page.locator("[data-before]")
    before.wait_for()
    assert page.locator("[data-figure=issued]").inner_text() == "2"  # this round only: the new one, and one again
    last = str(int(year) - 1)
    assert before.inner_text() == f"Đợt trước (Năm {last}): 2 tài khoản được cấp, 2 lượt đạt, chưa có số biên chế."
    assert page.locator("[data-round]").inner_text().startswith(f"Năm {year} (01/01/{year} – 31/12/{year})")
    table = page.locator("table", has=page.locator("caption", has_text="Số liệu theo đơn vị"))
    headers = [cell.inner_text().strip() for cell in table.locator("thead th").all()]
    assert headers[-3:] == [f"Cấp TK đợt {last}", f"Đạt đợt {last}", f"Hoàn thành đợt {last}"]
    [row] = table_rows(table)
    assert row[-3:] == ["2", "2", "—"]
    page.wait_for_function(f"document.querySelector('#hocso-admin-round').value === '{year}'")


def certified_last_year(server, learner_id: str, name: str) -> str:
    """The learner's pass and certificate of last year's round, as the certificates function issued them then; the
    certificate's number."""
    import random
    from datetime import UTC, datetime
    from pathlib import Path

    from functions.bank import BankShelf
    from functions.certificates import issuance, keys
    from functions.stores.sqlite.attempts import SQLiteStore
    from functions.stores.sqlite.certificates import SQLiteCertificates
    from tests.support.attempts import sat

    bank = BankShelf(Path(__file__).parents[2] / "build" / "bank").get(COURSE)
    then = datetime(date.today().year - 1, 6, 10, 3, 0, tzinfo=UTC)
    attempts = SQLiteStore(server.data / "hocso.sqlite3")
    certificates = SQLiteCertificates(server.data / "hocso.sqlite3")
    try:
        passed = sat(attempts, bank, learner_id, correct=True, attempt_id=f"last-{learner_id}", at=then)
        record, created = issuance.certify(
            certificates,
            key=keys.load_dir(server.data / "keys").current,
            issuer="Sở Khoa học và Công nghệ tỉnh Nghệ An",
            learner_id=learner_id,
            learner_name=name,
            unit_code="16813",
            unit_name="Xã Mường Xén",
            unit_path="40/16813/",
            bank=bank,
            attempt=passed,
            now=then,
            rng=random.Random(learner_id),
            site_url=str(server),
            round=str(then.year),
        )
    finally:
        attempts.close()
        certificates.close()
    assert created
    return record.number


def test_a_learner_certified_last_round_passes_again_and_keeps_both_certificates(page, server):
    admin = actors.sign_in(server, actors.printed_login(server, "Quản trị Xã Mường Xén"), actors.DEMO_PASSWORD)
    learner = actors.import_learner(server, admin, "Lò Văn Đợt Trước", "16813")
    last_number = certified_last_year(server, learner.learner_id, "Lò Văn Đợt Trước")
    last, year = str(date.today().year - 1), str(date.today().year)

    signed_in_as(page, server, learner.username, learner.password, "cua-toi/")
    page.locator(".hocso-mine__certificate", has_text=f"Giấy chứng nhận số {last_number}, đợt {last}").wait_for()

    # This round's attempts are all there, last round's pass earns nothing: the test is sat again, and passed.
    number = actors.earn_certificate(server, learner)
    assert number != last_number
    page.reload()
    shown = page.locator(".hocso-mine__certificate")
    shown.nth(1).wait_for()
    assert [text.strip() for text in shown.all_inner_texts()] == [
        f"Giấy chứng nhận số {last_number}, đợt {last}",
        f"Giấy chứng nhận số {number}, đợt {year}",
    ]
