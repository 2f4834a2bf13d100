"""A worker's side of a job: claim it, do its kind's work while reporting progress, and record how it ended.

A job that ends in a business refusal (an unreadable file, a unit since removed, too many certificates) is `failed`
with that refusal's code and Vietnamese message, as a request would have answered; anything else is `failed` with
`internal_error` and raised again, so the worker's own error metrics and alarms see it."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any

from functions.errors import ERRORS, ApiError
from functions.jobs import exports
from functions.jobs.bench import Actor, Workbench
from functions.jobs.board import JobBoard
from functions.jobs.imports import import_learners, import_units
from functions.jobs.record import Job, JobError, JobFile

log = logging.getLogger(__name__)
JOB_ID = re.compile(r"[0-9a-f]{20}")
NEWS_EVERY = 1.0
"""Seconds between two progress writes: a job of 36,000 rows writes its record about once a second, not per row."""


class Progress:
    """Writes a job's phase and count to its record, at most every `NEWS_EVERY` seconds unless the phase changes."""

    def __init__(self, board: JobBoard, job: Job, clock: Callable[[], Any]) -> None:
        self.board, self.job, self.clock = board, job, clock
        self._last = 0.0

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        moment = time.monotonic()
        if phase == self.job.phase and moment - self._last < NEWS_EVERY:
            self.job = self.job.model_copy(update={"done": done, "total": total})
            return
        self._last = moment
        news = {"phase": phase, "done": done, "total": total, "updated_at": self.clock()}
        self.job = self.job.model_copy(update=news)
        self.board.save(self.job)


def _imported(bench: Workbench, job: Job, step: Callable[[str, int, int | None], None]) -> tuple[dict, list[JobFile]]:
    asked = job.params
    upload = JobBoard(bench.blobs).upload(asked["upload"], job.scope)
    data = bench.blobs.get(upload.key()) if upload else None
    if upload is None or data is None:
        raise ApiError("upload_not_found")
    actor = Actor(job.admin_id, job.scope)
    if job.kind == "units.import":
        step("checking", 0, None)
        imported = import_units(bench, actor, data, upload.filename, mode=asked["mode"], dry_run=asked["dry_run"])
    else:
        imported = import_learners(
            bench,
            actor,
            data,
            upload.filename,
            mode=asked["mode"],
            dry_run=asked["dry_run"],
            cohort=asked.get("cohort"),
            working_days=asked["working_days"],
            step=step,
        )
    batch = imported.outcome.batch
    files = []
    if batch is not None:
        stem = f"phieu-tai-khoan-{batch.id}"
        files = [
            JobFile(name="slips.pdf", key=batch.key("pdf"), filename=f"{stem}.pdf", media_type="application/pdf"),
            JobFile(name="slips.csv", key=batch.key("csv"), filename=f"{stem}.csv", media_type=exports.MEDIA["csv"]),
        ]
    return imported.report(), files


WORK = {
    "learners.import": _imported,
    "units.import": _imported,
    "certificates.zip": exports.certificates_zip,
    "report": exports.report_file,
}


def run(job_id: str, bench: Workbench) -> Job | None:
    """Do the job once: a job already taken by another delivery, or unknown, is left alone (None)."""
    board = JobBoard(bench.blobs)
    job = board.load(job_id) if JOB_ID.fullmatch(job_id) else None
    if job is None or job.state != "queued" or not board.claim(job):
        log.warning("job %s: not queued or already taken; left alone", job_id)
        return None
    job = job.model_copy(update={"state": "running", "phase": "reading", "updated_at": bench.clock()})
    board.save(job)
    progress = Progress(board, job, bench.clock)
    try:
        result, files = WORK[job.kind](bench, job, progress)
    except ApiError as error:
        ended = _failed(progress.job, bench, error.code, error.message, error.details)
        board.save(ended)
        return ended
    except Exception:
        board.save(_failed(progress.job, bench, "internal_error", ERRORS["internal_error"][1], []))
        raise
    ended = progress.job.model_copy(
        update={"state": "done", "phase": "done", "result": result, "files": files, "updated_at": bench.clock()}
    )
    board.save(ended)
    return ended


def _failed(job: Job, bench: Workbench, code: str, message: str, details: list[dict[str, str]]) -> Job:
    error = JobError(code=code, message=message, details=details)
    return job.model_copy(update={"state": "failed", "phase": "failed", "error": error, "updated_at": bench.clock()})
