"""A PDF handout per lesson, drawn from the lesson's own Markdown at build time (the programme's "tài liệu PDF").

Each handout shows the course, the lesson's number, title, summary and objectives, its text, and the lesson's QR code
and short link, in an embedded (subset) DejaVu Sans so Vietnamese prints and extracts exactly. Drawing one with
reportlab takes about 0.04 s (the demo's 40 lessons: 0.035 s on average; fpdf2 took 0.22 s), still worth saving, so
handouts are cached like posters: by a hash of what they show and of the renderer's version; a rebuild only draws the
lessons that changed. The date printed is the day that version was drawn. The drawing (`site_builder.handoutpdf`)
and reportlab are imported only when a handout is drawn: a build whose handouts are all cached never loads them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from functions import VIETNAM
from site_builder import pdfcache, qrcodes

VERSION = "2"  # bump when the layout or the Markdown rendering changes, so cached handouts are drawn again


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


def render(handout: Handout, drawn: date) -> bytes:
    """The handout's PDF, dated `drawn`."""
    from site_builder import handoutpdf  # reportlab: a third of a second to import, for builds that draw

    return handoutpdf.render(handout, drawn)


def _drawn(job: tuple[Handout, date]) -> bytes:
    return render(*job)  # looked up when called, and picklable for the workers


def cached_all(items: list[Handout], cache_dir: Path, today: date | None = None) -> list[Path]:
    """Where each handout's PDF is kept in `cache_dir`, drawing only those not there yet; many are drawn in parallel
    processes, since a first build of a 16-course catalogue (160 lessons) draws for about 6 s on one core."""
    day = today or datetime.now(VIETNAM).date()
    paths = [cache_dir / f"handout-{handout.digest()}.pdf" for handout in items]
    pdfcache.draw_missing([((handout, day), path) for handout, path in zip(items, paths, strict=True)], _drawn)
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
