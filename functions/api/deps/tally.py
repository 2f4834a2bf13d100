"""Progress counters for the reports."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.reports.tally import TallyStore
from functions.settings import Settings, get_settings
from functions.stores.tally import open_tally


@lru_cache(maxsize=4)
def _tally(settings: Settings) -> TallyStore:
    return open_tally(settings)


async def get_tally() -> TallyStore:
    """Progress counters for the reports."""
    return _tally(get_settings())


Tally = Annotated[TallyStore, Depends(get_tally)]
