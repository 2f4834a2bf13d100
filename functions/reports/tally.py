"""Counting progress as it happens, so a report over half a million learners adds up counters instead of people.

Each learner reaches each step (`FLAGS`) at most once per course: the store remembers who was counted, and a
counter for (unit, cohort, course, deadline, day) goes up by one the first time only, in the same write. Reports
then sum counters over a subtree; a count never needs a scan of accounts, attempts or certificates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, Protocol

FLAGS = ("issued", "activated", "started", "lessons_done", "passed", "certified")
"""The steps the programme reports: accounts issued and activated (per account), then per course: started (a lesson
done or a test begun), every lesson done, test passed, certificate issued."""
ACCOUNT_FLAGS = ("issued", "activated")
log = logging.getLogger("hocso.reports")
"""The steps of the account itself: counted once per learner, with no course."""


@dataclass(frozen=True)
class Mark:
    """A learner reaching a step. `course_id` is None for the account's own steps (issued, activated)."""

    learner_id: str
    unit_code: str
    unit_path: str
    cohort: str | None
    course_id: str | None
    flag: str
    day: date
    deadline: date | None


class Count(NamedTuple):
    """How many learners of a unit (its own, not its subtree), cohort and deadline reached a step on a day.

    A named tuple rather than a frozen dataclass: a national report reads a quarter of a million of these, and a
    tuple is made in half the time."""

    unit_code: str
    cohort: str | None
    course_id: str | None
    flag: str
    day: date
    deadline: date | None
    n: int


def check(mark: Mark) -> None:
    """Refuse a mark no report could place: an unknown step, or a course given to an account step (or missing)."""
    if mark.flag not in FLAGS:
        raise ValueError(f"unknown step {mark.flag!r}; expected one of {FLAGS}")
    if (mark.course_id is None) != (mark.flag in ACCOUNT_FLAGS):
        raise ValueError(f"step {mark.flag!r} {'needs' if mark.course_id is None else 'takes no'} course")


class TallyStore(Protocol):
    """Counters of learners' steps; `functions.stores` has a SQLite and a DynamoDB adapter."""

    def mark(self, mark: Mark) -> bool:
        """Count the step once per learner (and course); True when this call counted it, False if already counted."""

    def mark_many(self, marks: list[Mark]) -> int:
        """`mark` for each, in few writes (an import's thousands of accounts issued); how many this call counted."""

    def unmark(self, mark: Mark) -> bool:
        """Take back a counted step (a revoked certificate): its counter (the one `mark` named, same day) goes down
        once, and the step is never counted again for that learner and course. False if it was not counted."""

    def counts(self, unit_path: str) -> list[Count]:
        """Every counter of the units in a subtree (path prefix; "" for the whole country)."""

    def close(self) -> None: ...


def reached(store: TallyStore, claims, flag: str, course_id: str | None, day: date) -> None:
    """Count a signed-in learner's step (guests and administrators are not in the reports).

    Called after the step itself is stored, and never fails the request: a learner whose test is graded must see the
    grade even if the counter could not be written (a room of learners submitting in one second contends for one
    counter item). Counting is idempotent and the same steps are counted again on later calls (a pass when the
    certificate is claimed, lessons on the next lesson marked), so a missed count is taken up then; it is logged.
    """
    if claims is None or claims.role != "learner":
        return
    try:
        store.mark(
            Mark(
                claims.learner_id,
                claims.unit_code,
                claims.unit_path,
                claims.cohort,
                course_id,
                flag,
                day,
                claims.deadline,
            )
        )
    except Exception:  # any store failure: the step itself is already kept
        log.warning("could not count %s of %s for %s yet", flag, claims.learner_id, course_id, exc_info=True)
