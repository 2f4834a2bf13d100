"""Banks of questions: made in memory as the build would export them, or read from what the build exported."""

from __future__ import annotations

import json

from functions import categories
from functions.bank import Bank, BankQuestion, PracticeRules, QuizRules
from tests.support.paths import ROOT


def make_bank(
    lessons: int = 3,
    per_lesson: int = 4,
    draw: int = 6,
    practice_per_lesson: int = 0,
    practice_draw: int = 3,
    required_for: tuple[str, ...] = tuple(categories.CATEGORIES),
    **rules,
) -> Bank:
    """A bank whose correct choice is always the editor's second one (index 1); with `practice_per_lesson`, a practice
    set of its own questions (ids `p<lesson>-q<n>`) drawing `practice_draw`. Required for every learner category
    unless `required_for` says otherwise, so a course report judges every category as it did before courses
    declared it."""

    def questions(prefix: str, per: int) -> list[BankQuestion]:
        return [
            BankQuestion(
                id=f"{prefix}{lesson}-q{n}",
                lesson=f"l{lesson}",
                text=f"Câu {prefix}{n} của bài {lesson}?",
                choices=[
                    f"Sai 1 ({prefix}{lesson}.{n})",
                    f"Đúng ({prefix}{lesson}.{n})",
                    f"Sai 2 ({prefix}{lesson}.{n})",
                    f"Sai 3 ({prefix}{lesson}.{n})",
                ],
                answer=[1],
                explanation="Vì vậy.",
            )
            for lesson in range(1, lessons + 1)
            for n in range(1, per + 1)
        ]

    return Bank(
        course_id="mini",
        title="Khóa mini",
        rules=QuizRules(questions=draw, **rules),
        lessons=[f"l{lesson}" for lesson in range(1, lessons + 1)],
        questions=questions("l", per_lesson),
        practice_rules=PracticeRules(questions=practice_draw) if practice_per_lesson else None,
        practice=questions("p", practice_per_lesson),
        required_for=list(required_for),
    )


def bank_of(course_id: str) -> dict:
    """A course's published bank with its keys, as the build exported it into `build/bank` for the local server."""
    return json.loads((ROOT / "build" / "bank" / f"{course_id}.json").read_text(encoding="utf-8"))
