"""`hocso import-questions`: a bank file in another format read, checked against its course and written into the
course's `questions.yml` (added after the questions already there, or replacing them), all or nothing."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from site_builder import yamlsource
from site_builder.banks import aiken, excel, gift, moodlexml
from site_builder.banks.checks import Checked, check, dropped, fold, lesson_table
from site_builder.banks.draft import Read
from site_builder.catalog import load_course
from site_builder.problems import ContentError, Problem, problem
from site_builder.structure import Course, QuestionFile

FORMATS = {"xlsx": "Excel", "gift": "GIFT", "aiken": "Aiken", "moodle-xml": "Moodle XML"}
_SUFFIXES = {".xlsx": "xlsx", ".gift": "gift", ".xml": "moodle-xml"}
_GIFT_ANSWERS = re.compile(r"\{[^}]*[~=]", re.S)


@dataclass
class Imported:
    """What an import will write: the file, its new text, and the questions it adds or replaces."""

    target: Path
    text: str
    questions: list[Checked]


def detect(path: Path, data: bytes) -> str | None:
    """The format of a bank file from its name, and for .txt from its text (GIFT has answers in braces)."""
    if path.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[path.suffix.lower()]
    if path.suffix.lower() == ".txt":
        return "gift" if _GIFT_ANSWERS.search(data.decode("utf-8", errors="replace")) else "aiken"
    return None


def read_source(path: Path, fmt: str | None = None) -> Read:
    """The drafts and problems of one bank file in any of the four formats."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Read(path, fmt or "?", problems=[problem(path, None, "", "file_unreadable", detail=error.strerror)])
    fmt = fmt or detect(path, data)
    if fmt is None:
        return Read(path, "?", problems=[problem(path, None, "", "bank_format_unknown", detail=path.name)])
    if fmt == "xlsx":
        return excel.read(path, data)
    if fmt == "moodle-xml":
        return moodlexml.read(path, data)
    try:
        source = data.decode("utf-8-sig")  # Notepad on Windows writes a byte-order mark
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        detail = "tệp văn bản phải lưu bằng bảng mã UTF-8"
        return Read(path, FORMATS[fmt], problems=[problem(path, line, "", "file_unreadable", detail=detail)])
    return (gift.read if fmt == "gift" else aiken.read)(path, source)


def find_course(content: Path, key: str) -> Path | None:
    """A course folder named by its path, its folder name or its id (`course.yml`'s `id`)."""
    given = Path(key)
    if (given / "course.yml").is_file():
        return given
    for folder in sorted((content / "courses").glob("*/")):
        if folder.name == key:
            return folder
        try:
            meta = yaml.safe_load((folder / "course.yml").read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(meta, dict) and meta.get("id") == key:
            return folder
    return None


def taken_ids(content: Path, skip: Path | None = None) -> dict[str, str]:
    """Every question id of every bank and practice set under `content/courses` (except `skip`) → file:line."""
    taken: dict[str, str] = {}
    for path in sorted((content / "courses").glob("*/*.yml")):
        if path.name not in ("questions.yml", "practice.yml") or path == skip:
            continue
        try:
            located = yamlsource.parse(path.read_text(encoding="utf-8"))
        except (OSError, yamlsource.SourceError):
            continue  # `hocso validate` names that file's own problems
        listed = located.data.get("questions") if isinstance(located.data, dict) else None
        for index, item in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                taken.setdefault(item["id"], f"{path}:{located.line_of(('questions', index, 'id'))}")
    return taken


def open_course(content: Path, key: str) -> Course:
    """The course to import into (or export), its lessons loaded; a missing or too small bank is no obstacle."""
    folder = find_course(content, key)
    if folder is None:
        raise ContentError([problem(content / "courses", None, "", "course_unknown", detail=key)])
    course, problems = load_course(folder)
    banks = {folder / "questions.yml", folder / "practice.yml"}
    blocking = [
        item for item in problems if item.path not in banks or item.code not in ("file_missing", "bank_too_small")
    ]
    if course is None or blocking:
        raise ContentError(blocking or problems)
    return course


def plan(
    content: Path,
    course_key: str,
    source: Path,
    *,
    fmt: str | None = None,
    lesson: str | None = None,
    lesson_map: dict[str, str] | None = None,
    replace: bool = False,
    out: Path | None = None,
) -> Imported:
    """Everything an import will write, or ContentError with every problem (file and row or line each)."""
    course = open_course(content, course_key)
    bank = course.path / "questions.yml"
    found = read_source(source, fmt)
    problems: list[Problem] = []
    lessons = lesson_table(course, lesson_map or {})
    known = {item.id for item in course.lessons}
    for name, target in (lesson_map or {}).items():
        if target not in known:
            problems.append(problem(Path("--lesson-map"), None, name, "lesson_unknown", detail=target))
    default = lessons.get(fold(lesson)) if lesson else None
    if lesson and default is None:
        problems.append(problem(Path("--lesson"), None, "", "lesson_unknown", detail=lesson))
    if problems:  # the command line is wrong: every question of the file would be reported for it
        raise ContentError(problems)
    checked = check(found, taken_ids(content, skip=bank if replace else None), lessons, default)
    if not found.drafts and not found.problems:
        found.problems.append(problem(source, None, "", "bank_empty"))
    if replace and not found.problems:  # a file that did not read would "drop" every question
        problems += dropped(found, course, bank)
    problems += found.problems
    if problems:
        raise ContentError(problems)
    existing = bank.read_text(encoding="utf-8") if bank.is_file() else None
    header = f'Nhập bằng "hocso import-questions" từ {source.name} ({found.format}): {len(checked)} câu.'
    text = _compose(course, existing, checked, header, replace)
    _verify(out or bank, text, (0 if replace or existing is None else len(course.questions)) + len(checked))
    return Imported(target=out or bank, text=text, questions=checked)


def _scalar(value: str) -> str:
    """A plain YAML scalar where it reads back as the same string (ids, lesson ids), else a quoted one."""
    plain = re.fullmatch(r"[A-Za-z0-9_.-]+", value) and yaml.safe_load(value) == value
    return value if plain else json.dumps(value, ensure_ascii=False)


def render(item: Checked) -> str:
    """One question as an editor writes it in questions.yml (JSON strings are valid YAML double-quoted scalars)."""
    question = item.question
    answer = question.answer if isinstance(question.answer, str) else f"[{', '.join(question.answer)}]"
    lines = [f"  # {comment}" for comment in item.comments]
    lines += [
        f"  - id: {_scalar(question.id)}",
        f"    lesson: {_scalar(question.lesson)}",
        f"    text: {json.dumps(question.text, ensure_ascii=False)}",
        "    choices:",
        *(f"      - {json.dumps(choice, ensure_ascii=False)}" for choice in question.choices),
        f"    answer: {answer}",
        f"    explanation: {json.dumps(question.explanation, ensure_ascii=False)}",
    ]
    return "\n".join(lines) + "\n"


def _compose(course: Course, existing: str | None, checked: list[Checked], header: str, replace: bool) -> str:
    body = "".join(render(item) for item in checked)
    if existing is not None and not replace:
        return existing.rstrip("\n") + f"\n  # {header}\n" + body
    kept = []  # the old file's opening comments describe the course, keep them
    for line in (existing or "").splitlines():
        if not line.startswith("#"):
            break
        kept.append(line)
    opening = kept or [
        f'# Ngân hàng câu hỏi của khóa "{course.meta.title}".',
        "# Đáp án và lời giải thích chỉ được xuất cho máy chủ chấm bài (build/bank/), không bao giờ lên trang web.",
    ]
    return "\n".join([*opening, f"# {header}", "questions:"]) + "\n" + body


def _verify(target: Path, text: str, expected: int) -> None:
    """The text reads back as a bank of `expected` questions; else the old file was not shaped for adding to."""
    try:
        count = len(QuestionFile.model_validate(yamlsource.parse(text).data).questions)
    except (yamlsource.SourceError, ValidationError, AttributeError):
        count = -1
    if count != expected:
        detail = "không nối thêm được vào tệp: 'questions:' phải là khóa cuối cùng của tệp và tệp phải hợp lệ"
        raise ContentError([problem(target, None, "", "yaml_invalid", detail=detail)])


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once: a reader sees the old file or the new, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.is_file() else 0o644  # mkstemp's 0600 would hide it from the build
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export(course: Course, fmt: str) -> bytes:
    """A course's bank in `fmt` (gift, moodle-xml or xlsx)."""
    if fmt == "xlsx":
        return excel.write(course)
    return (gift.write(course) if fmt == "gift" else moodlexml.write(course)).encode("utf-8")
