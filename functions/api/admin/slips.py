"""The account slips of an import: its new accounts with their activation codes, as a PDF to print and cut apart or a
CSV for a mail merge. Only administrators of the subtree the import was made in may download them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from fastapi.responses import RedirectResponse

from functions.accounts.tokens import Claims
from functions.api import http
from functions.api.admin.subtree import audited
from functions.api.deps.audit import Audit
from functions.api.deps.blobs import BlobStore
from functions.api.deps.core import Clock
from functions.api.identity import Admin
from functions.audit import AuditStore
from functions.blobs import Blobs
from functions.downloads import attachment
from functions.enrolment import batches
from functions.errors import ApiError
from functions.jobs.record import LINK_SECONDS

router = APIRouter()
SLIPS = {
    "pdf": ("application/pdf", "Phiếu tài khoản (PDF, 8 phiếu một trang A4)."),
    "csv": ("text/csv; charset=utf-8", "Danh sách tài khoản (CSV UTF-8 có BOM, mở được bằng Excel)."),
}

DIRECT = 4 * 1024 * 1024
"""The largest file answered in the response itself: a Lambda answer is at most 6 MB once base64-encoded. A larger
batch (about 20,000 slips and more) is answered 303 with a signed link to the file, good for 5 minutes."""

BatchId = Annotated[str, Path(pattern=r"^[0-9a-f]{20}$", description="Mã đợt nhập trong kết quả nhập.")]


def _slips(
    batch_id: str, kind: str, admin: Claims, blobs: Blobs, audit: AuditStore, clock: Callable[[], datetime]
) -> Response:
    # Another subtree's batch is "not found", not "forbidden": a batch id tells nothing to whoever may not see it.
    batch = batches.find_batch(blobs, batch_id, admin.unit_path)
    data = blobs.get(batch.key(kind)) if batch else None
    if data is None:
        raise ApiError("batch_not_found")
    audited(audit, clock, admin, "slips.download", batch_id, batch=batch_id, kind=kind.upper())
    name, media_type = f"phieu-tai-khoan-{batch_id}.{kind}", SLIPS[kind][0]
    if len(data) > DIRECT:
        link = blobs.link(batch.key(kind), filename=name, media_type=media_type, expires=LINK_SECONDS)  # type: ignore[union-attr]
        return RedirectResponse(link, status_code=303, headers={"Cache-Control": "no-store"})
    return Response(data, media_type=media_type, headers=attachment(name))


@router.get(
    "/admin/imports/{batch_id}/slips.pdf",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": SLIPS["pdf"][1]},
        303: {"description": "Tệp lớn hơn 4 MB: địa chỉ tải có chữ ký, dùng trong 5 phút."},
        **http.responses("account_required", "admin_required", "batch_not_found"),
    },
)
async def slips_pdf(batch_id: BatchId, admin: Admin, blobs: BlobStore, audit: Audit, clock: Clock) -> Response:
    """The account slips of an import's new accounts, to print and cut apart."""
    return _slips(batch_id, "pdf", admin, blobs, audit, clock)


@router.get(
    "/admin/imports/{batch_id}/slips.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": SLIPS["csv"][1]},
        303: {"description": "Tệp lớn hơn 4 MB: địa chỉ tải có chữ ký, dùng trong 5 phút."},
        **http.responses("account_required", "admin_required", "batch_not_found"),
    },
)
async def slips_csv(batch_id: BatchId, admin: Admin, blobs: BlobStore, audit: Audit, clock: Clock) -> Response:
    """The same accounts as a spreadsheet, for a mail merge or a message to each learner."""
    return _slips(batch_id, "csv", admin, blobs, audit, clock)
