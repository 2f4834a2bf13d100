"""Classroom training in the embedded SQLite file: a row per class (its description and learners as JSON), and a row
per attendance mark whose primary key makes a mark synced twice one mark, and a row per learner's paper test score
(recorded again, it replaces the row)."""

from __future__ import annotations

from datetime import date

from functions.classes import MOST_LEARNERS, ClassFull, ClassNotFound, Mark, Score, TrainingClass
from functions.stores.sqlite.file import SQLiteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS classes (
    class_id TEXT PRIMARY KEY,
    unit_path TEXT NOT NULL,
    first_day TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS classes_by_path ON classes (unit_path);
CREATE TABLE IF NOT EXISTS class_attendance (
    class_id TEXT NOT NULL,
    learner_id TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (class_id, learner_id, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS class_scores (
    class_id TEXT NOT NULL,
    learner_id TEXT NOT NULL,
    correct INTEGER NOT NULL,
    total INTEGER NOT NULL,
    PRIMARY KEY (class_id, learner_id)
) WITHOUT ROWID;
"""


class SQLiteClasses(SQLiteFile):
    """Classes (`body`: the whole `TrainingClass` as JSON), their attendance marks and paper test scores."""

    SCHEMA = SCHEMA

    def add(self, training: TrainingClass) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO classes (class_id, unit_path, first_day, body) VALUES (?, ?, ?, ?)",
                (training.class_id, training.unit_path, training.first_day.isoformat(), training.model_dump_json()),
            )

    def get(self, class_id: str) -> TrainingClass | None:
        rows = self._read("SELECT body FROM classes WHERE class_id = ?", (class_id,))
        return TrainingClass.model_validate_json(rows[0][0]) if rows else None

    def register(self, class_id: str, learner_ids: list[str]) -> TrainingClass:
        with self._transaction() as db:
            rows = db.execute("SELECT body FROM classes WHERE class_id = ?", (class_id,)).fetchall()
            if not rows:
                raise ClassNotFound(class_id)
            training = TrainingClass.model_validate_json(rows[0][0])
            joined = tuple(dict.fromkeys([*training.learner_ids, *learner_ids]))
            if len(joined) > MOST_LEARNERS:
                raise ClassFull(class_id)  # rolled back: nothing written
            training = training.model_copy(update={"learner_ids": joined})
            db.execute("UPDATE classes SET body = ? WHERE class_id = ?", (training.model_dump_json(), class_id))
        return training

    def attend(self, class_id: str, marks: list[Mark]) -> int:
        with self._transaction() as db:
            before = db.total_changes
            db.executemany(
                "INSERT INTO class_attendance (class_id, learner_id, day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(class_id, learner, day.isoformat()) for learner, day in marks],
            )
            return db.total_changes - before

    def attendance(self, class_id: str) -> list[Mark]:
        rows = self._read(
            "SELECT learner_id, day FROM class_attendance WHERE class_id = ? ORDER BY learner_id, day", (class_id,)
        )
        return [(learner, date.fromisoformat(day)) for learner, day in rows]

    def record_scores(self, class_id: str, scores: dict[str, Score]) -> None:
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO class_scores (class_id, learner_id, correct, total) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (class_id, learner_id) DO UPDATE SET correct = excluded.correct, total = excluded.total",
                [(class_id, learner, correct, total) for learner, (correct, total) in scores.items()],
            )

    def scores(self, class_id: str) -> dict[str, Score]:
        rows = self._read(
            "SELECT learner_id, correct, total FROM class_scores WHERE class_id = ? ORDER BY learner_id", (class_id,)
        )
        return {learner: (correct, total) for learner, correct, total in rows}

    def under(self, unit_path: str) -> list[TrainingClass]:
        # A range on the path is the prefix match the index serves (see the accounts store).
        rows = self._read(
            "SELECT body FROM classes WHERE unit_path >= ? AND unit_path < ? ORDER BY first_day, class_id",
            (unit_path, unit_path + "\uffff"),
        )
        return [TrainingClass.model_validate_json(body) for (body,) in rows]
