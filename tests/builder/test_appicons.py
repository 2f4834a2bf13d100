"""The home-screen icons and the web app manifest, drawn from the theme's logo."""

from __future__ import annotations

import io
import json
from pathlib import Path

import material
from PIL import Image

from site_builder import appicons

LOGO = (Path(material.__file__).parent / "templates" / ".icons" / "material" / "school-outline.svg").read_text()


def test_the_logo_outlines_are_read_with_relative_moves_starting_where_the_last_outline_closed():
    box, outlines = appicons.polygons(LOGO)
    assert box == 24
    assert [len(outline) for outline in outlines] == [12, 5, 7]
    assert outlines[0][:4] == [(12, 3), (1, 9), (5, 11.18), (5, 17.18)]
    # "z m6.82 6": from the first outline's start (12, 3)
    assert outlines[1][0] == (18.82, 9)
    assert all(outline[0] == outline[-1] for outline in outlines)


def test_the_icon_is_the_white_logo_on_the_themes_indigo_with_its_holes_left_open():
    image = Image.open(io.BytesIO(appicons.png(LOGO, 192))).convert("RGB")
    assert image.size == (192, 192)
    indigo = (0x3F, 0x51, 0xB5)
    assert image.getpixel((4, 4)) == indigo
    scale, offset = 192 * 0.6 / 24, 192 * 0.2

    def at(x: float, y: float) -> tuple[int, int]:
        return round(offset + x * scale), round(offset + y * scale)

    assert image.getpixel(at(3, 9)) == (255, 255, 255)  # the roof's left band
    assert image.getpixel(at(12, 19.9)) == (255, 255, 255)  # the body's lower band
    assert image.getpixel(at(12, 9)) == indigo  # inside the roof: a hole
    assert image.getpixel(at(12, 17.5)) == indigo  # inside the body: a hole


def test_the_manifest_names_the_site_in_vietnamese_with_icons_a_phone_installs():
    name, short, description = "Học chuyển đổi số", "Học số", "Bồi dưỡng kỹ năng số."
    files = dict(appicons.files(LOGO, name, short, description))
    manifest = json.loads(files["manifest.webmanifest"])
    assert (manifest["name"], manifest["short_name"], manifest["lang"]) == (name, short, "vi")
    assert manifest["display"] == "standalone" and manifest["start_url"] == "./"
    sizes = {icon["sizes"]: icon["src"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert sizes == {"192x192": "assets/icons/icon-192.png", "512x512": "assets/icons/icon-512.png"}
    assert {icon["src"] for icon in manifest["icons"]} <= set(files)
    assert Image.open(io.BytesIO(files["assets/icons/icon-512.png"])).size == (512, 512)
    assert files["assets/icons/icon.svg"].startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">')


def test_icons_kept_in_the_cache_are_the_ones_drawn_and_a_new_logo_is_drawn_again(tmp_path):
    cache = tmp_path / "cache"
    first = dict(appicons.files(LOGO, "Học số", "Học số", "Mô tả", cache))
    kept = sorted(cache.glob("icon-*.png"))
    assert len(kept) == len(appicons.SIZES)
    stamps = [path.stat().st_mtime_ns for path in kept]
    assert dict(appicons.files(LOGO, "Học số", "Học số", "Mô tả", cache)) == first
    assert [path.stat().st_mtime_ns for path in kept] == stamps  # read, not drawn again
    assert first == dict(appicons.files(LOGO, "Học số", "Học số", "Mô tả"))  # the same as drawn without a cache
    other = LOGO.replace('d="', 'd="M0 0h1v1z ', 1)
    appicons.files(other, "Học số", "Học số", "Mô tả", cache)
    assert len(list(cache.glob("icon-*.png"))) == 2 * len(appicons.SIZES)
