"""An attempt at a course's test, and the storage contract every backend (SQLite, DynamoDB) fulfils."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import BaseModel

from functions.grading import Grade, ShownQuestion


class Attempt(BaseModel):
    """Everything needed to grade an attempt later, whatever the bank has become since it started."""

    id: str
    learner_id: str
    course_id: str
    bank_version: str
    pass_percent: int
    started_at: datetime
    deadline: datetime
    questions: list[ShownQuestion]
    submitted_at: datetime | None = None
    answers: dict[str, list[int]] | None = None
    grade: Grade | None = None

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class AttemptLimitReached(Exception):
    """The learner has used every attempt the course allows."""


class AttemptStore(Protocol):
    """Where attempts live. Implementations make `add` and `finish` atomic."""

    def add(self, attempt: Attempt, max_attempts: int) -> None:
        """Store a new attempt, unless the learner already has `max_attempts` for the course (AttemptLimitReached)."""

    def get(self, attempt_id: str) -> Attempt | None:
        """The attempt with this id, or None."""

    def finish(self, attempt: Attempt) -> Attempt:
        """Record the answers and grade once; if the attempt was already finished, return the stored one unchanged."""

    def count(self, learner_id: str, course_id: str) -> int:
        """How many attempts a learner has started for a course."""
