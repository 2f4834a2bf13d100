"""Attempts and lesson progress."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.attempts import Store as AttemptStore
from functions.settings import Settings, get_settings
from functions.stores.attempts import open_store


@lru_cache(maxsize=4)
def _store(settings: Settings) -> AttemptStore:
    return open_store(settings)


async def get_store() -> AttemptStore:
    """Attempts and lesson progress."""
    return _store(get_settings())


Store = Annotated[AttemptStore, Depends(get_store)]
