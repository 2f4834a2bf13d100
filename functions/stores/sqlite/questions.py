"""Per-question sums in the embedded SQLite file: a row per (course, unit, month, question), added to by one upsert
a submission (a row per question it drew, in one statement). Sums replayed from the log (`add_once`) leave their
attempt's id in `question_sums_once`, in the same transaction."""

from __future__ import annotations

from functools import cache

from functions.questions.sums import FIELDS, Cell, Sums
from functions.stores.sqlite.file import SQLiteFile

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
    """The upsert of `rows` questions' sums (a submission draws the same number each time: one text, prepared once)."""
    return _ADD.format(rows=", ".join(["(" + ", ".join("?" * (5 + len(FIELDS))) + ")"] * rows))


def _upsert(cell: Cell) -> tuple[str, list[object]]:
    """The one statement adding a cell's sums: a row of values per question."""
    values: list[object] = []
    key = (cell.course_id, cell.unit_path, cell.month)
    for question_id, sums in cell.questions.items():
        values += [*key, question_id, cell.unit_code, *sums.astuple()]
    return _statement(len(cell.questions)), values


class SQLiteQuestionSums(SQLiteFile):
    """Question sums keyed by course first, so a course's subtree is one range of the primary key."""

    SCHEMA = SCHEMA

    def add(self, cell: Cell) -> None:
        if not cell.questions:
            return
        with self._lock:
            self._db.execute(*_upsert(cell))

    def add_once(self, cell: Cell, token: str) -> bool:
        with self._transaction() as db:
            if not db.execute(
                "INSERT INTO question_sums_once (token) VALUES (?) ON CONFLICT DO NOTHING", (token,)
            ).rowcount:
                return False
            if cell.questions:
                db.execute(*_upsert(cell))
        return True

    def cells(self, unit_path: str, course_id: str) -> list[Cell]:
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
