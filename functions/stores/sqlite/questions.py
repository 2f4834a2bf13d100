"""Per-question sums in the embedded SQLite file: a row per (course, unit, month, question), added to by upserts.

A submission's sums are not written by its request: they join the process's pending sums (`Pending`), where the
submissions of one unit's month add up per question, and a thread writes them every `FLUSH_INTERVAL` in one
transaction. A wave of a thousand submissions a second from one commune is then a hundred rows upserted ten times a
second instead of twenty thousand: the upsert of twenty rows was the largest statement of a submission (74 µs of its
CPU; now 7 µs to add them up). What is pending is written before this store reads (`cells`) or replays, when it
closes, when it is dropped, and at the interpreter's exit; a write that fails is kept pending and tried again at the
next turn. Only a process killed outright loses what it had pending: at most the last `FLUSH_INTERVAL`'s sums, which
are statistics (the grade and the reports' counts are written by the request itself). Another process reads sums
`FLUSH_INTERVAL` late at most.

Sums replayed from the log (`add_once`) leave their attempt's id in `question_sums_once`, in the same transaction."""

from __future__ import annotations

import logging
import sqlite3
import threading
import uuid
import weakref
from collections.abc import Mapping, Sequence
from functools import cache

from functions.questions.sums import FIELDS, Cell, Sums, unkept
from functions.stores.sqlite.file import SQLiteFile, transaction

FLUSH_INTERVAL = 0.1
"""Seconds between writes of the pending sums."""
log = logging.getLogger("hocso.questions")

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS question_sums (
    course_id TEXT NOT NULL,
    unit_path TEXT NOT NULL,
    month TEXT NOT NULL,
    question_id TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    {", ".join(f"{name} INTEGER NOT NULL" for name in FIELDS)},
    PRIMARY KEY (course_id, unit_path, month, question_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS question_sums_once (
    token TEXT PRIMARY KEY
) WITHOUT ROWID;
"""
_ADD = (
    f"INSERT INTO question_sums (course_id, unit_path, month, question_id, unit_code, {', '.join(FIELDS)}) "
    "VALUES {rows} ON CONFLICT DO UPDATE SET " + ", ".join(f"{name} = {name} + excluded.{name}" for name in FIELDS)
)


@cache
def _statement(rows: int) -> str:
    """The upsert of `rows` questions' sums (a cell holds at most its bank's questions: a few texts, each made once)."""
    return _ADD.format(rows=", ".join(["(" + ", ".join("?" * (5 + len(FIELDS))) + ")"] * rows))


MAX_ROWS = 1000
"""Rows in one upsert at most (10,000 bound values, within SQLite's 32,766)."""


def _upserts(key: tuple[str, str, str, str], questions: Mapping[str, Sequence[int]]):
    """The upserts adding one cell's sums (course, unit path, month, unit code): one statement, or one per
    `MAX_ROWS` questions."""
    course_id, unit_path, month, unit_code = key
    items = list(questions.items())
    for start in range(0, len(items), MAX_ROWS):
        chunk = items[start : start + MAX_ROWS]
        values: list[object] = []
        for question_id, sums in chunk:
            values += [course_id, unit_path, month, question_id, unit_code, *sums]
        yield _statement(len(chunk)), values


class Pending:
    """Sums added in this process and not yet written, summed per cell and question, and the thread writing them.

    It holds the store's connection and lock, not the store: a store dropped without `close` is written out by its
    finalizer, and its thread then stops."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock) -> None:
        self._db = db
        self._lock = lock
        self._guard = threading.Lock()
        self._cells: dict[tuple[str, str, str, str], dict[str, list[int]]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, cell: Cell) -> None:
        key = (cell.course_id, cell.unit_path, cell.month, cell.unit_code)
        with self._guard:
            if self._stop.is_set():
                raise sqlite3.ProgrammingError("the question sums store is closed")
            questions = self._cells.get(key)
            if questions is None:
                questions = self._cells[key] = {}
            for question_id, sums in cell.questions.items():
                row = questions.get(question_id)
                if row is None:
                    questions[question_id] = list(sums.astuple())
                else:
                    row[0] += sums.n
                    row[1] += sums.right
                    row[2] += sums.rest
                    row[3] += sums.rest2
                    row[4] += sums.right_rest
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="hocso question sums", daemon=True)
                self._thread.start()

    def flush(self) -> None:
        """Write what is pending in one transaction; kept pending, to be tried again, if the write fails."""
        with self._guard:
            cells, self._cells = self._cells, {}
        if not cells:
            return
        try:
            with transaction(self._db, self._lock) as db:
                for key, questions in cells.items():
                    for statement in _upserts(key, questions):
                        db.execute(*statement)
        except sqlite3.Error:
            with self._guard:
                for key, questions in cells.items():
                    kept = self._cells.setdefault(key, {})
                    for question_id, sums in questions.items():
                        row = kept.get(question_id)
                        kept[question_id] = sums if row is None else [a + b for a, b in zip(row, sums, strict=True)]
            raise

    def _run(self) -> None:
        while not self._stop.wait(FLUSH_INTERVAL):
            try:
                self.flush()
            except sqlite3.Error:  # busy past the timeout, a failing disk: kept pending for the next turn
                log.warning("could not write the pending question sums", exc_info=True)

    def close(self) -> None:
        """Write what is pending and stop the thread. Sums that cannot be written even now are logged (`UNKEPT`),
        each cell under a token of its own, for `replay` to add once."""
        with self._guard:
            self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        try:
            self.flush()
        except sqlite3.Error:
            log.exception("could not write the pending question sums before closing")
            with self._guard:
                cells, self._cells = self._cells, {}
            for (course_id, unit_path, month, unit_code), questions in cells.items():
                cell = Cell(unit_path, unit_code, course_id, month, {q: Sums(*sums) for q, sums in questions.items()})
                unkept(cell, f"pending-{uuid.uuid4().hex}")


class SQLiteQuestionSums(SQLiteFile):
    """Question sums keyed by course first, so a course's subtree is one range of the primary key."""

    SCHEMA = SCHEMA

    def __init__(self, path) -> None:
        super().__init__(path)
        self._pending = Pending(self._db, self._lock)
        self._written = weakref.finalize(self, self._pending.close)

    def add(self, cell: Cell) -> None:
        if cell.questions:
            self._pending.add(cell)

    def flush(self) -> None:
        """Write the sums pending in this process now."""
        self._pending.flush()

    def add_once(self, cell: Cell, token: str) -> bool:
        self._pending.flush()
        with self._transaction() as db:
            if not db.execute(
                "INSERT INTO question_sums_once (token) VALUES (?) ON CONFLICT DO NOTHING", (token,)
            ).rowcount:
                return False
            key = (cell.course_id, cell.unit_path, cell.month, cell.unit_code)
            for statement in _upserts(key, {q: sums.astuple() for q, sums in cell.questions.items()}):
                db.execute(*statement)
        return True

    def cells(self, unit_path: str, course_id: str) -> list[Cell]:
        self._pending.flush()
        rows = self._read(
            f"SELECT unit_path, unit_code, month, question_id, {', '.join(FIELDS)} FROM question_sums "
            "WHERE course_id = ? AND unit_path >= ? AND unit_path < ? ORDER BY unit_path, month, question_id",
            (course_id, unit_path, unit_path + "\uffff"),
        )
        found: dict[tuple[str, str], Cell] = {}
        for path, code, month, question_id, *sums in rows:
            cell = found.setdefault((path, month), Cell(path, code, course_id, month, {}))
            cell.questions[question_id] = Sums(*sums)
        return list(found.values())

    def close(self) -> None:
        self._written()
        super().close()
