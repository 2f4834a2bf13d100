"""Classroom training: classes, their learners and attendance."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.classes import ClassStore
from functions.settings import Settings, get_settings
from functions.stores.classes import open_classes


@lru_cache(maxsize=4)
def _classes(settings: Settings) -> ClassStore:
    return open_classes(settings)


async def get_classes() -> ClassStore:
    """Classes, their learners and attendance."""
    return _classes(get_settings())


Classes = Annotated[ClassStore, Depends(get_classes)]
