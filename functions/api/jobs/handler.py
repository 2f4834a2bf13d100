"""The jobs function's entry point: the event is `{"job": "<id>"}`, sent by `functions.jobs.dispatch.LambdaAsync`.
No HTTP framework: the function is never called over HTTP."""

from __future__ import annotations

from typing import Any

from functions.jobs.run import run
from functions.settings import get_settings
from functions.stores.workbench import open_workbench


def handler(event: dict[str, Any], context: Any = None) -> dict[str, str]:
    """Do one job; an exception (after the job is recorded as failed) reaches Lambda's error metrics."""
    job_id = str(event.get("job", ""))
    ended = run(job_id, open_workbench(get_settings()))
    return {"job": job_id, "state": ended.state if ended else "skipped"}
