"""Merging and renaming units over HTTP (`functions.accounts.merges`): by an administrator of a unit above every unit
named, audited before anything is written, refused whole with a code when a unit is unknown, outside their scope,
merged into itself or its own sub-unit, already merged elsewhere, or leaves sub-units behind.

A merge moves at most `MOVES_PER_CALL` accounts a call, well inside an API request's time (a commune has hundreds);
a larger one answers `done: false` and the same request, sent again, moves the next ones. Sending a merge again is
always safe: what is already written is found so and left as it is."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from functions import VIETNAM
from functions.accounts import merges
from functions.accounts.account import Unit
from functions.api import http
from functions.api.admin.subtree import audited
from functions.api.deps.accounts import Accounts
from functions.api.deps.audit import Audit
from functions.api.deps.core import Clock
from functions.api.identity import Admin

router = APIRouter()
CODE = r"^[A-Za-z0-9_-]+$"
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=CODE)]
MOVES_PER_CALL = 5_000
"""Accounts one merge call moves: about 100 DynamoDB transactions, a few seconds (docs/scale.md)."""
REFUSALS = (
    "account_required",
    "admin_required",
    "outside_scope",
    "admin_not_below",
    "unit_not_found",
    "merge_into_itself",
    "merge_cycle",
    "merge_has_children",
    "merge_date",
    "unit_merged",
    "unit_code_taken",
)


class NewUnit(BaseModel):
    """The unit a merge makes; its code is the merge's `into`."""

    name: str = Field(min_length=1, max_length=200, pattern=r"\S", description="Tên đơn vị mới.")
    parent_code: Code = Field(description="Mã đơn vị cấp trên của đơn vị mới.")
    kind: str = Field(default="", max_length=60, description="Cấp đơn vị (Xã, Phường, ...).")
    remote: bool = Field(default=False, description="Vùng dân tộc thiểu số, miền núi, hải đảo.")


class MergeRequest(BaseModel):
    """Units merged into one, from a day."""

    sources: list[Code] = Field(min_length=1, max_length=merges.MAX_SOURCES, description="Mã các đơn vị sáp nhập.")
    into: Code = Field(description="Mã đơn vị nhận (đã có, hoặc đơn vị mới khi có `new`).")
    on: date = Field(description="Ngày sáp nhập có hiệu lực: báo cáo trước ngày này giữ nguyên như cũ.")
    new: NewUnit | None = Field(default=None, description="Đơn vị mới do sáp nhập lập ra; bỏ trống là đơn vị đã có.")


class MergeDone(BaseModel):
    """What a merge call did."""

    into: str
    name: str
    merged: list[str] = Field(description="Các đơn vị đã sáp nhập vào đơn vị nhận.")
    on: date
    moved: int = Field(description="Tài khoản chuyển sang đơn vị nhận trong lần gọi này.")
    done: bool = Field(description="Đã chuyển hết tài khoản; false: gửi lại đúng yêu cầu này để chuyển tiếp.")


class Rename(BaseModel):
    name: str = Field(min_length=1, max_length=200, pattern=r"\S", description="Tên mới của đơn vị.")


class Renamed(BaseModel):
    code: str
    name: str
    former: str = Field(description="Tên trước khi đổi.")


@router.post("/admin/units/merge", responses=http.responses(*REFUSALS))
async def merge_units(body: MergeRequest, admin: Admin, accounts: Accounts, audit: Audit, clock: Clock) -> MergeDone:
    """Merge units into one (new or existing) from a day: their learners and administrators move to it, their
    reports before the day stay as they were. Sent again, it finishes a merge cut off half way."""
    now = clock()
    sources, into = [code.upper() for code in body.sources], body.into.upper()
    new = None
    if body.new is not None:
        parent = body.new.parent_code.upper()
        new = Unit(code=into, name=body.new.name.strip(), parent_code=parent, kind=body.new.kind, path="")
        new = new.model_copy(update={"remote": body.new.remote})
    today = now.astimezone(VIETNAM).date()
    checked = merges.plan(accounts.units(), admin.unit_path, sources, into, body.on, today, new)
    names = ", ".join(f"{unit.code} ({unit.name})" for unit in checked.sources)
    audited(audit, clock, admin, "units.merge", into, sources=names, code=into, into=checked.into.name, on=body.on)
    moved, done = merges.merge(accounts, checked, MOVES_PER_CALL)
    merged = [unit.code for unit in checked.sources]
    return MergeDone(into=into, name=checked.into.name, merged=merged, on=body.on, moved=moved, done=done)


@router.put("/admin/units/{code}/name", responses=http.responses(*REFUSALS[:5], "unit_merged"))
async def rename_unit(
    code: Annotated[str, Path(min_length=1, max_length=32, pattern=CODE, description="Mã đơn vị.")],
    body: Rename,
    admin: Admin,
    accounts: Accounts,
    audit: Audit,
    clock: Clock,
) -> Renamed:
    """Rename a unit below the administrator's own; certificates already signed keep the name they were issued with."""
    before = accounts.unit(code.upper())
    renamed = merges.rename(accounts.units(), admin.unit_path, code.upper(), body.name.strip())
    former = before.name if before else ""
    audited(audit, clock, admin, "unit.rename", renamed.code, former=former, name=renamed.name)
    accounts.put_units([renamed])
    return Renamed(code=renamed.code, name=renamed.name, former=former)
