"""An attempt at a course's test, and the storage contract every backend (SQLite, DynamoDB) fulfils."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Protocol, TypeVar

from pydantic import BaseModel, field_validator

from functions.bank import Review, review_value
from functions.grading import Grade, Marking, ShownQuestion


class BaseAttempt(BaseModel):
    """What every reading of an attempt holds: its own fields, and its questions' marking (`marking`)."""

    id: str
    learner_id: str
    course_id: str
    bank_version: str
    pass_percent: int
    review: Review = "score"
    practice: bool = False
    """A guest's practice, drawn from the practice set: it counts for nothing and expires."""
    expires_at: datetime | None = None
    """When the stores may forget it (guests' practice only; accounts' attempts are kept)."""
    started_at: datetime
    deadline: datetime
    saved: dict[str, list[int]] = {}
    saved_at: datetime | None = None
    submitted_at: datetime | None = None
    answers: dict[str, list[int]] | None = None
    grade: Grade | None = None
    late: bool = False

    _review = field_validator("review", mode="before")(review_value)

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    def expired(self, now: datetime) -> bool:
        """Past its expiry: as good as deleted, whether or not the store has purged it yet (DynamoDB's TTL deletes
        within a few days)."""
        return self.expires_at is not None and now >= self.expires_at

    def marking(self) -> Marking:
        """What grading and its review read of the questions shown."""
        raise NotImplementedError


class Attempt(BaseAttempt):
    """Everything needed to show an attempt and grade it later, whatever the bank has become since it started."""

    questions: list[ShownQuestion]

    def marking(self) -> Marking:
        return Marking.of(self.questions, explained=self.review == "answers")

    def sheet(self) -> Sheet:
        """The attempt as a submission reads it (`Sheet`), kept beside the start record by every store."""
        head = {name: getattr(self, name) for name in BaseAttempt.model_fields}
        return Sheet(**head, keyed=self.marking())


class Sheet(BaseAttempt):
    """An attempt as the submit and save routes read it: its own fields and its marking, without the questions'
    texts and choices. 0.7 KB that parse in a fifth of the time of the 5 KB start record (docs/scale.md, 2.8)."""

    keyed: Marking

    def marking(self) -> Marking:
        return self.keyed


Read = TypeVar("Read", bound=BaseAttempt)
"""An attempt as one route reads it: whole (`Attempt`), or as grading needs it (`Sheet`)."""


class Outcome(BaseModel):
    """What submitting adds to an attempt; stores keep it apart from the start record, which never changes."""

    submitted_at: datetime
    answers: dict[str, list[int]]
    grade: Grade
    late: bool = False
    saved: dict[str, list[int]] = {}
    saved_at: datetime | None = None


OUTCOME = {"submitted_at", "answers", "grade", "late"}
"""The fields of `Outcome` a graded attempt sets: the answers saved along the way are cleared (its defaults)."""


def outcome_of(attempt: BaseAttempt) -> tuple[str, str]:
    """A graded attempt's submission time (ISO 8601) and outcome (`Outcome`'s JSON, written from the attempt), as
    stores keep them; refused if it is not graded."""
    if attempt.submitted_at is None or attempt.answers is None or attempt.grade is None:
        raise ValueError(f"attempt {attempt.id} is not graded")
    return attempt.submitted_at.isoformat(), attempt.model_dump_json(include=OUTCOME)


def with_outcome(attempt: Read, outcome: str) -> Read:
    """The attempt with its stored outcome (`Outcome.model_dump_json()`) in place of what it held."""
    done = Outcome.model_validate_json(outcome)
    return attempt.model_copy(update={name: getattr(done, name) for name in Outcome.model_fields})


def assemble(kind: type[Read], body: str, saved: str | None, saved_at: str | None, outcome: str | None) -> Read:
    """An attempt (or its sheet) from its stored parts: the start record, then its outcome, or else the answers saved
    so far."""
    attempt = kind.model_validate_json(body)
    if outcome is not None:
        return with_outcome(attempt, outcome)
    if saved is not None and saved_at is not None:
        attempt.saved = json.loads(saved)
        attempt.saved_at = datetime.fromisoformat(saved_at)
    return attempt


class AttemptLimitReached(Exception):
    """The learner has used every attempt the course allows."""


class AttemptOpen(Exception):
    """The learner already has an attempt in progress for the course."""

    def __init__(self, attempt_id: str) -> None:
        super().__init__(attempt_id)
        self.attempt_id = attempt_id


class AttemptStore(Protocol):
    """Where attempts live. `start`, `save` and `finish` are atomic in every implementation."""

    def start(self, attempt: Attempt, max_attempts: int) -> None:
        """Store a new attempt; AttemptOpen if one is in progress, AttemptLimitReached beyond `max_attempts`."""

    def get(self, attempt_id: str) -> Attempt | None:
        """The attempt with this id (saved answers included), or None."""

    def sheet(self, attempt_id: str) -> Sheet | None:
        """The attempt with this id as grading reads it (saved answers included), or None."""

    def sheet_with_version(
        self, accounts: object, attempt_id: str, learner_id: str
    ) -> tuple[Sheet | None, int | None] | None:
        """`sheet`, and the learner's token version as `accounts` (an account store) reads it, in one read where
        `accounts` keeps its accounts in this store's file or table; None where it does not
        (`functions.stores.joint`)."""

    def save(self, attempt_id: str, answers: dict[str, list[int]], saved_at: datetime) -> bool:
        """Keep the answers given so far; False (and nothing written) once the attempt is submitted."""

    def finish(self, attempt: Read) -> Read:
        """Record the answers and grade once; if the attempt was already finished, return it with the stored outcome
        instead (its start record never changes)."""

    def attempts(self, learner_id: str, course_id: str) -> list[Attempt]:
        """A learner's attempts at a course, oldest first."""

    def count_start(self, client: str, window: datetime, limit: int, expires_at: datetime) -> bool:
        """Count one guest attempt started by `client` in the window beginning at `window`, atomically; False, and
        nothing counted, once `limit` are counted. The count may be forgotten after `expires_at`."""

    def purge(self, now: datetime) -> int:
        """Delete guest attempts and start counts whose expiry has passed; how many went (DynamoDB's TTL does this
        by itself, so there it deletes nothing)."""


class ProgressStore(Protocol):
    """Which lessons a learner has marked done."""

    def mark_done(self, learner_id: str, course_id: str, lesson_id: str, at: datetime) -> None:
        """Record a lesson as done (again is harmless)."""

    def lessons_done(self, learner_id: str, course_id: str) -> set[str]:
        """The ids of the lessons a learner has done in a course."""


class Store(AttemptStore, ProgressStore, Protocol):
    """Both contracts: every backend implements them together."""

    def close(self) -> None:
        """Release connections."""
