"""The subtree an administrator's call asks about: the query parameters that name a unit or a cohort, the path of
that unit within the caller's scope, and the audit entry a route that shows or exports personal data leaves before
it answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Query

from functions.accounts.store import AccountStore
from functions.accounts.tokens import Claims
from functions.api.identity import require_scope
from functions.audit import AuditStore, entry
from functions.errors import ApiError

UnitCode = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=32,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Mã đơn vị; bỏ trống là đơn vị của quản trị viên.",
    ),
]
Cohort = Annotated[str | None, Query(min_length=1, max_length=40, description="Đợt học.")]
SCOPED = ("account_required", "admin_required", "outside_scope", "unit_not_found")
"""What a route about a unit of the administrator's subtree can refuse with."""


def scope_of(admin: Claims, accounts: AccountStore, unit: str | None) -> str:
    """The path of the unit asked for (the administrator's own by default): 404 if unknown, 403 outside the subtree."""
    if unit is None:
        return admin.unit_path
    found = accounts.unit(unit)
    if found is None:
        raise ApiError("unit_not_found")
    require_scope(admin, found.path)
    return found.path


def audited(
    audit: AuditStore, clock: Callable[[], datetime], admin: Claims, action: str, target: str, **facts: object
) -> None:
    """Record that `admin` did `action` on `target`; raises if it cannot be kept, so the data is then not sent."""
    audit.record(
        entry(action, at=clock(), admin_id=admin.learner_id, admin_unit_path=admin.unit_path, target=target, **facts)
    )


def unit_names(accounts: AccountStore, codes: set[str]) -> dict[str, str]:
    """Each unit code's name (the code itself for a unit since removed)."""
    return {code: unit.name if (unit := accounts.unit(code)) else code for code in codes}
