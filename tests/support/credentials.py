"""Credentials and a region for boto3 that only a local server accepts: the tests' and the bench's AWS."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

LOCAL = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "ap-southeast-1"}


@contextmanager
def local_credentials() -> Iterator[dict[str, str]]:
    """`LOCAL` in the environment for the block; what was there before is put back."""
    saved = {key: os.environ.get(key) for key in LOCAL}
    os.environ.update(LOCAL)
    try:
        yield LOCAL
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
