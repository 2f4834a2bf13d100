"""Focal officials and the learners they follow."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.accounts.focal import FocalStore
from functions.settings import Settings, get_settings
from functions.stores.focal import open_focal


@lru_cache(maxsize=4)
def _focal(settings: Settings) -> FocalStore:
    return open_focal(settings)


async def get_focal() -> FocalStore:
    """Focal officials and the learners they follow."""
    return _focal(get_settings())


Focal = Annotated[FocalStore, Depends(get_focal)]
