"""The blob store: printed slips and certificate PDFs (a local folder, or S3 on AWS)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from functions.blobs import Blobs, open_blobs
from functions.settings import Settings, get_settings


@lru_cache(maxsize=4)
def _blobs(settings: Settings) -> Blobs:
    return open_blobs(settings)


async def get_blobs() -> Blobs:
    """The blob store, opened on first use."""
    return _blobs(get_settings())


BlobStore = Annotated[Blobs, Depends(get_blobs)]


def local_blobs() -> Blobs:
    """The blob store the settings name, outside a request (the local files routes)."""
    return _blobs(get_settings())
