"""The administration function's own dependencies, as Annotated aliases beside those of `functions.deps`.

The audit store opens on first use and stays open, like the other stores; tests swap `get_audit` and `get_calendar`
through `app.dependency_overrides`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from functions.accounts import calendar
from functions.audit import AuditStore
from functions.blobs import Blobs
from functions.certificates.issuance import CertificateStore
from functions.deps import get_audit, get_blobs, get_certificates
from functions.identity import Admin


async def get_calendar() -> calendar.WorkingCalendar:
    """Vietnam's working days with the overrides of `HOCSO_CALENDAR`; the accounts function reads the same one."""
    return calendar.configured()


Audit = Annotated[AuditStore, Depends(get_audit)]
Calendar = Annotated[calendar.WorkingCalendar, Depends(get_calendar)]
BlobStore = Annotated[Blobs, Depends(get_blobs)]
Certificates = Annotated[CertificateStore, Depends(get_certificates)]
CurrentAdmin = Admin
"""An administrator whose token is still current: `functions.identity` refuses an ended token on every route."""
