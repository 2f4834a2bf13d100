"""Reach counters in the embedded SQLite file: one row per (day, id, kind, place), bumped by an UPSERT."""

from __future__ import annotations

from datetime import date

from functions.reach import Count, Kind, ReachSummary, summarise
from functions.stores.sqlitefile import SQLiteFile

# `place` is '' rather than NULL when a scan names none: NULLs never collide in a primary key, so each unplaced scan
# would insert a row of its own instead of bumping the one counter.
SCHEMA = """
CREATE TABLE IF NOT EXISTS reach (
    day TEXT NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    n INTEGER NOT NULL,
    PRIMARY KEY (day, id, kind, place)
) WITHOUT ROWID;
"""


class SQLiteReach(SQLiteFile):
    """Reach counters beside the other stores' tables."""

    SCHEMA = SCHEMA

    def add(self, id: str, kind: Kind, place: str | None, day: date) -> None:
        with self._lock:  # one statement is its own transaction: no read, nothing to race
            self._db.execute(
                "INSERT INTO reach (day, id, kind, place, n) VALUES (?, ?, ?, ?, 1) "
                "ON CONFLICT (day, id, kind, place) DO UPDATE SET n = n + 1",
                (day.isoformat(), id, kind, place or ""),
            )

    def summary(self, from_day: date, to_day: date) -> ReachSummary:
        rows = self._read(
            "SELECT day, id, kind, place, n FROM reach WHERE day BETWEEN ? AND ?", (from_day.isoformat(), to_day.isoformat())
        )
        counts = (Count(date.fromisoformat(day), id, kind, place or None, n) for day, id, kind, place, n in rows)
        return summarise(from_day, to_day, counts)
