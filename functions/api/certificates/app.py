"""The certificates function's FastAPI app: claim on passing, verify by number, download, revoke, bulk ZIP.

It is the only function that loads the PDF library and the signing key.
"""

from __future__ import annotations

import io
import zipfile
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Response

from functions import VIETNAM
from functions.accounts.account import Account
from functions.accounts.tokens import Claims
from functions.api import http
from functions.api.certificates.schemas import Revocation, Verification
from functions.api.deps.accounts import Accounts
from functions.api.deps.attempts import Store
from functions.api.deps.audit import Audit
from functions.api.deps.blobs import BlobStore
from functions.api.deps.certificates import Certificates
from functions.api.deps.core import Banks, Clock, Rng, SettingsDep
from functions.api.deps.keys import Keys
from functions.api.deps.tally import Tally
from functions.api.downloads import attachment
from functions.api.identity import Admin, SignedIn, require_scope
from functions.audit import entry
from functions.certificates import credential, document, issuance, status
from functions.certificates.numbers import file_stem, normalise
from functions.certificates.record import CertificateStore, IssuedCertificate
from functions.errors import ApiError
from functions.exam import history
from functions.reports.tally import Mark, reached
from functions.scope import require_authority

COURSE_ID = r"^[a-z0-9][a-z0-9-]{0,62}$"
"""A course's id as content declares it (a folder's slug); anything else names no course."""
CourseId = Annotated[str, Path(min_length=1, max_length=63, pattern=COURSE_ID)]
CourseQuery = Annotated[str | None, Query(min_length=1, max_length=63, pattern=COURSE_ID, description="Mã khóa học.")]
Number = Annotated[
    str,
    Path(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9 *~$=._-]+$",
        description="Số giấy chứng nhận, ví dụ HS-7K4M-Q9PX-R.",
    ),
]
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "Giấy chứng nhận (PDF)."}
}


def _found(store: CertificateStore, number: str) -> IssuedCertificate:
    canonical = normalise(number)
    record = store.certificate(canonical) if canonical else None
    if record is None:
        raise ApiError("certificate_not_found")
    return record


def _may_see(claims: Claims, record: IssuedCertificate) -> None:
    """Its owner, and administrators whose subtree holds the owner's unit; 404 for anyone else, not 403, so a
    number cannot be probed for whose it is."""
    if claims.learner_id == record.learner_id:
        return
    if claims.role == "admin" and record.unit_path.startswith(claims.unit_path):
        return
    raise ApiError("certificate_not_found")


def create_app() -> FastAPI:
    """A new certificates app; stores, keys and the blob store open on first request, from the settings."""
    app = http.new_app(
        "certificates",
        "Giấy chứng nhận hoàn thành khóa học: cấp khi đạt, xác minh theo số, tải PDF, thu hồi, tải theo đơn vị.",
    )

    @app.post(
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
        passed = issuance.passing_attempt(
            bank,
            history(attempts, account.learner_id, course_id, now),
            attempts.lessons_done(account.learner_id, course_id),
        )
        if passed is None:
            raise ApiError("not_eligible")
        unit = accounts.unit(account.unit_code)
        record, created = issuance.claim(
            certificates,
            account.learner_id,
            course_id,
            lambda index: issuance.draft(
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
                status_index=index,
            ),
        )
        if created:
            document.pdf_of(record, blobs, settings.site_url)
        else:
            response.status_code = 200
        # Counted here as well as at submission: a pass settled late, on the deadline, is counted when claimed.
        reached(tally, claims, "passed", course_id, passed.submitted_at.astimezone(VIETNAM).date())  # type: ignore[union-attr]
        reached(tally, claims, "certified", course_id, record.issued_at.astimezone(VIETNAM).date())
        return Verification.of(record)

    @app.get("/certificates/mine", responses=http.responses("account_required"))
    async def mine(claims: SignedIn, certificates: Certificates) -> list[Verification]:
        """The signed-in learner's certificates, one per course."""
        return [Verification.of(record) for record in certificates.of_learner(claims.learner_id)]

    @app.get(
        "/certificates/bulk",
        responses={
            200: {"content": {"application/zip": {}}, "description": "ZIP of PDFs."},
            **http.responses("account_required", "admin_required", "outside_scope", "unit_not_found", "bulk_too_large"),
        },
    )
    async def bulk(
        admin: Admin,
        accounts: Accounts,
        certificates: Certificates,
        blobs: BlobStore,
        settings: SettingsDep,
        audit: Audit,
        clock: Clock,
        unit: Annotated[str, Query(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")],
        course: CourseQuery = None,
    ) -> Response:
        """Every valid certificate of a unit's subtree (optionally one course) as one ZIP of PDFs, for printing;
        revoked ones are left out."""
        found = accounts.unit(unit)
        if found is None:
            raise ApiError("unit_not_found")
        require_scope(admin, found.path)
        records = [record for record in certificates.under(found.path, course) if record.revoked_at is None]
        if len(records) > settings.bulk_limit:
            raise ApiError("bulk_too_large")
        audit.record(
            entry(
                "certificates.download",
                at=clock(),
                admin_id=admin.learner_id,
                admin_unit_path=admin.unit_path,
                target=unit,
                count=len(records),
                course=course,
            )
        )
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zipped:  # PDFs are compressed already
            for record in records:
                zipped.writestr(
                    f"{record.course_id}/{file_stem(record.number)}.pdf",
                    document.pdf_of(record, blobs, settings.site_url),
                )
        name = f"giay-chung-nhan-{unit}{'-' + course if course else ''}.zip"
        return Response(archive.getvalue(), media_type="application/zip", headers=attachment(name))

    @app.get(
        "/certificates/status/{list_id}",
        response_class=Response,
        responses={
            200: {
                "content": {"application/vc+jwt": {}},
                "description": "Danh sách thu hồi (W3C Bitstring Status List v1.0), JWT đã ký.",
            }
        },
    )
    async def status_list(
        list_id: Annotated[int, Path(ge=0, le=100_000)],
        certificates: Certificates,
        keys: Keys,
        settings: SettingsDep,
        clock: Clock,
    ) -> Response:
        """The revocation list the credentials point to, read from the records at each request, so a revocation is
        published at once; signed, so no cache or proxy can clear a bit."""
        body = status.list_credential(
            site_url=settings.site_url,
            issuer=settings.issuer,
            list_id=list_id,
            bits=certificates.revoked_in(list_id),
            now=clock(),
        )
        return Response(
            status.issue_list(body, keys.current, site_url=settings.site_url),
            media_type="application/vc+jwt",
            headers={"Cache-Control": f"public, max-age={status.MAX_AGE}"},
        )

    @app.get("/certificates/{number}", responses=http.responses("certificate_not_found"))
    async def verify(number: Number, certificates: Certificates) -> Verification:
        """Anyone may check a number: the signed statement, its signature and whether it was revoked."""
        return Verification.of(_found(certificates, number))

    @app.get(
        "/certificates/{number}/pdf",
        response_class=Response,
        responses={**PDF, **http.responses("account_required", "certificate_not_found", "certificate_revoked")},
    )
    async def pdf(
        number: Number, claims: SignedIn, certificates: Certificates, blobs: BlobStore, settings: SettingsDep
    ) -> Response:
        """The certificate as a PDF, for its owner and their unit's administrators; a revoked one to nobody (409)."""
        record = _found(certificates, number)
        _may_see(claims, record)
        if record.revoked_at:
            raise ApiError("certificate_revoked")
        return Response(
            document.pdf_of(record, blobs, settings.site_url),
            media_type="application/pdf",
            headers=attachment(f"{file_stem(record.number)}.pdf"),
        )

    @app.get(
        "/certificates/{number}/credential",
        response_class=Response,
        responses={
            200: {"content": {"application/vc+jwt": {}}, "description": "Open Badges 3.0 credential, JWT."},
            **http.responses("account_required", "certificate_not_found", "certificate_revoked"),
        },
    )
    async def as_credential(
        number: Number, claims: SignedIn, certificates: Certificates, keys: Keys, settings: SettingsDep
    ) -> Response:
        """The certificate as an Open Badges 3.0 verifiable credential (JWT), for a digital wallet."""
        record = _found(certificates, number)
        _may_see(claims, record)
        if record.revoked_at:
            raise ApiError("certificate_revoked")
        key = next((key for key in keys.keys if key.key_id == record.certificate.key_id), keys.current)
        token = credential.issue(record.certificate, key, site_url=settings.site_url)
        return Response(token, media_type="application/vc+jwt")

    @app.post(
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
        record = _found(certificates, number)
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
            # The reports count certificates that stand: this one no longer does.
            tally.unmark(
                Mark(
                    owner.learner_id,
                    record.unit_code,
                    record.unit_path,
                    owner.cohort,
                    record.course_id,
                    "certified",
                    record.issued_at.astimezone(VIETNAM).date(),
                    owner.deadline,
                )
            )
        return Verification.of(certificates.revoke(record.number, body.reason, admin.learner_id, clock()))  # type: ignore[arg-type]

    return app
