"""Progress counters in the embedded SQLite file: who was counted, and how many per unit, cohort, course and day.

A mark is one transaction: the learner's step goes into `marked`, whose primary key lets it in once, and only when
it went in does the counter go up. `BEGIN IMMEDIATE` holds the file's write lock from the first statement, so racing
marks of the same step (threads or processes) count it once.
"""

from __future__ import annotations

from datetime import date

from functions.reports.tally import Count, Mark, check
from functions.stores.sqlitefile import SQLiteFile

# None is stored as '' in key columns: SQLite lets NULLs repeat in a primary key, so a NULL would defeat it.
SCHEMA = """
CREATE TABLE IF NOT EXISTS marked (
    learner_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    flag TEXT NOT NULL,
    PRIMARY KEY (learner_id, course_id, flag)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tally (
    unit_path TEXT NOT NULL,
    cohort TEXT NOT NULL,
    course_id TEXT NOT NULL,
    deadline TEXT NOT NULL,
    day TEXT NOT NULL,
    flag TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (unit_path, cohort, course_id, deadline, day, flag)
) WITHOUT ROWID;
"""


class SQLiteTally(SQLiteFile):
    """Counters clustered by unit path (a `WITHOUT ROWID` table), so a subtree's counters are one range of pages."""

    SCHEMA = SCHEMA

    def mark(self, mark: Mark) -> bool:
        check(mark)
        with self._transaction() as db:
            inserted = db.execute(
                "INSERT INTO marked (learner_id, course_id, flag) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (mark.learner_id, mark.course_id or "", mark.flag),
            ).rowcount
            if not inserted:
                return False
            db.execute(
                "INSERT INTO tally (unit_path, cohort, course_id, deadline, day, flag, unit_code, n) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1",
                (mark.unit_path, mark.cohort or "", mark.course_id or "",
                 mark.deadline.isoformat() if mark.deadline else "", mark.day.isoformat(), mark.flag, mark.unit_code),
            )
        return True

    def counts(self, unit_path: str) -> list[Count]:
        # A range on the key's first column is a prefix match the primary key serves (LIKE would not: codes hold `_`).
        rows = self._read(
            "SELECT unit_code, cohort, course_id, flag, day, deadline, n FROM tally WHERE unit_path >= ? AND unit_path < ?",
            (unit_path, unit_path + "\uffff"),
        )
        days: dict[str, date | None] = {"": None}  # a few hundred distinct dates among up to a million counters
        out = []
        for unit_code, cohort, course_id, flag, day, deadline, n in rows:
            if day not in days:
                days[day] = date.fromisoformat(day)
            if deadline not in days:
                days[deadline] = date.fromisoformat(deadline)
            out.append(Count(unit_code, cohort or None, course_id or None, flag, days[day], days[deadline], n))
        return out
