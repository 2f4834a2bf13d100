"""A unit's staff in post (số biên chế) per learner category and training year: read and set by the administrators
of the unit's subtree, the unit's own administrators included, since they know their staff. Every change is
audited; a change is checked whole before anything is kept, so a refused one changes nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from functions import VIETNAM, categories, headcounts
from functions.accounts.account import Unit
from functions.accounts.store import AccountStore
from functions.accounts.tokens import Claims
from functions.api import http
from functions.api.admin.subtree import SCOPED, audited
from functions.api.deps.accounts import Accounts
from functions.api.deps.audit import Audit
from functions.api.deps.core import Clock
from functions.api.deps.tally import Tally
from functions.api.identity import Admin, require_scope
from functions.errors import ApiError
from functions.headcounts import MAX_STAFF, Headcount
from functions.reports import staffing
from functions.reports.tally import TallyStore

router = APIRouter()
Code = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$", description="Mã đơn vị.")]
Year = Annotated[int | None, Query(ge=2000, le=2100, description="Năm đào tạo; bỏ trống là năm nay.")]
REFUSALS = (*SCOPED, "headcount_unknown_category", "headcount_below_issued", "unit_merged")


class HeadcountView(BaseModel):
    """A unit's staff in post of one training year beside the accounts already issued to it, per category."""

    unit_code: str
    year: int
    headcounts: dict[str, int] = Field(description="Số biên chế theo mã đối tượng; đối tượng chưa nhập không có.")
    issued: dict[str, int] = Field(description="Tài khoản đã cấp cho chính đơn vị trong năm, theo mã đối tượng.")
    labels: dict[str, str] = Field(description="Tên của mọi đối tượng nhập được số biên chế, theo mã, theo thứ tự.")


class HeadcountChange(BaseModel):
    """The headcounts to set; categories left out keep theirs."""

    year: int = Field(ge=2000, le=2100, description="Năm đào tạo của số biên chế.")
    headcounts: dict[str, Annotated[int, Field(ge=0, le=MAX_STAFF)]] = Field(
        max_length=len(categories.CATEGORIES), description="Số biên chế theo mã đối tượng."
    )


def _unit(admin: Claims, accounts: AccountStore, code: str) -> Unit:
    unit = accounts.unit(code.upper())
    if unit is None:
        raise ApiError("unit_not_found")
    require_scope(admin, unit.path)
    return unit


def _view(unit: Unit, tally: TallyStore, year: int) -> HeadcountView:
    issued = staffing.issued(tally.split(unit.path)[1], unit.code)
    return HeadcountView(
        unit_code=unit.code,
        year=year,
        headcounts=headcounts.of_year(unit.headcounts, year),
        issued={category: n for (its_year, category), n in issued.items() if its_year == year},
        labels=categories.CATEGORIES,
    )


@router.get("/admin/units/{code}/headcounts", responses=http.responses(*SCOPED))
async def read_headcounts(
    code: Code, admin: Admin, accounts: Accounts, tally: Tally, clock: Clock, year: Year = None
) -> HeadcountView:
    """The unit's staff in post of a training year, and the accounts already issued to it, per category."""
    unit = _unit(admin, accounts, code)
    return _view(unit, tally, year or clock().astimezone(VIETNAM).year)


@router.put("/admin/units/{code}/headcounts", responses=http.responses(*REFUSALS))
async def set_headcounts(
    code: Code, body: HeadcountChange, admin: Admin, accounts: Accounts, tally: Tally, audit: Audit, clock: Clock
) -> HeadcountView:
    """Set the unit's staff in post of a year for the categories given: each a category of the list, and none
    below the accounts already issued to the unit that year in that category (409, nothing kept)."""
    unit = _unit(admin, accounts, code)
    if unit.merged_into is not None:  # its staff are the successor's now (`functions.accounts.merges`)
        raise ApiError("unit_merged", [{"field": "code", "problem": f"{unit.code} → {unit.merged_into}"}])
    unknown = [category for category in body.headcounts if category not in categories.CATEGORIES]
    if unknown:
        raise ApiError(
            "headcount_unknown_category", [{"field": f"headcounts.{c}", "problem": "unknown"} for c in unknown]
        )
    new = [Headcount(year=body.year, category=category, staff=staff) for category, staff in body.headcounts.items()]
    below = headcounts.below_issued(new, staffing.issued(tally.split(unit.path)[1], unit.code))
    if below:
        details = [
            {"field": f"headcounts.{count.category}", "problem": f"below_issued:{issued}"} for count, issued in below
        ]
        raise ApiError("headcount_below_issued", details)
    given = ", ".join(f"{categories.SHORT[count.category]} {count.staff}" for count in new)
    audited(audit, clock, admin, "headcounts.set", unit.code, year=body.year, counts=given)
    changed = unit.model_copy(update={"headcounts": headcounts.merged(unit.headcounts, new)})
    accounts.put_units([changed])
    return _view(changed, tally, body.year)
