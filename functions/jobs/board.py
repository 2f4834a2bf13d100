"""Jobs and uploads kept in the blob store, each visible only inside the subtree of the administrator who made it.

Another subtree's job or upload is "not found" rather than "forbidden": an id tells nothing to whoever may not see it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from functions.blobs import Blobs
from functions.errors import ERRORS
from functions.jobs.record import Job, JobError, Kind, Upload, job_key, new_id, upload_manifest_key

JSON = "application/json"


class JobBoard:
    def __init__(self, blobs: Blobs) -> None:
        self.blobs = blobs

    def new_upload(self, *, scope: str, admin_id: str, filename: str, now: datetime) -> Upload:
        """Reserve a place for a file to upload; its manifest says whose it is."""
        upload = Upload(id=new_id(), scope=scope, admin_id=admin_id, filename=filename, created_at=now)
        self.blobs.put(upload.manifest_key(), upload.model_dump_json().encode(), JSON)
        return upload

    def upload(self, upload_id: str, scope: str) -> Upload | None:
        """The upload, if it lies in the subtree `scope`; None otherwise (or if there is no such upload)."""
        data = self.blobs.get(upload_manifest_key(upload_id))
        if data is None:
            return None
        upload = Upload.model_validate(json.loads(data))
        return upload if upload.scope.startswith(scope) else None

    def create(self, kind: Kind, params: dict[str, Any], *, scope: str, admin_id: str, now: datetime) -> Job:
        """Record a new job, queued."""
        job = Job(id=new_id(), kind=kind, params=params, scope=scope, admin_id=admin_id, created_at=now, updated_at=now)
        self.save(job)
        return job

    def save(self, job: Job) -> None:
        self.blobs.put(job.key(), job.model_dump_json().encode(), JSON)

    def load(self, job_id: str) -> Job | None:
        data = self.blobs.get(job_key(job_id))
        return None if data is None else Job.model_validate(json.loads(data))

    def find(self, job_id: str, scope: str, now: datetime) -> Job | None:
        """The job as its administrators see it: None outside the subtree `scope`; a lost job shown as failed."""
        job = self.load(job_id)
        if job is None or not job.scope.startswith(scope):
            return None
        if job.lost(now):
            return job.model_copy(
                update={
                    "state": "failed",
                    "phase": "failed",
                    "error": JobError(code="job_lost", message=_say("job_lost")),
                }
            )
        return job

    def claim(self, job: Job) -> bool:
        """Take the job for one worker: an asynchronous invocation may be delivered twice, and the second must not
        run the work again."""
        return self.blobs.put_new(f"jobs/{job.id}.claim", b"", "text/plain")


def _say(code: str) -> str:
    return ERRORS[code][1]
