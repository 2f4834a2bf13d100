"""`hocso import-lessons`: a folder of Word (.docx) or Markdown files added to a course as lessons, in file-name
order: each becomes `NN-<title>.md` with its front matter (a new id `<course>-NN`, the title, a summary from the first
paragraph, a duration from its words) and is listed in `course.yml`. All or nothing, like the bank import."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from site_builder import yamlsource
from site_builder.banks.importer import open_course, write_atomic
from site_builder.problems import ContentError, Problem, field_problems, problem
from site_builder.shortlinks import load_register
from site_builder.structure import Course, LessonMeta
from site_builder.wordfiles import WordError, WordText, read_docx

WORDS_A_MINUTE = 200  # reading speed the editors' guide uses for a lesson's duration


@dataclass
class NewLesson:
    """A lesson file about to be written, and what the editor should check in it."""

    source: Path
    path: Path
    meta: LessonMeta
    text: str
    pictures: int


def slug(title: str) -> str:
    """A file name from a Vietnamese title: no diacritics, lower case, hyphens ("Mã độc" → "ma-doc")."""
    bare = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in bare if not unicodedata.combining(char)).lower()
    words = re.findall(r"[a-z0-9]+", bare)
    name = ""
    for word in words:
        if len(name) + len(word) + 1 > 50:
            break
        name = f"{name}-{word}" if name else word
    return name or "bai-hoc"


def _read(source: Path) -> WordText:
    if source.suffix.lower() == ".docx":
        return read_docx(source)
    text = unicodedata.normalize("NFC", source.read_text(encoding="utf-8-sig"))
    found = WordText()
    parts = yamlsource.split_front_matter(text)
    if parts is not None:  # a lesson from another hocso site: keep its title, make the rest anew
        front, text, _ = parts
        meta = yaml.safe_load(front) or {}
        found.title = str(meta.get("title", "")) if isinstance(meta, dict) else ""
    heading = re.search(r"^# +(.+?)\s*#*\s*$", text, re.M)
    if heading:  # the page prints the title itself, so the body must not repeat it as a heading 1
        found.title = found.title or heading.group(1)
        text = text[: heading.start()] + text[heading.end() :]
    found.blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    return found


def _summary(read: WordText, title: str) -> str:
    for block in read.blocks:
        if block.startswith(("#", "- ", "* ", "|", "!", ">", "<", "```")) or re.match(r"^\d+\. ", block):
            continue
        plain = " ".join(re.sub(r"\\(.)", r"\1", block.replace("**", "")).split())
        if len(plain) <= 300:
            return plain
        return plain[:299].rsplit(" ", 1)[0] + "…"
    return title


def _short_ids(content: Path) -> set[str]:
    """Every short id in use or ever published: the register, and the id of every course, lesson and guide."""
    taken = set(load_register(content)[0])
    for path in [*content.glob("courses/*/course.yml"), *content.glob("courses/*/*.md"), *content.glob("guides/*.md")]:
        source = path.read_text(encoding="utf-8")
        parts = yamlsource.split_front_matter(source) if path.suffix == ".md" else (source, "", 0)
        match = re.search(r"^id:\s*['\"]?([A-Za-z0-9-]+)", parts[0] if parts else "", re.M)
        if match:
            taken.add(match.group(1))
    return taken


def _listed(text: str, names: list[str]) -> str | None:
    """course.yml with `names` added at the end of its `lessons:` list, comments kept; None without a block list."""
    lines = text.splitlines(keepends=True)
    start = next((index for index, line in enumerate(lines) if re.match(r"^lessons:\s*(#.*)?$", line)), None)
    if start is None:
        return None
    last, indent = start, "  "
    for index in range(start + 1, len(lines)):
        item = re.match(r"^(\s*)- ", lines[index])
        if item:
            last, indent = index, item.group(1)
        elif lines[index].strip() and not lines[index].lstrip().startswith("#"):
            break
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    lines[last + 1 : last + 1] = [f"{indent}- {name}\n" for name in names]
    return "".join(lines)


def plan_lessons(content: Path, course_key: str, folder: Path) -> tuple[Course, list[NewLesson], str]:
    """The lessons to write and the new `course.yml`, or ContentError naming each file that cannot become one."""
    course = open_course(content, course_key)
    sources = sorted(
        path for path in folder.glob("*") if path.suffix.lower() in (".docx", ".md") and not path.name.startswith("~$")
    )
    if not sources:
        raise ContentError([problem(folder, None, "", "folder_empty", detail=folder)])
    problems: list[Problem] = []
    taken = _short_ids(content)
    numbers = [int(m.group(1)) for i in taken if (m := re.fullmatch(rf"{re.escape(course.meta.id)}-(\d+)", i))]
    number = max(numbers, default=0)
    lessons: list[NewLesson] = []
    for position, source in enumerate(sources, start=len(course.meta.lessons) + 1):
        try:
            read = _read(source)
        except (WordError, UnicodeDecodeError, yaml.YAMLError) as error:
            problems.append(problem(source, None, "", "file_unreadable", detail=error))
            continue
        words = len(re.findall(r"\w+", " ".join(read.blocks)))
        if not words:
            problems.append(problem(source, None, "", "lesson_empty"))
            continue
        number += 1
        while f"{course.meta.id}-{number:02d}" in taken:
            number += 1
        title = " ".join((read.title or source.stem.replace("-", " ").replace("_", " ")).split())[:300]
        facts = {"id": f"{course.meta.id}-{number:02d}", "title": title, "summary": _summary(read, title)}
        try:
            meta = LessonMeta.model_validate({**facts, "duration": max(1, math.ceil(words / WORDS_A_MINUTE))})
        except ValidationError as error:
            problems.extend(field_problems(error.errors(), source, lambda _: None))
            continue
        path = course.path / f"{position:02d}-{slug(title)}.md"
        if path.exists():
            problems.append(problem(source, None, "", "id_duplicate", detail=path.name, other=course.path.name))
            continue
        lessons.append(NewLesson(source, path, meta, _lesson_text(source, meta, read), read.pictures))
    course_yml = course.path / "course.yml"
    listed = _listed(course_yml.read_text(encoding="utf-8"), [lesson.path.name for lesson in lessons])
    expected = [*course.meta.lessons, *(lesson.path.name for lesson in lessons)]
    if listed is None or (yaml.safe_load(listed) or {}).get("lessons") != expected:
        detail = "không thêm được bài vào 'lessons:': hãy viết danh sách mỗi bài một dòng '  - tên-tệp.md'"
        problems.append(problem(course_yml, None, "lessons", "yaml_invalid", detail=detail))
    if problems:
        raise ContentError(problems)
    assert listed is not None
    return course, lessons, listed


def _lesson_text(source: Path, meta: LessonMeta, read: WordText) -> str:
    note = f"# Nhập từ {source.name} bằng hocso import-lessons: kiểm tra tóm tắt và thời lượng"
    note += f"; {read.pictures} hình chưa được chép, thêm lại bằng tay." if read.pictures else "."
    front = [
        "---",
        note,
        f"id: {meta.id}",
        f"title: {json.dumps(meta.title, ensure_ascii=False)}",
        f"summary: {json.dumps(meta.summary, ensure_ascii=False)}",
        f"duration: {meta.duration}",
        "---",
    ]
    return "\n".join(front) + "\n\n" + read.markdown


def write_lessons(course: Course, lessons: list[NewLesson], course_yml: str) -> None:
    """Write the lesson files, then list them in course.yml (a lesson listed but absent would break the build)."""
    for lesson in lessons:
        write_atomic(lesson.path, lesson.text.encode("utf-8"))
    write_atomic(course.path / "course.yml", course_yml.encode("utf-8"))
