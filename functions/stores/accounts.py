"""The opener of the accounts store: units and accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.settings import Settings
from functions.stores import unknown

if TYPE_CHECKING:
    from functions.accounts.store import AccountStore


def open_accounts(settings: Settings) -> AccountStore:
    """Units and accounts. Each backend is imported only when chosen."""
    if settings.store == "sqlite":
        from functions.stores.sqlite.accounts import SQLiteAccounts

        return SQLiteAccounts(settings.sqlite_path)
    if settings.store == "dynamodb":
        from functions.stores.dynamodb.accounts import DynamoDBAccounts

        return DynamoDBAccounts(settings.table, endpoint_url=settings.dynamodb_endpoint)
    raise unknown(settings)
