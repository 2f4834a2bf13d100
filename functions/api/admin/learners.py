"""The units and learners of an administrator's subtree: the unit list, the learners a page at a time (searched
without accents), and one learner in full. Every list or learner shown is audited first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from functions import VIETNAM
from functions.accounts import throttle
from functions.api import http
from functions.api.admin import directory
from functions.api.admin.schemas import LearnerDetail, LearnerPage, UnitEntry
from functions.api.admin.subtree import SCOPED, Cohort, UnitCode, audited, scope_of, unit_names
from functions.api.deps.accounts import Accounts
from functions.api.deps.attempts import Store
from functions.api.deps.audit import Audit
from functions.api.deps.certificates import Certificates
from functions.api.deps.core import Banks, Clock, SettingsDep
from functions.api.identity import Admin
from functions.errors import ApiError

router = APIRouter()
LearnerId = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._-]+$")]


@router.get("/admin/units", responses=http.responses(*SCOPED))
async def units(
    admin: Admin,
    accounts: Accounts,
    settings: SettingsDep,
    unit: UnitCode = None,
) -> list[UnitEntry]:
    """The units of a subtree (the unit itself included), in code order."""
    path = scope_of(admin, accounts, unit)
    return [UnitEntry.of(found, settings) for found in accounts.units() if found.path.startswith(path)]


@router.get("/admin/learners", responses=http.responses(*SCOPED))
async def learners(
    admin: Admin,
    accounts: Accounts,
    certificates: Certificates,
    banks: Banks,
    audit: Audit,
    clock: Clock,
    unit: UnitCode = None,
    cohort: Cohort = None,
    q: Annotated[
        str | None, Query(max_length=100, description="Tìm theo họ tên hoặc tên đăng nhập, không cần dấu.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> LearnerPage:
    """The learners of a subtree, optionally of one cohort or matching a search, a page at a time."""
    path = scope_of(admin, accounts, unit)
    found = directory.search(accounts.accounts_under(path, cohort), q)
    page = found[offset : offset + limit]
    names = unit_names(accounts, {account.unit_code for account in page})
    course_ids = {bank.course_id for bank in directory.courses(banks)}
    today = clock().astimezone(VIETNAM).date()
    lines = [
        directory.summary(
            account, names[account.unit_code], certificates.of_learner(account.learner_id), course_ids, today
        )
        for account in page
    ]
    audited(
        audit,
        clock,
        admin,
        "learners.list",
        unit or admin.unit_code,
        shown=len(lines),
        total=len(found),
        cohort=cohort,
        q=q,
    )
    return LearnerPage(total=len(found), offset=offset, limit=limit, learners=lines)


@router.get(
    "/admin/learners/{learner_id}",
    responses=http.responses("account_required", "admin_required", "account_not_found"),
)
async def learner(
    learner_id: LearnerId,
    admin: Admin,
    accounts: Accounts,
    attempts: Store,
    certificates: Certificates,
    banks: Banks,
    audit: Audit,
    clock: Clock,
) -> LearnerDetail:
    """One learner of the subtree: contact details, sign-in state, and where they stand in every course."""
    account = accounts.account(learner_id)
    # Outside the subtree an account is "not found", so an id cannot be probed for whether it exists.
    if account is None or account.role != "learner" or not account.unit_path.startswith(admin.unit_path):
        raise ApiError("account_not_found")
    now = clock()
    found = directory.detail(
        account,
        unit_names(accounts, {account.unit_code})[account.unit_code],
        directory.courses(banks),
        attempts,
        certificates.of_learner(learner_id),
        now.astimezone(VIETNAM).date(),
        now,
        throttle.paused_until(accounts, throttle.USERNAME, account.username, now),
    )
    audited(audit, clock, admin, "learner.view", learner_id, username=account.username)
    return found
