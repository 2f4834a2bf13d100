"""Imports in a request's body: an administrator's list of units or learners, uploaded as CSV or XLSX, checked row by
row and applied below their own unit (`functions.jobs.imports`); a learners' import keeps the new accounts' slips as a
batch to download. Fit for a commune's list: a province's goes through an upload and a job (`jobs.py`), which no
30-second limit cuts short."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from functions.api import http
from functions.api.admin.schemas import ImportReport
from functions.api.admin.subtree import Cohort
from functions.api.deps.jobs import Bench
from functions.api.identity import Admin
from functions.enrolment import batches
from functions.errors import ApiError
from functions.jobs import imports as lists
from functions.jobs.bench import Actor
from functions.jobs.imports import REFUSALS

router = APIRouter()
MAX_UPLOAD = 4 * 1024 * 1024
"""Bytes an upload may have: API Gateway hands Lambda a binary body base64-encoded within a 6 MB payload, so about
4.5 MB is the most that could arrive; a province's 36,000 learners are about 3 MB of CSV."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD = {
    "requestBody": {
        "required": True,
        "description": "Nội dung tệp .csv (UTF-8) hoặc .xlsx, gửi nguyên dạng.",
        "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in ("text/csv", XLSX)},
    }
}
Filename = Annotated[
    str, Query(min_length=1, max_length=200, description="Tên tệp tải lên; phần đuôi cho biết .csv hay .xlsx.")
]
Mode = Annotated[batches.Mode, Query(description="all: có dòng lỗi thì không ghi gì; good: ghi các dòng không lỗi.")]
DryRun = Annotated[bool, Query(description="Chỉ kiểm tra, không ghi gì.")]
WorkingDays = Annotated[int, Query(ge=1, le=60, description="Số ngày làm việc để hoàn thành, kể từ hôm nay.")]


async def _upload(request: Request) -> bytes:
    data = await request.body()
    if len(data) > MAX_UPLOAD:
        raise ApiError("import_too_large")
    return data


@router.post(
    "/admin/units/import",
    openapi_extra=UPLOAD,
    responses=http.responses("account_required", "admin_required", *REFUSALS),
)
async def import_units(
    request: Request,
    admin: Admin,
    bench: Bench,
    filename: Filename,
    mode: Mode = "all",
    dry_run: DryRun = False,
) -> ImportReport:
    """Add or update units below the administrator's own, from a CSV or XLSX list; a unit keeps its parent."""
    data = await _upload(request)
    actor = Actor(admin.learner_id, admin.unit_path)
    # Reading and storing a province's list takes seconds: in a worker thread, the server answers others meanwhile.
    imported = await run_in_threadpool(lists.import_units, bench, actor, data, filename, mode=mode, dry_run=dry_run)
    return ImportReport.model_validate(imported.report())


@router.post(
    "/admin/learners/import",
    openapi_extra=UPLOAD,
    responses=http.responses("account_required", "admin_required", *REFUSALS),
)
async def import_learners(
    request: Request,
    admin: Admin,
    bench: Bench,
    filename: Filename,
    cohort: Cohort = None,
    mode: Mode = "all",
    dry_run: DryRun = False,
    working_days: WorkingDays = 10,
) -> ImportReport:
    """Create learners' accounts in the subtree's units; the new ones' slips are kept as a batch to download."""
    data = await _upload(request)
    actor = Actor(admin.learner_id, admin.unit_path)
    imported = await run_in_threadpool(
        lambda: lists.import_learners(
            bench, actor, data, filename, mode=mode, dry_run=dry_run, cohort=cohort, working_days=working_days
        )
    )
    return ImportReport.model_validate(imported.report())
