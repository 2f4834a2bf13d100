"""Progress counters in the embedded SQLite file: who was counted, and how many per unit, cohort, course and day.

A mark is one transaction: the learner's step goes into `marked`, whose primary key lets it in once, and only when
it went in does the counter go up. `BEGIN IMMEDIATE` holds the file's write lock from the first statement, so racing
marks of the same step (threads or processes) count it once. `mark_many` does the same for a whole list in one
transaction, each counter going up once by its sum.

A counter row holds every step of its (unit, cohort, course, deadline, day, category) in a column each, as the
DynamoDB item does: a national report reads 100,000 rows rather than 250,000, which is most of its time.

A mark that could not be counted waits in `parked`, keyed by its step as `marked` is, until it is reconciled. SQLite
is not throttled; a busy or full file is what would park a mark here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from functions.reports.tally import FLAGS, Count, Mark, check
from functions.stores.sqlite.file import SQLiteFile

# None is stored as '' in key columns: SQLite lets NULLs repeat in a primary key, so a NULL would defeat it.
_TALLY = f"""
CREATE TABLE IF NOT EXISTS tally (
    unit_path TEXT NOT NULL,
    cohort TEXT NOT NULL,
    course_id TEXT NOT NULL,
    deadline TEXT NOT NULL,
    day TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    unit_code TEXT NOT NULL,
    {", ".join(f"{flag} INTEGER NOT NULL DEFAULT 0" for flag in FLAGS)},
    PRIMARY KEY (unit_path, cohort, course_id, deadline, day, category)
) WITHOUT ROWID;
"""
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS marked (
    learner_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    flag TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (learner_id, course_id, flag)
) WITHOUT ROWID;
{_TALLY}
CREATE TABLE IF NOT EXISTS parked (
    learner_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    flag TEXT NOT NULL,
    mark TEXT NOT NULL,
    PRIMARY KEY (learner_id, course_id, flag)
) WITHOUT ROWID;
"""
_COLUMNS = "unit_code, NULLIF(cohort, ''), NULLIF(course_id, ''), day, deadline, NULLIF(category, ''), " + ", ".join(
    FLAGS
)
_KEY = "unit_path, cohort, course_id, deadline, day, category"


def _counter(mark: Mark) -> tuple[str, ...]:
    """The `tally` row a mark counts in: its key columns, then the unit code."""
    return (
        mark.unit_path,
        mark.cohort or "",
        mark.course_id or "",
        mark.deadline.isoformat() if mark.deadline else "",
        mark.day.isoformat(),
        mark.category or "",
        mark.unit_code,
    )


def _first(db, mark: Mark) -> bool:
    """Note the learner's step; False when it was noted before (counted, or counted and taken back)."""
    return bool(
        db.execute(
            "INSERT INTO marked (learner_id, course_id, flag) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (mark.learner_id, mark.course_id or "", mark.flag),
        ).rowcount
    )


def _add(db, counter: tuple[str, ...], flag: str, n: int) -> None:
    """Add `n` to a counter's step, making the row on its first count; `flag` was checked to be one of FLAGS."""
    db.execute(
        f"INSERT INTO tally ({_KEY}, unit_code, {flag}) "
        f"VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET {flag} = {flag} + excluded.{flag}",
        (*counter, n),
    )


def _unpark(db, mark: Mark) -> None:
    db.execute(
        "DELETE FROM parked WHERE learner_id = ? AND course_id = ? AND flag = ?",
        (mark.learner_id, mark.course_id or "", mark.flag),
    )


class SQLiteTally(SQLiteFile):
    """Counters clustered by unit path (a `WITHOUT ROWID` table), so a subtree's counters are one range of pages."""

    SCHEMA = SCHEMA

    def __init__(self, path) -> None:
        super().__init__(path)
        if any(row[1] == "category" for row in self._read("PRAGMA table_info(tally)")):
            return
        with self._transaction() as db:  # asked again under the write lock: another process may have copied it
            if not any(row[1] == "category" for row in db.execute("PRAGMA table_info(tally)")):
                # A file counted before categories: the column joins the primary key, which SQLite cannot alter, so
                # the table is copied once; its counters become those of no category ("Không rõ").
                db.execute("ALTER TABLE tally RENAME TO tally_before_categories")
                db.execute(_TALLY)
                kept = ", ".join(("unit_path", "cohort", "course_id", "deadline", "day", "unit_code", *FLAGS))
                db.execute(f"INSERT INTO tally ({kept}) SELECT {kept} FROM tally_before_categories")
                db.execute("DROP TABLE tally_before_categories")

    def mark(self, mark: Mark) -> bool:
        check(mark)  # the flag is one of FLAGS, so naming its column in the SQL is safe
        with self._transaction() as db:
            if not _first(db, mark):
                return False
            _add(db, _counter(mark), mark.flag, 1)
        return True

    def mark_many(self, marks: list[Mark]) -> int:
        for mark in marks:
            check(mark)
        added: Counter = Counter()
        with self._transaction() as db:
            for mark in marks:
                if _first(db, mark):
                    added[_counter(mark), mark.flag] += 1
            # A counter goes up once by its sum, rather than once per learner.
            for (counter, flag), n in added.items():
                _add(db, counter, flag, n)
        return sum(added.values())

    def unmark(self, mark: Mark) -> bool:
        check(mark)
        with self._transaction() as db:
            _unpark(db, mark)  # taken back before it was counted: never to be counted now
            # The row stays, marked undone, so a later `mark` of the same step is still refused.
            changed = db.execute(
                "UPDATE marked SET undone = 1 WHERE learner_id = ? AND course_id = ? AND flag = ? AND undone = 0",
                (mark.learner_id, mark.course_id or "", mark.flag),
            ).rowcount
            if not changed:
                return False
            db.execute(
                f"UPDATE tally SET {mark.flag} = {mark.flag} - 1 WHERE unit_path = ? AND cohort = ? AND course_id = ? "
                "AND deadline = ? AND day = ? AND category = ?",
                _counter(mark)[:-1],
            )
        return True

    def park(self, marks: list[Mark]) -> None:
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO parked (learner_id, course_id, flag, mark) VALUES (?, ?, ?, ?)",
                [(mark.learner_id, mark.course_id or "", mark.flag, mark.to_json()) for mark in marks],
            )

    def parked(self) -> list[Mark]:
        return [Mark.from_json(text) for (text,) in self._read("SELECT mark FROM parked")]

    def unpark(self, mark: Mark) -> None:
        with self._transaction() as db:
            _unpark(db, mark)

    def counts(self, unit_path: str) -> list[Count]:
        # A range on the key's first column is a prefix match the primary key serves (LIKE would not: codes hold `_`).
        rows = self._read(
            f"SELECT {_COLUMNS} FROM tally WHERE unit_path >= ? AND unit_path < ?", (unit_path, unit_path + "\uffff")
        )
        # A few hundred distinct dates among 100,000 rows, each parsed once; an empty deadline is none.
        days: dict[str, date] = {}
        deadlines: dict[str, date | None] = {"": None}
        out: list[Count] = []
        append = out.append
        # Spelled out rather than a loop over FLAGS: a third faster for the 250,000 counters of a national report.
        # The unpacking fails loudly if FLAGS ever changes.
        for (
            unit_code,
            cohort,
            course_id,
            day,
            deadline,
            cat,
            issued,
            activated,
            started,
            lessons,
            passed,
            certified,
        ) in rows:
            if day not in days:
                days[day] = date.fromisoformat(day)
            if deadline not in deadlines:
                deadlines[deadline] = date.fromisoformat(deadline)
            on, by = days[day], deadlines[deadline]
            if course_id is None:
                if issued:
                    append(Count(unit_code, cohort, None, "issued", on, by, issued, cat))
                if activated:
                    append(Count(unit_code, cohort, None, "activated", on, by, activated, cat))
                continue
            if started:
                append(Count(unit_code, cohort, course_id, "started", on, by, started, cat))
            if lessons:
                append(Count(unit_code, cohort, course_id, "lessons_done", on, by, lessons, cat))
            if passed:
                append(Count(unit_code, cohort, course_id, "passed", on, by, passed, cat))
            if certified:
                append(Count(unit_code, cohort, course_id, "certified", on, by, certified, cat))
        return out
