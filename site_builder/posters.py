"""A4 posters for printing at the commune: title, summary, a large QR code and the short link in print.

Drawn with reportlab in an embedded (subset) DejaVu Sans, registered once per process (`handoutstyle.fonts`), so
Vietnamese text prints and extracts exactly: about 7 ms a poster on the demo catalogue (fpdf2, reading the fonts
again for every poster, took 130 ms). Posters are cached by a hash of what they show, so a rebuild only redoes what
changed, and a first build draws the missing ones in parallel processes (`pdfcache`).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from site_builder import pdfcache, qrcodes
from site_builder.handoutstyle import ACCENT, FAMILY, fonts
from site_builder.places import Place

VERSION = "3"  # bump when the layout changes, so cached posters are redrawn
BOLD = f"{FAMILY}-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4[0] / mm, A4[1] / mm
"""The page in millimetres; positions below are in millimetres from the page's top left corner."""
WRAP = PAGE_WIDTH - 40 - 2
"""Text lines' width: 20 mm margins, and 1 mm kept clear inside each side of the text box."""
QR_SIZE = 110.0
"""The QR code's side, quiet zone not included: the blank page around it is wider than the 4 modules needed."""


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


def _lines(canvas: Canvas, text: str, font: str, size: float, top: float, height: float) -> float:
    """`text` centred between the margins from `top`, wrapped at word ends, `height` mm a line; where it ends."""
    canvas.setFont(font, size)
    for line in simpleSplit(text, font, size, WRAP * mm) or [""]:
        # the baseline where a line box of `height` centres the type, as on the posters drawn before
        baseline = top + height / 2 + 0.3 * size * 25.4 / 72
        canvas.drawCentredString(PAGE_WIDTH / 2 * mm, (PAGE_HEIGHT - baseline) * mm, line)
        top += height
    return top


def _draw(canvas: Canvas, poster: Poster) -> None:
    canvas.setFillColor(ACCENT)
    y = _lines(canvas, poster.kicker, BOLD, 14, 22, 7)
    canvas.setFillColorRGB(0, 0, 0)
    y = _lines(canvas, poster.title, BOLD, 26, y + 6, 12)
    y = _lines(canvas, poster.summary, FAMILY, 14, y + 5, 7.5)

    width_in_modules, dark = qrcodes.runs(poster.url)
    cell = QR_SIZE / width_in_modules
    left, top = (PAGE_WIDTH - QR_SIZE) / 2, max(y + 10, 95.0)
    canvas.saveState()
    # In modules from the code's top left corner, downwards: each dark run a rectangle of whole numbers, all filled
    # as one path. Written as PDF operators: reportlab's rect() formats every number in Python, 2 ms a code.
    canvas.transform(cell * mm, 0, 0, -cell * mm, left * mm, (PAGE_HEIGHT - top) * mm)
    canvas.addLiteral(" ".join(f"{x} {row} {length} 1 re" for x, row, length in dark) + " f")
    canvas.restoreState()
    y = _lines(canvas, "Quét mã QR bằng camera điện thoại, hoặc gõ địa chỉ:", FAMILY, 13, top + QR_SIZE + 8, 7)
    size = 16
    # A place's `?tu=` lengthens the link: a smaller size keeps it on one line, as it is typed.
    while size > 9 and stringWidth(poster.url, BOLD, size) > WRAP * mm:
        size -= 1
    _lines(canvas, poster.url, BOLD, size, y, 9)
    y = _lines(canvas, "Điểm đặt: " + (poster.place or "." * 70), FAMILY, 12, 262, 7)
    canvas.setFillColorRGB(90 / 255, 90 / 255, 90 / 255)
    note = "Học miễn phí, không cần đăng nhập để đọc bài. Không cung cấp mã OTP cho bất kỳ ai."
    _lines(canvas, note, FAMILY, 9, y, 5)
    canvas.showPage()


def render(posters: list[Poster]) -> bytes:
    """One PDF with a page per poster."""
    fonts()
    out = io.BytesIO()
    # initialFontName: else the PDF names a Helvetica no page uses
    canvas = Canvas(out, pagesize=A4, pageCompression=1, initialFontName=FAMILY)
    canvas.setCreator("hocso")
    if len(posters) == 1:
        canvas.setTitle(posters[0].title)  # a viewer's tab names the poster
    for poster in posters:
        _draw(canvas, poster)
    canvas.save()
    return out.getvalue()


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
