"""A4 posters for printing at the commune: title, summary, a large QR code and the short link in print.

fpdf2 with an embedded (subset) DejaVu Sans, so Vietnamese text prints and extracts exactly. Posters are cached by a
hash of what they show, so a rebuild only redoes what changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from fpdf import FPDF

from functions import FONTS
from site_builder import qrcodes
from site_builder.places import Place

VERSION = "2"  # bump when the layout changes, so cached posters are redrawn


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


def _document() -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_creator("hocso")
    return pdf


def _draw(pdf: FPDF, poster: Poster) -> None:
    pdf.add_page()
    width = pdf.w - 40
    pdf.set_xy(20, 22)
    pdf.set_font("DejaVu", "B", 14)
    pdf.set_text_color(40, 53, 147)
    pdf.multi_cell(width, 7, poster.kicker, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(20, pdf.get_y() + 6)
    pdf.set_font("DejaVu", "B", 26)
    pdf.multi_cell(width, 12, poster.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(20, pdf.get_y() + 5)
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(width, 7.5, poster.summary, align="C", new_x="LMARGIN", new_y="NEXT")

    width_in_modules, dark = qrcodes.runs(poster.url)
    size = 110.0
    cell = size / width_in_modules
    left, top = (pdf.w - size) / 2, max(pdf.get_y() + 10, 95.0)
    pdf.set_fill_color(0, 0, 0)
    for x, y, length in dark:
        pdf.rect(left + x * cell, top + y * cell, length * cell, cell, style="F")
    pdf.set_xy(20, top + size + 8)
    pdf.set_font("DejaVu", "", 13)
    pdf.multi_cell(
        width, 7, "Quét mã QR bằng camera điện thoại, hoặc gõ địa chỉ:", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    size = 16
    pdf.set_font("DejaVu", "B", size)
    # A place's `?tu=` lengthens the link: a smaller size keeps it on one line, as it is typed.
    while size > 9 and pdf.get_string_width(poster.url) > width - 2 * pdf.c_margin:
        size -= 1
        pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(width, 9, poster.url, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(20, 262)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(width, 7, "Điểm đặt: " + (poster.place or "." * 70), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(
        width,
        5,
        "Học miễn phí, không cần đăng nhập để đọc bài. Không cung cấp mã OTP cho bất kỳ ai.",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )


def render(posters: list[Poster]) -> bytes:
    """One PDF with a page per poster."""
    pdf = _document()
    for poster in posters:
        _draw(pdf, poster)
    return bytes(pdf.output())


def _cached(posters: list[Poster], path: Path) -> bytes:
    """The PDF of `posters` kept at `path` (named by their digests), drawn and written atomically when missing."""
    if path.is_file():
        return path.read_bytes()
    data = render(posters)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_bytes(data)
    partial.replace(path)
    return data


def cached(poster: Poster, cache_dir: Path) -> bytes:
    """The poster's PDF, drawn only when nothing it shows has changed since the last build."""
    return _cached([poster], cache_dir / f"{poster.digest()}.pdf")


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
    digest = hashlib.sha256("".join(poster.digest() for poster in posters).encode()).hexdigest()[:20]
    return _cached(posters, cache_dir / f"set-{digest}.pdf")
