"""Where generated files (certificate PDFs, exports) are kept: a local folder by default, an S3 bucket on AWS."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Protocol

from functions.settings import Settings

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,200}")


class Blobs(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes | None:
        """The file's bytes, or None when there is none under this key."""


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key) or ".." in key:
        raise ValueError(f"bad blob key {key!r}")
    return key


def write_durably(path: Path, data: bytes) -> None:
    """Write a file and wait until its bytes are on disk."""
    with open(path, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def _sync(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class LocalBlobs:
    """Files under a folder, written whole (to a temporary name, then renamed) so a reader never sees half a file, and
    on disk before `put` returns: a batch's slips are the only copy of its activation codes."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self.root / _checked(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        write_durably(fresh, data)
        fresh.replace(path)
        _sync(path.parent)  # the rename itself survives a power cut only once the folder is synced

    def get(self, key: str) -> bytes | None:
        path = self.root / _checked(key)
        return path.read_bytes() if path.is_file() else None


class S3Blobs:
    """Objects in a private, versioned bucket."""

    def __init__(self, bucket: str, client: Any = None, endpoint_url: str | None = None) -> None:
        if client is None:
            import boto3

            client = boto3.client("s3", endpoint_url=endpoint_url)
        self._client = client
        self.bucket = bucket

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self._client.put_object(Bucket=self.bucket, Key=_checked(key), Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes | None:
        try:
            return self._client.get_object(Bucket=self.bucket, Key=_checked(key))["Body"].read()
        except self._client.exceptions.NoSuchKey:
            return None


def open_blobs(settings: Settings) -> Blobs:
    """S3 when a bucket is named, else the `blobs` folder beside the local store."""
    if settings.bucket:
        return S3Blobs(settings.bucket, endpoint_url=settings.s3_endpoint)
    return LocalBlobs(settings.data_dir / "blobs")
