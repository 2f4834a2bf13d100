"""The opener of the audit store: the audit trail of who saw or exported personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.settings import Settings
from functions.stores import unknown

if TYPE_CHECKING:
    from functions.audit import AuditStore


def open_audit(settings: Settings) -> AuditStore:
    """The audit trail of who saw or exported personal data. Each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite.audit import SQLiteAudit

        return SQLiteAudit(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb.audit import DynamoDBAudit

        return DynamoDBAudit(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise unknown(settings)
