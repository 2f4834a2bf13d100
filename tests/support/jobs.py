"""Background jobs as a test drives them through the administrators' API: a list uploaded with its signed form, a
job started and waited for, a file fetched through its signed link."""

from __future__ import annotations

from typing import Any


def uploaded(client: Any, headers: dict, filename: str, data: bytes) -> str:
    """Upload a list as a browser does (a form to the signed address); its upload id."""
    form = client.post("/admin/uploads", headers=headers, json={"filename": filename, "size": len(data)})
    assert form.status_code == 201, form.text
    asked = form.json()
    posted = client.post(asked["url"], data=asked["fields"], files={"file": (filename, data)})
    assert posted.status_code == 204, posted.text
    return asked["upload_id"]


def finished(client: Any, headers: dict, body: dict) -> dict:
    """Start a job, wait until the in-process worker is done with it, and return it as its page sees it."""
    started = client.post("/admin/jobs", headers=headers, json=body)
    assert started.status_code == 202, started.text
    assert started.json()["state"] == "queued"
    client.jobs.wait()
    return client.get(f"/admin/jobs/{started.json()['id']}", headers=headers).json()


def fetched(client: Any, headers: dict, job: dict, name: str) -> Any:
    """Ask for a signed link to a finished job's file, and follow it without signing in."""
    link = client.post(f"/admin/jobs/{job['id']}/files/{name}", headers=headers)
    assert link.status_code == 200, link.text
    return client.get(link.json()["url"])


def polled(client: Any, job_id: str, seconds: float = 60) -> dict:
    """The job once it has ended, asked every tenth of a second as its page would (over HTTP, a real worker)."""
    import time

    until = time.monotonic() + seconds
    while True:
        job = client.get(f"/admin/jobs/{job_id}").json()
        if job["state"] in ("done", "failed") or time.monotonic() > until:
            return job
        time.sleep(0.1)
