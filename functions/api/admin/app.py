"""The administration function's FastAPI app: imports, the subtree's units and learners, slips, the audit trail.

Every route needs an administrator whose token is still current and answers only about their own subtree. A call
that shows or exports personal data (a list or a learner, slips, an applied import) leaves an audit entry first:
if the entry cannot be kept, the data is not sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Annotated

from fastapi import FastAPI, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from functions import VIETNAM
from functions.accounts import throttle
from functions.accounts.store import AccountStore
from functions.accounts.tokens import Claims
from functions.api import http
from functions.api.admin import directory, reports
from functions.api.admin.schemas import AuditRecord, ImportProblem, ImportReport, LearnerDetail, LearnerPage, UnitEntry
from functions.api.deps.accounts import Accounts
from functions.api.deps.attempts import Store
from functions.api.deps.audit import Audit
from functions.api.deps.blobs import BlobStore
from functions.api.deps.calendar import Calendar
from functions.api.deps.certificates import Certificates
from functions.api.deps.core import Banks, Clock, SettingsDep
from functions.api.deps.tally import Tally
from functions.api.downloads import attachment
from functions.api.identity import Admin, require_scope
from functions.audit import AuditStore, entry
from functions.blobs import Blobs
from functions.enrolment import batches, imports
from functions.errors import ApiError

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
SLIPS = {
    "pdf": ("application/pdf", "Phiếu tài khoản (PDF, 8 phiếu một trang A4)."),
    "csv": ("text/csv; charset=utf-8", "Danh sách tài khoản (CSV UTF-8 có BOM, mở được bằng Excel)."),
}

Filename = Annotated[
    str, Query(min_length=1, max_length=200, description="Tên tệp tải lên; phần đuôi cho biết .csv hay .xlsx.")
]
Mode = Annotated[batches.Mode, Query(description="all: có dòng lỗi thì không ghi gì; good: ghi các dòng không lỗi.")]
DryRun = Annotated[bool, Query(description="Chỉ kiểm tra, không ghi gì.")]
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
LearnerId = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._-]+$")]
BatchId = Annotated[str, Path(pattern=r"^[0-9a-f]{20}$", description="Mã đợt nhập trong kết quả nhập.")]
SCOPED = ("account_required", "admin_required", "outside_scope", "unit_not_found")


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


def _scope(admin: Claims, accounts: AccountStore, unit: str | None) -> str:
    """The path of the unit asked for (the administrator's own by default): 404 if unknown, 403 outside the subtree."""
    if unit is None:
        return admin.unit_path
    found = accounts.unit(unit)
    if found is None:
        raise ApiError("unit_not_found")
    require_scope(admin, found.path)
    return found.path


def _audited(
    audit: AuditStore, clock: Callable[[], datetime], admin: Claims, action: str, target: str, **facts: object
) -> None:
    audit.record(
        entry(action, at=clock(), admin_id=admin.learner_id, admin_unit_path=admin.unit_path, target=target, **facts)
    )


def _unit_names(accounts: AccountStore, codes: set[str]) -> dict[str, str]:
    return {code: unit.name if (unit := accounts.unit(code)) else code for code in codes}


def _slips(
    batch_id: str, kind: str, admin: Claims, blobs: Blobs, audit: AuditStore, clock: Callable[[], datetime]
) -> Response:
    # Another subtree's batch is "not found", not "forbidden": a batch id tells nothing to whoever may not see it.
    batch = batches.find_batch(blobs, batch_id, admin.unit_path)
    data = blobs.get(batch.key(kind)) if batch else None
    if data is None:
        raise ApiError("batch_not_found")
    _audited(audit, clock, admin, "slips.download", batch_id, batch=batch_id, kind=kind.upper())
    return Response(data, media_type=SLIPS[kind][0], headers=attachment(f"phieu-tai-khoan-{batch_id}.{kind}"))


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


def create_app() -> FastAPI:
    """A new administration app; its stores open on first request, from the settings."""
    app = http.new_app(
        "admin",
        "Quản trị: nhập đơn vị và học viên, tra cứu học viên trong phạm vi quản lý, phiếu tài khoản, nhật ký truy cập.",
    )

    @app.post(
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
            _audited(
                audit, clock, admin, "units.import", admin.unit_code, created=outcome.created, updated=outcome.updated
            )
        return _report(checked, outcome)

    @app.post(
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
        working_days: Annotated[
            int, Query(ge=1, le=60, description="Số ngày làm việc để hoàn thành, kể từ hôm nay.")
        ] = 10,
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
            _audited(
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

    @app.get(
        "/admin/imports/{batch_id}/slips.pdf",
        response_class=Response,
        responses={
            200: {"content": {"application/pdf": {}}, "description": SLIPS["pdf"][1]},
            **http.responses("account_required", "admin_required", "batch_not_found"),
        },
    )
    async def slips_pdf(batch_id: BatchId, admin: Admin, blobs: BlobStore, audit: Audit, clock: Clock) -> Response:
        """The account slips of an import's new accounts, to print and cut apart."""
        return _slips(batch_id, "pdf", admin, blobs, audit, clock)

    @app.get(
        "/admin/imports/{batch_id}/slips.csv",
        response_class=Response,
        responses={
            200: {"content": {"text/csv": {}}, "description": SLIPS["csv"][1]},
            **http.responses("account_required", "admin_required", "batch_not_found"),
        },
    )
    async def slips_csv(batch_id: BatchId, admin: Admin, blobs: BlobStore, audit: Audit, clock: Clock) -> Response:
        """The same accounts as a spreadsheet, for a mail merge or a message to each learner."""
        return _slips(batch_id, "csv", admin, blobs, audit, clock)

    @app.get("/admin/units", responses=http.responses(*SCOPED))
    async def units(
        admin: Admin,
        accounts: Accounts,
        settings: SettingsDep,
        unit: UnitCode = None,
    ) -> list[UnitEntry]:
        """The units of a subtree (the unit itself included), in code order."""
        path = _scope(admin, accounts, unit)
        return [UnitEntry.of(found, settings) for found in accounts.units() if found.path.startswith(path)]

    @app.get("/admin/learners", responses=http.responses(*SCOPED))
    async def learners(
        admin: Admin,
        accounts: Accounts,
        certificates: Certificates,
        banks: Banks,
        audit: Audit,
        clock: Clock,
        unit: UnitCode = None,
        cohort: Cohort = None,
        q: Annotated[
            str | None, Query(max_length=100, description="Tìm theo họ tên hoặc tên đăng nhập, không cần dấu.")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> LearnerPage:
        """The learners of a subtree, optionally of one cohort or matching a search, a page at a time."""
        path = _scope(admin, accounts, unit)
        found = directory.search(accounts.accounts_under(path, cohort), q)
        page = found[offset : offset + limit]
        names = _unit_names(accounts, {account.unit_code for account in page})
        course_ids = {bank.course_id for bank in directory.courses(banks)}
        today = clock().astimezone(VIETNAM).date()
        lines = [
            directory.summary(
                account, names[account.unit_code], certificates.of_learner(account.learner_id), course_ids, today
            )
            for account in page
        ]
        _audited(
            audit,
            clock,
            admin,
            "learners.list",
            unit or admin.unit_code,
            shown=len(lines),
            total=len(found),
            cohort=cohort,
            q=q,
        )
        return LearnerPage(total=len(found), offset=offset, limit=limit, learners=lines)

    @app.get(
        "/admin/learners/{learner_id}",
        responses=http.responses("account_required", "admin_required", "account_not_found"),
    )
    async def learner(
        learner_id: LearnerId,
        admin: Admin,
        accounts: Accounts,
        attempts: Store,
        certificates: Certificates,
        banks: Banks,
        audit: Audit,
        clock: Clock,
    ) -> LearnerDetail:
        """One learner of the subtree: contact details, sign-in state, and where they stand in every course."""
        account = accounts.account(learner_id)
        # Outside the subtree an account is "not found", so an id cannot be probed for whether it exists.
        if account is None or account.role != "learner" or not account.unit_path.startswith(admin.unit_path):
            raise ApiError("account_not_found")
        now = clock()
        found = directory.detail(
            account,
            _unit_names(accounts, {account.unit_code})[account.unit_code],
            directory.courses(banks),
            attempts,
            certificates.of_learner(learner_id),
            now.astimezone(VIETNAM).date(),
            now,
            throttle.paused_until(accounts, throttle.USERNAME, account.username, now),
        )
        _audited(audit, clock, admin, "learner.view", learner_id, username=account.username)
        return found

    @app.get("/admin/audit", responses=http.responses(*SCOPED))
    async def audit_trail(
        admin: Admin,
        accounts: Accounts,
        audit: Audit,
        unit: UnitCode = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[AuditRecord]:
        """What the administrators of a subtree viewed, exported and imported, newest first."""
        entries = audit.entries(_scope(admin, accounts, unit), limit)
        found = {admin_id: accounts.account(admin_id) for admin_id in {e.admin_id for e in entries}}
        who = {admin_id: account.username for admin_id, account in found.items() if account}
        return [AuditRecord(**e.model_dump(), label=e.label, admin_username=who.get(e.admin_id)) for e in entries]

    reports.install(app)

    return app
