"""Claiming a certificate on passing, and a learner's own certificates."""

from __future__ import annotations

from fastapi import APIRouter, Response

from functions import VIETNAM, rounds
from functions.accounts.account import Account
from functions.api import http
from functions.api.certificates.lookup import CourseId
from functions.api.certificates.schemas import Verification
from functions.api.deps.accounts import Accounts
from functions.api.deps.attempts import Store
from functions.api.deps.blobs import BlobStore
from functions.api.deps.certificates import Certificates
from functions.api.deps.core import Banks, Clock, Rng, SettingsDep
from functions.api.deps.keys import Keys
from functions.api.deps.tally import Tally
from functions.api.identity import SignedIn
from functions.certificates import document, issuance
from functions.errors import ApiError
from functions.exam import history
from functions.reports.tally import reached

router = APIRouter()


@router.post(
    "/certificates/courses/{course_id}",
    status_code=201,
    responses={
        200: {"model": Verification, "description": "The certificate issued before."},
        **http.responses("account_required", "course_not_found", "not_eligible"),
    },
)
async def claim(
    course_id: CourseId,
    claims: SignedIn,
    response: Response,
    accounts: Accounts,
    attempts: Store,
    banks: Banks,
    certificates: Certificates,
    blobs: BlobStore,
    keys: Keys,
    settings: SettingsDep,
    tally: Tally,
    clock: Clock,
    rng: Rng,
) -> Verification:
    """Issue the signed certificate of a passed course (201), or return the one issued before (200)."""
    bank = banks.get(course_id)
    if bank is None:
        raise ApiError("course_not_found")
    account: Account | None = accounts.account(claims.learner_id)
    if account is None:
        raise ApiError("account_required")
    now = clock()
    # The round of the learner's province that today falls in (its calendar year when none is set): a certificate
    # per round, earned by a pass of that round only.
    kept = accounts.rounds(account.unit_path.split("/", 1)[0])
    round = rounds.current(kept, now.astimezone(VIETNAM).date()).code
    passed = issuance.passing_attempt(
        bank,
        issuance.in_round(history(attempts, account.learner_id, course_id, now), kept, round),
        attempts.lessons_done(account.learner_id, course_id),
    )
    if passed is None:
        raise ApiError("not_eligible")
    unit = accounts.unit(account.unit_code)
    record, created = issuance.certify(
        certificates,
        key=keys.current,
        issuer=settings.issuer,
        learner_id=account.learner_id,
        learner_name=account.full_name,
        unit_code=account.unit_code,
        unit_name=unit.name if unit else account.unit_code,
        unit_path=account.unit_path,
        bank=bank,
        attempt=passed,
        now=now,
        rng=rng,
        site_url=settings.site_url,
        round=round,
        kept=kept,
    )
    if created:
        document.pdf_of(record, blobs, settings.site_url)
    else:
        response.status_code = 200
    # Counted here as well as at submission: a pass settled late, on the deadline, is counted when claimed.
    reached(tally, claims, "passed", course_id, passed.submitted_at.astimezone(VIETNAM).date())  # type: ignore[union-attr]
    reached(tally, claims, "certified", course_id, record.issued_at.astimezone(VIETNAM).date())
    return Verification.of(record)


@router.get("/certificates/mine", responses=http.responses("account_required"))
async def mine(claims: SignedIn, certificates: Certificates) -> list[Verification]:
    """The signed-in learner's certificates, one per course and training round."""
    return [Verification.of(record) for record in certificates.of_learner(claims.learner_id)]
