"""Units and accounts."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.accounts.store import AccountStore
from functions.settings import Settings, get_settings
from functions.stores.accounts import open_accounts


@lru_cache(maxsize=4)
def _accounts(settings: Settings) -> AccountStore:
    return open_accounts(settings)


async def get_accounts() -> AccountStore:
    """Units and accounts."""
    return _accounts(get_settings())


Accounts = Annotated[AccountStore, Depends(get_accounts)]
