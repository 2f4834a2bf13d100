"""What a job works with: the stores, the blob store, the calendar, the banks, the settings and the clock. The API
builds one from its own dependencies (so a job run in-process uses exactly the request's stores); the worker
function opens one from the settings (`functions.stores.workbench`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from functions.accounts.calendar import WorkingCalendar
from functions.accounts.store import AccountStore
from functions.audit import AuditStore
from functions.bank import BankShelf
from functions.blobs import Blobs
from functions.certificates.record import CertificateStore
from functions.reports.tally import TallyStore
from functions.settings import Settings


@dataclass(frozen=True)
class Workbench:
    accounts: AccountStore
    blobs: Blobs
    tally: TallyStore
    audit: AuditStore
    certificates: CertificateStore
    calendar: WorkingCalendar
    banks: BankShelf
    settings: Settings
    clock: Callable[[], datetime]


@dataclass(frozen=True)
class Actor:
    """The administrator a job or a call acts for: their account and the unit path of their subtree."""

    admin_id: str
    scope: str

    @property
    def unit_code(self) -> str:
        return self.scope.rstrip("/").rsplit("/", 1)[-1]
