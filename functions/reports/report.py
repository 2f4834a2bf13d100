"""The progress report of a unit's subtree: counters summed up the tree, level by level, against the programme's
targets.

Pure logic over `tally.Count`s summed by the store to the report's grain (`functions.reports.grouping`), one pass over
them (for one report, or a round's and the previous round's together: `functions.reports.sums`) and one over the
units: half a million learners in 3,321 communes are 96,000 counters, about 10,000 groups once summed
(`bench/reports.py`). The decisions a reader of the figures should
know:

- A course report (`course_id` given) counts that course's steps against the accounts issued. Without a course, the
  course steps are summed over courses, as the programme counts "lượt" (learner-courses): the completion rate is
  passes over accounts x courses, where courses are those with any counter in the report.
- A unit's target is learner-weighted: each account is expected to finish at its own unit's target (80% in remote
  areas, else 100%), so a province with as many accounts in remote communes as elsewhere has a target of 90%.
- On track means the completion rate has reached the target, with no projection: a cohort still inside its ten
  working days shows "not yet" until enough have passed; the overdue column tells late from not yet due.
- Overdue are accounts whose deadline has passed (deadline before the report day) without a pass by that day,
  counted per deadline. With a `month`, the report stands at the month's end (cumulative, as the monthly report to
  the ministry is), and `in_month` counts the steps reached during the month and the accounts that became overdue.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from functions import collector, targets
from functions.accounts.account import Unit
from functions.reports import lineage
from functions.reports import shares as sharing
from functions.reports.grouping import Grouped, Grouping, group
from functions.reports.shares import Share
from functions.reports.staffing import Staffing, judge
from functions.reports.sums import ISSUED, PASSED, Span, Sums, add, cuts, standing
from functions.reports.tally import Count


@dataclass(frozen=True)
class Figures:
    """Learners (or learner-courses) who reached each step; `overdue` as of the report's day."""

    issued: int = 0
    activated: int = 0
    started: int = 0
    lessons_done: int = 0
    passed: int = 0
    certified: int = 0
    classroom: int = 0
    """Classes of the course completed in person (`functions.classes`): "hoàn thành trực tiếp", beside `passed`."""
    overdue: int = 0


@dataclass(frozen=True)
class Row:
    """A unit: its own accounts' figures, its subtree's (`total`), and how the subtree stands against its target."""

    unit: Unit
    name: str
    """The unit's name in Unicode NFC, as printed."""
    level: int
    """0 for the report's root, 1 for its children, and so on."""
    own: Figures
    total: Figures
    in_month: Figures | None
    """The subtree's steps reached during the report's month; None without a month."""
    rate: float | None
    """Completion rate in percent (passed / issued, times courses without a course); None when nothing was issued."""
    target: float
    """Target in percent: learner-weighted over the subtree, or the unit's own when nothing was issued."""
    on_track: bool | None
    """Whether the rate has reached the target; None when nothing was issued."""
    by_category: dict[str, Share] = field(default_factory=dict)
    """The subtree's accounts issued and passes per learner category (`functions.categories`), those with any."""
    staffing: Staffing | None = None
    """The subtree against its staff in post (`functions.reports.staffing`): what "Đạt" is judged on."""


@dataclass(frozen=True)
class Day:
    """The root's cumulative accounts issued and passes, at the end of a day, for a chart."""

    day: date
    issued: int
    passed: int


@dataclass(frozen=True)
class Report:
    root: Unit
    as_of: date
    """The day the figures stand at: `today`, or the month's last day when that is earlier."""
    course_id: str | None
    cohort: str | None
    month: tuple[int, int] | None
    category: str | None
    """The one learner category counted (`categories.UNKNOWN` for none), or None for all."""
    categories: list[str]
    """The categories with accounts in the report, in the list's order: its category columns."""
    courses: int
    """Courses the rate counts per account: 1 for a course report, else the courses with counters (at least 1)."""
    rows: list[Row]
    """The root first, then its subtree depth first, children in code order."""
    direct: Row | None
    """The root's own accounts alone (`total` = `own`), when it has sub-units too: listed beside them, the level-1
    rows add up to the root's total."""
    series: list[Day]
    """Every day from the first counter to `as_of`."""
    required: frozenset[str] | None = None
    """The categories the report's course is required for, the only ones judged (`functions.reports.requirement`);
    None for a report over all courses."""

    @property
    def summary(self) -> Row:
        """The root's row: the whole subtree."""
        return self.rows[0]


@collector.holding
def build(
    units: list[Unit],
    counts: list[Count],
    *,
    root: str,
    today: date,
    course_id: str | None = None,
    cohort: str | None = None,
    month: tuple[int, int] | None = None,
    category: str | None = None,
    shares: list[Count] | None = None,
    remote_target: int = targets.REMOTE,
    other_target: int = targets.OTHER,
    period: tuple[date, date] | None = None,
    year: int | None = None,
    required: frozenset[str] | None = None,
) -> Report:
    """The report of `root`'s subtree (a unit code, or "" for the whole country) from its counters (totals) and the
    categories' `shares` of them (`TallyStore.split`); `category` counts one learner category alone
    (`categories.UNKNOWN` for learners of none), whose accounts issued and passes alone are counted. A `period`
    (a training round's first and last day, `functions.reports.rounds`) counts only the steps reached within it and
    judges against the headcounts of `year` (by default the year of the day the report stands at). `required`: the
    categories a course report's course is required for, the only ones judged (`functions.reports.requirement`)."""
    spans = [Span(period, month, year)]
    return build_spans(
        units,
        counts,
        spans,
        root=root,
        today=today,
        course_id=course_id,
        cohort=cohort,
        category=category,
        shares=shares,
        remote_target=remote_target,
        other_target=other_target,
        required=required,
    )[0]


@collector.holding
def build_spans(
    units: list[Unit],
    counts: list[Count],
    spans: list[Span],
    *,
    root: str,
    today: date,
    course_id: str | None = None,
    cohort: str | None = None,
    category: str | None = None,
    shares: list[Count] | None = None,
    remote_target: int = targets.REMOTE,
    other_target: int = targets.OTHER,
    required: frozenset[str] | None = None,
) -> list[Report]:
    """`build`'s report for each of `spans` (the days each counts), from counters read (`TallyStore.split`): summed
    as the store's `grouped` would sum them (`functions.reports.grouping.group`), then `build_grouped`."""
    return build_grouped(
        units,
        lambda groupings: [group(counts, shares or [], grouping) for grouping in groupings],
        spans,
        root=root,
        today=today,
        course_id=course_id,
        cohort=cohort,
        category=category,
        remote_target=remote_target,
        other_target=other_target,
        required=required,
    )


Read = Callable[[list[Grouping]], list[Grouped]]
"""Counters summed by each of the groupings, in one read: `TallyStore.grouped` over a subtree's paths."""


@collector.holding
def build_grouped(
    units: list[Unit],
    read: Read,
    spans: list[Span],
    *,
    root: str,
    today: date,
    course_id: str | None = None,
    cohort: str | None = None,
    category: str | None = None,
    remote_target: int = targets.REMOTE,
    other_target: int = targets.OTHER,
    required: frozenset[str] | None = None,
) -> list[Report]:
    """`build`'s report for each of `spans` (the days each counts), from one `read` of the counters summed to the
    reports' grain (`functions.reports.grouping`): a round's report and the previous round's beside it cost one read
    and one pass, not two (`functions.reports.sums`). Each report sees the tree as it stood on its day
    (`functions.reports.lineage`): reports standing on either side of a merge of units see two trees, and take a
    grouping and a pass each."""
    out: list[Report | None] = [None] * len(spans)
    views: dict[tuple[str, ...], list[int]] = {}
    for n, span in enumerate(spans):
        views.setdefault(lineage.view(units, standing(span, today)), []).append(n)
    asked = (course_id, cohort, category, remote_target, other_target, required)
    seen = []
    for members in views.values():
        # The tree as it stood then: units merged by then count as their successor.
        shown, aliases = lineage.fold(units, standing(spans[members[0]], today), keep=root)
        tree = lineage.depth_first(shown, root)
        index = {unit.code: n for n, unit in enumerate(tree)}
        index.update({code: index[into] for code, into in aliases.items() if into in index})
        seen.append((members, tree, index, [Sums(spans[n], len(tree), today) for n in members]))
    every = cuts([each for *_, summed in seen for each in summed])
    groupings = [Grouping(every, cohort, course_id, frozenset(index), category is not None) for _, _, index, _ in seen]
    for (members, tree, index, summed), grouped in zip(seen, read(groupings), strict=True):
        add(summed, index, grouped, course_id=course_id, category=category)
        names = [unicodedata.normalize("NFC", unit.name) for unit in tree]  # printed as NFC, once for every report
        for n, sums in zip(members, summed, strict=True):
            out[n] = _report(tree, names, sums, spans[n], *asked)
    return [report for report in out if report is not None]


def _report(
    tree: list[Unit],
    names: list[str],
    sums: Sums,
    span: Span,
    course_id: str | None,
    cohort: str | None,
    category: str | None,
    remote_target: int,
    other_target: int,
    required: frozenset[str] | None,
) -> Report:
    """One report from its sums: each unit's subtree rolled up and judged against accounts and staff in post."""
    per_account = sums.per_account(course_id)
    own, split, as_of = sums.own, sums.split, sums.as_of
    by_category = sharing.roll_up(tree, split)

    def against(units: list[Unit], figures: list[list[int]], parts: list[dict[str, list[int]]]) -> list[Staffing]:
        return judge(
            units,
            figures,
            parts,
            year=span.year or as_of.year,
            category=category,
            per_account=per_account,
            issued_at=ISSUED,
            passed_at=PASSED,
            remote_target=remote_target,
            other_target=other_target,
            required=required if course_id is not None else None,
        )

    staffed = against(tree, own, split)
    rows = _rows(tree, names, own, sums.in_month, per_account, remote_target, other_target, by_category, staffed)
    direct = None
    if len(tree) > 1 and any(own[0]):
        target = tree[0].target_percent(remote_target, other_target)
        direct = _row(
            tree[0],
            names[0],
            1,
            own[0],
            own[0],
            sums.in_month[0] if sums.in_month else None,
            targets.owed(own[0][ISSUED] * per_account, target),
            per_account,
            target,
            sharing.roll_up(tree[:1], split[:1])[0],
            against(tree[:1], own[:1], split[:1])[0],
        )
    return Report(
        root=tree[0],
        as_of=as_of,
        course_id=course_id,
        cohort=cohort,
        month=span.month,
        category=category,
        categories=sharing.present(by_category, staffed[0].by_category),
        courses=per_account,
        rows=rows,
        direct=direct,
        series=_series(sums.by_day, as_of),
        required=required if course_id is not None else None,
    )


def _row(
    unit: Unit,
    name: str,
    level: int,
    own: list[int],
    total: list[int],
    in_month: list[int] | None,
    expected: int,
    per_account: int,
    target: int,
    by_category: dict[str, Share],
    staffing: Staffing,
) -> Row:
    """A row, judged against `expected` passes (times 100); with nothing issued, only the unit's own target."""
    needed = total[ISSUED] * per_account
    return Row(
        unit=unit,
        name=name,
        level=level,
        own=Figures(*own),
        total=Figures(*total),
        in_month=Figures(*in_month) if in_month is not None else None,
        rate=100 * total[PASSED] / needed if needed else None,
        target=targets.weighted(expected, needed) if needed else float(target),
        on_track=targets.met(total[PASSED], expected) if needed else None,
        by_category=by_category,
        staffing=staffing,
    )


def _rows(
    tree: list[Unit],
    names: list[str],
    own: list[list[int]],
    in_month: list[list[int]] | None,
    per_account: int,
    remote_target: int,
    other_target: int,
    by_category: list[dict[str, Share]],
    staffed: list[Staffing],
) -> list[Row]:
    """Roll the figures up, deepest units first, and judge each subtree against its learner-weighted target."""
    at = {unit.path: n for n, unit in enumerate(tree)}
    percents = [unit.target_percent(remote_target, other_target) for unit in tree]
    total = [list(figures) for figures in own]
    month_total = [list(figures) for figures in in_month] if in_month is not None else None
    expected = [targets.owed(own[n][ISSUED] * per_account, percents[n]) for n in range(len(tree))]  # times 100
    for n in range(len(tree) - 1, 0, -1):  # depth first order: every unit comes after its parent
        parent = at[lineage.parent_path(tree[n].path)]
        for flag, value in enumerate(total[n]):
            total[parent][flag] += value
        if month_total is not None:
            for flag, value in enumerate(month_total[n]):
                month_total[parent][flag] += value
        expected[parent] += expected[n]
    root_depth = tree[0].path.count("/")
    return [
        _row(
            unit,
            names[n],
            unit.path.count("/") - root_depth,
            own[n],
            total[n],
            month_total[n] if month_total else None,
            expected[n],
            per_account,
            percents[n],
            by_category[n],
            staffed[n],
        )
        for n, unit in enumerate(tree)
    ]


def _series(by_day: dict[date, list[int]], as_of: date) -> list[Day]:
    if not by_day:
        return []
    series, issued, passed = [], 0, 0
    day = min(by_day)
    while day <= as_of:
        step = by_day.get(day, (0, 0))
        issued, passed = issued + step[0], passed + step[1]
        series.append(Day(day, issued, passed))
        day += timedelta(days=1)
    return series
