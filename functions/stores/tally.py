"""The opener of the tally store: progress counters for the reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.settings import Settings
from functions.stores import unknown

if TYPE_CHECKING:
    from functions.reports.tally import TallyStore


def open_tally(settings: Settings) -> TallyStore:
    """Progress counters for the reports. Each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite.tally import SQLiteTally

        return SQLiteTally(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb.tally import DynamoDBTally

        return DynamoDBTally(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise unknown(settings)
