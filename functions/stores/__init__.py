"""Storage backends. Each concern (attempts and progress, accounts, certificates, counters, audit) has a Protocol
beside its logic and one adapter per backend here; a function opens only the stores it uses, and each backend is
imported only when chosen. Each opener spells its imports out, alike as they look: the Lambda packager
(`infra/package.py`) finds a function's modules by reading its import statements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.attempts import Store
from functions.settings import Settings

if TYPE_CHECKING:
    from functions.accounts.store import AccountStore
    from functions.audit import AuditStore
    from functions.certificates.issuance import CertificateStore
    from functions.reports.tally import TallyStore


def _unknown(settings: Settings) -> ValueError:
    return ValueError(f"unknown store {settings.store!r}; expected 'sqlite' or 'dynamodb'")


def open_store(settings: Settings) -> Store:
    """Attempts and lesson progress."""
    if settings.store == "sqlite":
        from functions.stores.sqlite import SQLiteStore

        return SQLiteStore(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb import DynamoDBStore

        return DynamoDBStore(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise _unknown(settings)


def open_accounts(settings: Settings) -> AccountStore:
    """Units and accounts."""
    if settings.store == "sqlite":
        from functions.stores.sqlite_accounts import SQLiteAccounts

        return SQLiteAccounts(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb_accounts import DynamoDBAccounts

        return DynamoDBAccounts(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise _unknown(settings)


def open_certificates(settings: Settings) -> CertificateStore:
    """Issued certificates and their revocations."""
    if settings.store == "sqlite":
        from functions.stores.sqlite_certificates import SQLiteCertificates

        return SQLiteCertificates(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb_certificates import DynamoDBCertificates

        return DynamoDBCertificates(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise _unknown(settings)


def open_tally(settings: Settings) -> TallyStore:
    """Progress counters for the reports."""
    if settings.store == "sqlite":
        from functions.stores.sqlite_tally import SQLiteTally

        return SQLiteTally(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb_tally import DynamoDBTally

        return DynamoDBTally(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise _unknown(settings)


def open_audit(settings: Settings) -> AuditStore:
    """The audit trail of who saw or exported personal data."""
    if settings.store == "sqlite":
        from functions.stores.sqlite_audit import SQLiteAudit

        return SQLiteAudit(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb_audit import DynamoDBAudit

        return DynamoDBAudit(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise _unknown(settings)
