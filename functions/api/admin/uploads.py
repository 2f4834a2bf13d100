"""Imports: an administrator's list of units or learners, uploaded as CSV or XLSX, checked row by row and applied
below their own unit; a learners' import keeps the new accounts' slips as a batch to download."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from functions import VIETNAM
from functions.api import http
from functions.api.admin.schemas import ImportProblem, ImportReport
from functions.api.admin.subtree import Cohort, audited
from functions.api.deps.accounts import Accounts
from functions.api.deps.audit import Audit
from functions.api.deps.blobs import BlobStore
from functions.api.deps.calendar import Calendar
from functions.api.deps.core import Clock, SettingsDep
from functions.api.deps.tally import Tally
from functions.api.identity import Admin
from functions.enrolment import batches, imports
from functions.errors import ApiError

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
_REFUSED = {
    "file_too_large": "import_too_large",
    "too_many_rows": "import_too_many_rows",
    "cell_too_long": "import_cell_too_long",
    "too_many_columns": "import_too_many_columns",
    "suspicious_xlsx": "import_suspicious_xlsx",
}
"""The API code of each file a reader refuses by its bounds; any other unreadable file is `import_unreadable`."""
REFUSALS = ("import_unreadable", *_REFUSED.values())


async def _upload(request: Request) -> bytes:
    data = await request.body()
    if len(data) > MAX_UPLOAD:
        raise ApiError("import_too_large")
    return data


def _rows(data: bytes, filename: str) -> list[imports.Row]:
    try:
        return imports.read_table(data, filename)
    except imports.TableError as error:
        if error.code in _REFUSED:
            raise ApiError(_REFUSED[error.code], [{"field": "body", "problem": error.code}]) from None
        field = "filename" if error.code == "unsupported_file" else "body"
        raise ApiError("import_unreadable", [{"field": field, "problem": error.code}]) from None


def _report(checked: batches.Checked, outcome: batches.Applied) -> ImportReport:
    batch = outcome.batch.id if outcome.batch else None
    return ImportReport(
        rows=checked.rows,
        good=len(checked.good),
        problems=[ImportProblem(**asdict(p)) for p in checked.problems],
        applied=outcome.applied,
        created=outcome.created,
        updated=outcome.updated,
        reissued=outcome.reissued,
        batch=batch,
        slips_pdf=batch and f"/admin/imports/{batch}/slips.pdf",
        slips_csv=batch and f"/admin/imports/{batch}/slips.csv",
    )


@router.post(
    "/admin/units/import",
    openapi_extra=UPLOAD,
    responses=http.responses("account_required", "admin_required", *REFUSALS),
)
async def import_units(
    request: Request,
    admin: Admin,
    accounts: Accounts,
    audit: Audit,
    clock: Clock,
    filename: Filename,
    mode: Mode = "all",
    dry_run: DryRun = False,
) -> ImportReport:
    """Add or update units below the administrator's own, from a CSV or XLSX list; a unit keeps its parent."""
    data = await _upload(request)

    def imported() -> tuple[batches.Checked, batches.Applied]:
        checked = batches.check_units(accounts, admin.unit_path, _rows(data, filename))
        return checked, batches.apply_units(accounts, checked.to_apply(mode, dry_run))

    # Reading and storing a province's list takes seconds: in a worker thread, the server answers others meanwhile.
    checked, outcome = await run_in_threadpool(imported)
    if outcome.applied:
        audited(audit, clock, admin, "units.import", admin.unit_code, created=outcome.created, updated=outcome.updated)
    return _report(checked, outcome)


@router.post(
    "/admin/learners/import",
    openapi_extra=UPLOAD,
    responses=http.responses("account_required", "admin_required", *REFUSALS),
)
async def import_learners(
    request: Request,
    admin: Admin,
    accounts: Accounts,
    audit: Audit,
    blobs: BlobStore,
    calendar: Calendar,
    settings: SettingsDep,
    tally: Tally,
    clock: Clock,
    filename: Filename,
    cohort: Cohort = None,
    mode: Mode = "all",
    dry_run: DryRun = False,
    working_days: Annotated[int, Query(ge=1, le=60, description="Số ngày làm việc để hoàn thành, kể từ hôm nay.")] = 10,
) -> ImportReport:
    """Create learners' accounts in the subtree's units; the new ones' slips are kept as a batch to download."""
    data = await _upload(request)

    def imported() -> tuple[batches.Checked, batches.Applied]:
        checked = batches.check_learners(accounts, admin.unit_path, _rows(data, filename))
        now = clock()
        return checked, batches.enrol(
            accounts,
            blobs,
            checked.to_apply(mode, dry_run),
            admin_id=admin.learner_id,
            scope=admin.unit_path,
            cohort=cohort,
            now=now,
            issued_on=now.astimezone(VIETNAM).date(),
            calendar=calendar,
            working_days=working_days,
            login_url=f"{settings.site_url}tai-khoan/",
            issuer=settings.issuer,
            tally=tally,
        )

    checked, outcome = await run_in_threadpool(imported)
    if outcome.applied:
        batch = outcome.batch.id if outcome.batch else None
        audited(
            audit,
            clock,
            admin,
            "learners.import",
            batch or admin.unit_code,
            created=outcome.created,
            updated=outcome.updated,
            reissued=outcome.reissued,
            batch=batch,
        )
        # Last: a crash before it leaves the codes to re-issue. In the thread pool too: it writes every new account
        # once more, which on the event loop stalled every page-open beside a large import.
        outcome = await run_in_threadpool(batches.settle, accounts, blobs, outcome)
    return _report(checked, outcome)
