"""Drafts read from another format checked against the course they go into: each becomes a `QuestionSource` or
problems at its file and row (line), and questions without an id get one from their lesson."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from site_builder.banks.draft import Draft, Read
from site_builder.problems import Problem, field_problems, problem
from site_builder.structure import LETTERS, Course, QuestionSource

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# Excel users read the sheet's headers, not the bank's field names.
_EXCEL = {"id": "Mã câu", "lesson": "Bài học", "text": "Câu hỏi", "answer": "Đáp án", "explanation": "Giải thích"}


@dataclass
class Checked:
    """A question ready for the bank, with the comment lines that go above it."""

    question: QuestionSource
    comments: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """A lesson's name as compared: NFC, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def lesson_table(course: Course, mapping: dict[str, str]) -> dict[str, str]:
    """Every way a source file may name a lesson (id, number in the course, title, file name, --lesson-map) → id."""
    table: dict[str, str] = {}
    for number, lesson in enumerate(course.lessons, start=1):
        names = (lesson.id, str(number), f"{number:02d}", f"bài {number}", lesson.meta.title, lesson.slug)
        for name in (*names, lesson.path.stem):
            table.setdefault(fold(name), lesson.id)
    table.update({fold(source): target for source, target in mapping.items()})
    return table


def _field(found: Read, name: str) -> str:
    if found.format != "Excel":
        return name
    if name.startswith("choices."):
        return f"Lựa chọn {LETTERS[int(name.split('.')[1])]}"
    return _EXCEL.get(name, name)


def check(found: Read, taken: dict[str, str], lessons: dict[str, str], default_lesson: str | None) -> list[Checked]:
    """The drafts of `found` as bank questions; problems go to `found.problems`. `taken` maps the ids already in
    use (every bank and practice set of the content) to where they are."""
    ready: list[tuple[Draft, str]] = []
    seen: dict[str, int] = {}
    for draft in found.drafts:
        before = len(found.problems)

        def report(name: str, code: str, draft: Draft = draft, **facts: object) -> None:
            line = draft.line_of(name)
            found.problems.append(problem(found.path, line, _field(found, name), code, **facts))

        _check_content(draft, report)
        lesson = lessons.get(fold(draft.lesson)) if draft.lesson else default_lesson
        if lesson is None:
            report("lesson", "lesson_unknown" if draft.lesson else "lesson_missing", detail=draft.lesson)
        if not draft.id and _ID.match(draft.title):
            draft.id = draft.title  # a GIFT title or Moodle name shaped like an id is one (hocso's own exports)
        if draft.id:
            if not _ID.match(draft.id):
                detail = "chỉ gồm chữ không dấu, số, '-', '_' hoặc '.', tối đa 64 ký tự"
                report("id", "field_invalid", detail=f"mã câu '{draft.id}' {detail}")
            elif draft.id in seen:
                report("id", "id_duplicate", detail=draft.id, other=f"{found.path.name}:{seen[draft.id]}")
            elif draft.id in taken:
                report("id", "id_duplicate", detail=draft.id, other=taken[draft.id])
            seen.setdefault(draft.id, draft.line)
        if len(found.problems) == before and lesson is not None:
            ready.append((draft, lesson))
    checked: list[Checked] = []
    used = set(taken) | set(seen)
    for draft, lesson in ready:
        comments = [f"{found.path.name}:{draft.line}"]
        if not draft.id:
            draft.id = _new_id(lesson, used)
            used.add(draft.id)
            comments.append("mã tự đặt" + (f', tên trong tệp nguồn: "{draft.title}"' if draft.title else ""))
        data = {
            "id": draft.id,
            "lesson": lesson,
            "text": draft.text,
            "choices": draft.choices,
            "answer": draft.answers[0] if len(draft.answers) == 1 else draft.answers,
            "explanation": draft.explanation,
        }
        try:
            checked.append(Checked(QuestionSource.model_validate(data), ["; ".join(comments)]))
        except ValidationError as error:  # lengths and the like, past the checks above
            found.problems.extend(
                field_problems(error.errors(), found.path, lambda loc, d=draft: d.line_of(_name(loc)))
            )
    return checked


def _name(location: tuple) -> str:
    return ".".join(str(part) for part in location)


def _check_content(draft: Draft, report) -> None:
    if not draft.text:
        report("text", "text_empty", detail="câu hỏi")
    if len(draft.choices) < 2:
        report("text", "choices_too_few", detail=len(draft.choices))
    if len(draft.choices) > len(LETTERS):
        report(f"choices.{len(LETTERS)}", "choices_too_many", detail=len(draft.choices), other=len(LETTERS))
    for index, choice in enumerate(draft.choices[: len(LETTERS)]):
        if not choice:
            report(f"choices.{index}", "text_empty", detail=f"lựa chọn {LETTERS[index]}")
        elif choice in draft.choices[:index]:
            report(f"choices.{index}", "choices_duplicate", detail=choice)
    letters = LETTERS[: min(len(draft.choices), len(LETTERS))]
    if not draft.answers:
        report("answer", "answer_missing")
    for answer in draft.answers:
        if answer not in letters:
            report(
                "answer", "answer_not_in_choices", detail=answer, other=len(draft.choices), letters=", ".join(letters)
            )
    if len(set(draft.answers)) != len(draft.answers):
        report("answer", "field_invalid", detail="đáp án bị lặp")
    if len(set(draft.answers)) > 1 and "chọn tất cả" not in draft.text.lower():
        report("text", "answer_multiple_unmarked")
    if not draft.explanation:
        report("explanation", "explanation_missing")


def _new_id(lesson: str, used: set[str]) -> str:
    """`<lesson>-qNN` after the highest number the lesson already has, so new questions sort after the old."""
    pattern = re.compile(rf"^{re.escape(lesson)}-q(\d+)$")
    numbers = [int(match.group(1)) for name in used if (match := pattern.match(name))]
    number = max(numbers, default=0) + 1
    while f"{lesson}-q{number:02d}" in used:
        number += 1
    return f"{lesson}-q{number:02d}"


def dropped(found: Read, course: Course, path: Path) -> list[Problem]:
    """With --replace: the bank's questions missing from the file, since question ids are never removed."""
    kept = {draft.id for draft in found.drafts}
    return [
        problem(path, line, "id", "question_dropped", detail=question.id, other=found.path.name)
        for question, line in zip(course.questions, course.question_lines, strict=True)
        if question.id not in kept
    ]
