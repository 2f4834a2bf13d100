"""Issued certificates and the keys that sign them: only the certificates function (and the administrators', which
lists certificates) loads these."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends

from functions.certificates.issuance import CertificateStore
from functions.settings import Settings, get_settings
from functions.stores.certificates import open_certificates

if TYPE_CHECKING:
    from functions.certificates.keys import KeyRing


@lru_cache(maxsize=4)
def _certificates(settings: Settings) -> CertificateStore:
    return open_certificates(settings)


@lru_cache(maxsize=4)
def _keys(settings: Settings) -> KeyRing:
    from functions.certificates import keys

    return keys.load(settings.keys_dir, datetime.now(UTC).date(), settings.local, settings.signing_keys_value)


async def get_certificates() -> CertificateStore:
    """Issued certificates and their revocations."""
    return _certificates(get_settings())


async def get_keys() -> KeyRing:
    """The signing keys, the newest of which signs (loaded on the first certificate drawn)."""
    return _keys(get_settings())


Certificates = Annotated[CertificateStore, Depends(get_certificates)]
Keys = Annotated["KeyRing", Depends(get_keys)]
