"""Focal officials in the embedded SQLite file: a list per focal official, and a row per followed learner whose
primary key makes "one focal official at a time" a constraint rather than a hope."""

from __future__ import annotations

import json

from functions.accounts.focal import Assignment, FollowedElsewhere
from functions.stores.sqlite.file import SQLiteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS focal_lists (
    focal_id TEXT PRIMARY KEY,
    unit_path TEXT NOT NULL,
    learner_ids TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS focal_lists_by_path ON focal_lists (unit_path);
CREATE TABLE IF NOT EXISTS focal_followed (
    learner_id TEXT PRIMARY KEY,
    focal_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS focal_followed_by_focal ON focal_followed (focal_id);
"""


class SQLiteFocal(SQLiteFile):
    """Each focal official's list (`learner_ids`, JSON) and, per followed learner, who follows them."""

    SCHEMA = SCHEMA

    def assign(self, focal_id: str, unit_path: str, learner_ids: list[str]) -> None:
        wanted = sorted(set(learner_ids))
        with self._transaction() as db:
            marks = ",".join("?" * len(wanted))
            taken = {
                learner
                for (learner,) in db.execute(
                    f"SELECT learner_id FROM focal_followed WHERE learner_id IN ({marks}) AND focal_id != ?",
                    (*wanted, focal_id),
                )
            }
            if taken:
                raise FollowedElsewhere(taken)  # the transaction is rolled back: nothing written
            db.execute("DELETE FROM focal_followed WHERE focal_id = ?", (focal_id,))
            db.executemany(
                "INSERT INTO focal_followed (learner_id, focal_id) VALUES (?, ?)",
                [(learner, focal_id) for learner in wanted],
            )
            db.execute(
                "INSERT INTO focal_lists (focal_id, unit_path, learner_ids) VALUES (?, ?, ?) "
                "ON CONFLICT (focal_id) DO UPDATE SET "
                "unit_path = excluded.unit_path, learner_ids = excluded.learner_ids",
                (focal_id, unit_path, json.dumps(wanted)),
            )

    def followed(self, focal_id: str) -> list[str]:
        rows = self._read("SELECT learner_ids FROM focal_lists WHERE focal_id = ?", (focal_id,))
        return json.loads(rows[0][0]) if rows else []

    def under(self, unit_path: str) -> list[Assignment]:
        # A range on the path is the prefix match the index serves (see the accounts store).
        rows = self._read(
            "SELECT focal_id, unit_path, learner_ids FROM focal_lists "
            "WHERE unit_path >= ? AND unit_path < ? AND learner_ids != '[]' ORDER BY focal_id",
            (unit_path, unit_path + "\uffff"),
        )
        return [Assignment(focal_id=f, unit_path=p, learner_ids=tuple(json.loads(ids))) for f, p, ids in rows]
