"""The SQLite tally's spans (`functions.stores.sqlite.spans`): each counter's days summed into one row by triggers,
equal to `tally` summed by its key after every kind of write, and made on opening a file that has none."""

import random
import sqlite3
from collections import Counter
from datetime import date, timedelta

import pytest

from functions.reports.grouping import Grouping, group
from functions.reports.tally import ACCOUNT_FLAGS, FLAGS
from functions.stores.sqlite.spans import COLUMNS, DAY_COLUMNS, KEY
from functions.stores.sqlite.tally import SQLiteTally
from tests.support.tally import COMMUNE, DAY, DEADLINE, TALLY_BEFORE_CATEGORIES, mark

SUMMED = (
    f"SELECT {', '.join(KEY)}, min(unit_code), min(day), max(day), {', '.join(f'SUM({c})' for c in COLUMNS)} "
    f"FROM tally GROUP BY {', '.join(KEY)} ORDER BY {', '.join(KEY)}"
)
SPANS = (
    f"SELECT {', '.join(KEY)}, unit_code, first_day, last_day, {', '.join(COLUMNS)} FROM tally_span ORDER BY 1, 2, 3, 4"
)
_NONZERO = " OR ".join(f"{column} != 0" for column in DAY_COLUMNS)
DAYS_SUMMED = (
    f"SELECT * FROM (SELECT substr(unit_path, 1, instr(unit_path, '/')) AS top, cohort, course_id, day, "
    f"{', '.join(f'SUM({c}) AS {c}' for c in DAY_COLUMNS)} FROM tally GROUP BY 1, 2, 3, 4) WHERE {_NONZERO} "
    "ORDER BY 1, 2, 3, 4"
)
DAYS = (
    f"SELECT unit_path, cohort, course_id, day, {', '.join(DAY_COLUMNS)} FROM tally_day WHERE {_NONZERO} "
    "ORDER BY 1, 2, 3, 4"
)
GROUPINGS = [
    Grouping(),
    Grouping((date(2026, 11, 24),)),
    Grouping((date(2026, 10, 1), date(2026, 11, 1)), course_id="cds"),
    Grouping((date(2026, 1, 1), date(2026, 3, 1), date(2026, 11, 24)), cohort="Đợt 2"),
]


def _rows(path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def _summed(counts: list) -> Counter:
    """Counts as sums by key, those at 0 left out (`group` keeps them, SQLite does not)."""
    out: Counter = Counter()
    for count in counts:
        out[count._replace(n=0)] += count.n
    return +out


def _marks(seed: int, n: int = 60) -> list:
    rng = random.Random(seed)
    marks = []
    for k in range(n):
        path = rng.choice((COMMUNE, "40/16684/", "41/17001/"))
        cohort, course = rng.choice((None, "Đợt 1", "Đợt 2")), rng.choice(("cds", "attt"))
        day = date(2025, 12, 1) + timedelta(days=rng.randrange(360))
        deadline = rng.choice((None, day + timedelta(days=14)))
        category = rng.choice((None, "cbccvc", "cnscd"))
        for flag in FLAGS:
            if rng.random() < 0.6:
                day += timedelta(days=rng.randrange(40))
                course_of = None if flag in ACCOUNT_FLAGS else course
                marks.append(mark(f"u.{k}", flag, path, course_of, day, cohort, deadline, category))
    return marks


def test_spans_hold_the_counters_summed_by_their_key_after_every_write(tmp_path):
    path = tmp_path / "hocso.sqlite3"
    store = SQLiteTally(path)
    marks = _marks(1)
    store.mark_many(marks[: len(marks) // 2])
    for each in marks[len(marks) // 2 :]:
        store.mark(each)
    for taken in random.Random(1).sample(marks, 15):
        store.unmark(taken)
    store.close()
    spans = _rows(path, SPANS)
    assert spans == _rows(path, SUMMED)
    assert _rows(path, DAYS) == _rows(path, DAYS_SUMMED) != []
    assert len(spans) > 20 and any(first != last for *_, first, last in (span[:7] for span in spans))


def test_a_counter_keeps_its_key(tmp_path):
    path = tmp_path / "hocso.sqlite3"
    store = SQLiteTally(path)
    store.mark(mark("u.a"))
    store.close()
    with sqlite3.connect(path) as db, pytest.raises(sqlite3.DatabaseError, match="keeps its key"):
        db.execute("UPDATE tally SET day = '2026-12-01'")
    with sqlite3.connect(path) as db:  # a deleted counter leaves its span's days, its counts taken out
        db.execute("DELETE FROM tally")
    assert _rows(path, "SELECT first_day, last_day, passed FROM tally_span") == [(DAY.isoformat(),) * 2 + (0,)]


def test_a_file_made_before_spans_gets_them_summed_on_opening(tmp_path):
    path = tmp_path / "hocso.sqlite3"
    with sqlite3.connect(path) as db:  # counters as a file made before spans (and before categories) holds them
        db.executescript(TALLY_BEFORE_CATEGORIES)
        for n, day in enumerate((date(2026, 9, 30), date(2026, 10, 2), date(2026, 11, 23)), start=1):
            db.execute(
                "INSERT INTO tally (unit_path, cohort, course_id, deadline, day, unit_code, issued, passed) "
                "VALUES (?, 'Đợt 1', '', ?, ?, '16813', ?, 0), (?, 'Đợt 1', 'cds', ?, ?, '16813', 0, ?)",
                (COMMUNE, DEADLINE.isoformat(), day.isoformat(), n) * 2,
            )
    store = SQLiteTally(path)
    assert _rows(path, SPANS) == _rows(path, SUMMED)
    assert _rows(path, DAYS) == _rows(path, DAYS_SUMMED) != []
    store.mark_many(_marks(2))
    store.close()
    store = SQLiteTally(path)  # opened again: made once, kept since
    assert _rows(path, SPANS) == _rows(path, SUMMED)
    assert _rows(path, DAYS) == _rows(path, DAYS_SUMMED)
    counts, shares = store.split("")
    found = store.grouped("", GROUPINGS)
    for grouping, grouped in zip(GROUPINGS, found, strict=True):
        expected = group(counts, shares, grouping)
        assert [_summed(part) for part in grouped] == [_summed(part) for part in expected], grouping
    store.close()


def test_spans_of_other_columns_are_made_again_on_opening(tmp_path):
    path = tmp_path / "hocso.sqlite3"
    SQLiteTally(path).close()
    with sqlite3.connect(path) as db:  # as if a counter column were added after the spans were made
        for name in ("insert", "update", "delete"):
            db.execute(f"DROP TRIGGER tally_span_{name}")
        db.execute("DROP TABLE tally_span")
        db.execute("CREATE TABLE tally_span (unit_path TEXT PRIMARY KEY)")
        db.execute(
            "CREATE TRIGGER tally_span_insert AFTER INSERT ON tally BEGIN "
            "INSERT INTO tally_span VALUES (NEW.unit_path) ON CONFLICT DO NOTHING; END"
        )
        db.execute(
            "INSERT INTO tally (unit_path, cohort, course_id, deadline, day, unit_code, passed) "
            f"VALUES ('{COMMUNE}', '', 'cds', '', '{DAY.isoformat()}', '16813', 2)"
        )
    store = SQLiteTally(path)
    store.mark(mark("u.a"))
    store.close()
    assert _rows(path, SPANS) == _rows(path, SUMMED)
    assert _rows(path, "SELECT sum(passed) FROM tally_span") == [(3,)]


def test_a_counter_counted_again_adds_to_its_span_and_day_once(tmp_path):
    path = tmp_path / "hocso.sqlite3"
    store = SQLiteTally(path)
    store.mark(mark("u.a", category="cbccvc"))
    store.mark(mark("u.b", category="cbccvc"))  # the same counter row: the upsert updates it
    store.mark(mark("u.c", day=DAY - timedelta(days=3)))
    store.close()
    assert _rows(path, "SELECT first_day, last_day, passed, passed_cbccvc FROM tally_span") == [
        ((DAY - timedelta(days=3)).isoformat(), DAY.isoformat(), 3, 2)
    ]
    assert _rows(path, "SELECT unit_path, day, passed, passed_cbccvc FROM tally_day ORDER BY day") == [
        ("40/", (DAY - timedelta(days=3)).isoformat(), 1, 0),
        ("40/", DAY.isoformat(), 2, 2),
    ]


def test_a_grouped_read_ends_its_read_transaction(tmp_path):
    store = SQLiteTally(tmp_path / "hocso.sqlite3")
    store.mark(mark("u.a"))
    (first,) = store.grouped("", [Grouping()])
    store.mark(mark("u.b"))  # a write after the read: the read's snapshot is not held
    (second,) = store.grouped("", [Grouping()])
    store.close()
    assert [count.n for count in first.counts] == [1] and [count.n for count in second.counts] == [2]
