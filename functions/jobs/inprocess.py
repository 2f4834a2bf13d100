"""The worker of one machine: jobs run in threads of the server's own process (`make run`, `hocso serve`), with the very
stores of the call that started them. The local server wires it in (`functions.api.server`); no Lambda package
carries it."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from functions.jobs.bench import Workbench
from functions.jobs.record import Job
from functions.jobs.run import run

log = logging.getLogger(__name__)


class InProcess:
    """Threads of this process, as many as `workers`: two, so a report asked for is not stuck behind a province's
    import."""

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
