"""The quiz routes' dependencies, as Annotated aliases; tests swap them through `app.dependency_overrides`."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from typing import Annotated, Callable

from fastapi import Depends, Request

from functions.attempts import AttemptStore
from functions.bank import BankShelf
from functions.settings import get_settings
from functions.stores import open_store


def get_store(request: Request) -> AttemptStore:
    """The app's store, opened on first use and kept for the life of the process (or Lambda container)."""
    state = request.app.state
    if getattr(state, "store", None) is None:
        state.store = open_store(get_settings())
    return state.store


def get_banks(request: Request) -> BankShelf:
    """The shelf of published banks."""
    state = request.app.state
    if getattr(state, "banks", None) is None:
        state.banks = BankShelf(get_settings().bank_dir)
    return state.banks


def get_clock() -> Callable[[], datetime]:
    return lambda: datetime.now(timezone.utc)


def get_rng() -> random.Random:
    return random.SystemRandom()


Store = Annotated[AttemptStore, Depends(get_store)]
Banks = Annotated[BankShelf, Depends(get_banks)]
Clock = Annotated[Callable[[], datetime], Depends(get_clock)]
Rng = Annotated[random.Random, Depends(get_rng)]
