"""Starting and submitting attempts: the quiz rules as plain functions over a bank, a store and a clock."""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from functions.attempts import Attempt, AttemptLimitReached, AttemptStore
from functions.bank import Bank
from functions.errors import ApiError
from functions.grading import draw, grade

# A submission that left the browser just before the deadline still counts.
GRACE = timedelta(seconds=60)


def start(bank: Bank, learner_id: str, store: AttemptStore, now: datetime, rng: random.Random) -> Attempt:
    """Draw a new attempt for a learner and store it, within the course's attempt limit."""
    attempt = Attempt(
        id=secrets.token_urlsafe(18),
        learner_id=learner_id,
        course_id=bank.course_id,
        bank_version=bank.version,
        pass_percent=bank.rules.pass_percent,
        started_at=now,
        deadline=now + timedelta(minutes=bank.rules.time_limit_minutes),
        questions=draw(bank, rng),
    )
    try:
        store.add(attempt, max_attempts=bank.rules.max_attempts)
    except AttemptLimitReached:
        raise ApiError("attempt_limit_reached") from None
    return attempt


def owned(store: AttemptStore, attempt_id: str, learner_id: str) -> Attempt:
    """The learner's own attempt; another learner's attempt is as unknown as a made-up id."""
    attempt = store.get(attempt_id)
    if attempt is None or attempt.learner_id != learner_id:
        raise ApiError("attempt_not_found")
    return attempt


def check_answers(attempt: Attempt, answers: dict[str, list[int]]) -> None:
    """Refuse answers to questions the attempt did not show, or to choices it did not offer."""
    shown = {question.id: question for question in attempt.questions}
    unknown = [question_id for question_id in answers if question_id not in shown]
    if unknown:
        raise ApiError("unknown_question", [{"field": f"answers.{question_id}", "problem": "unknown"} for question_id in unknown])
    for question_id, chosen in answers.items():
        question = shown[question_id]
        if any(not 0 <= index < len(question.choices) for index in chosen):
            raise ApiError("choice_out_of_range", [{"field": f"answers.{question_id}", "problem": "out_of_range"}])
        if len(set(chosen)) > 1 and not question.multiple:
            raise ApiError("too_many_choices", [{"field": f"answers.{question_id}", "problem": "single_choice"}])


def submit(store: AttemptStore, attempt: Attempt, answers: dict[str, list[int]], now: datetime) -> Attempt:
    """Grade and store the answers once; a repeated submission gets the first result back."""
    if attempt.submitted:
        return attempt
    check_answers(attempt, answers)
    if now > attempt.deadline + GRACE:
        raise ApiError("attempt_expired")
    finished = attempt.model_copy(
        update={
            "submitted_at": now,
            "answers": {question_id: sorted(set(chosen)) for question_id, chosen in answers.items()},
            "grade": grade(attempt.questions, answers, attempt.pass_percent),
        }
    )
    return store.finish(finished)
