"""The reach counter contract, run against SQLite and DynamoDB: every event counts, a summary covers its days only."""

from datetime import date

import pytest

from functions.reach import Count, last_day, summarise
from tests.conftest import contract_fixture, run_together


any_reach = contract_fixture("reach")


NOV_23, NOV_24 = date(2026, 11, 23), date(2026, 11, 24)


def test_opens_and_scans_add_up_per_id_place_and_day(any_reach):
    for _ in range(3):
        any_reach.add("cds-01", "open", None, NOV_23)
    any_reach.add("cds-01", "scan", "xa-muong-xen", NOV_23)
    any_reach.add("cds-01", "scan", "xa-muong-xen", NOV_24)
    any_reach.add("cds-01", "scan", None, NOV_24)
    any_reach.add("hd-zalo", "scan", "cho-vinh", NOV_24)
    summary = any_reach.summary(NOV_23, NOV_24)
    assert summary.model_dump(mode="json") == {
        "from_day": "2026-11-23", "to_day": "2026-11-24", "opens": 3, "scans": 4,
        "days": [{"day": "2026-11-23", "opens": 3, "scans": 1}, {"day": "2026-11-24", "opens": 0, "scans": 3}],
        "ids": [
            {
                "id": "cds-01", "opens": 3, "scans": 3,
                "places": [{"place": None, "scans": 1}, {"place": "xa-muong-xen", "scans": 2}],
                "days": [{"day": "2026-11-23", "opens": 3, "scans": 1}, {"day": "2026-11-24", "opens": 0, "scans": 2}],
            },
            {
                "id": "hd-zalo", "opens": 0, "scans": 1, "places": [{"place": "cho-vinh", "scans": 1}],
                "days": [{"day": "2026-11-24", "opens": 0, "scans": 1}],
            },
        ],
    }


def test_a_summary_counts_its_first_and_last_days_and_nothing_outside_across_months(any_reach):
    for day in (date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 31), date(2027, 1, 1)):
        any_reach.add("cds", "open", None, day)
    summary = any_reach.summary(date(2026, 11, 1), date(2026, 12, 31))
    assert [day.day for day in summary.days] == [date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 31)]
    assert summary.opens == 4
    one_day = any_reach.summary(date(2026, 11, 30), date(2026, 11, 30))
    assert (one_day.opens, [i.id for i in one_day.ids]) == (1, ["cds"])


def test_a_range_without_counts_or_ending_before_it_starts_is_an_empty_summary(any_reach):
    any_reach.add("cds", "open", None, NOV_23)
    for first, last in ((date(2026, 12, 1), date(2026, 12, 31)), (NOV_24, NOV_23), (date(9999, 12, 1), date(9999, 12, 31))):
        summary = any_reach.summary(first, last)
        assert (summary.from_day, summary.to_day, summary.opens, summary.scans, summary.days, summary.ids) == (first, last, 0, 0, [], [])


def test_events_arriving_at_once_all_count(any_reach):
    run_together(16, lambda n: any_reach.add("cds-02", "scan", "nha-van-hoa", NOV_23))
    assert any_reach.summary(NOV_23, NOV_23).ids[0].places[0].scans == 16


def test_a_summary_is_built_from_counters_whatever_store_read_them():
    counts = [Count(NOV_23, "b", "open", None, 2), Count(NOV_23, "a", "scan", "x", 5), Count(NOV_24, "a", "open", None, 1)]
    summary = summarise(NOV_23, NOV_23, counts)
    assert [(i.id, i.opens, i.scans) for i in summary.ids] == [("a", 0, 5), ("b", 2, 0)]


def test_a_summary_covers_at_most_366_days_from_its_first():
    assert last_day(date(2026, 1, 1), date(2027, 1, 1)) == date(2027, 1, 1)  # 366 days: as asked
    assert last_day(date(2026, 1, 1), date(9999, 12, 31)) == date(2027, 1, 1)
    assert last_day(date(9999, 12, 1), date(9999, 12, 31)) == date(9999, 12, 31)
    assert last_day(NOV_24, NOV_23) == NOV_23  # backwards: an empty range, not an error
