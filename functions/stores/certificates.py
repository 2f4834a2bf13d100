"""The opener of the certificates store: issued certificates and their revocations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.settings import Settings
from functions.stores import unknown

if TYPE_CHECKING:
    from functions.certificates.record import CertificateStore


def open_certificates(settings: Settings) -> CertificateStore:
    """Issued certificates and their revocations. Each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite.certificates import SQLiteCertificates

        return SQLiteCertificates(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb.certificates import DynamoDBCertificates

        return DynamoDBCertificates(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise unknown(settings)
