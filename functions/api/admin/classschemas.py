"""Public models of the classroom training routes: a class as an administrator creates and reads it, registration,
and attendance marks and paper test scores as a phone syncs them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from functions.classes import MOST_DAYS, MOST_LEARNERS

Username = Annotated[str, StringConstraints(min_length=1, max_length=64, strip_whitespace=True)]
LearnerId = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class RegisterRequest(BaseModel):
    """Learners to add to a class, by username; those already in it stay once."""

    learners: list[Username] = Field(
        min_length=1, max_length=500, description=f"Tên đăng nhập của học viên (lớp tối đa {MOST_LEARNERS} người)."
    )


class AttendanceMark(BaseModel):
    learner_id: LearnerId
    day: date


class AttendanceRequest(BaseModel):
    """Marks taken on a phone, possibly offline, synced in one batch; a mark sent again changes nothing."""

    marks: list[AttendanceMark] = Field(
        min_length=1, max_length=MOST_LEARNERS * MOST_DAYS, description="Mỗi dấu: một học viên có mặt một ngày."
    )


class PaperScore(BaseModel):
    learner_id: LearnerId
    correct: int = Field(description="Số câu trả lời đúng của bài kiểm tra trên giấy (0 đến số câu của bài).")


class ScoresRequest(BaseModel):
    """Paper test scores typed in (possibly offline, synced in one batch); a score sent again replaces the one
    kept, and the same score sent again changes nothing."""

    scores: list[PaperScore] = Field(min_length=1, max_length=MOST_LEARNERS)


class PaperResult(BaseModel):
    """A learner's paper test: correct answers out of the test's questions, and whether it reaches the pass mark."""

    correct: int
    total: int
    passed: bool


class ClassLearner(BaseModel):
    """A registered learner, the days they were present, their paper test, and whether they completed the class."""

    learner_id: str
    username: str
    full_name: str
    unit_name: str
    days: list[date]
    paper: PaperResult | None = None
    completed: bool


class ClassSummary(BaseModel):
    """A class as a list shows it."""

    class_id: str
    title: str
    place: str
    first_day: date
    last_day: date
    trainer: str
    course_id: str
    unit_code: str
    unit_name: str
    needs_test: bool
    learners: int


class ClassView(ClassSummary):
    """A class, every day of it, and its learners with their attendance."""

    days: list[date]
    questions: int | None = Field(
        default=None, description="Số câu của bài kiểm tra cuối khóa (điểm trên giấy tính trên số này) nếu lớp yêu cầu."
    )
    pass_percent: int | None = Field(default=None, description="Tỉ lệ câu đúng tối thiểu để đạt, nếu lớp yêu cầu.")
    registered: list[ClassLearner]
    completed: int = Field(
        description="Học viên hoàn thành lớp: có mặt đủ các ngày (và đạt bài kiểm tra nếu lớp yêu cầu)."
    )


class ClassList(BaseModel):
    classes: list[ClassSummary]


class AttendanceAnswer(BaseModel):
    """What a sync did: marks new to the store, marks it held already (a replay), and the class as it now stands."""

    recorded: int
    already: int
    view: ClassView


class ScoresAnswer(BaseModel):
    """What a sync of paper scores did: scores new to the store, scores that replaced another, scores it held
    already (a replay), and the class as it now stands."""

    recorded: int
    replaced: int
    already: int
    view: ClassView
