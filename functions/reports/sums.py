"""A subtree's counters summed per unit, for one report or several at once, in one pass over the counters as the
store grouped them (`functions.reports.grouping`).

A round's report is shown with the previous round's beside it: two reports over the same counters that differ only
in the days they count (`Span`). Summing both in one pass reads each group once, not twice: each group is sent to the
reports whose days hold its day (a bucket's first day: every day of a bucket is counted by the same reports), found
once per distinct day, so the per-group work is a dictionary look-up rather than date comparisons per report. Spans
may overlap (a round set to start in December beside last year's implied calendar year): a group in both is added to
both.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from functions import categories
from functions.reports.grouping import Grouped
from functions.reports.tally import FLAGS, SPLIT, Count

FLAG = {flag: n for n, flag in enumerate(FLAGS)}
ISSUED, PASSED, OVERDUE = FLAG["issued"], FLAG["passed"], len(FLAGS)
SIZE = len(FLAGS) + 1
"""A unit's figures: the steps in `FLAGS`' order, then overdue."""


def month_bounds(month: tuple[int, int]) -> tuple[date, date]:
    """The first and last day of (year, month)."""
    year, number = month
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


@dataclass(frozen=True)
class Span:
    """The days a report counts: a training round's first and last day (`period`, judged against the headcounts of
    `year`, by default the year of the day the report stands at), narrowed to a `month` (year, month)."""

    period: tuple[date, date] | None = None
    month: tuple[int, int] | None = None
    year: int | None = None


def standing(span: Span, today: date) -> date:
    """The day a report of `span` stands at: `today`, or the month's or the period's last day when earlier."""
    _, as_of = month_bounds(span.month) if span.month else (date.min, today)
    return min(as_of, today, (span.period or (date.min, date.max))[1])


class Sums:
    """One report's figures per unit (by position in its tree) as the pass adds them up."""

    __slots__ = ("since", "as_of", "first", "own", "in_month", "due", "by_day", "split", "courses")

    def __init__(self, span: Span, units: int, today: date) -> None:
        first = month_bounds(span.month)[0] if span.month else date.min
        self.since = span.period[0] if span.period else date.min
        self.as_of = standing(span, today)
        """The day the figures stand at: `today`, or the month's or the period's last day when earlier."""
        self.first = first if span.month else None
        """The month's first day: the steps reached from it on count in `in_month` too."""
        self.own = [[0] * SIZE for _ in range(units)]
        self.in_month = [[0] * SIZE for _ in range(units)] if span.month else None
        self.due: dict[tuple[int, date], list[int]] = {}
        """(unit, deadline) → [issued, passed], for deadlines before `as_of`."""
        self.by_day: dict[date, list[int]] = {}
        """Day → [issued, passed] reached that day, for the series."""
        self.split: list[dict[str, list[int]]] = [{} for _ in range(units)]
        """Per unit: category → [issued, passed]."""
        self.courses: set[str] = set()
        """The courses with a counter in the report: those a report without a course counts per account."""

    def per_account(self, course_id: str | None) -> int:
        """Courses the rate counts per account: 1 for a course report, else the courses with counters (at least 1)."""
        return 1 if course_id is not None else max(1, len(self.courses))


def cuts(sums: list[Sums]) -> tuple[date, ...]:
    """Every day the reports' figures change on (`grouping.Grouping.cuts`): a round's first day, a month's first day,
    the day after the one a report stands at."""
    days = {each.since for each in sums if each.since != date.min}
    days |= {each.first for each in sums if each.first is not None}
    days |= {each.as_of + timedelta(days=1) for each in sums if each.as_of < date.max}
    return tuple(sorted(days))


def add(
    sums: list[Sums],
    index: dict[str, int],
    grouped: Grouped,
    *,
    course_id: str | None,
    category: str | None,
) -> None:
    """Sum the counters (`grouped` by a `Grouping` of `cuts(sums)`, the units in `index` and the report's cohort and
    course) of the units in `index` (code → position) into each of `sums`; `category` counts one learner category
    alone (`categories.UNKNOWN` for learners of none), whose accounts issued and passes alone are counted. Then each
    unit's learners of no category and its overdue."""
    pass_ = _Pass(sums, index, course_id)
    counts, shares, days = grouped
    if category is None:
        pass_.take(counts)
        pass_.split(shares)
        pass_.series(day for day in days if day.category is None)
    elif category == categories.UNKNOWN:  # the totals of the split steps, less every category's share
        pass_.take(count for count in counts if count.flag in SPLIT)
        pass_.take(shares, -1)
        pass_.series(day for day in days if day.category is None)
        pass_.series((day for day in days if day.category is not None), -1)
    else:
        pass_.take(count for count in shares if count.category == category)
        pass_.series(day for day in days if day.category == category)
    for each in sums:
        _unknown(each.split, each.own, category)
        per_account = each.per_account(course_id)
        for (n, deadline), (issued, passed) in each.due.items():
            late = max(0, issued * per_account - passed)
            each.own[n][OVERDUE] += late
            if each.in_month is not None and each.first is not None and deadline >= each.first:
                each.in_month[n][OVERDUE] += late


class _Pass:
    """The reports each distinct day (or bucket of days) is counted in, and the sums each count goes to."""

    def __init__(self, sums: list[Sums], index: dict[str, int], course_id: str | None) -> None:
        self.sums, self.index = sums, index
        self.days: dict[date, list[tuple]] = {}
        # A course report counts one course per account whatever the courses are: no need to collect them.
        self.collect = course_id is None

    def reports(self, day: date) -> list[tuple]:
        """The reports counting `day`, as the lists the pass adds to: each report's own figures, its month's when the
        day is in its month, its day and deadline sums, its day, and its courses."""
        found = self.days[day] = [
            (
                each.own,
                each.in_month if each.first is not None and day >= each.first else None,
                each.by_day,
                each.due,
                each.as_of,
                each.courses,
                each.split,
            )
            for each in self.sums
            if each.since <= day <= each.as_of
        ]
        return found

    def take(self, rows: Iterable[Count], sign: int = 1) -> None:
        """Add `rows` (times `sign`) to the figures of every report counting their day (a bucket's first)."""
        index, collect, days = self.index, self.collect, self.days
        for unit_code, _, its_course, step, day, deadline, number, _ in rows:
            n = index.get(unit_code)
            if n is None:
                continue  # outside the subtree; a unit no longer in the tree cannot be placed
            found = days.get(day)
            if found is None:
                found = self.reports(day)
            if not found:
                continue
            flag = FLAG[step]
            number *= sign
            dated = (flag == ISSUED or flag == PASSED) and deadline is not None
            for own, in_month, _, due, as_of, courses, _ in found:
                own[n][flag] += number
                if in_month is not None:
                    in_month[n][flag] += number
                if collect and its_course is not None:
                    courses.add(its_course)
                if dated and deadline < as_of:
                    pair = due.get((n, deadline))
                    if pair is None:
                        pair = due[n, deadline] = [0, 0]
                    pair[flag == PASSED] += number

    def series(self, rows: Iterable[Count], sign: int = 1) -> None:
        """Add the days' accounts issued and passes (`Grouped.days`) to the series of every report counting the day."""
        days = self.days
        for _, _, _, step, day, _, number, _ in rows:
            found = days.get(day)
            if found is None:
                found = self.reports(day)
            number *= sign
            for _, _, by_day, _, _, _, _ in found:
                pair = by_day.get(day)
                if pair is None:
                    pair = by_day[day] = [0, 0]
                pair[step == "passed"] += number

    def split(self, rows: Iterable[Count]) -> None:
        """Add `rows`, the categories' shares of the totals, to the categories' split alone."""
        index, collect, days = self.index, self.collect, self.days
        for unit_code, _, its_course, step, day, _, number, its_category in rows:
            n = index.get(unit_code)
            if n is None:
                continue
            found = days.get(day)
            if found is None:
                found = self.reports(day)
            if not found:
                continue
            code, passed = its_category or categories.UNKNOWN, step == "passed"
            for _, _, _, _, _, courses, split in found:
                pair = split[n].get(code)
                if pair is None:  # rather than setdefault, which makes a list for every share
                    pair = split[n][code] = [0, 0]
                pair[passed] += number
                if collect and its_course is not None:
                    courses.add(its_course)


def _unknown(split: list[dict[str, list[int]]], own: list[list[int]], category: str | None) -> None:
    """Complete each unit's split with its learners of no category (its totals less its categories' shares); in a
    category report, the split is that category's figures."""
    for n, figures in enumerate(own):
        pair = [figures[ISSUED], figures[PASSED]]
        if category is not None:
            split[n] = {category: pair} if any(pair) else {}
            continue
        for issued, passed in split[n].values():
            pair[0] -= issued
            pair[1] -= passed
        if any(pair):
            split[n][categories.UNKNOWN] = pair
