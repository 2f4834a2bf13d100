"""Where generated and uploaded files (certificate PDFs, slips, exports, uploaded lists) are kept: a local folder by
default, an S3 bucket on AWS.

Large files do not pass through a function: a browser uploads a list straight to the store with a signed form, and
downloads an export through a signed link that expires (S3's presigned POST and GET on AWS; on one machine, the same
shapes served by `functions.api.files` and checked here by `LocalBlobs.check_link`)."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from functions.settings import Settings

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,200}")


@dataclass(frozen=True)
class UploadForm:
    """Where and how a browser posts one file: a `multipart/form-data` POST to `url` with `fields` (in order), then
    the file as the field `file`. S3 answers 204, and refuses a file above the size the form was signed for."""

    url: str
    fields: dict[str, str]


class Blobs(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes | None:
        """The file's bytes, or None when there is none under this key."""

    def put_new(self, key: str, data: bytes, content_type: str) -> bool:
        """Keep the file unless one is already under `key`: the first writer wins. True if this call kept it."""

    def upload_form(self, key: str, *, max_bytes: int, expires: int) -> UploadForm:
        """A form a browser can post one file of at most `max_bytes` to `key` with, for `expires` seconds."""

    def link(self, key: str, *, filename: str, media_type: str, expires: int) -> str:
        """A link that downloads the file under `key` as `filename`, without signing in, for `expires` seconds."""


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


class LinkRefused(ValueError):
    """A local upload form or download link that was not signed here, was changed, or has expired."""


def _sign(key: bytes, *parts: str) -> str:
    return hmac.new(key, "\n".join(parts).encode(), hashlib.sha256).hexdigest()


class LocalBlobs:
    """Files under a folder, written whole (to a temporary name, then renamed) so a reader never sees half a file, and
    on disk before `put` returns: a batch's slips are the only copy of its activation codes.

    Upload forms and download links point at `base` (the local files route) and carry an HMAC of what they allow,
    under `link_key` (derived from the local token secret, read when first needed)."""

    def __init__(self, root: Path, *, base: str = "/api/files", link_key: Callable[[], bytes] | None = None) -> None:
        self.root = root
        self.base = base.rstrip("/")
        self._link_key = link_key or (lambda: b"")

    def put_new(self, key: str, data: bytes, content_type: str) -> bool:
        from functions.settings import keep_once

        path = self.root / _checked(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        return keep_once(path, data)

    def upload_form(self, key: str, *, max_bytes: int, expires: int) -> UploadForm:
        until = str(int(time.time()) + expires)
        fields = {"key": _checked(key), "expires": until, "max": str(max_bytes)}
        signature = _sign(self._link_key(), "POST", key, until, str(max_bytes))
        return UploadForm(f"{self.base}/upload", {**fields, "signature": signature})

    def link(self, key: str, *, filename: str, media_type: str, expires: int) -> str:
        until = str(int(time.time()) + expires)
        signature = _sign(self._link_key(), "GET", _checked(key), until, filename, media_type)
        asked = urlencode({"expires": until, "filename": filename, "type": media_type, "signature": signature})
        return f"{self.base}/{quote(key)}?{asked}"

    def check_link(self, method: str, key: str, until: str, *rest: str, signature: str) -> None:
        """Refuse (`LinkRefused`) a form or link this store did not sign, changed, or past its time."""
        _checked(key)
        wanted = _sign(self._link_key(), method, key, until, *rest)
        if not hmac.compare_digest(wanted, signature):
            raise LinkRefused("signature")
        if not until.isdigit() or int(until) < time.time():
            raise LinkRefused("expired")

    def path(self, key: str) -> Path:
        """Where the file under `key` is (or would be) on disk."""
        return self.root / _checked(key)

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
            from botocore.config import Config

            # Signature version 4, which S3 requires of a bucket made since 2020 and of an object under a KMS key
            # (boto3 would sign a presigned link with version 2), and the bucket's regional address, which the pages'
            # content security policy names (boto3 would give the global `s3.amazonaws.com` one).
            addressing = {} if endpoint_url else {"s3": {"addressing_style": "virtual"}}
            config = Config(signature_version="s3v4", **addressing)
            client = boto3.client("s3", endpoint_url=endpoint_url, config=config)
        self._client = client
        self.bucket = bucket

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self._client.put_object(Bucket=self.bucket, Key=_checked(key), Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes | None:
        try:
            return self._client.get_object(Bucket=self.bucket, Key=_checked(key))["Body"].read()
        except self._client.exceptions.NoSuchKey:
            return None

    def put_new(self, key: str, data: bytes, content_type: str) -> bool:
        # S3's conditional write: `If-None-Match: *` is refused with 412 when an object is there already.
        try:
            self._client.put_object(
                Bucket=self.bucket, Key=_checked(key), Body=data, ContentType=content_type, IfNoneMatch="*"
            )
        except self._client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("PreconditionFailed", "ConditionalRequestConflict"):
                return False
            raise
        return True

    def upload_form(self, key: str, *, max_bytes: int, expires: int) -> UploadForm:
        posted = self._client.generate_presigned_post(
            Bucket=self.bucket,
            Key=_checked(key),
            Conditions=[["content-length-range", 1, max_bytes]],
            ExpiresIn=expires,
        )
        return UploadForm(posted["url"], dict(posted["fields"]))

    def link(self, key: str, *, filename: str, media_type: str, expires: int) -> str:
        from functions.downloads import disposition

        params = {
            "Bucket": self.bucket,
            "Key": _checked(key),
            "ResponseContentDisposition": disposition(filename),
            "ResponseContentType": media_type,
            "ResponseCacheControl": "no-store",
        }
        return str(self._client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires))


def open_blobs(settings: Settings) -> Blobs:
    """S3 when a bucket is named, else the `blobs` folder beside the local store."""
    if settings.bucket:
        return S3Blobs(settings.bucket, endpoint_url=settings.s3_endpoint)
    return LocalBlobs(
        settings.data_dir / "blobs",
        base=f"{settings.api_base_path.rstrip('/')}/files",
        link_key=lambda: _sign(settings.token_secret().encode(), "blob links").encode(),
    )
