"""The opener of the reach store: opens and scans of published short ids, counted anonymously."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.settings import Settings
from functions.stores import unknown

if TYPE_CHECKING:
    from functions.reach import ReachStore


def open_reach(settings: Settings) -> ReachStore:
    """Opens and scans of published short ids, counted anonymously. Each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite.reach import SQLiteReach

        return SQLiteReach(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb.reach import DynamoDBReach

        return DynamoDBReach(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise unknown(settings)
