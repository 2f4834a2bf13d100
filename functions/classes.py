"""Classroom training (bồi dưỡng, tập huấn trực tiếp): a class held in one place over at most three days, its
learners, their attendance day by day, and who completed it.

The programme trains focal officials in classes first ("10 lớp, mỗi lớp 100 học viên", "03 ngày/lớp"; "các lớp tập
huấn diễn ra không quá 3 ngày/lớp", Kế hoạch 420/KH-UBND, Nghệ An 2023), ending with a test that evaluates the
training. Here a class belongs to a unit and a course: an administrator of the unit (or above) registers learners of
the unit's subtree, attendance is a set of marks (learner, day), so a sheet synced twice changes nothing, and a
learner completes the class by attending every one of its days and, when the class asks for it, passing the course's
test: online, as every learner does, or the same test on paper, its score (correct answers out of the course's
questions) typed in by the trainer or an administrator. Completions are counted in the reports as their own step
(`classroom` in `functions.reports.tally`), beside the online passes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Annotated, Protocol

from pydantic import BaseModel, ConfigDict, StringConstraints

from functions.accounts.account import Account
from functions.errors import ApiError
from functions.reports import tally

MOST_DAYS = 3
"""A class lasts at most three days, first and last included (the programme's "không quá 3 ngày/lớp")."""
MOST_LEARNERS = 120
"""Learners one class may hold: the programme's 100 with room to spare, kept in one store item with its class."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]


class ClassDraft(BaseModel):
    """A class as an administrator describes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Text
    place: Text
    first_day: date
    last_day: date
    trainer: Text
    course_id: Code
    unit_code: Code
    needs_test: bool = False
    """Whether completing asks for the course's test passed too, besides every day attended."""


class TrainingClass(ClassDraft):
    """A kept class: its id, its unit's path (its scope), and the learners registered, in registration order."""

    class_id: str
    unit_path: str
    learner_ids: tuple[str, ...] = ()

    def days(self) -> list[date]:
        """Every day of the class, first to last."""
        return [self.first_day + timedelta(days=n) for n in range((self.last_day - self.first_day).days + 1)]


Mark = tuple[str, date]
"""A learner present on a day of a class: (learner id, day)."""
Score = tuple[int, int]
"""A learner's paper test in a class: (correct answers, questions of the test when it was recorded)."""


class ClassNotFound(LookupError):
    """No class with this id."""


class ClassFull(Exception):
    """Registering these learners would put more than `MOST_LEARNERS` in the class; nothing was written."""


class ClassStore(Protocol):
    def add(self, training: TrainingClass) -> None:
        """Keep a new class (its id is new)."""

    def get(self, class_id: str) -> TrainingClass | None:
        """The class with this id, or None."""

    def register(self, class_id: str, learner_ids: list[str]) -> TrainingClass:
        """Add learners to the class (those already in it stay once), all or nothing: ClassFull past
        `MOST_LEARNERS`, ClassNotFound for no such class."""

    def attend(self, class_id: str, marks: list[Mark]) -> int:
        """Keep attendance marks; a mark kept before changes nothing (a sync replayed). How many were new."""

    def attendance(self, class_id: str) -> list[Mark]:
        """Every mark of the class, by learner then day."""

    def record_scores(self, class_id: str, scores: dict[str, Score]) -> None:
        """Keep each learner's paper test score, replacing the one kept before (one per learner and class)."""

    def scores(self, class_id: str) -> dict[str, Score]:
        """Every paper test score of the class, by learner id."""

    def under(self, unit_path: str) -> list[TrainingClass]:
        """The classes of the units of a subtree (path prefix), by first day then id."""

    def close(self) -> None: ...


def check_dates(first_day: date, last_day: date) -> None:
    """Refuse a class whose last day comes before its first (`class_dates_reversed`), or that lasts more than
    `MOST_DAYS` days (`class_too_long`)."""
    if last_day < first_day:
        raise ApiError("class_dates_reversed", [{"field": "last_day", "problem": last_day.isoformat()}])
    days = (last_day - first_day).days + 1
    if days > MOST_DAYS:
        raise ApiError("class_too_long", [{"field": "last_day", "problem": f"{days} ngày"}])


def check_learners(
    training: TrainingClass, scope: str, usernames: list[str], found: dict[str, Account | None]
) -> list[str]:
    """The learner ids of `usernames` (each looked up in `found`) to register in `training`, checked by an
    administrator of `scope`; raises the first kind of problem, naming every username that has it, so one answer
    fixes the whole list: `class_learner_unknown` (no such learner in the administrator's subtree),
    `learner_outside_unit` (a learner outside the class's unit and the units below it), `class_too_many`."""
    wanted = list(dict.fromkeys(name.strip() for name in usernames if name.strip()))
    problems: dict[str, list[str]] = {"class_learner_unknown": [], "learner_outside_unit": []}
    for username in wanted:
        learner = found.get(username)
        if learner is None or learner.role != "learner" or not learner.unit_path.startswith(scope):
            problems["class_learner_unknown"].append(username)
        elif not learner.unit_path.startswith(training.unit_path):
            problems["learner_outside_unit"].append(username)
    for code, names in problems.items():
        if names:
            raise ApiError(code, [{"field": "learners", "problem": name} for name in names])
    ids = [found[username].learner_id for username in wanted]  # type: ignore[union-attr]
    if len(set(training.learner_ids) | set(ids)) > MOST_LEARNERS:
        raise ApiError(
            "class_too_many", [{"field": "learners", "problem": str(len(set(training.learner_ids) | set(ids)))}]
        )
    return ids


def check_marks(training: TrainingClass, marks: Iterable[Mark]) -> list[Mark]:
    """The marks, each once, if every one is of a learner registered in the class on one of its days; else the
    whole batch is refused: `attendance_outside_dates` naming each day outside the class, then
    `attendance_not_registered` naming each learner id not in it."""
    kept = list(dict.fromkeys(marks))
    days = set(training.days())
    outside = sorted({day for _, day in kept if day not in days})
    if outside:
        raise ApiError("attendance_outside_dates", [{"field": "day", "problem": day.isoformat()} for day in outside])
    registered = set(training.learner_ids)
    strangers = sorted({learner for learner, _ in kept if learner not in registered})
    if strangers:
        raise ApiError("attendance_not_registered", [{"field": "learner", "problem": who} for who in strangers])
    return kept


def check_scores(training: TrainingClass, questions: int, scores: Iterable[tuple[str, int]]) -> dict[str, Score]:
    """The paper scores to keep, by learner (a learner twice in one batch: the later one, as typed last), each out of
    the course's `questions`; else the whole batch is refused: `class_no_test` when the class does not ask for the
    test, `paper_score_out_of_range` naming each learner whose score is below 0 or above `questions`, then
    `paper_score_not_registered` naming each learner id not in the class."""
    if not training.needs_test:
        raise ApiError("class_no_test")
    kept = dict(scores)
    wrong = sorted(learner for learner, correct in kept.items() if not 0 <= correct <= questions)
    if wrong:
        raise ApiError(
            "paper_score_out_of_range",
            [{"field": "correct", "problem": f"{who}: {kept[who]}/{questions}"} for who in wrong],
        )
    strangers = sorted(set(kept) - set(training.learner_ids))
    if strangers:
        raise ApiError("paper_score_not_registered", [{"field": "learner", "problem": who} for who in strangers])
    return {learner: (correct, questions) for learner, correct in kept.items()}


def passed_on_paper(score: Score, pass_percent: int) -> bool:
    """Whether a paper score reaches the course's pass mark, reckoned as an online attempt is graded
    (`functions.grading.grade`: the percent rounded to one decimal place)."""
    correct, total = score
    return total > 0 and round(100 * correct / total, 1) >= pass_percent


def present(marks: Iterable[Mark]) -> dict[str, set[date]]:
    """The days each learner was present."""
    days: dict[str, set[date]] = {}
    for learner, day in marks:
        days.setdefault(learner, set()).add(day)
    return days


def completed(training: TrainingClass, marks: Iterable[Mark], passed: set[str]) -> list[str]:
    """The registered learners who completed the class: present every day of it, and in `passed` (the course's test
    passed online or on paper) when the class needs the test; in registration order."""
    days, attended = set(training.days()), present(marks)
    return [
        learner
        for learner in training.learner_ids
        if days <= attended.get(learner, set()) and (not training.needs_test or learner in passed)
    ]


def completion_marks(training: TrainingClass, learners: Iterable[Account]) -> list[tally.Mark]:
    """The counter marks of learners who completed the class: the `classroom` step of its course, on its last day,
    in each learner's round (counted once per learner, course and round however often attendance is synced)."""
    return [
        tally.Mark(
            learner.learner_id,
            learner.unit_code,
            learner.unit_path,
            learner.cohort,
            training.course_id,
            "classroom",
            training.last_day,
            learner.deadline,
            learner.category,
            learner.round,
        )
        for learner in learners
    ]


USERNAME_HEADER = "Tên đăng nhập"
"""The column of a registration CSV that holds usernames (else its first column does)."""


def usernames_of_csv(data: bytes) -> list[str]:
    """The usernames of a registration CSV (UTF-8, a byte-order mark allowed): the column headed `USERNAME_HEADER`,
    else the first column (a header row that is not a username is then refused with the names as unknown). Raises
    `import_unreadable` for a file that is not UTF-8 text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError("import_unreadable") from None
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        return []
    header = [cell.strip() for cell in rows[0]]
    if USERNAME_HEADER in header:
        column = header.index(USERNAME_HEADER)
        rows = rows[1:]
    else:
        column = 0
    return [row[column].strip() for row in rows if len(row) > column and row[column].strip()]
