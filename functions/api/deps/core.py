"""What every function may need: the settings, the clock, randomness, the token secret and the published banks."""

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


@lru_cache(maxsize=4)
def _secret(settings: Settings) -> str:
    return settings.token_secret()


async def get_settings_dep() -> Settings:
    return get_settings()


async def get_banks() -> BankShelf:
    """The shelf of published banks."""
    return _shelf(get_settings())


async def get_token_secret() -> Callable[[], str]:
    """The key that signs sign-in tokens, fetched only when a token is made or read: a guest's request needs none."""
    settings = get_settings()
    return lambda: _secret(settings)


async def get_clock() -> Callable[[], datetime]:
    return lambda: datetime.now(UTC)


async def get_rng() -> random.Random:
    return random.SystemRandom()


Banks = Annotated[BankShelf, Depends(get_banks)]
TokenSecret = Annotated[Callable[[], str], Depends(get_token_secret)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
Clock = Annotated[Callable[[], datetime], Depends(get_clock)]
Rng = Annotated[random.Random, Depends(get_rng)]
