"""Background jobs: the workbench a job works with (built from this request's own stores, so overrides in tests and
the in-process worker agree) and the dispatcher that hands it over."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.api.deps.accounts import Accounts
from functions.api.deps.audit import Audit
from functions.api.deps.blobs import BlobStore
from functions.api.deps.calendar import Calendar
from functions.api.deps.certificates import Certificates
from functions.api.deps.core import Banks, Clock, SettingsDep
from functions.api.deps.tally import Tally
from functions.jobs.bench import Workbench
from functions.jobs.dispatch import Dispatcher, LambdaAsync
from functions.settings import Settings, get_settings


async def get_workbench(
    accounts: Accounts,
    blobs: BlobStore,
    tally: Tally,
    audit: Audit,
    certificates: Certificates,
    calendar: Calendar,
    banks: Banks,
    settings: SettingsDep,
    clock: Clock,
) -> Workbench:
    """Every store a job may use, as this request sees them."""
    return Workbench(accounts, blobs, tally, audit, certificates, calendar, banks, settings, clock)


class NoWorker(RuntimeError):
    """Neither a jobs function is named nor a local worker wired in."""


@lru_cache(maxsize=4)
def _dispatcher(settings: Settings) -> Dispatcher:
    if settings.jobs_function:
        return LambdaAsync(settings.jobs_function)
    raise NoWorker("HOCSO_JOBS_FUNCTION is unset and no local worker is wired in (functions.api.server does it)")


async def get_dispatcher() -> Dispatcher:
    """The jobs function on AWS. The local server overrides this with threads of its own process
    (`functions.jobs.inprocess`), so no Lambda package carries the worker."""
    return _dispatcher(get_settings())


Bench = Annotated[Workbench, Depends(get_workbench)]
Jobs = Annotated[Dispatcher, Depends(get_dispatcher)]
