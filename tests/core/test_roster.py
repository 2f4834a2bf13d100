"""`roster.enrol` stores a list a unit at a time (a transaction's rows then share their index pages) and answers in
the list's order all the same, across its transactions, on both account stores."""

from datetime import date

from functions.accounts.calendar import WorkingCalendar
from functions.enrolment import roster
from functions.enrolment.imports import LearnerRow
from tests.support.world import VINH, XEN

CALENDAR = WorkingCalendar()
ISSUED = date(2026, 3, 2)


def interleaved() -> list[LearnerRow]:
    """Seven people of two communes, the communes alternating and each one's phones descending."""
    return [
        LearnerRow(k, f"Lò Văn {k}", (XEN, VINH)[k % 2].code, "", f"09150000{20 - k:02d}", "", "", None, "cbccvc")
        for k in range(7)
    ]


def test_an_import_answers_in_the_lists_order_across_its_transactions(store, tally, monkeypatch):
    monkeypatch.setattr(roster, "CHUNK", 3)  # three transactions, each of one commune or straddling both
    rows = interleaved()
    enrolled = roster.enrol(store, rows, cohort=None, issued_on=ISSUED, calendar=CALENDAR, tally=tally)
    assert [(e.account.full_name, e.unit.code, e.account.phone) for e in enrolled] == [
        (row.full_name, row.unit_code, row.phone) for row in rows
    ]
    assert all(e.issued and e.code for e in enrolled)
    for e in enrolled:
        assert store.account(e.account.learner_id).full_name == e.account.full_name
    issued = {unit.path: sum(c.n for c in tally.counts(unit.path) if c.flag == "issued") for unit in (XEN, VINH)}
    assert issued == {XEN.path: 4, VINH.path: 3}


def test_found_again_they_are_answered_in_the_order_of_the_new_list(store, tally, monkeypatch):
    monkeypatch.setattr(roster, "CHUNK", 2)
    rows = interleaved()
    first = roster.enrol(store, rows, cohort=None, issued_on=ISSUED, calendar=CALENDAR, tally=tally)
    roster.keep_slips(store, first)
    again = roster.enrol(store, rows[::-1], cohort=None, issued_on=ISSUED, calendar=CALENDAR, tally=tally)
    assert [e.account.learner_id for e in again] == [e.account.learner_id for e in first][::-1]
    assert not any(e.issued for e in again)  # the slips kept, the same round: nothing issued again
