"""The tally store contract's `grouped`, run against SQLite and DynamoDB: a report's sums read from the store equal the
same counters read whole (`split`) and summed in Python (`grouping.group`), over generated marks of several units,
cohorts, courses, categories, rounds and months, with steps taken back."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from functions.reports.grouping import Grouped, Grouping, group
from functions.reports.tally import ACCOUNT_FLAGS, FLAGS, Count
from tests.support.tally import mark, open_test_tally

PATHS = ("40/16813/", "40/16813/16813-T1/", "40/16684/", "41/17001/")
CATEGORIES = (None, "cbccvc", "cnscd", "dvtn")
GROUPINGS = [
    Grouping(),
    Grouping((date(2026, 11, 24),)),  # a report standing on 23 November
    Grouping((date(2026, 10, 1), date(2026, 11, 1)), course_id="cds"),  # October's month report of one course
    Grouping((date(2026, 1, 1), date(2026, 3, 1), date(2026, 11, 24)), cohort="Đợt 2"),  # a round, March
    Grouping((date(2025, 12, 1), date(2026, 9, 15)), units=frozenset({"16813", "16684"}), days_split=False),
    Grouping((date(2026, 10, 15),), course_id="attt", cohort="Đợt 1", units=frozenset({"17001"})),
]


@pytest.fixture(params=["sqlite", "dynamodb"])
def any_tally(request, tmp_path):
    """Each tally store in turn."""
    store = open_test_tally(request.param, tmp_path, request)
    yield store
    store.close()


def _marks(seed: int) -> list:
    """Learners of four units marking steps over fourteen months, some in two rounds."""
    rng = random.Random(seed)
    marks = []
    for n in range(160):
        path = rng.choice(PATHS)
        cohort = rng.choice((None, "Đợt 1", "Đợt 2"))
        category = rng.choice(CATEGORIES)
        for round_ in ("2025", "2026") if rng.random() < 0.3 else (rng.choice((None, "2026")),):
            day = date(2025, 10, 1) + timedelta(days=rng.randrange(420))
            deadline = rng.choice((None, day + timedelta(days=14)))
            course = rng.choice(("cds", "attt"))
            for flag in FLAGS:
                if rng.random() < 0.5:
                    day += timedelta(days=rng.randrange(5))
                    marks.append(
                        mark(
                            f"u.{n}",
                            flag=flag,
                            path=path,
                            course=None if flag in ACCOUNT_FLAGS else course,
                            day=day,
                            cohort=cohort,
                            deadline=deadline,
                            category=category,
                            round=round_,
                        )
                    )
    return marks


def _canonical(grouped: Grouped) -> tuple[Counter, Counter, Counter]:
    """Each part as sums by key, groups at 0 left out: a store may send a group in parts, or leave out one at 0."""

    def summed(counts: list[Count]) -> Counter:
        out: Counter = Counter()
        for count in counts:
            out[count._replace(n=0)] += count.n
        return +out  # drops the groups at 0

    return summed(grouped.counts), summed(grouped.shares), summed(grouped.days)


@pytest.mark.parametrize("seed", [1, 2])
def test_grouped_sums_equal_the_counters_summed_in_python(any_tally, seed):
    marks = _marks(seed)
    any_tally.mark_many(marks)
    for taken in random.Random(seed).sample(marks, 12):
        any_tally.unmark(taken)
    for path in ("", "40/", "40/16813/", "41/"):
        counts, shares = any_tally.split(path)
        found = any_tally.grouped(path, GROUPINGS)
        assert len(found) == len(GROUPINGS)
        for grouping, grouped in zip(GROUPINGS, found, strict=True):
            assert _canonical(grouped) == _canonical(group(counts, shares, grouping)), (path, grouping)


def test_grouped_sums_hold_what_a_report_needs(any_tally):
    """Buckets by the cuts, cohort and course filtered out, days exact and only of the units asked for."""
    any_tally.mark_many(
        [
            mark("u.1", flag="issued", course=None, day=date(2026, 9, 3), category="cnscd"),
            mark("u.1", flag="passed", day=date(2026, 10, 5), category="cnscd"),
            mark("u.2", flag="passed", day=date(2026, 10, 20), cohort="Đợt 2"),
            mark("u.3", flag="passed", course="attt", day=date(2026, 10, 21)),
            mark("u.4", flag="passed", path="40/16684/", day=date(2026, 10, 22)),
            mark("u.5", flag="passed", day=date(2026, 12, 1)),  # after the last cut: no report's
        ]
    )
    (grouped,) = any_tally.grouped(
        "40/",
        [Grouping((date(2026, 10, 1), date(2026, 11, 1)), "Đợt 1", "cds", frozenset({"16813"}), days_split=True)],
    )
    october, before = date(2026, 10, 1), date.min
    deadline = date(2026, 12, 4)
    assert _canonical(grouped) == (
        Counter(
            {
                Count("16813", None, None, "issued", before, deadline, 0): 1,
                Count("16813", None, "cds", "passed", october, deadline, 0): 1,
                Count("16684", None, "cds", "passed", october, deadline, 0): 1,
            }
        ),
        Counter(
            {
                Count("16813", None, None, "issued", before, deadline, 0, "cnscd"): 1,
                Count("16813", None, "cds", "passed", october, deadline, 0, "cnscd"): 1,
            }
        ),
        Counter(
            {
                Count("", None, None, "issued", date(2026, 9, 3), None, 0): 1,
                Count("", None, None, "issued", date(2026, 9, 3), None, 0, "cnscd"): 1,
                Count("", None, None, "passed", date(2026, 10, 5), None, 0): 1,
                Count("", None, None, "passed", date(2026, 10, 5), None, 0, "cnscd"): 1,
            }
        ),
    )
