"""Values a build computes from content (QR codes' SVG, pages' compressed sizes, citation checks, the copies short
links serve), kept between builds in a JSON file under a hash of everything they are computed from: a rebuild looks
them up instead of computing them again, and any change to an input is a new key, so a stale value is never found.
No MkDocs here.

Like mkdocs-material's social cards' manifest: the file holds only what the last build asked for, so it does not grow
with every edit; a damaged or missing file only costs the computing again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

Value = TypeVar("Value", str, int, list[Any])


def key(*parts: object) -> str:
    """The key of a value computed from `parts` (strings, numbers), the first naming what is computed and how."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


@functools.cache
def code(*sources: Path) -> str:
    """A hash of the source files `sources`: a part of the key of what their code computes, so that changing the code
    computes it again (no version number to remember to bump)."""
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()[:32]


class Memo:
    """Computed values by key, read from `path` (none: kept in memory only) and written back by `save`. A memo made
    with a `previous` one (the last build's, in `mkdocs serve`) starts from its values instead of reading the file."""

    def __init__(self, path: Path | None = None, previous: Memo | None = None) -> None:
        self.path = path
        self._found: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._saved: dict[str, Any] = {}
        """What the file holds, as far as this process knows."""
        if previous is not None and previous.path == path:
            self._found = {**previous._found, **previous._used}
            self._saved = previous._saved
        elif path is not None:
            try:
                found = json.loads(path.read_text(encoding="utf-8"))
                self._found = self._saved = found if isinstance(found, dict) else {}
            except (OSError, ValueError):
                pass  # missing or damaged: everything is computed again

    def get(self, compute: Callable[[], Value], *parts: object) -> Value:
        """The value kept under the key of `parts`, or `compute()` kept there now."""
        name = key(*parts)
        value = self._used.get(name)
        if value is None:
            value = self._found.get(name)
            if value is None:
                value = compute()
            self._used[name] = value
        return value

    def save(self) -> None:
        """Write the values asked for since this memo was made to its file, atomically, unless the file already
        holds just these."""
        if self.path is None or self._used == self._saved:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(self._used, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
        partial.replace(self.path)
        self._saved = self._used


class FileMemo:
    """Computed texts too large to hold together (the short links' pages, 40 KB each: 10 MB read into memory on every
    build cost more than copying the pages again), one file each in `folder` (none: computed every time), named by
    its key; `save` removes those no lookup asked for since this memo was made."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._used: set[str] = set()

    def get(self, compute: Callable[[], str], *parts: object) -> str:
        """The text kept under the key of `parts`, or `compute()` kept there now."""
        if self.folder is None:
            return compute()
        path = self.folder / f"{key(*parts)}.txt"
        self._used.add(path.name)
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            pass  # not kept yet
        value = compute()
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(value, encoding="utf-8")
        partial.replace(path)  # atomic: a build stopped half way leaves no half page
        return value

    def place(self, target: Path, compute: Callable[[], str], *parts: object) -> None:
        """Make `target` the text kept under the key of `parts` (`compute()` kept there now if missing): linked to the
        kept file (see `place`), written when there is no folder."""
        if self.folder is None:
            target.write_text(compute(), encoding="utf-8")
            return
        self.get(compute, *parts)
        place(self.folder / f"{key(*parts)}.txt", target)

    def save(self) -> None:
        """Remove the kept texts no lookup asked for since this memo was made."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*.txt"):
            if path.name not in self._used:
                path.unlink(missing_ok=True)


def place(source: Path, target: Path) -> None:
    """Make `target` (in the built site) hold the bytes of `source` (a file of a cache): a hard link where the file
    system allows one, a copy elsewhere. A link makes no inode and writes no byte, and removing it (the next build's
    clean) frees none: on ext4 without a journal, making an inode costs more the more were freed in the last 30 s,
    and a cached build made 1,300 where plain mkdocs-material makes 500 (docs/scale.md, section 2.7). Safe because a
    cache's files are replaced, never written in place (`pdfcache`, `FileMemo`), and no build step writes in place
    into a site file it took from a cache."""
    try:
        if os.path.samefile(source, target):
            return  # `--dirty`: linked by an earlier build
        target.unlink()  # never written through: it may be a link to another kept file
    except FileNotFoundError:
        pass
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)  # another file system, or links not allowed there
