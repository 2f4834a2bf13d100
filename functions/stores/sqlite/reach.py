"""Reach counters in the embedded SQLite file: one row per (day, id, kind, place), bumped by an UPSERT.

A scan at a place the id has not had that day first counts the id's places of the day, in the same write
transaction: the file's write lock is held from the first statement, so two new places cannot both take the last slot.
"""

from __future__ import annotations

from datetime import date

from functions.reach import PAGE_SIZE, PLACES_PER_DAY, Count, Kind, ReachSummary, TooManyPlaces, summarise
from functions.stores.sqlite.file import SQLiteFile

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


BUMP = (
    "INSERT INTO reach (day, id, kind, place, n) VALUES (?, ?, ?, ?, 1) "
    "ON CONFLICT (day, id, kind, place) DO UPDATE SET n = n + 1"
)


class SQLiteReach(SQLiteFile):
    """Reach counters beside the other stores' tables."""

    SCHEMA = SCHEMA

    def add(self, id: str, kind: Kind, place: str | None, day: date) -> None:
        key = (day.isoformat(), id, kind, place or "")
        if not place:  # one row per id, day and kind at most: nothing to bound
            with self._lock:  # one statement is its own transaction: no read, nothing to race
                self._db.execute(BUMP, key)
            return
        with self._transaction() as db:
            known = db.execute(
                "SELECT 1 FROM reach WHERE day = ? AND id = ? AND kind = ? AND place = ?", key
            ).fetchone()
            if known is None:
                (places,) = db.execute(
                    "SELECT COUNT(*) FROM reach WHERE day = ? AND id = ? AND kind = 'scan' AND place != ''", key[:2]
                ).fetchone()
                if places >= PLACES_PER_DAY:
                    raise TooManyPlaces(id)
            db.execute(BUMP, key)

    def summary(self, from_day: date, to_day: date, limit: int = PAGE_SIZE, cursor: str | None = None) -> ReachSummary:
        rows = self._read(
            "SELECT day, id, kind, place, n FROM reach WHERE day BETWEEN ? AND ?",
            (from_day.isoformat(), to_day.isoformat()),
        )
        counts = (Count(date.fromisoformat(day), id, kind, place or None, n) for day, id, kind, place, n in rows)
        return summarise(from_day, to_day, counts, limit, cursor)
