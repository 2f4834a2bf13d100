"""An administrator of the owner's subtree revokes a certificate; the status list carries it to every copy."""

from __future__ import annotations

from fastapi import APIRouter

from functions import VIETNAM
from functions.api import http
from functions.api.certificates.lookup import Number, found
from functions.api.certificates.schemas import Revocation, Verification
from functions.api.deps.accounts import Accounts
from functions.api.deps.audit import Audit
from functions.api.deps.certificates import Certificates
from functions.api.deps.core import Clock
from functions.api.deps.tally import Tally
from functions.api.identity import Admin
from functions.audit import entry
from functions.reports.tally import Mark
from functions.scope import require_authority

router = APIRouter()


@router.post(
    "/certificates/{number}/revoke",
    responses=http.responses(
        "account_required", "admin_required", "certificate_not_found", "outside_scope", "admin_not_below", body=True
    ),
)
async def revoke(
    number: Number,
    body: Revocation,
    admin: Admin,
    accounts: Accounts,
    certificates: Certificates,
    audit: Audit,
    tally: Tally,
    clock: Clock,
) -> Verification:
    """An administrator withdraws a certificate of a learner of their subtree, or of an administrator of a unit
    strictly below their own, with a reason the verification page shows. (Anyone may verify a number, so a
    refusal outside the subtree tells nothing the public verification does not.)"""
    record = found(certificates, number)
    owner = accounts.account(record.learner_id)
    require_authority(admin.unit_path, owner.role if owner else "learner", record.unit_path)
    audit.record(
        entry(
            "certificate.revoke",
            at=clock(),
            admin_id=admin.learner_id,
            admin_unit_path=admin.unit_path,
            target=record.number,
            number=record.number,
            reason=body.reason,
        )
    )
    if owner is not None and record.revoked_at is None:
        # The reports count certificates that stand: this one no longer does. It was counted in its round, or, for
        # a learner whose account was issued before rounds were kept, in none.
        for counted_in in dict.fromkeys((record.certificate.round, None)):
            mark = Mark(
                owner.learner_id,
                record.unit_code,
                record.unit_path,
                owner.cohort,
                record.course_id,
                "certified",
                record.issued_at.astimezone(VIETNAM).date(),
                owner.deadline,
                owner.category,
                counted_in,
            )
            if tally.unmark(mark):
                break
    return Verification.of(certificates.revoke(record.number, body.reason, admin.learner_id, clock()))  # type: ignore[arg-type]
