"""Drawing a test from a bank and grading answers against it: plain functions, no framework, no storage."""

from __future__ import annotations

import random
from collections import defaultdict

from pydantic import BaseModel

from functions.bank import Bank, BankQuestion


class ShownQuestion(BaseModel):
    """A question as one attempt showed it: choices in the shown order, with the key in that order."""

    id: str
    lesson: str = ""
    text: str
    choices: list[str]
    order: list[int]
    key: list[int]
    explanation: str = ""

    @property
    def multiple(self) -> bool:
        return len(self.key) > 1


class Grade(BaseModel):
    """The outcome of grading one attempt."""

    correct: int
    total: int
    percent: float
    passed: bool
    right: dict[str, bool]


def draw(bank: Bank, rng: random.Random, practice: bool = False) -> list[ShownQuestion]:
    """Draw the rules' number of questions, spread over the lessons, with each question's choices shuffled: from the
    certified pool, or from the practice set (which shares no question with it) for a guest's practice."""
    if practice:
        if bank.practice_rules is None:
            return []
        source, count = bank.practice, bank.practice_rules.questions
    else:
        source, count = bank.questions, bank.rules.questions
    by_lesson: dict[str, list[BankQuestion]] = defaultdict(list)
    for question in source:
        by_lesson[question.lesson].append(question)
    pools = list(by_lesson.values())
    for pool in pools:
        rng.shuffle(pool)
    rng.shuffle(pools)
    wanted = min(count, len(source))
    picked: list[BankQuestion] = []
    while len(picked) < wanted:
        for pool in pools:
            if pool and len(picked) < wanted:
                picked.append(pool.pop())
    rng.shuffle(picked)
    shown = []
    for question in picked:
        order = list(range(len(question.choices)))
        rng.shuffle(order)
        shown.append(
            ShownQuestion(
                id=question.id,
                lesson=question.lesson,
                text=question.text,
                choices=[question.choices[index] for index in order],
                order=order,
                key=sorted(order.index(index) for index in question.answer),
                explanation=question.explanation,
            )
        )
    return shown


class Marking(BaseModel):
    """What grading, its checks and its review read of the questions an attempt showed, in the shown order: each
    question's id, lesson, number of choices and key, and its explanation where the review shows answers (else none).

    Flat lists, so that it parses in a fifth of the time the questions themselves take (nested models are what costs,
    not their texts): a submission reads this, never the texts and choices."""

    ids: list[str]
    lessons: list[str]
    offered: list[int]
    keys: list[list[int]]
    explanations: list[str] = []

    @classmethod
    def of(cls, shown: list[ShownQuestion], explained: bool = False) -> Marking:
        return cls(
            ids=[question.id for question in shown],
            lessons=[question.lesson for question in shown],
            offered=[len(question.choices) for question in shown],
            keys=[question.key for question in shown],
            explanations=[question.explanation for question in shown] if explained else [],
        )

    def explanation(self, index: int) -> str:
        return self.explanations[index] if index < len(self.explanations) else ""

    def grade(self, answers: dict[str, list[int]], pass_percent: int) -> Grade:
        """Grade answers as `cleaned` leaves them (shown-order indexes per question id): a question counts only when
        its chosen set equals its key."""
        right = {
            question_id: answers.get(question_id, []) == key
            for question_id, key in zip(self.ids, self.keys, strict=True)
        }
        correct = sum(right.values())
        total = len(self.ids)
        percent = round(100 * correct / total, 1) if total else 0.0
        return Grade(correct=correct, total=total, percent=percent, passed=percent >= pass_percent, right=right)


def cleaned(answers: dict[str, list[int]]) -> dict[str, list[int]]:
    """Answers as they are graded and kept: each question's chosen indexes in order, each once."""
    return {question_id: sorted(set(chosen)) for question_id, chosen in answers.items()}


def grade(shown: list[ShownQuestion], answers: dict[str, list[int]], pass_percent: int) -> Grade:
    """Grade answers to the questions shown (`Marking.grade`)."""
    return Marking.of(shown).grade(cleaned(answers), pass_percent)
