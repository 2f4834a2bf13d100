"""Storage backends for attempts: each implements `functions.attempts.AttemptStore`."""

from __future__ import annotations

from functions.attempts import AttemptStore
from functions.settings import Settings


def open_store(settings: Settings) -> AttemptStore:
    """The store the settings name; each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite import SQLiteAttemptStore

        return SQLiteAttemptStore(settings.sqlite_path)
    raise ValueError(f"unknown store {settings.store!r}; expected 'sqlite'")
