"""A job as kept in the blob store (`jobs/<id>.json`): what was asked, by whom, how far it has got, and what it made.

Only the worker writes a job once it is queued, so the record needs no locking: S3 reads its own writes, and a local
file is replaced whole. A job that has not moved for longer than a worker can live is lost (the worker died: out of
time or memory), and says so instead of staying "running" for ever."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel

Kind = Literal["learners.import", "units.import", "certificates.zip", "report"]
State = Literal["queued", "running", "done", "failed"]

LOST_AFTER = timedelta(minutes=16)
"""How long a job may go without news before it counts as lost: a Lambda function lives at most 15 minutes, and
the asynchronous queue drops an invocation older than that (`infra/template.yaml`, `MaximumEventAgeInSeconds`)."""
LINK_SECONDS = 300
"""How long a download link or an upload form stays good: long enough to start it on slow data, short enough that a
forwarded link soon stops working."""

PHASES = {
    "queued": "Đang chờ xử lý",
    "reading": "Đang đọc tệp",
    "checking": "Đang kiểm tra từng dòng",
    "writing": "Đang ghi vào hệ thống",
    "slips": "Đang in phiếu tài khoản",
    "drawing": "Đang tạo tệp",
    "done": "Đã xong",
    "failed": "Không hoàn thành",
}
"""Each step a job goes through, as the administrators' pages name it."""


class JobFile(BaseModel):
    """A file a job made: its name within the job, its key in the blob store, and what it downloads as."""

    name: str
    key: str
    filename: str
    media_type: str


class JobError(BaseModel):
    code: str
    message: str
    details: list[dict[str, str]] = []


class Job(BaseModel):
    """One background job. `scope` is the unit path of the administrator who asked: only administrators whose
    subtree holds it may see the job; `params` are the checked parameters of its kind."""

    id: str
    kind: Kind
    params: dict[str, Any]
    scope: str
    admin_id: str
    created_at: datetime
    updated_at: datetime
    state: State = "queued"
    phase: str = "queued"
    done: int = 0
    total: int | None = None
    result: dict[str, Any] | None = None
    files: list[JobFile] = []
    error: JobError | None = None

    def key(self) -> str:
        return job_key(self.id)

    def lost(self, now: datetime) -> bool:
        """Whether the job stopped without saying so: not finished, and no news for longer than a worker lives."""
        return self.state in ("queued", "running") and now - self.updated_at > LOST_AFTER

    def file(self, name: str) -> JobFile | None:
        return next((f for f in self.files if f.name == name), None)


def new_id() -> str:
    return secrets.token_hex(10)


def job_key(job_id: str) -> str:
    return f"jobs/{job_id}.json"


class Upload(BaseModel):
    """A file an administrator is uploading for a job: who may use it, and what it was called on their computer."""

    id: str
    scope: str
    admin_id: str
    filename: str
    created_at: datetime

    def key(self) -> str:
        return f"uploads/{self.id}.data"

    def manifest_key(self) -> str:
        return upload_manifest_key(self.id)


def upload_manifest_key(upload_id: str) -> str:
    return f"uploads/{upload_id}.json"
