"""GIFT, Moodle's text format for questions: multiple choice (`=` right, `~` wrong, `~%50%` weights for several right
answers), `::title::`, `// comments`, `$CATEGORY:` lines, `####` general feedback and backslash escapes.

The parsers on PyPI (pygiftparser 1.1 of 2017, pygiftparserrgmf 0.0.5) keep module-level state, print their errors
and lose line numbers in preprocessing; a bank import must name the line of each problem, so this reads the subset
hocso can keep (multiple choice) itself and names every other question type as unsupported."""

from __future__ import annotations

import re
from pathlib import Path

from site_builder.banks.draft import Draft, Read, clean, plain
from site_builder.problems import problem
from site_builder.structure import LETTERS, Course, QuestionSource

# Escaped characters become private-use placeholders while the structure is split, then turn back into text.
_ESCAPES = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004", "}": "\ue005", ":": "\ue006"}
_NEWLINE = "\ue00a"
_RESTORE = {value: key for key, value in _ESCAPES.items()} | {_NEWLINE: "\n"}
_WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]")


def _hide(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following in _ESCAPES:
                out.append(_ESCAPES[following])
                index += 2
                continue
            if following == "n":
                out.append(_NEWLINE)
                index += 2
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _show(text: str) -> str:
    return "".join(_RESTORE.get(char, char) for char in text)


def _text(raw: str, html: bool = False) -> str:
    lines = [line.strip() for line in raw.split("\n")]
    joined = _show("\n".join(line for line in lines if line))
    return plain(joined) if html else clean(joined)


def _blocks(source: str):
    """(first line, text) of each question: runs of non-blank lines; comment lines blanked but kept for counting."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(source.splitlines() + [""], start=1):
        if not line.strip():
            if any(part.strip() for part in block):
                yield start, "\n".join(block)
            block = []
            continue
        if not block:
            start = number
        block.append("" if line.lstrip().startswith("//") else line)


def read(path: Path, source: str) -> Read:
    """The multiple-choice questions of a GIFT file, each problem located by line."""
    found = Read(path=path, format="GIFT")
    category = ""
    for start, block in _blocks(source):
        hidden = _hide(block)
        stripped = hidden.lstrip("\n")  # comment lines opening the block
        start, hidden = start + len(hidden) - len(stripped), stripped
        if hidden.lstrip().startswith("$CATEGORY:"):
            first, _, rest = hidden.partition("\n")
            category = _show(first.split(":", 1)[1]).strip()
            if not rest.strip():
                continue
            start, hidden = start + 1, rest
        draft = _question(path, start, hidden, found)
        if draft is not None:
            draft.lesson = category.rstrip("/").rsplit("/", 1)[-1].strip() if category else ""
            found.drafts.append(draft)
    return found


def _line(start: int, hidden: str, position: int) -> int:
    return start + hidden.count("\n", 0, position)


def _question(path: Path, start: int, hidden: str, found: Read) -> Draft | None:
    def syntax(position: int, detail: str) -> None:
        line = _line(start, hidden, position)
        found.problems.append(problem(path, line, "", "bank_syntax", detail=detail, other="GIFT"))

    title = ""
    body_from = len(hidden) - len(hidden.lstrip())
    if hidden.startswith("::", body_from):
        end = hidden.find("::", body_from + 2)
        if end < 0:
            syntax(body_from, "tên câu hỏi mở bằng '::' nhưng không có '::' đóng")
            return None
        title, body_from = _text(hidden[body_from + 2 : end]), end + 2
    opening = hidden.find("{", body_from)
    if opening < 0:
        syntax(body_from, "thiếu phần đáp án trong ngoặc nhọn '{ … }'")
        return None
    closing = hidden.find("}", opening)
    if closing < 0:
        syntax(opening, "ngoặc nhọn '{' không có '}' đóng")
        return None
    stem = hidden[body_from:opening].strip()
    shown_format = _FORMAT.match(stem)
    html = bool(shown_format and shown_format.group(1) == "html")
    stem = stem[shown_format.end() :] if shown_format else stem
    after = hidden[closing + 1 :].strip()
    text = _text(stem, html) + (" _____ " + _text(after, html) if after else "")
    draft = Draft(line=start, text=text.strip(), choices=[], answers=[], title=title)
    body = hidden[opening + 1 : closing]
    answers, _, general = body.partition("####")
    draft.explanation = _text(general, html)
    kind = _kind(answers)
    if kind:
        found.problems.append(problem(path, start, "", "question_type_unsupported", detail=kind))
        return None
    items = re.split(r"(?=[=~])", answers)
    if items[0].strip():
        syntax(
            opening + 1,
            f"'{_show(items[0].strip())}' đứng trước lựa chọn đầu tiên (mỗi lựa chọn bắt đầu bằng = hoặc ~)",
        )
        return None
    position = opening + 1 + len(items[0])
    for item in items[1:]:
        weight_match = _WEIGHT.match(item[1:])
        weight = float(weight_match.group(1).replace(",", ".")) if weight_match else None
        content, _, feedback = item[1 + (weight_match.end() if weight_match else 0) :].partition("#")
        draft.lines[f"choices.{len(draft.choices)}"] = _line(start, hidden, position)
        if item[0] == "=" or (weight is not None and weight > 0):
            draft.answers.append(LETTERS[len(draft.choices)] if len(draft.choices) < len(LETTERS) else "?")
            draft.explanation = draft.explanation or _text(feedback, html)  # the right answer's own feedback
        draft.choices.append(_text(content, html))
        position += len(item)
    return draft


def _kind(answers: str) -> str:
    """The Moodle question type of a GIFT answer part, when it is not multiple choice."""
    body = answers.strip()
    if not body:
        return "tự luận (essay)"
    if body.startswith("#"):
        return "số (numerical)"
    if body.upper() in ("T", "F", "TRUE", "FALSE"):
        return "đúng/sai (truefalse)"
    if "->" in body:
        return "ghép đôi (matching)"
    if "~" not in body:
        return "trả lời ngắn (shortanswer)"
    return ""


def _escape(text: str) -> str:
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _weight(count: int) -> str:
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def write(course: Course) -> str:
    """A course's bank as GIFT: one `$CATEGORY` per lesson (…/course/lesson), the id as title, the explanation as
    general feedback, several right answers as positive weights."""
    out = [
        f'// Ngân hàng câu hỏi của khóa "{course.meta.title}" ({course.meta.id}): {len(course.questions)} câu.',
        f"// Nhập lại: hocso import-questions <tệp này> --course {course.meta.id} --replace",
        "",
    ]
    lesson = None
    for question in course.questions:
        if question.lesson != lesson:
            lesson = question.lesson
            out += [f"$CATEGORY: $course$/{course.meta.id}/{lesson}", ""]
        out.append(f"::{_escape(question.id)}::[plain]{_escape(question.text)} {{")
        out += _choices(question)
        out += [f"####{_escape(question.explanation)}", "}", ""]
    return "\n".join(out)


def _choices(question: QuestionSource) -> list[str]:
    right = question.answer_indexes
    if len(right) == 1:
        return [("=" if index in right else "~") + _escape(choice) for index, choice in enumerate(question.choices)]
    weight = _weight(len(right))
    return [
        f"~%{weight if index in right else '-100'}%{_escape(choice)}" for index, choice in enumerate(question.choices)
    ]
