"""The focal official's own page: the learners they were given to follow and where each stands, for a page that shows
who is behind and prints reminders.

A focal official is a learner, not an administrator: this is the one route of the administration function a learner
may call, and it answers only about the learners on their list that are still of their unit (or a unit below it),
without contact details, identity numbers or sign-in state. Each look is audited under the focal official's name."""

from __future__ import annotations

from fastapi import APIRouter

from functions import VIETNAM
from functions.api import http
from functions.api.admin import directory
from functions.api.admin.focalschemas import FollowedLearner, FollowedPage
from functions.api.admin.subtree import audited, unit_names
from functions.api.deps.accounts import Accounts
from functions.api.deps.attempts import Store
from functions.api.deps.audit import Audit
from functions.api.deps.certificates import Certificates
from functions.api.deps.core import Banks, Clock, SettingsDep
from functions.api.deps.focal import Focal
from functions.api.identity import SignedIn
from functions.errors import ApiError

router = APIRouter()


@router.get("/admin/followed", responses=http.responses("account_required", "focal_required"))
async def followed(
    caller: SignedIn,
    accounts: Accounts,
    focal: Focal,
    attempts: Store,
    certificates: Certificates,
    banks: Banks,
    audit: Audit,
    clock: Clock,
    settings: SettingsDep,
) -> FollowedPage:
    """The caller's learners, if they are a focal official: each one's deadline, days left and every course's
    lessons, attempts and pass, the same figures an administrator's learner detail shows."""
    learner_ids = focal.followed(caller.learner_id) if caller.role == "learner" else []
    me = accounts.account(caller.learner_id)
    if not learner_ids or me is None:
        raise ApiError("focal_required")
    # A learner moved since to another unit is no longer theirs to see, whatever the list still says.
    mine = [
        learner
        for learner_id in learner_ids
        if (learner := accounts.account(learner_id)) is not None
        and learner.role == "learner"
        and learner.unit_path.startswith(me.unit_path)
    ]
    names = unit_names(accounts, {me.unit_code} | {learner.unit_code for learner in mine})
    audited(audit, clock, caller, "focal.list", me.learner_id, username=me.username, count=len(mine))
    now = clock()
    today, courses = now.astimezone(VIETNAM).date(), directory.courses(banks)
    lines = []
    for learner in sorted(mine, key=lambda learner: learner.username):
        found = directory.detail(
            learner,
            names[learner.unit_code],
            courses,
            attempts,
            certificates.of_learner(learner.learner_id),
            today,
            now,
        )
        lines.append(
            FollowedLearner(
                **found.model_dump(include=set(FollowedLearner.model_fields) - {"days_left"}),
                days_left=(found.deadline - today).days if found.deadline else None,
            )
        )
    return FollowedPage(
        username=me.username,
        full_name=me.full_name,
        unit_name=names[me.unit_code],
        today=today,
        signin_url=f"{settings.site_url}tai-khoan/",
        learners=lines,
    )
