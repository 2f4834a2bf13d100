"""A person found again by an import in a later training round is issued again for it: a new deadline, the new
round, counted as issued there, their password kept; found again within the same round, nothing changes. On both
account stores, with the province's rounds defined or implied by calendar years."""

from datetime import UTC, date, datetime

from functions.accounts.calendar import WorkingCalendar
from functions.enrolment.imports import LearnerRow
from functions.enrolment.roster import enrol
from functions.rounds import Round, Rounds
from tests.support.world import PROVINCE, XEN

CALENDAR = WorkingCalendar()


def rows(n: int) -> list[LearnerRow]:
    return [LearnerRow(k, f"Hà Văn {k}", XEN.code, "", f"09150000{k:02d}", "", "", None, "cbccvc") for k in range(n)]


def issued(tally, day: date) -> int:
    return sum(c.n for c in tally.counts(XEN.path) if c.flag == "issued" and c.day == day)


def test_found_again_next_year_they_are_issued_again_with_a_new_deadline(store, tally):
    last_year, this_year = date(2025, 3, 3), date(2026, 3, 2)
    first = enrol(store, rows(3), cohort="Đợt 1/2025", issued_on=last_year, calendar=CALENDAR, tally=tally)
    assert {e.account.round for e in first} == {"2025"} and all(e.issued and not e.renewed for e in first)
    store.slips_kept({e.account.learner_id: e.account.activation_hash or "" for e in first})
    assert store.activate(first[0].account.learner_id, "argon", datetime(2025, 3, 4, tzinfo=UTC))

    again = enrol(store, rows(3), cohort="Đợt 1/2026", issued_on=this_year, calendar=CALENDAR, tally=tally)
    assert [e.account.learner_id for e in again] == [e.account.learner_id for e in first]
    assert all(e.renewed and e.code is None for e in again)  # no new slip: the password, or last year's code, stands
    deadline = CALENDAR.deadline(this_year, 10)
    for e in again:
        kept = store.account(e.account.learner_id)
        assert (kept.round, kept.issued_on, kept.deadline, kept.cohort) == ("2026", this_year, deadline, "Đợt 1/2026")
        assert kept.token_version == 1  # a token of last round's claims no longer passes
    assert store.account(first[0].account.learner_id).activated
    assert issued(tally, last_year) == 3 and issued(tally, this_year) == 3

    later = enrol(store, rows(3), cohort="Đợt 2/2026", issued_on=date(2026, 9, 1), calendar=CALENDAR, tally=tally)
    assert not any(e.renewed or e.issued for e in later)  # the same round: the deadline stands
    assert {store.account(e.account.learner_id).deadline for e in later} == {deadline}
    assert sum(c.n for c in tally.counts(XEN.path) if c.flag == "issued") == 6


def test_the_provinces_rounds_decide_which_round_an_import_day_is_in(store, tally):
    # The province's round 2026 began in mid-December 2025: an account issued then is found again in it in March.
    store.put_rounds(
        PROVINCE.code,
        Rounds(
            version=1, rounds=(Round(code="2026", name="Đợt 2026", first=date(2025, 12, 15), last=date(2026, 12, 14)),)
        ),
    )
    first = enrol(store, rows(2), cohort=None, issued_on=date(2025, 12, 16), calendar=CALENDAR, tally=tally)
    assert {e.account.round for e in first} == {"2026"}
    again = enrol(store, rows(2), cohort=None, issued_on=date(2026, 3, 2), calendar=CALENDAR, tally=tally)
    assert not any(e.renewed for e in again)
    assert sum(c.n for c in tally.counts(XEN.path) if c.flag == "issued") == 2


def test_an_account_issued_before_rounds_is_of_its_issue_days_round(store, tally):
    # Two accounts as a version before rounds stored them: no round, one issued last year, one this year.
    first = enrol(store, rows(2), cohort=None, issued_on=date(2026, 3, 2), calendar=CALENDAR)
    store.slips_kept({e.account.learner_id: e.account.activation_hash or "" for e in first})
    for e, day in zip(first, (date(2025, 5, 5), date(2026, 2, 2)), strict=True):
        store.renew({e.account.learner_id: (e.account, e.account.model_copy(update={"round": None, "issued_on": day}))})
    again = enrol(store, rows(2), cohort=None, issued_on=date(2026, 3, 9), calendar=CALENDAR, tally=tally)
    assert [e.renewed for e in again] == [True, False]
    assert [store.account(e.account.learner_id).round for e in again] == ["2026", None]
    assert issued(tally, date(2026, 3, 9)) == 1  # the other counted when it was issued, as of no round
