"""QR codes for short links: an SVG for pages, a module matrix for posters. No MkDocs here."""

from __future__ import annotations

import segno


def short_url(site_url: str, short_id: str) -> str:
    """The absolute short link printed under a QR code: `<site_url>/q/<id>/`."""
    return f"{site_url.rstrip('/')}/q/{short_id}/"


def _code(url: str) -> segno.QRCode:
    # Level M survives a scuffed or badly lit poster; a short URL keeps the code small enough to scan from afar.
    return segno.make(url, error="m", micro=False)


def svg(url: str, title: str) -> str:
    """An inline SVG of the QR code for `url`, one line, scalable."""
    return _code(url).svg_inline(scale=4, border=2, title=title, svgclass="hocso-qr__code", omitsize=True)


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
