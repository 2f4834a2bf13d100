"""A report for a training round, read from real SQLite stores: only the steps reached within the round count, each
unit is judged against its staff in post of the round's year, and last year's round stands beside it."""

from datetime import date

import pytest

from functions.headcounts import Headcount
from functions.reports.rounds import Before, of_round
from functions.rounds import Round, with_round
from functions.stores.sqlite.accounts import SQLiteAccounts
from functions.stores.sqlite.tally import SQLiteTally
from tests.support.tally import mark
from tests.support.world import PROVINCE, VINH, XEN

R2026 = Round(code="2026", name="Đợt 2026", first=date(2026, 1, 5), last=date(2026, 12, 20))
STAFFED = XEN.model_copy(
    update={
        "headcounts": (
            Headcount(year=2025, category="cbccvc", staff=4),
            Headcount(year=2026, category="cbccvc", staff=2),
        )
    }
)


@pytest.fixture
def stores(tmp_path):
    accounts, tally = SQLiteAccounts(tmp_path / "a.sqlite3"), SQLiteTally(tmp_path / "t.sqlite3")
    accounts.put_units([PROVINCE, STAFFED, VINH])
    assert accounts.put_rounds("40", with_round(accounts.rounds("40"), R2026))
    commune = XEN.path
    for learner, issued, passed in (
        ("u.an", date(2025, 3, 10), date(2025, 4, 1)),  # trained last year...
        ("u.binh", date(2025, 3, 10), date(2025, 5, 2)),
        ("u.an#2026", date(2026, 2, 1), date(2026, 3, 1)),  # ...and again this year
        ("u.chi", date(2026, 1, 4), None),  # the day before the round: in no round's report
    ):
        tally.mark(mark(learner, "issued", commune, None, issued, "Đợt 1", None, "cbccvc"))
        if passed:
            tally.mark(mark(learner, "passed", commune, "cds", passed, "Đợt 1", None, "cbccvc"))
    yield accounts, tally
    accounts.close()
    tally.close()


def test_a_round_counts_its_own_days_against_its_years_staff_with_last_year_beside(stores):
    accounts, tally = stores
    found = of_round(accounts, tally, PROVINCE, "2026", today=date(2026, 12, 6))
    assert (found.round, found.previous_round.code, found.previous_round.first) == (R2026, "2025", date(2025, 1, 1))
    province, _, commune = found.report.rows
    assert (commune.unit.code, commune.total.issued, commune.total.passed) == ("16813", 1, 1)
    assert commune.staffing.staff == 2 and commune.staffing.completion == 50.0
    assert found.before["16813"] == Before(issued=2, passed=2, completion=50.0)
    assert found.before["40"] == Before(issued=2, passed=2, completion=50.0)
    assert found.report.as_of == date(2026, 12, 6)


def test_a_past_round_stands_at_its_last_day_and_a_round_never_set_is_its_calendar_year(stores):
    accounts, tally = stores
    last_year = of_round(accounts, tally, XEN, "2025", today=date(2026, 12, 6))
    assert last_year.round.name == "Năm 2025" and last_year.report.as_of == date(2025, 12, 31)
    assert (last_year.report.summary.total.issued, last_year.report.summary.total.passed) == (2, 2)
    assert last_year.report.summary.staffing.staff == 4
    assert last_year.before["16813"] == Before(issued=0, passed=0, completion=None)
