"""Anyone verifies a certificate by its number and reads the revocation lists; its owner and their
administrators download it as a PDF or an Open Badges credential."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from functions.api import http
from functions.api.certificates.lookup import PDF, Number, found, may_see
from functions.api.certificates.schemas import Verification
from functions.api.deps.blobs import BlobStore
from functions.api.deps.certificates import Certificates
from functions.api.deps.core import Clock, SettingsDep
from functions.api.deps.keys import Keys
from functions.api.identity import SignedIn
from functions.certificates import credential, document, status
from functions.certificates.numbers import file_stem
from functions.downloads import attachment
from functions.errors import ApiError

router = APIRouter()


@router.get(
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


@router.get("/certificates/{number}", responses=http.responses("certificate_not_found"))
async def verify(number: Number, certificates: Certificates) -> Verification:
    """Anyone may check a number: the signed statement, its signature and whether it was revoked."""
    return Verification.of(found(certificates, number))


@router.get(
    "/certificates/{number}/pdf",
    response_class=Response,
    responses={**PDF, **http.responses("account_required", "certificate_not_found", "certificate_revoked")},
)
async def pdf(
    number: Number, claims: SignedIn, certificates: Certificates, blobs: BlobStore, settings: SettingsDep
) -> Response:
    """The certificate as a PDF, for its owner and their unit's administrators; a revoked one to nobody (409)."""
    record = found(certificates, number)
    may_see(claims, record)
    if record.revoked_at:
        raise ApiError("certificate_revoked")
    return Response(
        document.pdf_of(record, blobs, settings.site_url),
        media_type="application/pdf",
        headers=attachment(f"{file_stem(record.number)}.pdf"),
    )


@router.get(
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
    record = found(certificates, number)
    may_see(claims, record)
    if record.revoked_at:
        raise ApiError("certificate_revoked")
    key = next((key for key in keys.keys if key.key_id == record.certificate.key_id), keys.current)
    token = credential.issue(record.certificate, key, site_url=settings.site_url)
    return Response(token, media_type="application/vc+jwt")
