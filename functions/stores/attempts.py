"""The opener of the attempts store: attempts and lesson progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.settings import Settings
from functions.stores import unknown

if TYPE_CHECKING:
    from functions.attempts import Store


def open_store(settings: Settings) -> Store:
    """Attempts and lesson progress. Each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite.attempts import SQLiteStore

        return SQLiteStore(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb.attempts import DynamoDBStore

        return DynamoDBStore(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise unknown(settings)
