"""The web app manifest and its icons, drawn at build from the logo the site already shows (an SVG path of straight
lines: Material Design's `school-outline`), so a learner can add the site to a phone's home screen. No download, no
MkDocs: an SVG in, PNG and SVG bytes and a JSON document out."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from pathlib import Path

BACKGROUND = "#3f51b5"
"""The theme's indigo (mkdocs.yml's palette), behind the white logo and as the phone's bar colour."""
SIZES = (192, 512)
ICON_DIR = "assets/icons"
FILE = "manifest.webmanifest"
_LOGO_SHARE = 0.6
"""The logo fills the middle 60 % of the square: inside the safe zone of a maskable icon (a circle of 80 %)."""
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")


def polygons(svg: str) -> tuple[float, list[list[tuple[float, float]]]]:
    """The viewBox width and the closed outlines of an SVG's paths made of M, L, H, V and Z (either case)."""
    box = float(re.search(r'viewBox="[\d.\s-]+?\s([\d.]+)\s[\d.]+"', svg).group(1))  # type: ignore[union-attr]
    out: list[list[tuple[float, float]]] = []
    for d in re.findall(r'\sd="([^"]+)"', svg):
        x = y = 0.0
        for command, arguments in re.findall(r"([MmLlHhVvZz])([^MmLlHhVvZz]*)", d):
            values = [float(value) for value in _NUMBER.findall(arguments)]
            relative = command.islower()
            if command in "Zz":  # the pen goes back to where the outline began
                out[-1].append(out[-1][0])
                x, y = out[-1][0]
            elif command in "MmLl":
                for n, (dx, dy) in enumerate(zip(values[::2], values[1::2], strict=True)):
                    x, y = (x + dx, y + dy) if relative else (dx, dy)
                    if command in "Mm" and n == 0:
                        out.append([(x, y)])
                    else:  # pairs after a move's first are lines
                        out[-1].append((x, y))
            else:
                for value in values:
                    if command in "Hh":
                        x = x + value if relative else value
                    else:
                        y = y + value if relative else value
                    out[-1].append((x, y))
    return box, out


def png(svg: str, size: int) -> bytes:
    """The logo in white on the indigo square, `size` pixels a side (drawn 4× larger, then reduced: smooth edges)."""
    from PIL import Image, ImageChops, ImageDraw  # only when an icon is drawn: a rebuild finds both cached

    box, outlines = polygons(svg)
    big = size * 4
    scale = big * _LOGO_SHARE / box
    offset = big * (1 - _LOGO_SHARE) / 2
    mask = Image.new("L", (big, big), 0)
    for outline in outlines:  # even-odd: an outline inside another is a hole
        layer = Image.new("L", (big, big), 0)
        ImageDraw.Draw(layer).polygon([(offset + x * scale, offset + y * scale) for x, y in outline], fill=255)
        mask = ImageChops.logical_xor(mask.convert("1"), layer.convert("1")).convert("L")
    image = Image.new("RGB", (big, big), BACKGROUND)
    image.paste((255, 255, 255), (0, 0), mask)
    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, "PNG", optimize=True)
    return out.getvalue()


def svg_icon(svg: str) -> str:
    """The same icon as a scalable SVG."""
    box, _ = polygons(svg)
    paths = "".join(f'<path d="{d}"/>' for d in re.findall(r'\sd="([^"]+)"', svg))
    scale = 512 * _LOGO_SHARE / box
    shift = 512 * (1 - _LOGO_SHARE) / 2
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" fill="{BACKGROUND}"/>'
        f'<g fill="#fff" fill-rule="evenodd" transform="translate({shift:g} {shift:g}) scale({scale:g})">'
        f"{paths}</g></svg>"
    )


def manifest(name: str, short_name: str, description: str) -> str:
    """The web app manifest (addresses relative to itself, at the site's root)."""
    icons: list[dict[str, str]] = [
        {"src": f"{ICON_DIR}/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"} for size in SIZES
    ]
    icons.append({"src": f"{ICON_DIR}/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"})
    icons.append({"src": f"{ICON_DIR}/icon.svg", "sizes": "any", "type": "image/svg+xml"})
    document = {
        "name": name,
        "short_name": short_name,
        "description": description,
        "lang": "vi",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": BACKGROUND,
        "icons": icons,
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def cached_png(svg: str, size: int, cache_dir: Path | None) -> bytes:
    """`png`, kept in `cache_dir` by a hash of the logo, the size and the colours (drawing both sizes takes a quarter
    of a second a build); drawn every time when there is no cache."""
    if cache_dir is None:
        return png(svg, size)
    digest = hashlib.sha256(f"{svg}\x1f{size}\x1f{BACKGROUND}\x1f{_LOGO_SHARE}".encode()).hexdigest()[:20]
    path = cache_dir / f"icon-{digest}.png"
    if path.is_file():
        return path.read_bytes()
    data = png(svg, size)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)
    return data


def files(
    logo_svg: str, name: str, short_name: str, description: str, cache_dir: Path | None = None
) -> list[tuple[str, str | bytes]]:
    """Every file the home-screen install needs: (address in the site, content); icons kept in `cache_dir`."""
    out: list[tuple[str, str | bytes]] = [(FILE, manifest(name, short_name, description))]
    out += [(f"{ICON_DIR}/icon-{size}.png", cached_png(logo_svg, size, cache_dir)) for size in SIZES]
    out.append((f"{ICON_DIR}/icon.svg", svg_icon(logo_svg)))
    return out
