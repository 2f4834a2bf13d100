"""The audit trail: what the administrators of a subtree viewed, exported and imported."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from functions.api import http
from functions.api.admin.schemas import AuditRecord
from functions.api.admin.subtree import SCOPED, UnitCode, scope_of
from functions.api.deps.accounts import Accounts
from functions.api.deps.audit import Audit
from functions.api.identity import Admin

router = APIRouter()


@router.get("/admin/audit", responses=http.responses(*SCOPED))
async def audit_trail(
    admin: Admin,
    accounts: Accounts,
    audit: Audit,
    unit: UnitCode = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditRecord]:
    """What the administrators of a subtree viewed, exported and imported, newest first."""
    entries = audit.entries(scope_of(admin, accounts, unit), limit)
    found = {admin_id: accounts.account(admin_id) for admin_id in {e.admin_id for e in entries}}
    who = {admin_id: account.username for admin_id, account in found.items() if account}
    return [AuditRecord(**e.model_dump(), label=e.label, admin_username=who.get(e.admin_id)) for e in entries]
