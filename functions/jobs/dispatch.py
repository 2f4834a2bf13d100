"""Handing a job to a worker: an asynchronous invocation of the jobs function on AWS (`HOCSO_JOBS_FUNCTION`), a
thread of this process on one machine (`functions.jobs.inprocess`, which only the local server loads: the
administrators' Lambda package carries no worker). Either way the caller has answered before the work starts."""

from __future__ import annotations

import json
from typing import Any, Protocol

from functions.jobs.bench import Workbench
from functions.jobs.record import Job


class Dispatcher(Protocol):
    def send(self, job: Job, bench: Workbench) -> None:
        """Start the job's work elsewhere and return at once; raises if it could not be handed over."""


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
