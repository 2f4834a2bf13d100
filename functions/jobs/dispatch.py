"""Handing a job to a worker: an asynchronous invocation of the jobs function on AWS (`HOCSO_JOBS_FUNCTION`), a
thread of this process on one machine. Either way the caller has answered before the work starts."""

from __future__ import annotations

import json
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

from functions.jobs.bench import Workbench
from functions.jobs.record import Job
from functions.jobs.run import run

log = logging.getLogger(__name__)


class Dispatcher(Protocol):
    def send(self, job: Job, bench: Workbench) -> None:
        """Start the job's work elsewhere and return at once; raises if it could not be handed over."""


class InProcess:
    """Threads of this process, as many as `workers`: `make run`'s one machine. A job works with the very stores of the
    call that made it."""

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hocso-job")
        self.futures: list[Future[Job | None]] = []

    def send(self, job: Job, bench: Workbench) -> None:
        future = self._pool.submit(run, job.id, bench)
        future.add_done_callback(_log_failure)
        self.futures = [f for f in self.futures if not f.done()] + [future]

    def wait(self) -> None:
        """Until every job sent so far has ended (for tests and for shutting down)."""
        for future in list(self.futures):
            future.exception()


def _log_failure(future: Future[Job | None]) -> None:
    error = future.exception()
    if error is not None:
        log.error("job failed", exc_info=error)


class LambdaAsync:
    """The jobs function, invoked asynchronously (`InvocationType=Event`): Lambda queues the event and answers 202 at
    once; the function runs for up to 15 minutes. Retries are off in `infra/template.yaml`: a job is claimed once
    (`JobBoard.claim`) and a failed one is for its administrator to run again, after reading why."""

    def __init__(self, function: str, client: Any = None, endpoint_url: str | None = None) -> None:
        if client is None:
            import boto3
            from botocore.config import Config

            config = Config(connect_timeout=2, read_timeout=5, retries={"mode": "standard", "max_attempts": 4})
            client = boto3.client("lambda", endpoint_url=endpoint_url, config=config)
        self._client = client
        self.function = function

    def send(self, job: Job, bench: Workbench) -> None:
        payload = json.dumps({"job": job.id}).encode()
        self._client.invoke(FunctionName=self.function, InvocationType="Event", Payload=payload)
