"""A4 posters for printing at the commune: title, summary, a large QR code and the short link in print.

Drawn with reportlab in an embedded (subset) DejaVu Sans, registered once per process (`handoutstyle.fonts`), so
Vietnamese text prints and extracts exactly: about 7 ms a poster on the demo catalogue (fpdf2, reading the fonts
again for every poster, took 130 ms). Posters are cached by a hash of what they show, so a rebuild only redoes what
changed, and a first build draws the missing ones in parallel processes (`pdfcache`). The drawing
(`site_builder.posterpdf`) and reportlab are imported only when a poster is drawn.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from site_builder import pdfcache, qrcodes
from site_builder.places import Place

VERSION = "3"  # bump when the layout changes, so cached posters are redrawn


@dataclass(frozen=True)
class Poster:
    """What one poster shows."""

    short_id: str
    kicker: str
    title: str
    summary: str
    url: str
    place: str = ""
    """The name of the place it is put up at, printed at its foot; empty leaves a dotted line to write it on."""

    def digest(self) -> str:
        shown = [VERSION, self.short_id, self.kicker, self.title, self.summary, self.url]
        text = "\x1f".join(shown + ([self.place] if self.place else []))  # without a place: as before places existed
        return hashlib.sha256(text.encode()).hexdigest()[:20]


def render(posters: list[Poster]) -> bytes:
    """One PDF with a page per poster."""
    from site_builder import posterpdf  # reportlab: imported by builds that draw, not by those that find all cached

    return posterpdf.render(posters)


def _single(poster: Poster, cache_dir: Path) -> Path:
    return cache_dir / f"{poster.digest()}.pdf"


def _set(posters: list[Poster], cache_dir: Path) -> Path:
    digest = hashlib.sha256("".join(poster.digest() for poster in posters).encode()).hexdigest()[:20]
    return cache_dir / f"set-{digest}.pdf"


def _drawn(posters: list[Poster]) -> bytes:
    return render(posters)  # looked up when called, and picklable for the workers


def cached_all(singles: list[Poster], sets: dict[str, list[Poster]], cache_dir: Path) -> list[tuple[str, Path]]:
    """(address, cached file) of each single poster (`ap-phich/<short id>.pdf`) and each set of posters printed
    together (`ap-phich/<name>.pdf`), drawing only those not in `cache_dir` yet, many in parallel processes: a first
    build of a 16-course catalogue draws about 400 pages."""
    out = [(f"ap-phich/{poster.short_id}.pdf", [poster], _single(poster, cache_dir)) for poster in singles]
    out += [(f"ap-phich/{name}.pdf", group, _set(group, cache_dir)) for name, group in sets.items()]
    # the sets first: the longest jobs started early keep the workers evenly busy to the end
    pdfcache.draw_missing([(group, path) for _, group, path in out[len(singles) :] + out[: len(singles)]], _drawn)
    return [(uri, path) for uri, _, path in out]


def cached(poster: Poster, cache_dir: Path) -> bytes:
    """The poster's PDF, drawn only when nothing it shows has changed since the last build."""
    path = _single(poster, cache_dir)
    pdfcache.draw_missing([([poster], path)], _drawn)
    return path.read_bytes()


def catalogue_posters(catalog, site_url: str) -> tuple[list[Poster], dict[str, list[Poster]]]:
    """A poster per course, lesson and guide, and the sets printed together (`<course id>-tat-ca`, `huong-dan`)."""
    singles: list[Poster] = []
    sets: dict[str, list[Poster]] = {}
    for course in catalog.courses:
        course_poster = Poster(
            course.meta.id,
            "Khóa học trực tuyến",
            course.meta.title,
            course.meta.summary.split(". ")[0].rstrip(".") + ".",
            qrcodes.short_url(site_url, course.meta.id),
        )
        lessons = [
            Poster(
                lesson.id,
                f"{course.meta.title} · Bài {number}",
                lesson.meta.title,
                lesson.meta.summary,
                qrcodes.short_url(site_url, lesson.id),
            )
            for number, lesson in enumerate(course.lessons, start=1)
        ]
        singles += [course_poster, *lessons]
        sets[f"{course.meta.id}-tat-ca"] = [course_poster, *lessons]
    guides = [
        Poster(
            guide.id, "Phổ cập kỹ năng số", guide.meta.title, guide.meta.summary, qrcodes.short_url(site_url, guide.id)
        )
        for guide in catalog.guides
    ]
    singles += guides
    if guides:
        sets["huong-dan"] = guides
    return singles, sets


def place_sets(catalog, singles: list[Poster], places: list[Place]) -> dict[str, list[Poster]]:
    """Each place's posters, printed together (`noi-dat/<code>`): the ids it names, or every course's, each QR link
    carrying `?tu=<code>` and the place's name printed at the foot. `singles` are `catalogue_posters`'s."""
    by_id = {poster.short_id: poster for poster in singles}
    courses = [course.meta.id for course in catalog.courses]
    return {
        f"noi-dat/{place.code}": [
            replace(by_id[short_id], url=f"{by_id[short_id].url}?tu={place.code}", place=place.name)
            for short_id in (place.posters or courses)
        ]
        for place in places
    }


def combined(posters: list[Poster], cache_dir: Path) -> bytes:
    """Several posters in one PDF for printing, cached like single ones."""
    path = _set(posters, cache_dir)
    pdfcache.draw_missing([(posters, path)], _drawn)
    return path.read_bytes()
