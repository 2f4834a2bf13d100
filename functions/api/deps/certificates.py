"""Issued certificates: the certificates function, and the administrators', which lists them."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.certificates.record import CertificateStore
from functions.settings import Settings, get_settings
from functions.stores.certificates import open_certificates


@lru_cache(maxsize=4)
def _certificates(settings: Settings) -> CertificateStore:
    return open_certificates(settings)


async def get_certificates() -> CertificateStore:
    """Issued certificates and their revocations."""
    return _certificates(get_settings())


Certificates = Annotated[CertificateStore, Depends(get_certificates)]
