"""The jobs function's entry point: the event is `{"job": "<id>"}`, sent by `functions.jobs.dispatch.LambdaAsync`.
No HTTP framework: the function is never called over HTTP."""

from __future__ import annotations

import logging
from typing import Any

from functions.jobs.run import run
from functions.settings import get_settings
from functions.stores.workbench import open_workbench

log = logging.getLogger(__name__)


def handler(event: dict[str, Any], context: Any = None) -> dict[str, str]:
    """Do one job; an exception (after the job is recorded as failed) reaches Lambda's error metrics."""
    job_id = str(event.get("job", ""))
    # The job's id in the function's log, so that an operator finds a job's run (and its request id) by it.
    log.info("job %s: started", job_id)
    ended = run(job_id, open_workbench(get_settings()))
    state = ended.state if ended else "skipped"
    log.info("job %s: %s", job_id, state)
    return {"job": job_id, "state": state}
