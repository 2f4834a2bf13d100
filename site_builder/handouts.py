"""A PDF handout per lesson, drawn from the lesson's own Markdown at build time (the programme's "tài liệu PDF").

Each handout shows the course, the lesson's number, title, summary and objectives, its text, and the lesson's QR code
and short link, in an embedded (subset) DejaVu Sans so Vietnamese prints and extracts exactly. Drawing one takes a
tenth of a second or more, so handouts are cached like posters: by a hash of what they show and of the renderer's
version; a rebuild only draws the lessons that changed. The date printed is the day that version was drawn.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF

from functions import FONTS, VIETNAM
from site_builder import handoutbody, qrcodes
from site_builder.handoutbody import ACCENT, FAMILY, INK

VERSION = "1"  # bump when the layout or the Markdown rendering changes, so cached handouts are drawn again
OWN_FONTS = Path(__file__).parent / "fonts"
"""The italic faces, used by handouts only (the functions' PDFs need none)."""
QR_SIZE = 28.0
PER_WORKER = 8
"""Handouts worth a process of their own: fewer are drawn in the build's process."""


@dataclass(frozen=True)
class Handout:
    """What one lesson's handout shows."""

    lesson_id: str
    course_title: str
    number: int
    lessons: int
    title: str
    summary: str
    objectives: tuple[str, ...]
    markdown: str
    url: str

    def digest(self) -> str:
        shown = [VERSION, self.lesson_id, self.course_title, str(self.number), str(self.lessons), self.title]
        shown += [self.summary, *self.objectives, self.url, self.markdown]
        return hashlib.sha256("\x1f".join(shown).encode()).hexdigest()[:20]


class _Document(FPDF):
    """An A4 page with the handout's running foot."""

    foot = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, self.foot, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="R")


def _document(italic: bool) -> _Document:
    pdf = _Document(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    if italic:  # reading a face costs 0.06 s: only when the lesson has italics
        pdf.add_font(FAMILY, "I", str(OWN_FONTS / "DejaVuSans-Oblique.ttf"))
        pdf.add_font(FAMILY, "BI", str(OWN_FONTS / "DejaVuSans-BoldOblique.ttf"))
    pdf.set_creator("hocso")
    return pdf


def _qr(pdf: FPDF, url: str, left: float, top: float) -> None:
    width, dark = qrcodes.runs(url)
    cell = QR_SIZE / width
    pdf.set_fill_color(0, 0, 0)
    for x, y, length in dark:
        pdf.rect(left + x * cell, top + y * cell, length * cell, cell, style="F")


def _head(pdf: _Document, handout: Handout, drawn: date) -> None:
    """The first page's head: course and lesson number, title, summary, QR code and short link, objectives."""
    text_width = pdf.epw - QR_SIZE - 6
    top = pdf.get_y()
    _qr(pdf, handout.url, pdf.w - pdf.r_margin - QR_SIZE, top)
    pdf.set_font(FAMILY, "B", 10)
    pdf.set_text_color(*ACCENT)
    kicker = f"{handout.course_title} · Bài {handout.number}/{handout.lessons}"
    pdf.multi_cell(text_width, 5, kicker, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.set_font(FAMILY, "B", 18)
    pdf.set_text_color(*INK)
    pdf.multi_cell(text_width, 8.5, handout.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.set_font(FAMILY, "", 10.5)
    pdf.set_text_color(70, 70, 70)
    pdf.multi_cell(text_width, 5.5, handout.summary, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FAMILY, "", 8.5)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(
        text_width,
        4.5,
        f"Học trực tuyến, làm bài kiểm tra: quét mã QR hoặc gõ {handout.url}\n"
        f"Tài liệu tạo ngày {drawn.strftime('%d/%m/%Y')} từ nội dung bài học trên trang.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE) + 3)
    pdf.set_draw_color(*ACCENT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)
    if handout.objectives:
        listed = "\n".join(f"- {objective}" for objective in handout.objectives)
        handoutbody.draw(pdf, f'!!! abstract "Sau bài học này, bạn có thể"\n\n{_indent(listed)}\n')


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def render(handout: Handout, drawn: date) -> bytes:
    """The handout's PDF, dated `drawn`."""
    pdf = _document(italic=handoutbody.needs_italic(handout.markdown))
    pdf.foot = f"{handout.course_title} · Bài {handout.number}: {handout.title}"
    pdf.set_font(FAMILY, "", 8)
    if pdf.get_string_width(pdf.foot) > pdf.epw - 25:
        pdf.foot = f"{handout.course_title} · Bài {handout.number}"
    pdf.set_title(handout.title)
    pdf.set_subject(handout.course_title)
    pdf.add_page()
    _head(pdf, handout, drawn)
    handoutbody.draw(pdf, handout.markdown)
    return bytes(pdf.output())


def cached_all(items: list[Handout], cache_dir: Path, today: date | None = None) -> list[Path]:
    """Where each handout's PDF is kept in `cache_dir`, drawing only those not there yet; many are drawn in parallel
    processes, since a first build of a 16-course catalogue (160 lessons) draws for half a minute on one core."""
    day = today or datetime.now(VIETNAM).date()
    paths = [cache_dir / f"handout-{handout.digest()}.pdf" for handout in items]
    missing = [(handout, path) for handout, path in zip(items, paths, strict=True) if not path.is_file()]
    workers = min(os.cpu_count() or 1, len(missing) // PER_WORKER)
    # Forked workers start at once with everything imported. Only from a single thread (`mkdocs build`; `mkdocs
    # serve` runs threads, and forking those may deadlock) and where fork exists; spawning instead would run the
    # caller's main script again in each worker.
    if workers > 1 and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            drawn = list(pool.map(render, [h for h, _ in missing], [day] * len(missing), chunksize=PER_WORKER // 2))
    else:
        drawn = [render(handout, day) for handout, _ in missing]
    cache_dir.mkdir(parents=True, exist_ok=True)
    for (_, path), data in zip(missing, drawn, strict=True):
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: a build stopped half way leaves no broken handout in the cache
    return paths


def cached(handout: Handout, cache_dir: Path, today: date | None = None) -> bytes:
    """The handout's PDF, drawn only when it is not in `cache_dir` yet."""
    return cached_all([handout], cache_dir, today)[0].read_bytes()


def address(course_id: str, slug: str) -> str:
    """Where a lesson's handout is published: beside the lesson's page, named like it."""
    return f"khoa-hoc/{course_id}/{slug}.pdf"


def of_catalog(catalog, site_url: str) -> list[tuple[str, Handout]]:
    """(address, handout) for every lesson of every course."""
    out = []
    for course in catalog.courses:
        for number, lesson in enumerate(course.lessons, start=1):
            handout = Handout(
                lesson_id=lesson.id,
                course_title=course.meta.title,
                number=number,
                lessons=len(course.lessons),
                title=lesson.meta.title,
                summary=lesson.meta.summary,
                objectives=tuple(lesson.meta.objectives),
                markdown=lesson.body,
                url=qrcodes.short_url(site_url, lesson.id),
            )
            out.append((address(course.id, lesson.slug), handout))
    return out
