"""Running sums per question, counted at each submission, so figures never need a scan of attempts.

For each (unit, course, month) a cell keeps, per question drawn there, five sums over the attempts that drew it:
`n` (draws), `right` (Σx, x = 1 when answered right), `rest` (Σs, s = the attempt's other questions answered right),
`rest2` (Σs²) and `right_rest` (Σxs). Difficulty and the point-biserial discrimination follow from these alone
(`functions.questions.figures`), and sums add up over units and months, so a subtree or a year is a sum of cells.

A submission adds its questions to its cell in one write (`QuestionSumsStore.add`); a write that fails never fails
the learner's submission: it is logged as a record (`UNKEPT`) with the attempt's id, which `logged` reads back and
`replay` adds (`hocso add-question-sums --log`) once per attempt however often it is run (`QuestionSumsStore.add_once`).
"""

from __future__ import annotations

import base64
import json
import logging
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple, Protocol

from functions import VIETNAM
from functions.grading import Grade

log = logging.getLogger("hocso.questions")
UNKEPT = "hocso-unkept-sums"
"""Begins the log record of a submission's sums that could not be written; its JSON follows in base64url."""


@dataclass(frozen=True)
class Sums:
    """One question's running sums (see the module's docstring); they add up."""

    n: int = 0
    right: int = 0
    rest: int = 0
    rest2: int = 0
    right_rest: int = 0

    def __add__(self, other: Sums) -> Sums:
        return Sums(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def __sub__(self, other: Sums) -> Sums:
        return Sums(*(a - b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, int, int, int, int]:
        """The sums in field order: n, right, rest, rest2, right_rest."""
        return self.n, self.right, self.rest, self.rest2, self.right_rest


FIELDS = ("n", "right", "rest", "rest2", "right_rest")
"""The names of `Sums`' fields, in order."""


class Cell(NamedTuple):
    """The sums of one unit (its own learners, not its subtree), course and month (YYYY-MM, in Vietnam)."""

    unit_path: str
    unit_code: str
    course_id: str
    month: str
    questions: dict[str, Sums]


class QuestionSumsStore(Protocol):
    """Per-question sums by unit, course and month; `functions.stores` has a SQLite and a DynamoDB adapter."""

    def add(self, cell: Cell) -> None:
        """Add the cell's sums to the stored ones, creating them on first use: one write (one upsert, one
        UpdateItem), atomic, so racing submissions both count."""

    def add_once(self, cell: Cell, token: str) -> bool:
        """`add`, unless sums under `token` (an attempt's id) were added by `add_once` before; True when added now.
        For replaying logged sums: the submission's own write stays `add`, one write without a guard."""

    def cells(self, unit_path: str, course_id: str) -> list[Cell]:
        """Every cell of a course in a subtree (path prefix, within one province: the country is read a province at
        a time), in unit path then month order."""

    def close(self) -> None: ...


@cache
def _one(x: int, s: int) -> Sums:
    """One draw's sums: a few dozen distinct values in all, made once and shared (`Sums` is frozen)."""
    return Sums(1, x, s, s * s, x * s)


def drawn(grade: Grade) -> dict[str, Sums]:
    """What one graded attempt adds for each question it drew: x is the question right, s the other questions
    right (the rest-score, so the question is not correlated with itself)."""
    correct = grade.correct
    return {question_id: _one(int(ok), correct - ok) for question_id, ok in grade.right.items()}


def month_of(moment: datetime) -> str:
    """The month (YYYY-MM) of a moment in Vietnam, the cell a submission counts in."""
    local = moment.astimezone(VIETNAM)
    return f"{local.year:04d}-{local.month:02d}"


def observe(store: QuestionSumsStore, claims, course_id: str, grade: Grade, at: datetime, attempt_id: str = "") -> None:
    """Add a signed-in learner's graded attempt to its cell (guests and administrators are not counted).

    Called after the grade is stored, and never fails the request: a learner must see a grade even when the
    statistics cannot be written. A failure is logged with the sums and the attempt's id (`UNKEPT`), for `replay`."""
    if claims is None or claims.role != "learner" or not grade.right:
        return
    cell = Cell(claims.unit_path, claims.unit_code, course_id, month_of(at), drawn(grade))
    try:
        store.add(cell)
    except Exception:  # any store failure: the submission is kept and answered all the same
        log.exception("could not add the sums of a submission to %s %s %s", cell.unit_path, course_id, cell.month)
        unkept(cell, attempt_id)


def unkept(cell: Cell, token: str) -> None:
    """Log sums that could not be written (`UNKEPT`), for `replay` to add once under `token` (an attempt's id)."""
    log.error("%s %s", UNKEPT, base64.urlsafe_b64encode(to_json(Unkept(token, cell)).encode()).decode())


class Unkept(NamedTuple):
    """A submission's sums that could not be written, and its attempt's id (what `replay` adds once)."""

    attempt_id: str
    cell: Cell


def to_json(unkept: Unkept) -> str:
    """Unwritten sums as one line of JSON (log records)."""
    cell = unkept.cell
    return json.dumps(
        {
            "attempt_id": unkept.attempt_id,
            **cell._asdict(),
            "questions": {q: asdict(s) for q, s in cell.questions.items()},
        }
    )


def from_json(text: str) -> Unkept:
    """What `to_json` wrote."""
    data = json.loads(text)
    attempt_id = data.pop("attempt_id")
    questions = {q: Sums(**s) for q, s in data.pop("questions").items()}
    return Unkept(attempt_id, Cell(**data, questions=questions))


_RECORD = re.compile(re.escape(UNKEPT) + r" ([A-Za-z0-9_-]+=*)")


def logged(text: str) -> list[Unkept]:
    """The sums of the `UNKEPT` records in `text` (a function's log as exported, in any format: a record is a word of
    base64url that neither plain text nor JSON log events escape)."""
    return [from_json(base64.urlsafe_b64decode(found.group(1)).decode()) for found in _RECORD.finditer(text)]


def replay(store: QuestionSumsStore, unkept: list[Unkept]) -> tuple[int, int]:
    """Add logged sums, each attempt's once however often this runs; (added now, added before). A store failure
    stops here, and a later run takes up the rest."""
    added = before = 0
    for attempt_id, cell in unkept:
        if store.add_once(cell, attempt_id):
            added += 1
        else:
            before += 1
    return added, before
