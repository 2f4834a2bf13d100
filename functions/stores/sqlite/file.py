"""One SQLite file shared by the embedded stores: WAL mode, one connection per store, `BEGIN IMMEDIATE` writes.

Each store (attempts, accounts, certificates) opens its own connection to the same file and creates its own tables,
so a function opens only what it uses; WAL lets them read while another writes.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

BULK_CHECKPOINT = 10_000
"""Pages the log may reach before a commit of an import's batch checkpoints it (`_bulk_transaction`), rather than
SQLite's 1,000: a batch of 1,000 accounts dirties about 1,500 pages of random keys, so at 1,000 nearly every commit
copied its pages back into the file (0.35-0.5 s of a province's 36,000), where at 10,000 (40 MB of log) one in about
six does, the pages rewritten meanwhile copied once."""


class SQLiteFile:
    """A connection to the store's file, its schema applied, and a lock for the threads of one process."""

    SCHEMA = ""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(self.SCHEMA)
        self._lock = threading.Lock()

    @contextmanager
    def _transaction(self):
        """A write transaction that holds the file's write lock from its first statement, so checks cannot race."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _bulk_transaction(self):
        """`_transaction` for a batch of an import: its commit checkpoints the log only past `BULK_CHECKPOINT` pages
        (a file whose connection checkpoints at a higher mark, or never, keeps its own)."""
        with self._lock:
            before = self._db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
            if 0 < before < BULK_CHECKPOINT:
                self._db.execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT}")
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            finally:
                self._db.execute(f"PRAGMA wal_autocheckpoint={before}")

    def _read(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, parameters).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()
