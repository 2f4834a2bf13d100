"""Reports summed in one pass over the counters (a round's and the previous round's) are the reports built alone, on
random counters: overlapping spans, months, cohorts, courses and categories."""

import random
from datetime import date, timedelta

import pytest

from functions import categories
from functions.accounts.account import Unit, unit_path
from functions.headcounts import Headcount
from functions.reports.report import build, build_spans
from functions.reports.sums import Span
from functions.reports.tally import FLAGS, SPLIT, Count

TODAY = date(2026, 11, 23)
SPANS = [
    Span((date(2026, 1, 1), date(2026, 12, 31)), (2026, 10), 2026),  # this year's round, narrowed to October
    Span((date(2025, 1, 1), date(2025, 12, 31)), None, 2025),  # last year's, taken whole
    Span((date(2025, 12, 1), date(2026, 11, 30)), None, 2026),  # a round starting in December: overlaps both
    Span(None, (2026, 3), None),  # no round, a month
]


def _world(seed: int) -> tuple[list[Unit], list[Count], list[Count]]:
    """Two provinces of communes (some remote, some staffed), and counters over two years: totals, and the
    categories' shares of the issued and passed ones, each a part of its total."""
    rng = random.Random(seed)
    units: list[Unit] = []
    for province in ("1", "2"):
        units.append(Unit(code=province, name=f"Tỉnh {province}", path=unit_path(province, None)))
        for n in range(4):
            code = f"{province}{n:02d}"
            headcounts = tuple(
                Headcount(year=year, category=category, staff=rng.randrange(1, 40))
                for year in (2025, 2026)
                for category in ("cbccvc", "cnscd")
                if rng.random() < 0.6
            )
            units.append(
                Unit(
                    code=code,
                    name=f"Xã {code}",
                    parent_code=province,
                    remote=rng.random() < 0.5,
                    path=unit_path(code, unit_path(province, None)),
                    headcounts=headcounts,
                )
            )
    counts: list[Count] = []
    shares: list[Count] = []
    for _ in range(600):
        unit = rng.choice(units)
        flag = rng.choice(FLAGS)
        course = None if flag in ("issued", "activated") else rng.choice(("a", "b"))
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
        deadline = rng.choice((None, day + timedelta(days=14)))
        number = rng.randrange(1, 9)
        cohort = rng.choice((None, "Đợt 1", "Đợt 2"))
        counts.append(Count(unit.code, cohort, course, flag, day, deadline, number))
        if flag in SPLIT:
            left = number
            for category in ("cbccvc", "cnscd", "dvtn"):
                part = rng.randrange(left + 1)
                if part:
                    shares.append(Count(unit.code, cohort, course, flag, day, deadline, part, category))
                    left -= part
    return units, counts, shares


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("category", [None, categories.UNKNOWN, "cbccvc"])
@pytest.mark.parametrize(("course_id", "cohort"), [(None, None), ("a", None), (None, "Đợt 1")])
def test_reports_summed_in_one_pass_are_the_reports_built_alone(seed, category, course_id, cohort):
    units, counts, shares = _world(seed)
    asked = {"root": "", "today": TODAY, "course_id": course_id, "cohort": cohort, "category": category}
    together = build_spans(units, counts, SPANS, shares=shares, **asked)
    alone = [
        build(units, counts, shares=shares, period=span.period, month=span.month, year=span.year, **asked)
        for span in SPANS
    ]
    assert together == alone
    assert [report.summary.total.issued for report in together] != [0] * len(SPANS)  # the spans hold counters


@pytest.mark.parametrize("seed", range(3))
def test_a_period_counts_what_its_counters_alone_would(seed):
    # A round's report is the report of its days' counters alone, standing at its last day or today if earlier.
    units, counts, shares = _world(seed)
    first, last = date(2025, 12, 1), date(2026, 11, 30)

    def within(rows: list[Count]) -> list[Count]:
        return [count for count in rows if first <= count.day <= last]

    in_round = build(units, counts, shares=shares, root="", today=TODAY, period=(first, last), year=2026)
    alone = build(units, within(counts), shares=within(shares), root="", today=min(TODAY, last), year=2026)
    assert in_round == alone
    assert in_round.summary.total.issued > 0
