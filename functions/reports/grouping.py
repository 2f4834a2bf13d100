"""A report's counters summed down to the grain the report needs (`TallyStore.grouped`), before they reach Python.

A national report reads every counter: 96,000 of them for 500,000 learners, each a unit, cohort, course, deadline
and day. The report needs far less: each unit's steps within the days it counts (which only the report's own
boundaries, `Grouping.cuts`, split), its accounts and passes per deadline (overdue), and the days' accounts and passes
for the series. Summed to that grain a national report is about 10,000 rows, not 96,000: SQLite sums them in SQL
(GROUP BY), the DynamoDB store, which reads every item anyway, sums them here (`group`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from functions.reports.tally import SPLIT, Count


@dataclass(frozen=True)
class Grouping:
    """How a report wants its counters summed.

    A count's day becomes its bucket: the last of `cuts` (sorted) on or before it, `date.min` before the first; the
    days from the last cut on are left out. The cuts are every day a report's figures change on (a round's first day,
    a month's first day, the day after the one it stands at, the last of which ends every report), so every day of a
    bucket is counted by the same reports, in the same way."""

    cuts: tuple[date, ...] = ()
    cohort: str | None = None
    """Only this cohort's counters; None for all."""
    course_id: str | None = None
    """Only this course's course steps (the account steps, of no course, always); None for every course."""
    units: frozenset[str] | None = None
    """The unit codes whose accounts issued and passes go into the day sums (`Grouped.days`); None for every unit."""
    days_split: bool = True
    """Whether the day sums hold the categories' shares too: only a report of one category needs them."""


class Grouped(NamedTuple):
    """The counters as a `Grouping` sums them, as `Count`s: no cohort (filtered), each count's day its bucket."""

    counts: list[Count]
    """Totals per unit, course, step, bucket and deadline (a group may come in parts, to be added up: SQLite sums each
    cohort apart, in its key's order)."""
    shares: list[Count]
    """The categories' shares of the `SPLIT` steps, summed the same way (`Count.category` set)."""
    days: list[Count]
    """Accounts issued and passes per day (exact) and category (None for the totals), of `Grouping.units` alone; the
    unit code is "", no course, no deadline."""


def bucket(cuts: tuple[date, ...], day: date) -> date | None:
    """The bucket of `day` (`Grouping`); None from the last cut on."""
    k = bisect_right(cuts, day)
    if cuts and k == len(cuts):
        return None
    return cuts[k - 1] if k else date.min


def group(counts: Iterable[Count], shares: Iterable[Count], grouping: Grouping) -> Grouped:
    """The counters as a report reads them (`TallyStore.split`) summed by `grouping`, in Python: every group that any
    count falls in is kept, even one summing to 0, as the counts themselves were."""
    cuts, cohort, course_id, units = grouping.cuts, grouping.cohort, grouping.course_id, grouping.units
    days_split = grouping.days_split
    buckets: dict[date, date | None] = {}
    days: dict[tuple, int] = {}

    def summed(rows: Iterable[Count]) -> list[Count]:
        out: dict[tuple, int] = {}
        for unit_code, its_cohort, its_course, flag, day, deadline, n, category in rows:
            if (cohort is not None and its_cohort != cohort) or (
                its_course is not None and course_id is not None and its_course != course_id
            ):
                continue
            if day not in buckets:
                buckets[day] = bucket(cuts, day)
            at = buckets[day]
            if at is None:
                continue
            key = (unit_code, its_course, flag, at, deadline, category)
            out[key] = out.get(key, 0) + n
            if flag in SPLIT and (units is None or unit_code in units) and (category is None or days_split):
                on = (flag, day, category)
                days[on] = days.get(on, 0) + n
        return [
            Count(unit, None, course, flag, at, deadline, n, category)
            for (unit, course, flag, at, deadline, category), n in out.items()
        ]

    return Grouped(
        summed(counts),
        summed(shares),
        [Count("", None, None, flag, day, None, n, category) for (flag, day, category), n in days.items()],
    )
