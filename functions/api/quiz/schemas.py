"""What the quiz function accepts and returns: public models that never carry a key before submission."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from functions.attempts import Attempt, BaseAttempt
from functions.bank import Bank, QuizRules

QuestionId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
ChoiceIndex = Annotated[int, Field(ge=0, le=25)]
# pydantic describes constrained keys as `patternProperties` alone, which lets any other key through on paper;
# the extra keywords make the published schema refuse exactly what validation refuses.
Answers = Annotated[
    dict[QuestionId, Annotated[list[ChoiceIndex], Field(max_length=26)]],
    Field(
        max_length=200,
        json_schema_extra={
            "additionalProperties": False,
            "propertyNames": {"minLength": 1, "maxLength": 64, "pattern": r"^[A-Za-z0-9_.-]+$"},
        },
    ),
]


class Result(BaseModel):
    """A graded attempt's score."""

    correct: int
    total: int
    percent: float
    passed: bool
    pass_percent: int
    submitted_at: datetime
    late: bool = Field(description="True when time ran out and the answers saved before the deadline were graded.")


class PublicQuestion(BaseModel):
    id: str
    text: str
    choices: list[str]
    multiple: bool = Field(description="True when more than one choice is correct (chọn tất cả đáp án đúng).")


class ReviewItem(BaseModel):
    """After submission, when the course allows: what was right, and why."""

    id: str
    chosen: list[int]
    correct: list[int]
    right: bool
    explanation: str


class PublicAttempt(BaseModel):
    """An attempt as its learner sees it: questions without keys; saved answers; the result once submitted."""

    id: str
    course_id: str
    bank_version: str
    started_at: datetime
    deadline: datetime
    questions: list[PublicQuestion]
    saved: dict[str, list[int]]
    saved_at: datetime | None
    result: Result | None = None
    review: list[ReviewItem] | None = None
    revisit: list[str] | None = None
    practice: bool = Field(
        default=False, description="A guest's practice: drawn from the practice set, counts for nothing."
    )
    now: datetime | None = Field(
        default=None,
        description="The server's time when it answered: the page counts down from `deadline` − `now`, so a phone "
        "whose clock is wrong, or a page reloaded in the middle of the test, shows the time really left.",
    )

    @classmethod
    def of(cls, attempt: Attempt, now: datetime | None = None) -> PublicAttempt:
        return cls(
            now=now,
            id=attempt.id,
            course_id=attempt.course_id,
            bank_version=attempt.bank_version,
            started_at=attempt.started_at,
            deadline=attempt.deadline,
            questions=[
                PublicQuestion(id=question.id, text=question.text, choices=question.choices, multiple=question.multiple)
                for question in attempt.questions
            ],
            saved=attempt.saved,
            saved_at=attempt.saved_at,
            result=result_of(attempt),
            review=review_of(attempt),
            revisit=revisit_of(attempt),
            practice=attempt.practice,
        )


def result_of(attempt: BaseAttempt | None) -> Result | None:
    """The public score of a submitted attempt."""
    if attempt is None or attempt.grade is None or attempt.submitted_at is None:
        return None
    return Result(
        correct=attempt.grade.correct,
        total=attempt.grade.total,
        percent=attempt.grade.percent,
        passed=attempt.grade.passed,
        pass_percent=attempt.pass_percent,
        submitted_at=attempt.submitted_at,
        late=attempt.late,
    )


def revisit_of(attempt: BaseAttempt) -> list[str] | None:
    """The lessons, in the order the attempt showed them, of the questions answered wrong: after submission, when the
    course's review is `lessons` or `answers`. Says which lessons to revisit, never which question was wrong."""
    if attempt.review == "score" or attempt.grade is None:
        return None
    right = attempt.grade.right
    marking = attempt.marking()
    missed = [
        lesson for question_id, lesson in zip(marking.ids, marking.lessons, strict=True) if not right.get(question_id)
    ]
    return sorted(set(missed), key=missed.index)


def review_of(attempt: BaseAttempt) -> list[ReviewItem] | None:
    """The answers with their keys and explanations: only after submission, only where the course's review is
    `answers` (a guest's practice always is: its questions are never certified ones)."""
    if attempt.review != "answers" or attempt.grade is None:
        return None
    answers = attempt.answers or {}
    marking = attempt.marking()
    return [
        ReviewItem(
            id=question_id,
            chosen=answers.get(question_id, []),
            correct=key,
            right=attempt.grade.right.get(question_id, False),
            explanation=marking.explanation(index),
        )
        for index, (question_id, key) in enumerate(zip(marking.ids, marking.keys, strict=True))
    ]


class Graded(BaseModel):
    """The answer to a submission: the score, and the review when the course allows it."""

    attempt_id: str
    course_id: str
    bank_version: str
    result: Result
    review: list[ReviewItem] | None = None
    revisit: list[str] | None = Field(
        default=None, description="Lessons to revisit, when the course's review shows them."
    )
    practice: bool = False

    @classmethod
    def of(cls, attempt: BaseAttempt) -> Graded:
        result = result_of(attempt)
        if result is None:
            raise ValueError(f"attempt {attempt.id} is not graded")
        return cls(
            attempt_id=attempt.id,
            course_id=attempt.course_id,
            bank_version=attempt.bank_version,
            result=result,
            review=review_of(attempt),
            revisit=revisit_of(attempt),
            practice=attempt.practice,
        )


class Submission(BaseModel):
    """The learner's answers: for each question id, the indexes of the chosen choices as shown."""

    model_config = ConfigDict(extra="forbid")

    answers: Answers


class Saved(BaseModel):
    """Answers kept so far."""

    attempt_id: str
    saved_at: datetime
    answered: int


class CourseQuiz(BaseModel):
    """A course's test for one learner: rules, attempts left, the score that counts, and what stands in the way."""

    course_id: str
    title: str
    rules: QuizRules
    attempts_used: int
    attempts_left: int
    open_attempt_id: str | None
    next_attempt_at: datetime | None
    lessons_missing: list[str]
    result: Result | None
    passed: bool
    practice: bool = Field(
        default=False, description="The caller is a guest: attempts are practice, from the practice set."
    )
    practice_questions: int | None = Field(
        default=None, description="Questions of a practice attempt; none when the course offers guests no practice."
    )


def course_quiz(
    bank: Bank, attempts: list[Attempt], counted: Attempt | None, opens_at: datetime | None, missing: list[str]
) -> CourseQuiz:
    """The public summary of a course's test for one account."""
    open_ids = [attempt.id for attempt in attempts if not attempt.submitted]
    result = result_of(counted)
    return CourseQuiz(
        course_id=bank.course_id,
        title=bank.title,
        rules=bank.rules,
        attempts_used=len(attempts),
        attempts_left=max(0, bank.rules.max_attempts - len(attempts)),
        open_attempt_id=open_ids[0] if open_ids else None,
        next_attempt_at=opens_at,
        lessons_missing=missing,
        result=result,
        passed=bool(result and result.passed),
        practice_questions=bank.practice_rules.questions if bank.offers_practice and bank.practice_rules else None,
    )


def practice_quiz(bank: Bank, attempts: list[Attempt]) -> CourseQuiz:
    """The public summary for a guest: the practice on offer (or none), the practice attempt open, no certified
    score."""
    open_ids = [attempt.id for attempt in attempts if not attempt.submitted]
    return CourseQuiz(
        course_id=bank.course_id,
        title=bank.title,
        rules=bank.rules,
        attempts_used=len(attempts),
        attempts_left=0,
        open_attempt_id=open_ids[0] if open_ids else None,
        next_attempt_at=None,
        lessons_missing=[],
        result=None,
        passed=False,
        practice=True,
        practice_questions=bank.practice_rules.questions if bank.offers_practice and bank.practice_rules else None,
    )
