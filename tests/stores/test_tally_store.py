"""The tally store contract, run against SQLite and DynamoDB: each learner's step counted exactly once, per day."""

import json
import logging
from datetime import date, timedelta

import pytest

from functions.reports.tally import UNPARKED, Count, Mark, Reconciled, logged, park, reconcile
from tests.support.servers import run_together
from tests.support.tally import COMMUNE, DAY, DEADLINE, TALLY_BEFORE_CATEGORIES, mark, open_test_tally


@pytest.fixture(params=["sqlite", "dynamodb"])
def any_tally(request, tmp_path):
    """Each tally store in turn."""
    store = open_test_tally(request.param, tmp_path, request)
    yield store
    store.close()


def count(
    n: int,
    flag: str = "passed",
    unit: str = "16813",
    course: str | None = "cds",
    day: date = DAY,
    cohort: str | None = "Đợt 1",
    deadline: date | None = DEADLINE,
    category: str | None = None,
) -> Count:
    return Count(
        unit_code=unit, cohort=cohort, course_id=course, flag=flag, day=day, deadline=deadline, n=n, category=category
    )


def unparkable(marks: list[Mark], tmp_path, caplog) -> str:
    """The log `park` writes for marks that a store refuses to park too (here a SQLite file already closed)."""
    closed = open_test_tally("sqlite", tmp_path / "closed", None)
    closed.close()
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="hocso.reports"):
        park(closed, marks)
    return caplog.text


def ordered(counts: list[Count]) -> list[Count]:
    return sorted(counts, key=lambda c: (c.unit_code, c.course_id or "", c.flag, c.day, c.cohort or ""))


def test_a_step_counts_once_per_learner_and_course(any_tally):
    assert any_tally.mark(mark("u.a")) is True
    assert any_tally.mark(mark("u.a")) is False
    assert any_tally.mark(mark("u.a", day=date(2026, 11, 24))) is False  # a later day is still the same step
    assert any_tally.mark(mark("u.a", course="attt")) is True
    assert any_tally.mark(mark("u.b")) is True
    assert ordered(any_tally.counts(COMMUNE)) == [count(1, course="attt"), count(2)]


def test_racing_marks_of_one_step_count_it_once(any_tally):
    results = run_together(8, lambda n: any_tally.mark(mark("u.a")))
    assert sorted(results) == [False] * 7 + [True]
    assert any_tally.counts(COMMUNE) == [count(1)]


def test_racing_marks_of_different_learners_all_count(any_tally):
    results = run_together(6, lambda n: any_tally.mark(mark(f"u.{n}")))
    assert results == [True] * 6
    assert any_tally.counts(COMMUNE) == [count(6)]


def test_counts_are_a_subtree(any_tally):
    any_tally.mark(mark("u.a", path="40/16813/"))
    any_tally.mark(mark("u.b", path="40/16813/16813-T1/"))
    any_tally.mark(mark("u.c", path="40/16684/"))
    any_tally.mark(mark("u.d", path="01/00004/"))
    assert ordered(any_tally.counts("40/16813/")) == [count(1), count(1, unit="16813-T1")]
    assert ordered(any_tally.counts("40/16813/16813-T1/")) == [count(1, unit="16813-T1")]
    assert ordered(any_tally.counts("40/")) == [count(1, unit="16684"), count(1), count(1, unit="16813-T1")]
    assert [c.unit_code for c in ordered(any_tally.counts(""))] == ["00004", "16684", "16813", "16813-T1"]
    assert any_tally.counts("40/1681/") == []  # a prefix of a code is not its parent


def test_account_steps_have_no_course(any_tally):
    assert any_tally.mark(mark("u.a", flag="issued", course=None)) is True
    assert any_tally.mark(mark("u.a", flag="issued", course=None)) is False
    assert any_tally.mark(mark("u.a", flag="activated", course=None, day=date(2026, 11, 24))) is True
    assert any_tally.mark(mark("u.b", flag="issued", course=None, cohort=None, deadline=None)) is True
    assert ordered(any_tally.counts(COMMUNE)) == [
        count(1, flag="activated", course=None, day=date(2026, 11, 24)),
        count(1, flag="issued", course=None, cohort=None, deadline=None),
        count(1, flag="issued", course=None),
    ]


def test_a_step_of_the_wrong_kind_is_refused(any_tally):
    with pytest.raises(ValueError):
        any_tally.mark(mark("u.a", flag="issued", course="cds"))
    with pytest.raises(ValueError):
        any_tally.mark(mark("u.a", flag="passed", course=None))
    with pytest.raises(ValueError):
        any_tally.mark(mark("u.a", flag="enrolled"))
    assert any_tally.counts("") == []


def test_counts_are_per_day_and_deadline(any_tally):
    for learner, day, deadline in [
        ("u.a", DAY, DEADLINE),
        ("u.b", DAY, DEADLINE),
        ("u.c", date(2026, 11, 25), DEADLINE),
        ("u.d", DAY, date(2026, 12, 11)),
    ]:
        any_tally.mark(mark(learner, flag="started", day=day, deadline=deadline))
    assert sorted(any_tally.counts(COMMUNE), key=lambda c: (c.day, c.deadline)) == [
        count(2, flag="started"),
        count(1, flag="started", deadline=date(2026, 12, 11)),
        count(1, flag="started", day=date(2026, 11, 25)),
    ]


def test_cohorts_count_apart(any_tally):
    any_tally.mark(mark("u.a", cohort="Đợt 1"))
    any_tally.mark(mark("u.b", cohort="Đợt #2"))  # a `#` in a cohort cannot merge it with another key
    any_tally.mark(mark("u.c", cohort=None))
    assert sorted(any_tally.counts(COMMUNE), key=lambda c: c.cohort or "") == [
        count(1, cohort=None),
        count(1, cohort="Đợt #2"),
        count(1, cohort="Đợt 1"),
    ]


def test_accounts_issued_and_passes_are_also_counted_per_category_within_the_totals(any_tally):
    any_tally.mark(mark("u.a", category="cbccvc"))
    any_tally.mark(mark("u.b", category="cbccvc"))
    any_tally.mark(mark("u.c", category="cnscd"))
    any_tally.mark(mark("u.d"))  # no category: in the totals only, "Không rõ"
    any_tally.mark(mark("u.e", flag="started", category="cnscd"))  # a step not split: in the totals only
    any_tally.mark_many([mark("u.f", flag="issued", course=None, category="dvtn"), mark("u.g", category="cnscd")])
    totals, shares = any_tally.split(COMMUNE)
    assert (
        ordered(totals)
        == ordered(any_tally.counts(COMMUNE))
        == [
            count(1, flag="issued", course=None),
            count(5),
            count(1, flag="started"),
        ]
    )
    assert sorted(shares, key=lambda c: (c.flag, c.category)) == [
        count(1, flag="issued", course=None, category="dvtn"),
        count(2, category="cbccvc"),
        count(2, category="cnscd"),
    ]


def test_a_step_taken_back_counts_down_in_its_category_too(any_tally):
    any_tally.mark(mark("u.a", flag="passed", category="cnscd"))
    any_tally.mark(mark("u.b", flag="passed", category="cnscd"))
    assert any_tally.unmark(mark("u.a", flag="passed", category="cnscd")) is True
    assert any_tally.split(COMMUNE) == ([count(1)], [count(1, category="cnscd")])


def test_a_step_taken_back_counts_down_once_and_is_never_counted_again(any_tally):
    any_tally.mark(mark("u.a", flag="certified"))
    any_tally.mark(mark("u.b", flag="certified"))
    assert any_tally.unmark(mark("u.a", flag="certified")) is True
    assert any_tally.unmark(mark("u.a", flag="certified")) is False
    assert any_tally.mark(mark("u.a", flag="certified")) is False
    assert any_tally.unmark(mark("u.c", flag="certified")) is False
    assert ordered(any_tally.counts(COMMUNE)) == [count(1, flag="certified")]


def test_a_step_counts_once_per_learner_and_round(any_tally):
    # A learner trained in 2025 and again in 2026: each round counts them once; steps before rounds count apart.
    assert any_tally.mark(mark("u.a", flag="passed", round="2025")) is True
    assert any_tally.mark(mark("u.a", flag="passed", round="2026", day=date(2026, 12, 1))) is True
    assert any_tally.mark(mark("u.a", flag="passed", round="2026", day=date(2026, 12, 2))) is False
    assert any_tally.mark(mark("u.b", flag="passed")) is True
    assert any_tally.mark(mark("u.b", flag="passed", round="2026")) is True
    assert any_tally.mark_many([mark("u.c", round="2025"), mark("u.c", round="2026"), mark("u.c", round="2026")]) == 2
    assert sum(c.n for c in any_tally.counts(COMMUNE)) == 6
    # Taken back in one round, the step still stands in the other.
    assert any_tally.unmark(mark("u.a", flag="passed", round="2025")) is True
    assert any_tally.unmark(mark("u.a", flag="passed", round="2025")) is False
    assert any_tally.mark(mark("u.a", flag="passed", round="2026")) is False
    assert sum(c.n for c in any_tally.counts(COMMUNE)) == 5


def test_a_mark_parked_in_a_round_is_reconciled_in_it(any_tally):
    any_tally.mark(mark("u.a", round="2025"))
    any_tally.park([mark("u.a", round="2026"), mark("u.a", round="2025")])
    assert sorted(m.round or "" for m in any_tally.parked()) == ["2025", "2026"]
    assert reconcile(any_tally) == Reconciled(counted=1, already=1)
    assert sum(c.n for c in any_tally.counts(COMMUNE)) == 2


def test_many_marks_count_as_one_by_one(any_tally):
    any_tally.mark(mark("u.a"))
    marks = [
        mark("u.a"),
        mark("u.b"),
        mark("u.b"),
        mark("u.c", course="attt"),
        mark("u.d", flag="issued", course=None),
        mark("u.e", path="40/16684/"),
    ]
    assert any_tally.mark_many(marks) == 4  # u.a was counted before, u.b's second mark is the same step
    assert any_tally.mark_many(marks) == 0
    assert ordered(any_tally.counts("40/")) == [
        count(1, unit="16684"),
        count(1, flag="issued", course=None),
        count(1, course="attt"),
        count(2),
    ]


def test_many_new_marks_count_a_step_named_twice_once_on_its_first_counter(any_tally):
    marks = [mark("u.a"), mark("u.b"), mark("u.a", path="40/16684/"), mark("u.c", path="40/16684/")]
    assert any_tally.mark_many(marks) == 3
    assert ordered(any_tally.counts("40/")) == [count(1, unit="16684"), count(2)]
    assert any_tally.mark_many(marks + [mark("u.d")]) == 1  # only u.d is new: the others are found noted


def test_many_marks_span_transactions(any_tally):
    any_tally.mark(mark("u.60"))
    # 120 learners on one counter and 60 on a counter each: three DynamoDB transactions of up to 100 items, the one
    # meeting u.60's earlier mark redone one by one.
    days = [date(2026, 9, 1) + timedelta(days=n) for n in range(60)]
    marks = [mark(f"u.{n}") for n in range(120)] + [mark(f"u.day{n}", day=day) for n, day in enumerate(days)]
    assert any_tally.mark_many(marks) == 179
    assert ordered(any_tally.counts(COMMUNE)) == ordered([count(120)] + [count(1, day=day) for day in days])


def test_many_marks_with_a_wrong_step_count_none(any_tally):
    with pytest.raises(ValueError):
        any_tally.mark_many([mark("u.a"), mark("u.b", flag="issued", course="cds")])
    assert any_tally.counts("") == []


def test_parked_marks_are_counted_once_by_reconcile(any_tally, tmp_path, caplog):
    any_tally.mark(mark("u.a"))
    # u.a's mark landed before it was parked (an answer lost); u.b is parked twice; u.c only ever reached the log.
    any_tally.park([mark("u.a"), mark("u.b"), mark("u.d", flag="issued", course=None, cohort=None, deadline=None)])
    any_tally.park([mark("u.b")])
    assert sorted(m.learner_id for m in any_tally.parked()) == ["u.a", "u.b", "u.d"]
    assert any_tally.counts(COMMUNE) == [count(1)]  # parked is not counted: the report undercounts until reconciled
    log = unparkable([mark("u.c")], tmp_path, caplog)
    assert UNPARKED in log
    assert reconcile(any_tally, logged(log)) == Reconciled(counted=3, already=1)
    assert any_tally.parked() == []
    assert ordered(any_tally.counts(COMMUNE)) == [
        count(1, flag="issued", course=None, cohort=None, deadline=None),
        count(3),
    ]
    assert reconcile(any_tally, logged(log)) == Reconciled(counted=0, already=1)
    assert reconcile(any_tally) == Reconciled(counted=0, already=0)
    assert sum(c.n for c in any_tally.counts(COMMUNE)) == 4


def test_a_parked_mark_taken_back_is_never_counted(any_tally):
    any_tally.park([mark("u.a", flag="certified")])
    assert any_tally.unmark(mark("u.a", flag="certified")) is False  # never counted: nothing to count down
    assert any_tally.parked() == []
    assert reconcile(any_tally) == Reconciled(counted=0, already=0)
    assert any_tally.counts(COMMUNE) == []


def test_a_logged_mark_reads_back_whatever_the_log_format_wraps_it_in(tmp_path, caplog):
    marks = [mark("u.a"), mark("u.b", cohort='Đợt "2" {x}', deadline=None)]
    plain = unparkable(marks, tmp_path, caplog)
    # Lambda's JSON log events, as `aws logs filter-log-events` prints them, escape quotes; base64url has none.
    events = [{"message": json.dumps({"level": "ERROR", "message": line})} for line in plain.splitlines()]
    assert logged(plain) == logged(json.dumps({"events": events}, indent=2)) == marks
    assert logged("[WARNING] could not count 1 marks; parking them\n") == []


def test_a_file_counted_before_categories_keeps_its_counters_as_of_no_category(tmp_path):
    import sqlite3

    from functions.stores.sqlite.tally import SQLiteTally

    path = tmp_path / "hocso.sqlite3"
    with sqlite3.connect(path) as db:  # the counters table as it was before categories
        db.executescript(
            TALLY_BEFORE_CATEGORIES
            + f"INSERT INTO tally (unit_path, cohort, course_id, deadline, day, unit_code, passed) "
            f"VALUES ('{COMMUNE}', 'Đợt 1', 'cds', '{DEADLINE.isoformat()}', '{DAY.isoformat()}', '16813', 3);"
        )
    store = SQLiteTally(path)
    store.mark(mark("u.a", category="cbccvc"))
    store.close()
    again = SQLiteTally(path)  # opened again, the columns are there already
    assert again.split(COMMUNE) == ([count(4)], [count(1, category="cbccvc")])
    again.close()


def test_a_file_counted_before_rounds_keeps_its_steps_as_of_no_round(tmp_path):
    import sqlite3

    from functions.stores.sqlite.tally import SQLiteTally

    path = tmp_path / "hocso.sqlite3"
    with sqlite3.connect(path) as db:  # the step tables as they were before rounds
        db.executescript(
            "CREATE TABLE marked (learner_id TEXT NOT NULL, course_id TEXT NOT NULL, flag TEXT NOT NULL, "
            "undone INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (learner_id, course_id, flag)) WITHOUT ROWID;"
            "CREATE TABLE parked (learner_id TEXT NOT NULL, course_id TEXT NOT NULL, flag TEXT NOT NULL, "
            "mark TEXT NOT NULL, PRIMARY KEY (learner_id, course_id, flag)) WITHOUT ROWID;"
            "INSERT INTO marked VALUES ('u.a', 'cds', 'passed', 0), ('u.b', 'cds', 'certified', 1);"
        )
        db.execute("INSERT INTO parked VALUES ('u.c', 'cds', 'passed', ?)", (mark("u.c").to_json(),))
    store = SQLiteTally(path)
    assert store.mark(mark("u.a")) is False  # counted before rounds: the same step of no round
    assert store.mark(mark("u.b", flag="certified")) is False  # taken back before rounds: still never again
    assert store.mark(mark("u.a", round="2027")) is True  # a later round counts them again
    assert [m.learner_id for m in store.parked()] == ["u.c"]
    assert reconcile(store) == Reconciled(counted=1, already=0)
    store.close()
    store = SQLiteTally(path)  # opened again: moved once, nothing lost
    assert store.mark(mark("u.a", round="2027")) is False and store.mark(mark("u.c")) is False
    store.close()


def test_classroom_completions_count_as_their_own_step_beside_passes(any_tally):
    assert any_tally.mark(mark("u.a", flag="classroom")) is True
    assert any_tally.mark(mark("u.a", flag="classroom")) is False  # a class's attendance synced again
    assert any_tally.mark(mark("u.a")) is True  # the same learner passing online is another step
    assert any_tally.mark(mark("u.b", flag="classroom")) is True
    assert ordered(any_tally.counts(COMMUNE)) == [count(2, flag="classroom"), count(1)]


def test_many_marks_beyond_one_lookup_count_as_one_by_one(any_tally):
    # 450 steps are looked up in three SQLite statements; those counted before fall in the second and third.
    any_tally.mark(mark("u.250"))
    any_tally.mark(mark("u.420"))
    marks = [mark(f"u.{n}") for n in range(450)] + [mark("u.300"), mark("u.449")]
    assert any_tally.mark_many(marks) == 448
    assert ordered(any_tally.counts(COMMUNE)) == [count(450)]
