"""Request and public models of the accounts function: what goes over the wire, never the stored account."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from functions.accounts.account import Account, Role, Unit
from functions.accounts.calendar import configured
from functions.accounts.password_policy import MIN_LENGTH

Username = Field(min_length=1, max_length=64)
Secret = Field(min_length=1, max_length=256)
NewSecret = Field(
    min_length=1,
    max_length=256,
    description=f"Ít nhất {MIN_LENGTH} ký tự, không phổ biến, không chứa tên đăng nhập hay họ tên (lỗi nói rõ lý do).",
)


class Activation(BaseModel):
    username: str = Username
    code: str = Field(min_length=1, max_length=32, description="Mã kích hoạt in trên phiếu tài khoản.")
    password: str = NewSecret


class SignIn(BaseModel):
    username: str = Username
    password: str = Secret


class PasswordChange(BaseModel):
    current: str = Secret
    new: str = NewSecret


class Me(BaseModel):
    """The signed-in person as they see themselves."""

    learner_id: str
    username: str
    full_name: str
    role: Role
    unit_code: str
    unit_name: str
    cohort: str | None
    deadline: date | None
    working_days_left: int | None = Field(
        description="Số ngày làm việc còn lại đến hạn, kể cả hôm nay; 0 khi đã quá hạn."
    )

    @classmethod
    def of(cls, account: Account, unit: Unit | None, today: date) -> Me:
        left = configured().working_days_left(today, account.deadline) if account.deadline else None
        return cls(
            learner_id=account.learner_id,
            username=account.username,
            full_name=account.full_name,
            role=account.role,
            unit_code=account.unit_code,
            unit_name=unit.name if unit else account.unit_code,
            cohort=account.cohort,
            deadline=account.deadline,
            working_days_left=left,
        )


class Session(BaseModel):
    """A token to send as `Authorization: Bearer <token>` until it expires."""

    token: str
    expires_at: datetime
    me: Me


class Reset(BaseModel):
    """A new one-time code for a learner whose password was reset, to hand over or print."""

    username: str
    activation_code: str
