"""The opener of the classroom training store: classes, their learners and attendance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.settings import Settings
from functions.stores import unknown

if TYPE_CHECKING:
    from functions.classes import ClassStore


def open_classes(settings: Settings) -> ClassStore:
    """Classes, their learners and attendance. Each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite.classes import SQLiteClasses

        return SQLiteClasses(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb.classes import DynamoDBClasses

        return DynamoDBClasses(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise unknown(settings)
