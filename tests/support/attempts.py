"""A test sat as the quiz function leaves it, written straight to the attempts store."""

from __future__ import annotations

import random
from datetime import datetime

from functions.attempts import Attempt, Store
from functions.bank import Bank
from functions.grading import draw, grade


def sat(attempts: Store, bank: Bank, learner_id: str, *, correct: bool, attempt_id: str, at: datetime) -> Attempt:
    """A submitted attempt at `bank` (pass mark 50%): every answer right when `correct`, every one wrong otherwise."""
    shown = draw(bank, random.Random(attempt_id))
    attempt = Attempt(
        id=attempt_id,
        learner_id=learner_id,
        course_id=bank.course_id,
        bank_version=bank.version,
        pass_percent=50,
        started_at=at,
        deadline=at,
        questions=shown,
    )
    attempts.start(attempt, max_attempts=5)
    answers = {q.id: (q.key if correct else [(q.key[0] + 1) % 4]) for q in shown}
    return attempts.finish(
        attempt.model_copy(update={"submitted_at": at, "answers": answers, "grade": grade(shown, answers, 50)})
    )
