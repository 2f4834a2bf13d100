"""A province's training rounds in the embedded SQLite file: one row a province, its list as JSON with a version."""

from __future__ import annotations

from functions.rounds import Rounds
from functions.stores.sqlite.file import SQLiteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS rounds (
    top TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    body TEXT NOT NULL
);
"""


class SQLiteRounds(SQLiteFile):
    """The rounds half of the accounts store (`AccountStore.rounds`, `put_rounds`)."""

    def rounds(self, top: str) -> Rounds:
        rows = self._read("SELECT body FROM rounds WHERE top = ?", (top,))
        return Rounds.model_validate_json(rows[0][0]) if rows else Rounds()

    def put_rounds(self, top: str, rounds: Rounds) -> bool:
        with self._transaction() as db:
            row = db.execute("SELECT version FROM rounds WHERE top = ?", (top,)).fetchone()
            if (row[0] if row else 0) != rounds.version - 1:
                return False
            db.execute(
                "INSERT INTO rounds (top, version, body) VALUES (?, ?, ?) "
                "ON CONFLICT (top) DO UPDATE SET version = excluded.version, body = excluded.body",
                (top, rounds.version, rounds.model_dump_json()),
            )
        return True
