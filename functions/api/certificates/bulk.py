"""The certificates of an administrator's subtree as one ZIP of PDFs, audited."""

from __future__ import annotations

import io
import zipfile
from typing import Annotated

from fastapi import APIRouter, Query, Response

from functions.api import http
from functions.api.certificates.lookup import CourseQuery
from functions.api.deps.accounts import Accounts
from functions.api.deps.audit import Audit
from functions.api.deps.blobs import BlobStore
from functions.api.deps.certificates import Certificates
from functions.api.deps.core import Clock, SettingsDep
from functions.api.downloads import attachment
from functions.api.identity import Admin, require_scope
from functions.audit import entry
from functions.certificates import document
from functions.certificates.numbers import file_stem
from functions.errors import ApiError

router = APIRouter()


@router.get(
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
