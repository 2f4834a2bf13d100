"""The embedded default store: one SQLite file in WAL mode, safe for concurrent requests in one process or many.

An attempt's start record is a JSON document (`body`, 5 KB for 20 questions), written once in a table of its own
(`attempt_starts`); the answers saved along the way (`saved`) and the outcome (`outcome`: answers, grade, submission
time) sit in the attempt's small row, so neither a save nor a submission rewrites what the attempt showed. (SQLite
rewrites a row whole when one of its columns changes: with the start record in the row, a submission wrote 7 pages;
now it writes one.) Beside it, before it in the row, the attempt's sheet (`functions.attempts.Sheet`, 0.7 KB): what a
submission reads, so that it neither parses the questions' texts nor follows the record onto its overflow pages. A
file made when the start record was a column of `attempts` is moved to this layout on open; in a file made before
sheets, an attempt started then is read whole and its sheet drawn from it.
`submitted_at IS NULL` marks the one attempt a learner may have open per course; every check-then-write runs inside
`BEGIN IMMEDIATE`, so two processes cannot both pass the same check.

A guest's practice attempt carries `expires_at`; `purge` deletes those past it, with the per-client counts of guest
starts (`guest_starts`), so what guests leave behind is bounded by the rate limit times the expiry.
"""

from __future__ import annotations

import json
from datetime import datetime

from functions.attempts import (
    Attempt,
    AttemptLimitReached,
    AttemptOpen,
    Read,
    Sheet,
    assemble,
    outcome_of,
    with_outcome,
)
from functions.stores.sqlite.accounts import TOKEN_VERSION, SQLiteAccounts
from functions.stores.sqlite.file import SQLiteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id TEXT PRIMARY KEY,
    learner_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    submitted_at TEXT,
    saved TEXT,
    saved_at TEXT,
    outcome TEXT,
    expires_at TEXT
);
CREATE TABLE IF NOT EXISTS attempt_starts (
    id TEXT PRIMARY KEY,
    sheet TEXT,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_learner ON attempts (learner_id, course_id, started_at);
CREATE TABLE IF NOT EXISTS guest_starts (
    client TEXT NOT NULL,
    window TEXT NOT NULL,
    n INTEGER NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (client, window)
);
CREATE TABLE IF NOT EXISTS lessons_done (
    learner_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    lesson_id TEXT NOT NULL,
    done_at TEXT NOT NULL,
    PRIMARY KEY (learner_id, course_id, lesson_id)
);
"""

SHEET_WITH_VERSION = (
    f"SELECT ({TOKEN_VERSION}), a.id, s.sheet, a.saved, a.saved_at, a.outcome"
    " FROM (SELECT 1) LEFT JOIN attempts a ON a.id = :attempt LEFT JOIN attempt_starts s ON s.id = a.id"
)
"""The learner's token version (NULL without an account) and the attempt's sheet (a NULL id without an attempt)."""


class SQLiteStore(SQLiteFile):
    """Attempts and lesson progress in one SQLite file."""

    SCHEMA = SCHEMA

    def __init__(self, path) -> None:
        super().__init__(path)
        with self._transaction() as db:  # one process moves an older file; the others then find it moved
            columns = {row[1] for row in db.execute("PRAGMA table_info(attempts)")}
            if "expires_at" not in columns:  # a file made before guests' attempts expired
                db.execute("ALTER TABLE attempts ADD COLUMN expires_at TEXT")
            if "body" in columns:  # a file made when the start record sat in the attempt's row
                db.execute("INSERT OR IGNORE INTO attempt_starts (id, body) SELECT id, body FROM attempts")
                db.execute("ALTER TABLE attempts DROP COLUMN body")
            if "sheet" not in {row[1] for row in db.execute("PRAGMA table_info(attempt_starts)")}:
                db.execute("ALTER TABLE attempt_starts ADD COLUMN sheet TEXT")  # a file made before sheets
            db.execute(
                "CREATE INDEX IF NOT EXISTS attempts_by_expiry ON attempts (expires_at) WHERE expires_at IS NOT NULL"
            )

    @staticmethod
    def _attempt(row) -> Attempt:
        return assemble(Attempt, *row)

    def start(self, attempt: Attempt, max_attempts: int) -> None:
        with self._transaction() as db:
            rows = db.execute(
                "SELECT id, submitted_at FROM attempts WHERE learner_id = ? AND course_id = ?",
                (attempt.learner_id, attempt.course_id),
            ).fetchall()
            open_ids = [attempt_id for attempt_id, submitted_at in rows if submitted_at is None]
            if open_ids:
                raise AttemptOpen(open_ids[0])
            if len(rows) >= max_attempts:
                raise AttemptLimitReached
            expires_at = attempt.expires_at.isoformat() if attempt.expires_at else None
            db.execute(
                "INSERT INTO attempts (id, learner_id, course_id, started_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                (attempt.id, attempt.learner_id, attempt.course_id, attempt.started_at.isoformat(), expires_at),
            )
            db.execute(
                "INSERT INTO attempt_starts (id, body, sheet) VALUES (?, ?, ?)",
                (attempt.id, attempt.model_dump_json(), attempt.sheet().model_dump_json()),
            )

    def _stored(self, start: str, attempt_id: str) -> tuple | None:
        """The attempt's start record (`body`) or sheet, then its saved answers, their time and its outcome."""
        with self._lock:
            return self._db.execute(
                f"SELECT s.{start}, a.saved, a.saved_at, a.outcome FROM attempts a JOIN attempt_starts s ON s.id = a.id"
                " WHERE a.id = ?",
                (attempt_id,),
            ).fetchone()

    def get(self, attempt_id: str) -> Attempt | None:
        row = self._stored("body", attempt_id)
        return self._attempt(row) if row else None

    def sheet(self, attempt_id: str) -> Sheet | None:
        row = self._stored("sheet", attempt_id)
        return None if row is None else self._sheet(attempt_id, row)

    def _sheet(self, attempt_id: str, row: tuple) -> Sheet | None:
        if row[0] is None:  # started before sheets were kept: read from its start record
            attempt = self.get(attempt_id)
            return attempt.sheet() if attempt else None
        return assemble(Sheet, *row)

    def sheet_with_version(
        self, accounts: object, attempt_id: str, learner_id: str
    ) -> tuple[Sheet | None, int | None] | None:
        """The attempt's sheet and the learner's token version in one statement, when `accounts` keeps its accounts
        in this store's file (`functions.stores.joint`); None when it does not."""
        if not (isinstance(accounts, SQLiteAccounts) and self.shares_file(accounts)):
            return None
        with self._lock:
            version, found, *row = self._db.execute(
                SHEET_WITH_VERSION, {"learner": learner_id, "attempt": attempt_id}
            ).fetchone()
        return (None if found is None else self._sheet(attempt_id, tuple(row))), version

    def save(self, attempt_id: str, answers: dict[str, list[int]], saved_at: datetime) -> bool:
        with self._lock:
            changed = self._db.execute(
                "UPDATE attempts SET saved = ?, saved_at = ? WHERE id = ? AND submitted_at IS NULL",
                (json.dumps(answers), saved_at.isoformat(), attempt_id),
            ).rowcount
        return bool(changed)

    def finish(self, attempt: Read) -> Read:
        finished = attempt.model_copy(update={"saved": {}, "saved_at": None})
        at, outcome = outcome_of(finished)
        with self._lock:
            changed = self._db.execute(
                "UPDATE attempts SET submitted_at = ?, outcome = ?, saved = NULL, saved_at = NULL"
                " WHERE id = ? AND submitted_at IS NULL",
                (at, outcome, attempt.id),
            ).rowcount
            if changed:
                return finished
            stored = self._db.execute("SELECT outcome FROM attempts WHERE id = ?", (attempt.id,)).fetchone()
        if stored is None or stored[0] is None:
            raise LookupError(attempt.id)
        return with_outcome(attempt, stored[0])

    def attempts(self, learner_id: str, course_id: str) -> list[Attempt]:
        with self._lock:
            rows = self._db.execute(
                "SELECT s.body, a.saved, a.saved_at, a.outcome FROM attempts a JOIN attempt_starts s ON s.id = a.id"
                " WHERE a.learner_id = ? AND a.course_id = ? ORDER BY a.started_at, a.id",
                (learner_id, course_id),
            ).fetchall()
        return [self._attempt(row) for row in rows]

    def count_start(self, client: str, window: datetime, limit: int, expires_at: datetime) -> bool:
        with self._transaction() as db:
            row = db.execute(
                "SELECT n FROM guest_starts WHERE client = ? AND window = ?", (client, window.isoformat())
            ).fetchone()
            if row and row[0] >= limit:
                return False
            db.execute(
                "INSERT INTO guest_starts (client, window, n, expires_at) VALUES (?, ?, 1, ?) "
                "ON CONFLICT (client, window) DO UPDATE SET n = n + 1",
                (client, window.isoformat(), expires_at.isoformat()),
            )
        return True

    def purge(self, now: datetime) -> int:
        with self._transaction() as db:
            gone = db.execute(
                "DELETE FROM attempts WHERE expires_at IS NOT NULL AND expires_at <= ? RETURNING id", (now.isoformat(),)
            ).fetchall()
            db.executemany("DELETE FROM attempt_starts WHERE id = ?", gone)
            db.execute("DELETE FROM guest_starts WHERE expires_at <= ?", (now.isoformat(),))
        return len(gone)

    def mark_done(self, learner_id: str, course_id: str, lesson_id: str, at: datetime) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO lessons_done (learner_id, course_id, lesson_id, done_at) VALUES (?, ?, ?, ?)",
                (learner_id, course_id, lesson_id, at.isoformat()),
            )

    def lessons_done(self, learner_id: str, course_id: str) -> set[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT lesson_id FROM lessons_done WHERE learner_id = ? AND course_id = ?", (learner_id, course_id)
            ).fetchall()
        return {lesson_id for (lesson_id,) in rows}
