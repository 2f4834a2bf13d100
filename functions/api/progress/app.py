"""The progress function's FastAPI app: mark a lesson done, read a course's progress."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Path
from pydantic import BaseModel, Field

from functions import VIETNAM
from functions.accounts import tokens
from functions.api import http
from functions.api.deps.attempts import Store
from functions.api.deps.core import Banks, Clock
from functions.api.deps.tally import Tally
from functions.api.identity import Learner, MaybeAccount
from functions.errors import ApiError
from functions.reports.tally import reached

CourseId = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
LessonId = Annotated[str, Path(min_length=1, max_length=63, pattern=r"^[a-z0-9][a-z0-9-]*$")]


class CourseProgress(BaseModel):
    """Lessons done out of the course's lessons, in course order, and whether the course is required for the
    signed-in learner's category."""

    course_id: str
    lessons: list[str]
    done: list[str]
    complete: bool
    required: bool = Field(
        default=False, description="Khóa học bắt buộc đối với đối tượng của học viên đã đăng nhập (khách: false)."
    )


def create_app() -> FastAPI:
    """A new progress app; the store and banks are the same dependencies the quiz uses."""
    app = http.new_app("progress", "Tiến độ học: các bài học đã hoàn thành.")

    def progress(
        banks: Banks, store: Store, learner: str, course_id: str, account: tokens.Claims | None
    ) -> CourseProgress:
        bank = banks.get(course_id)
        if bank is None:
            raise ApiError("course_not_found")
        done = store.lessons_done(learner, course_id)
        ordered = [lesson for lesson in bank.lessons if lesson in done]
        return CourseProgress(
            course_id=course_id,
            lessons=bank.lessons,
            done=ordered,
            complete=len(ordered) == len(bank.lessons),
            # The token carries the learner's category: no account read to tell a required course.
            required=account is not None and bank.required(account.category),
        )

    @app.get("/progress/courses/{course_id}", responses=http.responses("account_required", "course_not_found"))
    async def read_progress(
        course_id: CourseId, learner: Learner, account: MaybeAccount, banks: Banks, store: Store
    ) -> CourseProgress:
        """The learner's progress in a course, and whether the course is required for their category."""
        return progress(banks, store, learner, course_id, account)

    @app.put(
        "/progress/courses/{course_id}/lessons/{lesson_id}",
        responses=http.responses("account_required", "course_not_found", "lesson_not_found"),
    )
    async def mark_lesson_done(
        course_id: CourseId,
        lesson_id: LessonId,
        learner: Learner,
        account: MaybeAccount,
        banks: Banks,
        store: Store,
        tally: Tally,
        clock: Clock,
    ) -> CourseProgress:
        """Mark a lesson done (again is harmless) and return the course's progress."""
        bank = banks.get(course_id)
        if bank is None:
            raise ApiError("course_not_found")
        if lesson_id not in bank.lessons:
            raise ApiError("lesson_not_found")
        now = clock()
        store.mark_done(learner, course_id, lesson_id, now)
        done = progress(banks, store, learner, course_id, account)
        day = now.astimezone(VIETNAM).date()
        reached(tally, account, "started", course_id, day)
        if done.complete:
            reached(tally, account, "lessons_done", course_id, day)
        return done

    return app
