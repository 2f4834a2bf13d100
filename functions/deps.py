"""The dependencies every function app shares, as Annotated aliases; tests swap them through `app.dependency_overrides`.

They are `async def` on purpose: FastAPI runs a plain `def` dependency in its threadpool, a thread hop per
dependency per request, which measured a third of a submission's time here.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone
from functools import lru_cache
from typing import Annotated, Callable

from fastapi import Depends

from functions.attempts import Store as StoreContract
from functions.bank import BankShelf
from functions.settings import Settings, get_settings
from functions.stores import open_store


@lru_cache(maxsize=4)
def _store(settings: Settings) -> StoreContract:
    return open_store(settings)


@lru_cache(maxsize=4)
def _shelf(settings: Settings) -> BankShelf:
    return BankShelf(settings.bank_dir)


async def get_store() -> StoreContract:
    """The process's store, opened on first use and kept for the life of the process (or Lambda container)."""
    return _store(get_settings())


async def get_banks() -> BankShelf:
    """The shelf of published banks."""
    return _shelf(get_settings())


async def get_clock() -> Callable[[], datetime]:
    return lambda: datetime.now(timezone.utc)


async def get_rng() -> random.Random:
    return random.SystemRandom()


Store = Annotated[StoreContract, Depends(get_store)]
Banks = Annotated[BankShelf, Depends(get_banks)]
Clock = Annotated[Callable[[], datetime], Depends(get_clock)]
Rng = Annotated[random.Random, Depends(get_rng)]
