"""Administrators and focal officials: give a learner of the subtree a list of colleagues to follow, read it back,
and count each focal official's learners by state. Every route needs an administrator of the focal official's
subtree; reading a list or the report is audited before it answers, a change once it is kept."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from functions import VIETNAM
from functions.accounts.account import Account
from functions.accounts.focal import FollowedElsewhere, check_focal, check_learners
from functions.api import http
from functions.api.admin import directory
from functions.api.admin.focalschemas import FocalCounts, FocalList, FocalReport, FocalRequest, FollowedName
from functions.api.admin.subtree import SCOPED, UnitCode, audited, scope_of, unit_names
from functions.api.deps.accounts import Accounts
from functions.api.deps.audit import Audit
from functions.api.deps.certificates import Certificates
from functions.api.deps.core import Banks, Clock
from functions.api.deps.focal import Focal
from functions.api.identity import Admin
from functions.errors import ApiError
from functions.reports import lineage

router = APIRouter()
FocalUsername = Annotated[
    str,
    Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$", description="Tên đăng nhập của cán bộ đầu mối."),
]
ONE = ("account_required", "admin_required", "focal_not_found")
"""What a route about one focal official can refuse with."""


def _list(accounts: Accounts, focal: Account, learner_ids: list[str]) -> FocalList:
    followed = [found for learner_id in learner_ids if (found := accounts.account(learner_id)) is not None]
    names = unit_names(accounts, {focal.unit_code} | {learner.unit_code for learner in followed})
    return FocalList(
        focal_id=focal.learner_id,
        username=focal.username,
        full_name=focal.full_name,
        unit_code=focal.unit_code,
        unit_name=names[focal.unit_code],
        learners=[
            FollowedName(
                learner_id=learner.learner_id,
                username=learner.username,
                full_name=learner.full_name,
                unit_name=names[learner.unit_code],
            )
            for learner in sorted(followed, key=lambda learner: learner.username)
        ],
    )


@router.get("/admin/focal/{username}", responses=http.responses(*ONE))
async def focal_list(
    username: FocalUsername, admin: Admin, accounts: Accounts, focal: Focal, audit: Audit, clock: Clock
) -> FocalList:
    """The learners a focal official of the subtree follows (none when they are not one yet)."""
    official = check_focal(accounts.by_username(username), admin.unit_path)
    found = _list(accounts, official, focal.followed(official.learner_id))
    audited(audit, clock, admin, "focal.view", official.learner_id, username=username, count=len(found.learners))
    return found


@router.put(
    "/admin/focal/{username}",
    responses=http.responses(
        *ONE, "focal_learner_unknown", "focal_self", "focal_outside_unit", "focal_too_many", "focal_learner_taken"
    ),
)
async def assign(
    username: FocalUsername,
    body: FocalRequest,
    admin: Admin,
    accounts: Accounts,
    focal: Focal,
    audit: Audit,
    clock: Clock,
) -> FocalList:
    """Give a learner of the subtree the whole list of colleagues they follow (an empty list ends the role). Every
    learner must be of the focal official's unit or a unit below it, and followed by no other focal official; the
    list is kept whole or not at all."""
    official = check_focal(accounts.by_username(username), admin.unit_path)
    found = {name: accounts.by_username(name) for name in dict.fromkeys(body.learners)}
    learner_ids = check_learners(official, admin.unit_path, body.learners, found)
    try:
        focal.assign(official.learner_id, official.unit_path, learner_ids)
    except FollowedElsewhere as taken:
        names = sorted(name for name, learner in found.items() if learner and learner.learner_id in taken.learner_ids)
        raise ApiError("focal_learner_taken", [{"field": "learners", "problem": name} for name in names]) from None
    # Audited once kept: a refused list changed nothing, and an entry says what did change.
    audited(audit, clock, admin, "focal.assign", official.learner_id, username=username, count=len(learner_ids))
    return _list(accounts, official, sorted(learner_ids))


@router.get("/admin/focal", responses=http.responses(*SCOPED))
async def focal_report(
    admin: Admin,
    accounts: Accounts,
    certificates: Certificates,
    focal: Focal,
    banks: Banks,
    audit: Audit,
    clock: Clock,
    unit: UnitCode = None,
) -> FocalReport:
    """The focal officials of a subtree (their unit in it), each with their learners counted by state: issued,
    activated, passed (every course's certificate) and overdue. Read from the subtree's accounts and certificates
    at request time: a few list reads, not one per learner (docs/scale.md)."""
    path = scope_of(admin, accounts, unit)
    people = {account.learner_id: account for account in accounts.accounts_under(path)}
    # Certificates and lists keep the unit they were made in: those of units merged into the subtree are its too.
    paths = lineage.paths(accounts.units(), path)
    held: dict[str, list] = {}
    for record in (record for each in paths for record in certificates.under(each)):
        held.setdefault(record.learner_id, []).append(record)
    course_ids = {bank.course_id for bank in directory.courses(banks)}
    today = clock().astimezone(VIETNAM).date()
    assignments = [assignment for each in paths for assignment in focal.under(each)]
    names = unit_names(accounts, {people[a.focal_id].unit_code for a in assignments if a.focal_id in people})
    lines, followed = [], set()
    for assignment in assignments:
        official = people.get(assignment.focal_id)
        if official is None:
            continue  # the focal official's account has left the subtree: their list is not this report's
        mine = [
            people[learner_id]
            for learner_id in assignment.learner_ids
            if learner_id in people and people[learner_id].unit_path.startswith(official.unit_path)
        ]
        followed |= {learner.learner_id for learner in mine}
        states = [
            directory.summary(learner, "", held.get(learner.learner_id, []), course_ids, today) for learner in mine
        ]
        lines.append(
            FocalCounts(
                focal_id=official.learner_id,
                username=official.username,
                full_name=official.full_name,
                unit_code=official.unit_code,
                unit_name=names[official.unit_code],
                issued=len(states),
                activated=sum(state.activated for state in states),
                passed=sum(bool(course_ids) and state.certificates == len(course_ids) for state in states),
                overdue=sum(state.overdue for state in states),
            )
        )
    learners = sum(account.role == "learner" for account in people.values())
    audited(audit, clock, admin, "focal.report", unit or admin.unit_code, count=len(lines))
    return FocalReport(
        unit_code=unit or admin.unit_code, focal=lines, learners=learners, unfollowed=learners - len(followed)
    )
