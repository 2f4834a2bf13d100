"""The keys that sign certificates: only the certificates function loads them (and with them the signing library)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions import vault
from functions.certificates import keys
from functions.settings import Settings, get_settings


@lru_cache(maxsize=4)
def _keys(settings: Settings) -> keys.KeyRing:
    return keys.load(settings.keys_dir, datetime.now(UTC).date(), settings.local, vault.signing_keys(settings))


async def get_keys() -> keys.KeyRing:
    """The signing keys, the newest of which signs (loaded on the first certificate drawn)."""
    return _keys(get_settings())


Keys = Annotated[keys.KeyRing, Depends(get_keys)]
