"""The embedded default store: one SQLite file in WAL mode, safe for concurrent requests in one process or many."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from functions.attempts import Attempt, AttemptLimitReached

SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id TEXT PRIMARY KEY,
    learner_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    submitted_at TEXT,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_learner ON attempts (learner_id, course_id);
"""


class SQLiteAttemptStore:
    """Attempts as JSON documents keyed by id; the columns beside them serve look-ups and the once-only finish."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def add(self, attempt: Attempt, max_attempts: int) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                (used,) = self._db.execute(
                    "SELECT count(*) FROM attempts WHERE learner_id = ? AND course_id = ?",
                    (attempt.learner_id, attempt.course_id),
                ).fetchone()
                if used >= max_attempts:
                    raise AttemptLimitReached
                self._db.execute(
                    "INSERT INTO attempts (id, learner_id, course_id, started_at, body) VALUES (?, ?, ?, ?, ?)",
                    (
                        attempt.id,
                        attempt.learner_id,
                        attempt.course_id,
                        attempt.started_at.isoformat(),
                        attempt.model_dump_json(),
                    ),
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def get(self, attempt_id: str) -> Attempt | None:
        with self._lock:
            row = self._db.execute("SELECT body FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        return Attempt.model_validate_json(row[0]) if row else None

    def finish(self, attempt: Attempt) -> Attempt:
        with self._lock:
            changed = self._db.execute(
                "UPDATE attempts SET submitted_at = ?, body = ? WHERE id = ? AND submitted_at IS NULL",
                (attempt.submitted_at.isoformat(), attempt.model_dump_json(), attempt.id),
            ).rowcount
        if changed:
            return attempt
        stored = self.get(attempt.id)
        if stored is None:
            raise LookupError(attempt.id)
        return stored

    def count(self, learner_id: str, course_id: str) -> int:
        with self._lock:
            (used,) = self._db.execute(
                "SELECT count(*) FROM attempts WHERE learner_id = ? AND course_id = ?", (learner_id, course_id)
            ).fetchone()
        return used

    def close(self) -> None:
        with self._lock:
            self._db.close()
