"""The audit trail of who saw or exported personal data."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.audit import AuditStore
from functions.settings import Settings, get_settings
from functions.stores.audit import open_audit


@lru_cache(maxsize=4)
def _audit(settings: Settings) -> AuditStore:
    return open_audit(settings)


async def get_audit() -> AuditStore:
    """The audit trail of who saw or exported personal data."""
    return _audit(get_settings())


Audit = Annotated[AuditStore, Depends(get_audit)]
