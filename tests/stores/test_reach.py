"""The reach counter contract, run against SQLite and DynamoDB: every event counts, a summary covers its days only,
an id takes a bounded number of places a day, and a summary is a bounded page of ids, the most reached first."""

from datetime import date

import pytest

from functions.reach import PLACES_PER_DAY, PLACES_SHOWN, Count, TooManyPlaces, last_day, summarise
from tests.support.servers import run_together
from tests.support.stores import contract_fixture

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
        "from_day": "2026-11-23",
        "to_day": "2026-11-24",
        "opens": 3,
        "scans": 4,
        "days": [{"day": "2026-11-23", "opens": 3, "scans": 1}, {"day": "2026-11-24", "opens": 0, "scans": 3}],
        "id_count": 2,
        "next": None,
        "ids": [
            {
                "id": "cds-01",
                "opens": 3,
                "scans": 3,
                "places": [{"place": None, "scans": 1}, {"place": "xa-muong-xen", "scans": 2}],
                "other_places": 0,
                "days": [{"day": "2026-11-23", "opens": 3, "scans": 1}, {"day": "2026-11-24", "opens": 0, "scans": 2}],
            },
            {
                "id": "hd-zalo",
                "opens": 0,
                "scans": 1,
                "places": [{"place": "cho-vinh", "scans": 1}],
                "other_places": 0,
                "days": [{"day": "2026-11-24", "opens": 0, "scans": 1}],
            },
        ],
    }


def test_a_summary_counts_its_first_and_last_days_and_nothing_outside_across_months(any_reach):
    for day in (
        date(2026, 10, 31),
        date(2026, 11, 1),
        date(2026, 11, 30),
        date(2026, 12, 1),
        date(2026, 12, 31),
        date(2027, 1, 1),
    ):
        any_reach.add("cds", "open", None, day)
    summary = any_reach.summary(date(2026, 11, 1), date(2026, 12, 31))
    assert [day.day for day in summary.days] == [
        date(2026, 11, 1),
        date(2026, 11, 30),
        date(2026, 12, 1),
        date(2026, 12, 31),
    ]
    assert summary.opens == 4
    one_day = any_reach.summary(date(2026, 11, 30), date(2026, 11, 30))
    assert (one_day.opens, [i.id for i in one_day.ids]) == (1, ["cds"])


def test_a_range_without_counts_or_ending_before_it_starts_is_an_empty_summary(any_reach):
    any_reach.add("cds", "open", None, NOV_23)
    for first, last in (
        (date(2026, 12, 1), date(2026, 12, 31)),
        (NOV_24, NOV_23),
        (date(9999, 12, 1), date(9999, 12, 31)),
    ):
        summary = any_reach.summary(first, last)
        assert (summary.from_day, summary.to_day, summary.opens, summary.scans, summary.days, summary.ids) == (
            first,
            last,
            0,
            0,
            [],
            [],
        )


def test_events_arriving_at_once_all_count(any_reach):
    run_together(16, lambda n: any_reach.add("cds-02", "scan", "nha-van-hoa", NOV_23))
    assert any_reach.summary(NOV_23, NOV_23).ids[0].places[0].scans == 16


def test_an_id_takes_a_bounded_number_of_places_a_day_and_known_places_keep_counting(any_reach):
    for n in range(PLACES_PER_DAY):
        any_reach.add("cds-01", "scan", f"noi-{n:03d}", NOV_23)
    with pytest.raises(TooManyPlaces):
        any_reach.add("cds-01", "scan", "noi-moi", NOV_23)
    any_reach.add("cds-01", "scan", "noi-007", NOV_23)  # a place it has already: counted
    any_reach.add("cds-01", "scan", None, NOV_23)  # no place: counted
    any_reach.add("cds-02", "scan", "noi-moi", NOV_23)  # another id has its own places
    any_reach.add("cds-01", "scan", "noi-moi", NOV_24)  # and so has another day
    summary = any_reach.summary(NOV_23, NOV_24)
    first = next(i for i in summary.ids if i.id == "cds-01")
    assert (first.scans, len(first.places), first.places[0].place, first.places[1].place) == (
        PLACES_PER_DAY + 3,
        PLACES_SHOWN,
        None,
        "noi-007",
    )
    assert first.other_places == first.scans - sum(place.scans for place in first.places)
    assert "noi-moi" not in [day_place.place for day_place in first.places[:2]]


def test_new_places_arriving_at_once_never_pass_the_bound(any_reach):
    for n in range(PLACES_PER_DAY - 3):
        any_reach.add("cds", "scan", f"noi-{n:03d}", NOV_23)
    refused = []

    def add(n):
        try:
            any_reach.add("cds", "scan", f"moi-{n:02d}", NOV_23)
        except TooManyPlaces:
            refused.append(n)

    run_together(12, add)
    summary = any_reach.summary(NOV_23, NOV_23)
    assert (len(refused), summary.scans) == (9, PLACES_PER_DAY)


def test_summary_pages_hold_every_id_once_most_reached_first(any_reach):
    for n in range(23):
        for _ in range(n % 5 + 1):
            any_reach.add(f"id-{n:02d}", "open", None, NOV_23)
    seen, cursor, pages = [], None, 0
    while True:
        page = any_reach.summary(NOV_23, NOV_23, limit=5, cursor=cursor)
        assert len(page.ids) <= 5 and page.id_count == 23 and page.opens == sum(n % 5 + 1 for n in range(23))
        seen += [(i.opens, i.id) for i in page.ids]
        pages += 1
        cursor = page.next
        if cursor is None:
            break
    assert pages == 5
    assert seen == sorted(seen, key=lambda item: (-item[0], item[1]))
    assert sorted(i for _, i in seen) == [f"id-{n:02d}" for n in range(23)]


def test_a_summary_is_built_from_counters_whatever_store_read_them():
    counts = [
        Count(NOV_23, "b", "open", None, 2),
        Count(NOV_23, "a", "scan", "x", 5),
        Count(NOV_24, "a", "open", None, 1),
    ]
    summary = summarise(NOV_23, NOV_23, counts)
    assert [(i.id, i.opens, i.scans) for i in summary.ids] == [("a", 0, 5), ("b", 2, 0)]
    first = summarise(NOV_23, NOV_24, counts, limit=1)
    assert ([i.id for i in first.ids], first.next) == (["a"], "6.a")
    second = summarise(NOV_23, NOV_24, counts, limit=1, cursor=first.next)
    assert ([i.id for i in second.ids], second.next) == (["b"], None)


def test_a_summary_covers_at_most_366_days_from_its_first():
    assert last_day(date(2026, 1, 1), date(2027, 1, 1)) == date(2027, 1, 1)  # 366 days: as asked
    assert last_day(date(2026, 1, 1), date(9999, 12, 31)) == date(2027, 1, 1)
    assert last_day(date(9999, 12, 1), date(9999, 12, 31)) == date(9999, 12, 31)
    assert last_day(NOV_24, NOV_23) == NOV_23  # backwards: an empty range, not an error
