"""What every function may need: the settings, the clock, randomness and the published banks."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.bank import BankShelf
from functions.settings import Settings, get_settings


@lru_cache(maxsize=4)
def _shelf(settings: Settings) -> BankShelf:
    return BankShelf(settings.bank_dir)


async def get_settings_dep() -> Settings:
    return get_settings()


async def get_banks() -> BankShelf:
    """The shelf of published banks."""
    return _shelf(get_settings())


async def get_clock() -> Callable[[], datetime]:
    return lambda: datetime.now(UTC)


async def get_rng() -> random.Random:
    return random.SystemRandom()


Banks = Annotated[BankShelf, Depends(get_banks)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
Clock = Annotated[Callable[[], datetime], Depends(get_clock)]
Rng = Annotated[random.Random, Depends(get_rng)]
