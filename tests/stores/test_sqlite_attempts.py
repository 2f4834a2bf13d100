"""The SQLite attempt store's own layout: the start record in a table of its own, and a file made when it was a
column of the attempt's row (before December 2026) moved to that layout on open, every attempt kept. And a write
whose COMMIT fails, as every SQLite store's transaction (`functions.stores.sqlite.file.transaction`) undoes it."""

import json
import sqlite3
from datetime import timedelta

import pytest

from functions.attempts import Outcome
from functions.stores.sqlite.attempts import SQLiteStore
from tests.stores.test_store_contract import LEARNER, NOW, finished, new_attempt
from tests.support.stores import FailingCommit

# The tables and writes of the code before the start record had its own table, as that code made them.
OLD_SCHEMA = """
CREATE TABLE attempts (
    id TEXT PRIMARY KEY, learner_id TEXT NOT NULL, course_id TEXT NOT NULL, started_at TEXT NOT NULL,
    submitted_at TEXT, body TEXT NOT NULL, saved TEXT, saved_at TEXT, outcome TEXT
);
CREATE INDEX attempts_by_learner ON attempts (learner_id, course_id, started_at);
ALTER TABLE attempts ADD COLUMN expires_at TEXT;
CREATE INDEX attempts_by_expiry ON attempts (expires_at) WHERE expires_at IS NOT NULL;
"""
OLD_START = "INSERT INTO attempts (id, learner_id, course_id, started_at, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)"


def old_file(path):
    """A file as the earlier code left it: one attempt submitted, one with answers saved, one guest's practice."""
    done, saving = new_attempt("done"), new_attempt("saving", course="other")
    practice = new_attempt("practice", learner="guest-aaaaaaaaaaaaaaaa").model_copy(
        update={"practice": True, "expires_at": NOW + timedelta(days=1)}
    )
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(OLD_SCHEMA)
    for attempt in (done, saving, practice):
        expires_at = attempt.expires_at.isoformat() if attempt.expires_at else None
        db.execute(
            OLD_START,
            (
                attempt.id,
                attempt.learner_id,
                attempt.course_id,
                attempt.started_at.isoformat(),
                attempt.model_dump_json(),
                expires_at,
            ),
        )
    graded = finished(done, correct=True)
    outcome = Outcome.model_validate(graded.model_copy(update={"saved": {}, "saved_at": None}), from_attributes=True)
    db.execute(
        "UPDATE attempts SET submitted_at = ?, outcome = ? WHERE id = ?",
        (outcome.submitted_at.isoformat(), outcome.model_dump_json(), "done"),
    )
    answers = {saving.questions[0].id: [1]}
    db.execute(
        "UPDATE attempts SET saved = ?, saved_at = ? WHERE id = ?", (json.dumps(answers), NOW.isoformat(), "saving")
    )
    db.close()
    return graded, saving.model_copy(update={"saved": answers, "saved_at": NOW}), practice


def columns(path, table):
    db = sqlite3.connect(path)
    try:
        return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    finally:
        db.close()


def test_a_submission_leaves_the_start_record_unwritten(tmp_path):
    store = SQLiteStore(tmp_path / "a.sqlite3")
    attempt = new_attempt("a1")
    store.start(attempt, max_attempts=3)
    assert "body" not in columns(tmp_path / "a.sqlite3", "attempts")
    assert store.finish(finished(attempt, correct=True)) == store.get("a1")
    assert store.get("a1").questions == attempt.questions
    store.close()


def test_the_sheet_sits_before_the_start_record_in_its_row(tmp_path):
    """A row's first bytes are on its page; a 5 KB start record spills onto overflow pages, which a column after it
    would have a read follow."""
    SQLiteStore(tmp_path / "a.sqlite3").close()
    db = sqlite3.connect(tmp_path / "a.sqlite3")
    order = [row[1] for row in db.execute("PRAGMA table_info(attempt_starts)")]
    db.close()
    assert order == ["id", "sheet", "body"]


def test_a_file_made_by_the_earlier_layout_opens_with_every_attempt_as_it_was(tmp_path):
    path = tmp_path / "old.sqlite3"
    done, saving, practice = old_file(path)
    store = SQLiteStore(path)
    assert "body" not in columns(path, "attempts") and columns(path, "attempt_starts") == {"id", "body", "sheet"}
    assert store.get("done") == done and store.get("saving") == saving and store.get("practice") == practice
    # Started before sheets were kept: read as sheets from their start records.
    assert [store.sheet(attempt.id) for attempt in (done, saving, practice)] == [
        done.sheet(),
        saving.sheet(),
        practice.sheet(),
    ]
    assert store.attempts(LEARNER, "mini") == [done]
    # And it works on as a new file does: a save, a submission once, a start, the practice purged.
    assert store.save("saving", {}, NOW + timedelta(minutes=1))
    first = store.finish(finished(saving, correct=False))
    assert store.finish(finished(saving, correct=True)) == first == store.get("saving")
    store.start(new_attempt("next"), max_attempts=3)
    assert [attempt.id for attempt in store.attempts(LEARNER, "mini")] == ["done", "next"]
    assert store.purge(NOW + timedelta(days=2)) == 1 and store.get("practice") is None
    store.close()
    SQLiteStore(path).close()  # opened again, nothing left to move


def test_the_purge_forgets_a_practice_attempts_start_record_too(tmp_path):
    store = SQLiteStore(tmp_path / "a.sqlite3")
    practice = new_attempt("p1").model_copy(update={"practice": True, "expires_at": NOW + timedelta(hours=1)})
    store.start(practice, max_attempts=3)
    assert store.purge(NOW + timedelta(hours=2)) == 1
    db = sqlite3.connect(tmp_path / "a.sqlite3")
    assert db.execute("SELECT count(*) FROM attempt_starts").fetchone() == (0,)
    db.close()
    store.close()


def test_a_start_whose_commit_fails_is_undone_and_the_next_write_begins_anew(tmp_path):
    store = SQLiteStore(tmp_path / "a.sqlite3")
    connection = store._db
    store._db = FailingCommit(connection)  # type: ignore[assignment]
    with pytest.raises(sqlite3.OperationalError):
        store.start(new_attempt("lost"), max_attempts=3)
    assert not connection.in_transaction
    store.start(new_attempt("kept", course="other"), max_attempts=3)
    store._db = connection
    # Had the failed start stayed open, the next COMMIT would have kept it too, unknown to its caller.
    assert store.get("lost") is None and store.get("kept") is not None
    store.close()
