"""Turning a catalogue into site pages (Markdown) and files to copy: no MkDocs here, only Jinja templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from site_builder.structure import Catalog, Course


@dataclass(frozen=True)
class Page:
    """A generated Markdown page at `src_uri` (a path as if under the docs folder)."""

    src_uri: str
    title: str
    markdown: str


@dataclass(frozen=True)
class Asset:
    """A file copied into the site as is (a lesson's attachment)."""

    dest_uri: str
    source: Path


def duration_text(minutes: int) -> str:
    """Minutes as Vietnamese readers expect: "30 phút", "2 giờ", "5 giờ 15 phút"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} phút"
    return f"{hours} giờ" + (f" {rest} phút" if rest else "")


def file_size_text(size: int) -> str:
    """A byte count as "850 KB" or "2,4 MB" (Vietnamese decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("site_builder", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["duration"] = duration_text
    env.filters["filesize"] = file_size_text
    return env


def course_uri(course: Course) -> str:
    return f"khoa-hoc/{course.id}/index.md"


def build_pages(catalog: Catalog, api_url: str) -> tuple[list[Page], list[Asset]]:
    """Every generated page of the catalogue, and the attachments to copy beside them."""
    env = _environment()
    pages = [Page("index.md", "Trang chủ", env.get_template("home.md.j2").render(groups=catalog.by_group()))]
    assets: list[Asset] = []
    for course in catalog.courses:
        base = f"khoa-hoc/{course.id}"
        pages.append(Page(course_uri(course), course.meta.title, env.get_template("course.md.j2").render(course=course, api_url=api_url)))
        lesson_template = env.get_template("lesson.md.j2")
        for number, lesson in enumerate(course.lessons, start=1):
            files = [(attachment, (lesson.path.parent / attachment.file)) for attachment in lesson.meta.files]
            markdown = lesson_template.render(
                course=course,
                lesson=lesson,
                number=number,
                api_url=api_url,
                previous=course.lessons[number - 2] if number > 1 else None,
                next=course.lessons[number] if number < len(course.lessons) else None,
                files=[(attachment, path.stat().st_size, path.suffix.lstrip(".").upper()) for attachment, path in files],
            )
            pages.append(Page(f"{base}/{lesson.slug}.md", lesson.meta.title, markdown))
            assets.extend(Asset(f"{base}/{attachment.file}", path) for attachment, path in files)
        quiz = env.get_template("quiz.md.j2").render(course=course, api_url=api_url)
        pages.append(Page(f"{base}/kiem-tra.md", "Bài kiểm tra cuối khóa", quiz))
    return pages, assets


def navigation(catalog: Catalog) -> list:
    """The site's navigation in MkDocs' `nav` shape: home, then each course with its lessons and test."""
    nav: list = [{"Trang chủ": "index.md"}]
    for course in catalog.courses:
        base = f"khoa-hoc/{course.id}"
        entries: list = [course_uri(course)]
        entries += [{f"{number}. {lesson.meta.title}": f"{base}/{lesson.slug}.md"} for number, lesson in enumerate(course.lessons, 1)]
        entries.append({"Bài kiểm tra cuối khóa": f"{base}/kiem-tra.md"})
        nav.append({course.meta.title: entries})
    return nav
