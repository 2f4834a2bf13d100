"""The key that signs sign-in tokens: every function that reads a token (not the anonymous counter, whose package
then carries no secret reading at all)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions import vault
from functions.settings import Settings, get_settings


@lru_cache(maxsize=4)
def _secret(settings: Settings) -> str:
    return vault.token_secret(settings)


async def get_token_secret() -> Callable[[], str]:
    """The key, fetched only when a token is made or read: a guest's request needs none."""
    settings = get_settings()
    return lambda: _secret(settings)


TokenSecret = Annotated[Callable[[], str], Depends(get_token_secret)]
