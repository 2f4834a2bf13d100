"""Public models of the focal officials' routes: an administrator's assignment and report, and the focal official's
own list. A focal official receives no contact details, identity numbers or sign-in state of their colleagues."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from functions.api.admin.schemas import CourseStanding

Username = Annotated[str, StringConstraints(min_length=1, max_length=64, strip_whitespace=True)]


class FocalRequest(BaseModel):
    """The whole list a focal official follows, by username; an empty list ends the role."""

    learners: list[Username] = Field(
        max_length=500, description="Tên đăng nhập của các học viên được giao (tối đa 49 người khác nhau)."
    )


class FollowedName(BaseModel):
    """A learner of a focal official's list, as the administrator's form shows it."""

    learner_id: str
    username: str
    full_name: str
    unit_name: str


class FocalList(BaseModel):
    """A focal official and the learners they follow."""

    focal_id: str
    username: str
    full_name: str
    unit_code: str
    unit_name: str
    learners: list[FollowedName]


class FocalCounts(BaseModel):
    """A focal official's learners counted by state."""

    focal_id: str
    username: str
    full_name: str
    unit_code: str
    unit_name: str
    issued: int = Field(description="Học viên được giao theo dõi (đã cấp tài khoản).")
    activated: int = Field(description="Trong số đó, đã kích hoạt tài khoản.")
    passed: int = Field(description="Đã có giấy chứng nhận còn hiệu lực của mọi khóa học.")
    overdue: int = Field(description="Đã quá hạn mà chưa có giấy chứng nhận của mọi khóa học.")


class FocalReport(BaseModel):
    """The focal officials of a subtree, each with their learners' counts, and the learners nobody follows."""

    unit_code: str
    focal: list[FocalCounts]
    learners: int = Field(description="Học viên của đơn vị và các đơn vị trực thuộc.")
    unfollowed: int = Field(description="Học viên chưa được giao cho cán bộ đầu mối nào.")


class FollowedLearner(BaseModel):
    """One learner as their focal official sees them: where they stand, never how to reach or identify them."""

    learner_id: str
    username: str
    full_name: str
    unit_name: str
    position: str
    activated: bool
    deadline: date | None
    days_left: int | None = Field(description="Số ngày còn lại đến hạn (âm khi đã quá hạn).")
    overdue: bool
    certificates: int
    courses: list[CourseStanding]


class FollowedPage(BaseModel):
    """What a focal official's page shows: their own name, the address learners sign in at, their learners."""

    username: str
    full_name: str
    unit_name: str
    today: date
    signin_url: str = Field(description="Địa chỉ học viên đăng nhập, in trên phiếu nhắc.")
    learners: list[FollowedLearner]
