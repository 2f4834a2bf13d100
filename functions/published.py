"""The short ids the site publishes: the runtime contract between the build and the events function.

The build writes every live id of the content (`content/ids.yml`: courses, lessons, guides; the ids the built pages
send) to `ids.txt` beside the question banks, one id a line, sorted. The events function reads it once per process
(or Lambda container), again only when the file changes (a rebuild beside a running `hocso serve`), and counts only
these ids: a made-up id is refused before anything is stored, so a flood of
them costs no storage. Retired ids are left out: their pages carry no QR box and send nothing.

A text file, not JSON: the banks' folder lists `*.json` as courses. Plain Python, like `functions.bank`: the build
imports it; it imports nothing from the build.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from functions.reach import SHORT_ID as SHORT_ID_RULE

FILE = "ids.txt"
"""The list's name in the banks' folder (`build/bank/ids.txt`), and in a Lambda package (`HOCSO_IDS`)."""
SHORT_ID = re.compile(SHORT_ID_RULE)

KEY_FOLDER = "xac-minh/keys"
"""Where the site publishes each certificate key alone, beside the set, so a credential's `kid` is an address that
gives its JWK."""
KEY_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")

log = logging.getLogger("hocso.published")


def write_published(ids: Iterable[str], folder: Path) -> Path:
    """Write the published ids to `folder/ids.txt` atomically (write then rename), sorted, one a line."""
    wanted = sorted(set(ids))
    bad = [short_id for short_id in wanted if not SHORT_ID.match(short_id)]
    if bad:
        raise ValueError(f"not short ids: {bad}")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / FILE
    partial = target.with_suffix(".txt.tmp")
    partial.write_text("".join(f"{short_id}\n" for short_id in wanted), encoding="utf-8")
    partial.replace(target)
    return target


def read_published(path: Path) -> frozenset[str]:
    """The published ids in `path`; none when the file is missing (nothing is counted until the site is built)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        log.warning("no published id list at %s: every event is refused until the site is built", path)
        return frozenset()
    return frozenset(line.strip() for line in lines if SHORT_ID.match(line.strip()))


class PublishedIds:
    """The published ids of one file, read on first use and again only when the file's modification time changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._read: tuple[float | None, frozenset[str]] | None = None

    def get(self) -> frozenset[str]:
        """The ids as the file holds them now (a stat per call; a read only when it changed)."""
        try:
            mtime: float | None = self.path.stat().st_mtime
        except FileNotFoundError:
            mtime = None
        if self._read is None or self._read[0] != mtime:
            self._read = (mtime, read_published(self.path))
        return self._read[1]


def key_files(document: dict) -> list[tuple[str, dict]]:
    """Each key of a published set as its own file under the site (`xac-minh/keys/<id>.json`); odd ids are skipped."""
    return [
        (f"{KEY_FOLDER}/{jwk['kid']}.json", jwk)
        for jwk in document.get("keys", [])
        if isinstance(jwk, dict) and KEY_ID.match(str(jwk.get("kid", "")))
    ]
