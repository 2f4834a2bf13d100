"""The quiz function's FastAPI app: routes translate HTTP to `functions.quiz.exam` and back."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Path

from functions import http
from functions.bank import Bank
from functions.errors import ApiError
from functions.identity import Learner
from functions.quiz import exam
from functions.quiz.deps import Banks, Clock, Rng, Store
from functions.quiz.schemas import CourseQuiz, PublicAttempt, Submission, course_quiz

CourseId = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
AttemptId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


def _bank(banks: Banks, course_id: str) -> Bank:
    bank = banks.get(course_id)
    if bank is None:
        raise ApiError("course_not_found")
    return bank


def create_app() -> FastAPI:
    """A new quiz app; its store and banks open on first request, from the settings."""
    app = FastAPI(
        title="hocso quiz",
        version="1.0",
        summary="Bài kiểm tra cuối khóa: bắt đầu lượt làm bài, nộp bài, xem kết quả.",
    )
    http.install(app)

    @app.get("/quiz/courses/{course_id}", responses=http.responses("course_not_found", "learner_required"))
    async def read_course_quiz(course_id: CourseId, learner: Learner, banks: Banks, store: Store) -> CourseQuiz:
        """The course's test rules and the learner's remaining attempts."""
        bank = _bank(banks, course_id)
        return course_quiz(bank, store.count(learner, course_id))

    @app.post(
        "/quiz/courses/{course_id}/attempts",
        status_code=201,
        responses=http.responses("course_not_found", "learner_required", "attempt_limit_reached"),
    )
    async def start_attempt(
        course_id: CourseId, learner: Learner, banks: Banks, store: Store, clock: Clock, rng: Rng
    ) -> PublicAttempt:
        """Start an attempt: draw the questions at random and return them without their answers."""
        attempt = exam.start(_bank(banks, course_id), learner, store, clock(), rng)
        return PublicAttempt.of(attempt)

    @app.get("/quiz/attempts/{attempt_id}", responses=http.responses("attempt_not_found", "learner_required"))
    async def read_attempt(attempt_id: AttemptId, learner: Learner, store: Store) -> PublicAttempt:
        """One of the learner's attempts, with its result once submitted (to resume after a reload)."""
        return PublicAttempt.of(exam.owned(store, attempt_id, learner))

    @app.post(
        "/quiz/attempts/{attempt_id}/submit",
        responses=http.responses(
            "attempt_not_found",
            "learner_required",
            "attempt_expired",
            "unknown_question",
            "choice_out_of_range",
            "too_many_choices",
        ),
    )
    async def submit_attempt(
        attempt_id: AttemptId, submission: Submission, learner: Learner, store: Store, clock: Clock
    ) -> PublicAttempt:
        """Grade the answers and store the result; submitting again returns the first result."""
        attempt = exam.owned(store, attempt_id, learner)
        return PublicAttempt.of(exam.submit(store, attempt, submission.answers, clock()))

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
