"""The opener of the focal officials' store: who follows which learners."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.settings import Settings
from functions.stores import unknown

if TYPE_CHECKING:
    from functions.accounts.focal import FocalStore


def open_focal(settings: Settings) -> FocalStore:
    """Focal officials and the learners they follow. Each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite.focal import SQLiteFocal

        return SQLiteFocal(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb.focal import DynamoDBFocal

        return DynamoDBFocal(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise unknown(settings)
