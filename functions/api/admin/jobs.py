"""Bulk work as background jobs: a list uploaded straight to the blob store, then imported by a job; the certificates
of a subtree as one ZIP; the report as a file. A call checks what it can at once (the upload is the caller's, the
unit lies in their subtree, the course exists), records the job, hands it to a worker and answers 202; the page then
polls `GET /admin/jobs/{id}` and, when it is done, asks for a signed link to each file (audited, as every export of
personal data is)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path
from starlette.concurrency import run_in_threadpool

from functions.api import http
from functions.api.admin.jobschemas import (
    FileLink,
    JobAsked,
    JobView,
    LearnersImport,
    ReportFile,
    UnitsImport,
    UploadAsked,
    UploadForm,
)
from functions.api.admin.subtree import audited
from functions.api.deps.jobs import Bench, Jobs
from functions.api.identity import Admin, require_scope
from functions.enrolment.bounds import BOUNDS
from functions.errors import ERRORS, ApiError
from functions.jobs.board import JobBoard
from functions.jobs.record import LINK_SECONDS, Job, JobError

router = APIRouter()
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{20}$", description="Mã công việc.")]
FileName = Annotated[str, Path(pattern=r"^[a-z]+\.[a-z]+$", description="Tên tệp trong công việc (`files[].name`).")]
ADMIN = ("account_required", "admin_required")
AUDITED = {"slips": "slips.download", "certificates": "certificates.download", "report": "report.download"}
"""The audit action of each file a job makes, by the first part of its name."""


@router.post("/admin/uploads", status_code=201, responses=http.responses(*ADMIN, "import_too_large", body=True))
async def new_upload(asked: UploadAsked, admin: Admin, bench: Bench) -> UploadForm:
    """A form to upload one list (CSV or XLSX, at most 4 MB) straight to the file store, good for 5 minutes; the
    upload is then named by `upload_id` in an import job."""
    if asked.size > BOUNDS.bytes:
        raise ApiError("import_too_large")
    board = JobBoard(bench.blobs)
    upload = board.new_upload(
        scope=admin.unit_path, admin_id=admin.learner_id, filename=asked.filename, now=bench.clock()
    )
    form = bench.blobs.upload_form(upload.key(), max_bytes=BOUNDS.bytes, expires=LINK_SECONDS)
    until = bench.clock() + timedelta(seconds=LINK_SECONDS)
    return UploadForm(upload_id=upload.id, url=form.url, fields=form.fields, expires_at=until)


@router.post(
    "/admin/jobs",
    status_code=202,
    responses=http.responses(
        *ADMIN, "upload_not_found", "outside_scope", "unit_not_found", "course_not_found", "bulk_too_large", body=True
    ),
)
async def new_job(asked: JobAsked, admin: Admin, bench: Bench, jobs: Jobs) -> JobView:
    """Start a job: an import of an uploaded list, the certificates of a unit's subtree as a ZIP, or the report as
    XLSX or CSV. Answers at once with the job queued; `GET /admin/jobs/{id}` says how it goes."""
    board = JobBoard(bench.blobs)
    params: dict[str, Any] = asked.model_dump(exclude={"kind"})
    if isinstance(asked, LearnersImport | UnitsImport):
        if board.upload(params.pop("upload_id"), admin.unit_path) is None:
            raise ApiError("upload_not_found")
        params["upload"] = asked.upload_id
    else:
        unit = bench.accounts.unit(asked.unit or admin.unit_code)
        if unit is None:
            raise ApiError("unit_not_found")
        require_scope(admin, unit.path)
        params["unit"] = unit.code
        if isinstance(asked, ReportFile) and asked.course is not None:
            bank = bench.banks.get(asked.course)
            if bank is None:
                raise ApiError("course_not_found")
            params["course_title"] = bank.title
    job = board.create(asked.kind, params, scope=admin.unit_path, admin_id=admin.learner_id, now=bench.clock())
    try:
        jobs.send(job, bench)
    except Exception:
        # Not handed over (the worker could not be invoked): the job says so rather than waiting to be lost.
        error = JobError(code="internal_error", message=ERRORS["internal_error"][1])
        failed = job.model_copy(
            update={"state": "failed", "phase": "failed", "error": error, "updated_at": bench.clock()}
        )
        board.save(failed)
        raise
    return JobView.of(job)


def _found(board: JobBoard, job_id: str, admin_scope: str, bench: Bench) -> Job:
    job = board.find(job_id, admin_scope, bench.clock())
    if job is None:
        raise ApiError("job_not_found")
    return job


@router.get("/admin/jobs/{job_id}", responses=http.responses(*ADMIN, "job_not_found"))
async def job(job_id: JobId, admin: Admin, bench: Bench) -> JobView:
    """How a job stands: its phase and count while it runs, its result and files once done, why it failed."""
    return JobView.of(_found(JobBoard(bench.blobs), job_id, admin.unit_path, bench))


@router.post(
    "/admin/jobs/{job_id}/files/{name}",
    responses=http.responses(*ADMIN, "job_not_found", "job_not_ready", "file_not_found"),
)
async def file_link(job_id: JobId, name: FileName, admin: Admin, bench: Bench) -> FileLink:
    """A signed link to download one of a finished job's files, good for 5 minutes; audited first, as every export
    of personal data is (a link handed on works for anyone until it expires)."""
    board = JobBoard(bench.blobs)
    found = _found(board, job_id, admin.unit_path, bench)
    if found.state != "done":
        raise ApiError("job_not_ready")
    kept = found.file(name)
    if kept is None:
        raise ApiError("file_not_found")
    target, facts = _facts(found, name)
    await run_in_threadpool(
        lambda: audited(bench.audit, bench.clock, admin, AUDITED[name.split(".")[0]], target, **facts)
    )
    url = bench.blobs.link(kept.key, filename=kept.filename, media_type=kept.media_type, expires=LINK_SECONDS)
    return FileLink(url=url, expires_at=bench.clock() + timedelta(seconds=LINK_SECONDS))


def _facts(job: Job, name: str) -> tuple[str, dict[str, object]]:
    """What the audit entry of a download names: the import batch, or the unit (and course) a file covers."""
    result, kind = job.result or {}, name.rsplit(".", 1)[-1].upper()
    if name.startswith("slips"):
        return str(result["batch"]), {"batch": result["batch"], "kind": kind}
    if name.startswith("certificates"):
        return job.params["unit"], {"count": result.get("count"), "course": job.params.get("course")}
    return job.params["unit"], {"kind": kind, "course": job.params.get("course")}
