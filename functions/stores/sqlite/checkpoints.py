"""Checkpoints of the SQLite file's write-ahead log, kept off the request path.

In WAL mode SQLite copies the log back into the database file (a checkpoint) inside the commit that takes the log past
1,000 pages (`wal_autocheckpoint`), so that commit returns only once the copy and its `fsync` are done. A submission
writes 9 pages, so every ~110th paid 5-20 ms here, and on a server's one event loop every request in flight waited with
it. The stores' connections therefore never checkpoint (`wal_autocheckpoint=0`); one thread per file and process does,
several times a second, in `PASSIVE` mode: it waits for no reader and no writer and copies what no reader still
needs. A writer starts the log over only when it finds it all copied, which under a steady stream of writes it never
does (each commit adds pages while the copy runs), so once the log passes `RESTART_PAGES` the thread checkpoints in
`RESTART` mode: writers wait while it copies the few pages the passive pass left, then the log starts over. A reader
still in an older snapshot (a long report) would hold that wait, so it gives up after `RESTART_WAIT` and tries again
at the next turn: writers never wait on it longer than that. The thread runs while any store of the file is open in
the process; the last connection to close checkpoints what is left, as SQLite always does.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

INTERVAL = 0.1
"""Seconds between checkpoints: at a wave's thousands of submissions a second, a few thousand pages each time."""
RESTART_PAGES = 4000
"""The log's length (pages of 4 KB) past which writers wait for it to start over: 16 MB."""
RESTART_WAIT = 0.05
"""Seconds a restart waits for readers and writers (its connection's busy timeout) before it gives up for this turn."""
log = logging.getLogger("hocso.stores")
_lock = threading.Lock()
_running: dict[Path, _Checkpointer] = {}


class _Checkpointer:
    """The thread checkpointing one file, and how many stores of it are open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.users = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"hocso checkpoints {path.name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=RESTART_WAIT)
        try:
            while not self._stop.wait(INTERVAL):
                try:
                    _, pages, _ = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    if pages > RESTART_PAGES:
                        db.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()
                except sqlite3.Error:  # busy past RESTART_WAIT, or a failing disk: the log grows until the next turn
                    log.warning("could not checkpoint %s", self.path, exc_info=True)
        finally:
            db.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def attach(path: Path) -> None:
    """Count one more store of `path` open in this process; the first starts the file's checkpoint thread."""
    key = path.resolve()
    with _lock:
        checkpointer = _running.get(key)
        if checkpointer is None:
            checkpointer = _running[key] = _Checkpointer(key)
        checkpointer.users += 1


def detach(path: Path) -> None:
    """Count a store of `path` closed; the last one stops the file's checkpoint thread."""
    key = path.resolve()
    with _lock:
        checkpointer = _running.get(key)
        if checkpointer is None:
            return
        checkpointer.users -= 1
        if checkpointer.users:
            return
        del _running[key]
    checkpointer.stop()


def running(path: Path) -> bool:
    """Whether a thread checkpoints `path` in this process."""
    with _lock:
        return path.resolve() in _running
