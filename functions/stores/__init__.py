"""Storage backends: each implements `functions.attempts.Store` (attempts and lesson progress)."""

from __future__ import annotations

from functions.attempts import Store
from functions.settings import Settings


def open_store(settings: Settings) -> Store:
    """The store the settings name; each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite import SQLiteStore

        return SQLiteStore(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb import DynamoDBStore

        return DynamoDBStore(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise ValueError(f"unknown store {settings.store!r}; expected 'sqlite' or 'dynamodb'")
