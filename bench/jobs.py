"""A province's whole list through the AWS-shaped path of a background job: 36,000 learners posted to S3 with the
signed form, the job started through the admin function's handler, and the jobs function's handler run in a process
of its own against the tests' DynamoDB-API and S3-API server (tests/support/awsjobs.py), as Lambda would run it.

The server takes one request at a time and is far slower than DynamoDB, so the time is an upper bound of the code
path, not a DynamoDB figure (docs/scale.md §10.1 derives that); what carries over is that the whole province goes
through in one job, every account created once, its slips fetched through the signed link."""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path


def bench_province_job() -> None:
    from pypdf import PdfReader

    from bench.country import moto
    from tests.support.adminpages import province_list
    from tests.support.awsjobs import HTTP, admin_over_aws, downloaded, polled, run_as_lambda
    from tests.support.credentials import local_credentials
    from tests.support.world import XEN

    learners = 36_000
    with local_credentials(), tempfile.TemporaryDirectory() as tmp:
        process, endpoint = moto()
        try:
            with admin_over_aws(Path(tmp), endpoint) as world:
                # The fixture's administrator is a commune's: the province's number of learners, in that commune.
                province_list(Path(tmp) / "tinh.csv", [XEN.code], learners)
                data = (Path(tmp) / "tinh.csv").read_bytes()
                asked = {"filename": "tinh.csv", "size": len(data)}
                status, form = world["admin"]("POST", "/api/admin/uploads", asked, world["token"])
                assert status == 201, form
                posted = HTTP.request("POST", form["url"], fields={**form["fields"], "file": ("tinh.csv", data)})
                assert posted.status == 204
                job_asked = {"kind": "learners.import", "upload_id": form["upload_id"]}
                status, queued = world["admin"]("POST", "/api/admin/jobs", job_asked, world["token"])
                assert status == 202, queued
                started = time.monotonic()
                answer, _, _ = run_as_lambda(world, world["invocations"].sent[-1], timeout=1800)
                took = time.monotonic() - started
                job = polled(world, queued["id"])
                assert answer["state"] == "done" and job["result"]["created"] == learners, job
                slips = downloaded(world, job, "slips.pdf").data
                pages = len(PdfReader(io.BytesIO(slips)).pages)
        finally:
            process.terminate()
            process.wait(timeout=20)
    print(
        f"province job (AWS-shaped, the tests' single-threaded DynamoDB-API and S3-API server): {learners:,} learners "
        f"({len(data) / 1e6:.1f} MB CSV) posted to S3 with the signed form and imported by the jobs function's handler "
        f"in {took:.0f} s (a Lambda job may run 900 s); slips {pages:,} pages, {len(slips) / 1e6:.1f} MB, fetched "
        "through the signed link (past a Lambda answer's 6 MB)"
    )


if __name__ == "__main__":
    bench_province_job()
