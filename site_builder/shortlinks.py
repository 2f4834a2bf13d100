"""Permanent short ids: the register of every id ever published (`content/ids.yml`), checked against the content.

A printed QR code points at `/q/<id>/`, so an id must never disappear or come to mean other content. The register
records each id's kind (course, lesson, guide) and its title when first published. An id that leaves the content
stays in the register as `retired`, optionally pointing `to` the id that replaces it, and keeps a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from site_builder import yamlsource
from site_builder.problems import ContentError, Problem, field_problems, problem
from site_builder.structure import Catalog

REGISTER = "ids.yml"
Kind = Literal["course", "lesson", "guide"]
KIND_NAMES = {"course": "khóa học", "lesson": "bài học", "guide": "hướng dẫn"}


class Retired(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: str | None = Field(None, description="The id whose page replaces this one.")
    note: str | None = Field(None, description="Why, in a sentence shown on the old id's page.")


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    title: str
    retired: Retired | None = None


@dataclass(frozen=True)
class Target:
    """What a short id stands for now: its kind, title and page (a path under the site, without leading slash)."""

    kind: str
    title: str
    url: str
    src: str


def targets(catalog: Catalog) -> dict[str, Target]:
    """Every short id in the content and the page it opens."""
    found: dict[str, Target] = {}
    for course in catalog.courses:
        found[course.meta.id] = Target(
            "course", course.meta.title, f"khoa-hoc/{course.id}/", f"khoa-hoc/{course.id}/index.md"
        )
        for lesson in course.lessons:
            url = f"khoa-hoc/{course.id}/{lesson.slug}/"
            found[lesson.id] = Target("lesson", lesson.meta.title, url, f"khoa-hoc/{course.id}/{lesson.slug}.md")
    for guide in catalog.guides:
        found[guide.id] = Target("guide", guide.meta.title, f"huong-dan/{guide.slug}/", f"huong-dan/{guide.slug}.md")
    return found


def load_register(content_dir: Path) -> tuple[dict[str, Entry], yamlsource.Located | None, list[Problem]]:
    """The register, where each id sits in it, and any problem reading it (an absent register is empty)."""
    path = content_dir / REGISTER
    if not path.is_file():
        return {}, None, []
    try:
        located = yamlsource.parse(path.read_text(encoding="utf-8"))
    except yamlsource.SourceError as exc:
        return {}, None, [problem(path, exc.line, "", "yaml_invalid", detail=exc)]
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []
    for short_id, raw in (located.data or {}).items():
        try:
            entries[str(short_id)] = Entry.model_validate(raw)
        except ValidationError as exc:
            problems += field_problems(exc.errors(), path, located.line_of, prefix=(short_id,))
    return entries, located, problems


def check(catalog: Catalog) -> list[Problem]:
    """Problems between the register and the content: unregistered, vanished, reused or revived ids."""
    path = catalog.root / REGISTER
    entries, located, problems = load_register(catalog.root)
    line = (lambda short_id: located.line_of((short_id,))) if located else (lambda short_id: None)
    live = targets(catalog)
    for short_id, target in sorted(live.items()):
        entry = entries.get(short_id)
        if entry is None:
            problems.append(problem(path, None, short_id, "id_unregistered", detail=short_id))
        elif entry.retired is not None:
            problems.append(problem(path, line(short_id), short_id, "id_retired_reused", detail=short_id))
        elif entry.kind != target.kind:
            problems.append(
                problem(path, line(short_id), short_id, "id_reused", detail=short_id, other=KIND_NAMES[entry.kind])
            )
    for short_id, entry in sorted(entries.items()):
        if short_id in live:
            continue
        if entry.retired is None:
            problems.append(problem(path, line(short_id), short_id, "id_vanished", detail=short_id))
        elif entry.retired.to and entry.retired.to not in live:
            problems.append(
                problem(path, line(short_id), f"{short_id}.retired.to", "id_unknown", detail=entry.retired.to)
            )
    return problems


def register_new(catalog: Catalog) -> list[str]:
    """Append every unregistered id of the content to the register; the ids added, in order."""
    path = catalog.root / REGISTER
    entries, _, problems = load_register(catalog.root)
    if problems:
        raise ContentError(problems)
    added = [short_id for short_id in targets(catalog) if short_id not in entries]
    if added:
        live = targets(catalog)
        header = (
            ""
            if path.is_file()
            else (
                "# Mọi mã ngắn đã công bố (mã QR, địa chỉ /q/<mã>/). Không xóa dòng nào: mã không còn dùng thì ghi\n"
                "# retired: {to: <mã thay thế>, note: <lý do>}. Thêm mã mới bằng lệnh: hocso ids\n"
            )
        )
        lines = [
            f"{short_id}: {{kind: {live[short_id].kind}, title: {_quoted(live[short_id].title)}}}\n"
            for short_id in added
        ]
        with path.open("a", encoding="utf-8") as out:
            out.write(header + "".join(lines))
    return added


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def retired_pages(catalog: Catalog) -> list[tuple[str, str, str]]:
    """(src_uri, title, Markdown) of a page for every retired id, saying where its content went."""
    entries, _, _ = load_register(catalog.root)
    live = targets(catalog)
    pages = []
    for short_id, entry in sorted(entries.items()):
        if entry.retired is None or short_id in live:
            continue
        lines = [f"# {entry.title}", "", "Nội dung này không còn được cung cấp tại địa chỉ này."]
        if entry.retired.note:
            lines += ["", entry.retired.note]
        if entry.retired.to:
            replacement = live[entry.retired.to]
            lines += ["", f"Mời bạn xem: [{replacement.title}](../../{replacement.src})"]
        lines += ["", "[Về trang chủ](../../index.md)"]
        front = f"---\ntitle: {_quoted(entry.title)}\nsearch:\n  exclude: true\n---\n\n"
        pages.append((f"q/{short_id}/index.md", entry.title, front + "\n".join(lines) + "\n"))
    return pages
