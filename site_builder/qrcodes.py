"""QR codes for short links: an SVG for pages, a module matrix for posters. No MkDocs here."""

from __future__ import annotations

import functools
import json
import os
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder import buildcache
from site_builder.buildcache import Memo

if TYPE_CHECKING:
    import segno

_masks: dict[str, int] = {}
"""The mask segno chose for each URL: choosing scores all eight (5 ms a code), making a code with a known mask takes
0.7 ms and gives the same modules. Kept across builds in a file (`remember_masks`)."""
_saved: dict[str, object] = {"path": None, "count": 0}


def short_url(site_url: str, short_id: str) -> str:
    """The absolute short link printed under a QR code: `<site_url>/q/<id>/`."""
    return f"{site_url.rstrip('/')}/q/{short_id}/"


def _code(url: str) -> segno.QRCode:
    import segno  # only when a code is made: a cached build finds every SVG in its memo (segno and its XML: 15 ms)

    # Level M survives a scuffed or badly lit poster; a short URL keeps the code small enough to scan from afar.
    code = segno.make(url, error="m", micro=False, mask=_masks.get(url))
    _masks[url] = code.mask
    return code


def remember_masks(path: Path) -> None:
    """Read the masks chosen by earlier builds from `path` (a JSON file, absent or unreadable at first), and save the
    masks chosen from now on there (`save_masks`)."""
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
        _masks.update({str(url): int(mask) for url, mask in known.items() if int(mask) in range(8)})
    except (OSError, ValueError, AttributeError, TypeError):
        pass  # a missing or damaged file only costs the choosing again
    _saved.update(path=path, count=len(_masks))


def save_masks() -> None:
    """Write the masks to the file given to `remember_masks`, when codes were made since; atomically."""
    path = _saved["path"]
    if not isinstance(path, Path) or len(_masks) == _saved["count"]:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(_masks, sort_keys=True, indent=0), encoding="utf-8")
    partial.replace(path)
    _saved["count"] = len(_masks)


def svg(url: str, title: str, memo: Memo | None = None) -> str:
    """An inline SVG of the QR code for `url`, one line, scalable; kept in `memo` between builds (2 ms a code)."""

    def draw() -> str:
        return _code(url).svg_inline(scale=4, border=2, title=title, svgclass="hocso-qr__code", omitsize=True)

    return memo.get(draw, "qr-svg", buildcache.code(Path(__file__)), _segno(), url, title) if memo else draw()


@functools.cache
def _segno() -> str:
    """segno's version, a part of a kept SVG's key, read without importing it."""
    return version("segno")


def matrix(url: str) -> list[list[bool]]:
    """The code's modules, rows of dark (True) or light, without the quiet zone."""
    return [[bool(module) for module in row] for row in _code(url).matrix]


def runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The code's width in modules and its dark runs (column, row, length) along each row: one rectangle per run
    keeps a printed code small and crisp."""
    modules = matrix(url)
    out: list[tuple[int, int, int]] = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if row[x]:
                end = x
                while end < len(row) and row[end]:
                    end += 1
                out.append((x, y, end - x))
                x = end
            else:
                x += 1
    return len(modules), out
