"""The opener of a job's workbench: every store a background job may use, opened from the settings, for the jobs
function (`functions.api.jobs.handler`). Within a request, the API builds the workbench from its own dependencies."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from functions.accounts import calendar
from functions.bank import BankShelf
from functions.blobs import open_blobs
from functions.jobs.bench import Workbench
from functions.settings import Settings
from functions.stores.accounts import open_accounts
from functions.stores.audit import open_audit
from functions.stores.certificates import open_certificates
from functions.stores.tally import open_tally


@lru_cache(maxsize=2)
def open_workbench(settings: Settings) -> Workbench:
    """The stores once per process (a warm Lambda container keeps them)."""
    return Workbench(
        accounts=open_accounts(settings),
        blobs=open_blobs(settings),
        tally=open_tally(settings),
        audit=open_audit(settings),
        certificates=open_certificates(settings),
        calendar=calendar.configured(),
        banks=BankShelf(settings.bank_dir),
        settings=settings,
        clock=lambda: datetime.now(UTC),
    )
