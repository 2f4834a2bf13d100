"""The SQLite file's log is copied back by a thread beside the stores, never inside a store's commit."""

from __future__ import annotations

from functions.stores.sqlite import checkpoints
from functions.stores.sqlite.audit import SQLiteAudit
from functions.stores.sqlite.file import SQLiteFile
from tests.support.waiting import until


class Notes(SQLiteFile):
    SCHEMA = "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"

    def add(self, body: str) -> None:
        with self._lock:
            self._db.execute("INSERT INTO notes (body) VALUES (?)", (body,))


def test_a_stores_commit_never_checkpoints(tmp_path):
    notes = Notes(tmp_path / "hocso.sqlite3")
    assert notes._read("PRAGMA wal_autocheckpoint") == [(0,)]
    notes.close()


def test_what_is_written_reaches_the_database_file_in_the_background(tmp_path):
    path = tmp_path / "hocso.sqlite3"
    notes = Notes(path)
    empty = path.stat().st_size
    for n in range(300):  # about 300 pages, in the log first
        notes.add(f"{n} " + "x" * 4000)
    assert until(lambda: path.stat().st_size > empty + 250 * 4096, seconds=5.0)
    assert notes._read("SELECT count(*) FROM notes") == [(300,)]
    notes.close()


def test_the_stores_of_a_file_share_one_thread_which_stops_with_the_last(tmp_path):
    path = tmp_path / "hocso.sqlite3"
    notes, audit = Notes(path), SQLiteAudit(path)
    assert checkpoints.running(path)
    notes.close()
    assert checkpoints.running(path)
    audit.close()
    assert not checkpoints.running(path)
    again = Notes(path)  # and a store opened later starts it again
    assert checkpoints.running(path)
    again.close()


def test_a_store_dropped_without_closing_stops_counting(tmp_path):
    path = tmp_path / "hocso.sqlite3"
    Notes(path)  # dropped at once: CPython frees it here
    assert not checkpoints.running(path)
