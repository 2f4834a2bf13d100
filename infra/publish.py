"""Publishing the built site to its bucket: what each file's Cache-Control is, and which objects change.

How long a browser (and CloudFront, whose cache policy follows the object's header) keeps a file depends on whether
its name changes with its content:

- mkdocs-material's bundles carry a content hash in their names (`bundle.a5f9d56c.min.js`): kept for a year.
- Pages, the search index, the key set, the sitemap: five minutes, so a fix or a revocation shows within minutes.
- `sw.js`: never cached; the browser must see a new service worker at once.
- The rest of `assets/` (hocso's own scripts and styles) is not hashed by name, so a page and the script it needs
  could come from two deploys for as long as the script is cached: one hour.
- Other files (posters, attachments, images): one day; CloudFront's copies are invalidated by each deploy anyway.

Objects are compared by MD5 (the ETag of a single-part upload), uploaded assets first and pages last, so a new page
never refers to a script not yet uploaded. Objects the site no longer has are deleted, except under `assets/`: a
page cached before the deploy may still ask for the old bundle.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

YEAR = "public, max-age=31536000, immutable"
MINUTES = "public, max-age=300"
HOUR = "public, max-age=3600"
DAY = "public, max-age=86400"
NEVER = "no-cache"
_HASHED = re.compile(r"\.[0-9a-f]{8,}\.min\.(js|css)$")
_SHORT = (".html", ".json", ".xml", ".xml.gz", ".txt")
_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".gz": "application/gzip",
    ".map": "application/json",
}


def cache_control(key: str) -> str:
    """The Cache-Control of the object at `key`."""
    if key == "sw.js":
        return NEVER
    if _HASHED.search(key):
        return YEAR
    if key.endswith(_SHORT):
        return MINUTES
    if key.startswith("assets/"):
        return HOUR
    return DAY


def content_type(key: str) -> str:
    """The Content-Type of the object at `key`; text is UTF-8."""
    suffix = Path(key).suffix.lower()
    kind = _TYPES.get(suffix) or mimetypes.guess_type(key)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in (
        "application/json",
        "application/manifest+json",
        "application/xml",
        "image/svg+xml",
    ):
        kind += "; charset=utf-8"
    return kind


@dataclass(frozen=True)
class Upload:
    key: str
    path: Path
    md5: str

    @property
    def headers(self) -> dict[str, Any]:
        return {"ContentType": content_type(self.key), "CacheControl": cache_control(self.key)}


def uploads(site: Path) -> list[Upload]:
    """Every file of the site, assets first and pages (`.html`) last."""
    found = [
        Upload(key, path, hashlib.md5(path.read_bytes()).hexdigest())  # noqa: S324 - S3's ETag
        for path in sorted(site.rglob("*"))
        if path.is_file()
        for key in [path.relative_to(site).as_posix()]
    ]
    return sorted(
        found, key=lambda upload: (upload.key.endswith(".html"), not upload.key.startswith("assets/"), upload.key)
    )


def changes(site: Path, remote: dict[str, str]) -> tuple[list[Upload], list[str]]:
    """What to upload and what to delete, given the bucket's objects as {key: ETag}."""
    local = uploads(site)
    keys = {upload.key for upload in local}
    put = [upload for upload in local if remote.get(upload.key, "").strip('"') != upload.md5]
    delete = sorted(key for key in remote if key not in keys and not key.startswith("assets/"))
    return put, delete


def remote_objects(s3: Any, bucket: str) -> dict[str, str]:
    """The bucket's current objects as {key: ETag}."""
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        found.update({item["Key"]: item["ETag"] for item in page.get("Contents", [])})
    return found


def apply(s3: Any, bucket: str, put: list[Upload], delete: list[str], progress: Callable[[str], None]) -> None:
    """Upload `put` in order (single-part, so the ETag stays the MD5), then delete `delete`."""
    for number, upload in enumerate(put, start=1):
        s3.put_object(Bucket=bucket, Key=upload.key, Body=upload.path.read_bytes(), **upload.headers)
        if number % 50 == 0 or number == len(put):
            progress(f"  đã tải lên {number}/{len(put)} tệp")
    for start in range(0, len(delete), 1000):
        batch = [{"Key": key} for key in delete[start : start + 1000]]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
