"""A province's training rounds over HTTP: read by any administrator in the province, set by the province's own
administrators (a round's dates are the province's to decide, for every commune alike). Every change is audited and
checked against the whole list first, so a refused one changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from functions import rounds
from functions.accounts.tokens import Claims
from functions.api import http
from functions.api.admin.subtree import SCOPED, UnitCode, audited, scope_of
from functions.api.deps.accounts import Accounts
from functions.api.deps.audit import Audit
from functions.api.deps.core import Clock
from functions.api.identity import Admin
from functions.errors import ApiError
from functions.rounds import Round

router = APIRouter()
RoundCode = Annotated[
    str,
    Path(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_-]+$", description="Mã đợt: năm đào tạo (ví dụ 2026)."),
]
REFUSALS = (
    "account_required",
    "admin_required",
    "province_admin_required",
    "round_code",
    "round_dates",
    "round_overlap",
    "round_changed",
)


class RoundList(BaseModel):
    """A province's rounds, in order of their first day."""

    province: str = Field(description="Mã tỉnh (đơn vị cấp trên cùng) mà các đợt thuộc về.")
    version: int = Field(description="Lần thay đổi danh sách đợt; gửi lại khi đặt đợt để không ghi đè thay đổi khác.")
    rounds: list[Round] = Field(description="Các đợt đã đặt; ngày không thuộc đợt nào thuộc đợt ngầm định của năm.")


class RoundChange(BaseModel):
    """A round's name and dates; its code is in the path."""

    name: str = Field(
        min_length=1, max_length=120, pattern=r"\S", description="Tên đợt (ví dụ: Đợt bồi dưỡng năm 2026)."
    )
    first: date = Field(description="Ngày bắt đầu đợt.")
    last: date = Field(description="Ngày kết thúc đợt (còn trong đợt).")
    version: int | None = Field(
        default=None,
        ge=0,
        description="Lần thay đổi của danh sách đợt mà người sửa đã xem; khác với danh sách đang lưu thì bị từ chối "
        "(round_changed). Bỏ trống là đặt theo danh sách đang lưu.",
    )


def province_of(path: str) -> str:
    """The top-level unit (province) of a unit path: the rounds a unit follows are its province's."""
    return path.split("/", 1)[0]


def _province_admin(admin: Claims) -> str:
    """The province the administrator administers itself: 403 for a unit below it (or the country's)."""
    if admin.unit_path.count("/") != 1:  # a unit path ends in "/": a province's is "40/"
        raise ApiError("province_admin_required")
    return province_of(admin.unit_path)


@router.get("/admin/rounds", responses=http.responses(*SCOPED))
async def read_rounds(admin: Admin, accounts: Accounts, unit: UnitCode = None) -> RoundList:
    """The training rounds of the province of a unit (the administrator's own by default)."""
    province = province_of(scope_of(admin, accounts, unit))
    kept = accounts.rounds(province) if province else rounds.Rounds()
    return RoundList(province=province, version=kept.version, rounds=list(kept.rounds))


@router.put("/admin/rounds/{code}", responses=http.responses(*REFUSALS))
async def set_round(
    code: RoundCode, body: RoundChange, admin: Admin, accounts: Accounts, audit: Audit, clock: Clock
) -> RoundList:
    """Set (add or change) the province's round of a year: a year's code, its last day not before its first, and no
    day shared with another round (409, nothing kept); with the version of the list it was decided on, when given."""
    province = _province_admin(admin)
    if not rounds.YEAR.match(code):
        raise ApiError("round_code", [{"field": "code", "problem": rounds.message("round_code")}])
    if body.last < body.first:
        problem = rounds.message("round_dates", first=body.first, last=body.last)
        raise ApiError("round_dates", [{"field": "last", "problem": problem}])
    new = Round(code=code, name=body.name.strip(), first=body.first, last=body.last)
    kept = accounts.rounds(province)
    if body.version is not None and body.version != kept.version:
        # Two administrators editing at once: the second decided on a list that is gone; it must see the new one.
        raise ApiError("round_changed")
    clash = rounds.problem(kept, new)
    if clash:
        raise ApiError(clash[0], [{"field": "first", "problem": rounds.message(clash[0], **clash[1])}])
    changed = rounds.with_round(kept, new)
    # Audited before it is kept, as every change is; a change that lost a race to another is refused, not retried:
    # the administrator sees the list that won and decides again.
    audited(audit, clock, admin, "round.set", province, code=code, name=new.name, first=new.first, last=new.last)
    if not accounts.put_rounds(province, changed):
        raise ApiError("round_changed")
    return RoundList(province=province, version=changed.version, rounds=list(changed.rounds))
