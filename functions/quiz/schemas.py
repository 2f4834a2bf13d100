"""What the quiz function accepts and returns: public models that never carry a key before submission."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from functions.attempts import Attempt
from functions.bank import Bank, QuizRules

QuestionId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
ChoiceIndex = Annotated[int, Field(ge=0, le=25)]


class CourseQuiz(BaseModel):
    """A course's test rules and how many attempts the learner has left."""

    course_id: str
    title: str
    rules: QuizRules
    attempts_used: int
    attempts_left: int


class PublicQuestion(BaseModel):
    id: str
    text: str
    choices: list[str]
    multiple: bool = Field(description="True when more than one choice is correct (chọn tất cả đáp án đúng).")


class Result(BaseModel):
    correct: int
    total: int
    percent: float
    passed: bool
    pass_percent: int
    submitted_at: datetime


class PublicAttempt(BaseModel):
    """An attempt as its learner sees it: questions without keys; the result once submitted."""

    id: str
    course_id: str
    bank_version: str
    started_at: datetime
    deadline: datetime
    questions: list[PublicQuestion]
    result: Result | None = None

    @classmethod
    def of(cls, attempt: Attempt) -> PublicAttempt:
        result = None
        if attempt.grade is not None and attempt.submitted_at is not None:
            result = Result(
                correct=attempt.grade.correct,
                total=attempt.grade.total,
                percent=attempt.grade.percent,
                passed=attempt.grade.passed,
                pass_percent=attempt.pass_percent,
                submitted_at=attempt.submitted_at,
            )
        return cls(
            id=attempt.id,
            course_id=attempt.course_id,
            bank_version=attempt.bank_version,
            started_at=attempt.started_at,
            deadline=attempt.deadline,
            questions=[
                PublicQuestion(id=question.id, text=question.text, choices=question.choices, multiple=question.multiple)
                for question in attempt.questions
            ],
            result=result,
        )


class Submission(BaseModel):
    """The learner's answers: for each question id, the indexes of the chosen choices as shown."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[QuestionId, Annotated[list[ChoiceIndex], Field(max_length=26)]] = Field(max_length=200)


def course_quiz(bank: Bank, attempts_used: int) -> CourseQuiz:
    """The public summary of a course's test for one learner."""
    return CourseQuiz(
        course_id=bank.course_id,
        title=bank.title,
        rules=bank.rules,
        attempts_used=attempts_used,
        attempts_left=max(0, bank.rules.max_attempts - attempts_used),
    )
