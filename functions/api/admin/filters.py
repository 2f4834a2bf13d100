"""What the administrators' pages offer in their filters for a subtree: the cohorts, read from the report counters
(`functions.reports.filters`), and the training rounds of its province. Holds no personal data, so it leaves no
audit entry."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from functions.api import http
from functions.api.admin.rounds import province_of
from functions.api.admin.subtree import SCOPED, UnitCode, scope_of
from functions.api.deps.accounts import Accounts
from functions.api.deps.tally import Tally
from functions.api.identity import Admin
from functions.reports import filters
from functions.rounds import Round

router = APIRouter()


class Filters(BaseModel):
    """The choices of the filters for one subtree; a list per filter, so another (the yearly rounds) can join."""

    cohorts: list[str] = Field(
        description="Các đợt học có học viên trong đơn vị và các đơn vị trực thuộc (Đợt 2 đứng trước Đợt 10)."
    )
    rounds: list[Round] = Field(
        description="Các đợt đào tạo hằng năm tỉnh đã đặt, theo ngày bắt đầu; chưa đặt đợt nào thì mỗi năm là một đợt."
    )


@router.get("/admin/filters", responses=http.responses(*SCOPED))
async def read_filters(admin: Admin, accounts: Accounts, tally: Tally, unit: UnitCode = None) -> Filters:
    """The cohorts of the learners of a subtree (the administrator's own unit by default) and its province's
    training rounds, for the filters of the dashboard and the learner list."""
    path = scope_of(admin, accounts, unit)
    province = province_of(path)
    kept = list(accounts.rounds(province).rounds) if province else []
    return Filters(cohorts=filters.cohorts(tally, path), rounds=kept)
