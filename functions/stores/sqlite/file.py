"""One SQLite file shared by the embedded stores: WAL mode, one connection per store, `BEGIN IMMEDIATE` writes.

Each store (attempts, accounts, certificates) opens its own connection to the same file and creates its own tables,
so a function opens only what it uses; WAL lets them read while another writes. No store's commit copies the log
back into the file: a thread does, beside them (`checkpoints`).
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from functions.stores.sqlite import checkpoints


@contextmanager
def transaction(db: sqlite3.Connection, lock: threading.Lock) -> Iterator[sqlite3.Connection]:
    """A write transaction that holds the file's write lock from its first statement, so checks cannot race. Whatever
    fails is rolled back, a COMMIT included (a full or failing disk leaves the transaction open): the caller learns it
    failed, so nothing of it may be committed later with the connection's next transaction."""
    with lock:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


class SQLiteFile:
    """A connection to the store's file, its schema applied, and a lock for the threads of one process."""

    SCHEMA = ""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.resolve()
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA wal_autocheckpoint=0")
        self._db.executescript(self.SCHEMA)
        self._lock = threading.Lock()
        checkpoints.attach(path)
        # Closed or forgotten (a store dropped without `close`), the store stops counting towards the thread.
        self._detach = weakref.finalize(self, checkpoints.detach, path)

    def shares_file(self, other: object) -> bool:
        """Whether `other` is a store of the same file, whose tables this store's connection can read too."""
        return isinstance(other, SQLiteFile) and other._file == self._file

    def _transaction(self):
        """A write transaction on the store's connection (`transaction`)."""
        return transaction(self._db, self._lock)

    def _read(self, sql: str, parameters: tuple | dict = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, parameters).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()
        self._detach()
