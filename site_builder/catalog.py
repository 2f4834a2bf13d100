"""Loading `content/` from disk into a valid `Catalog`, or every problem with its file, line and field."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from functions import categories
from site_builder import durations, topics, transcripts, yamlsource
from site_builder.buildcache import Memo
from site_builder.problems import ContentError, Problem, field_problems, problem
from site_builder.structure import (
    LETTERS,
    Catalog,
    Course,
    CourseMeta,
    Guide,
    GuideMeta,
    Lesson,
    LessonMeta,
    QuestionFile,
)

_NUMBERED = re.compile(r"^\d+-")


def load_catalog(content_dir: Path) -> Catalog:
    """Read every course under `content_dir/courses`; raise ContentError listing all problems at once."""
    problems: list[Problem] = []
    courses_dir = content_dir / "courses"
    folders = sorted(path for path in courses_dir.glob("*/") if path.is_dir()) if courses_dir.is_dir() else []
    if not folders:
        raise ContentError([problem(courses_dir, None, "", "no_courses", detail=courses_dir)])
    listed = topics.load(content_dir, problems)
    courses = [course for folder in folders if (course := _load_course(folder, listed, problems))]
    guides = [guide for path in sorted((content_dir / "guides").glob("*.md")) if (guide := _load_guide(path, problems))]
    _check_unique_ids(courses, guides, problems)
    if problems:
        raise ContentError(problems)
    return Catalog(root=content_dir, courses=courses, guides=guides, topics=listed or [])


def load_checked(content_dir: Path, on: date | None = None, memo: Memo | None = None) -> Catalog:
    """The catalogue after `site_builder.checks` on the day `on` (today); warnings, which refuse nothing, are kept in
    `catalog.warnings`. `memo` keeps checks' results between builds by what they checked (`site_builder.buildcache`)."""
    from site_builder import checks

    catalog = load_catalog(content_dir)
    found = checks.problems(catalog, on, memo)
    catalog.warnings = [item for item in found if item.warning]
    if len(catalog.warnings) < len(found):
        raise ContentError([item for item in found if not item.warning], catalog.warnings)
    return catalog


def load_course(folder: Path) -> tuple[Course | None, list[Problem]]:
    """One course folder alone (its lessons and banks) with its problems, for commands that work on one course even
    while another course, or this one's bank, is not yet valid (a bank import into a new course)."""
    problems: list[Problem] = []
    listed = topics.load(folder.parent.parent, problems)  # the content folder the course sits in
    return _load_course(folder, listed, problems), problems


def _read_yaml(path: Path, problems: list[Problem], offset: int = 0, text: str | None = None):
    try:
        source = path.read_text(encoding="utf-8") if text is None else text
    except FileNotFoundError:
        problems.append(problem(path, None, "", "file_missing", detail=path.name))
        return None
    try:
        return yamlsource.parse(source, offset)
    except yamlsource.SourceError as exc:
        problems.append(problem(path, exc.line, "", "yaml_invalid", detail=exc))
        return None


def _validate(model, located, path: Path, problems: list[Problem]):
    try:
        return model.model_validate(located.data if located.data is not None else {})
    except ValidationError as exc:
        problems.extend(field_problems(exc.errors(), path, located.line_of))
        return None


def _load_course(folder: Path, known_topics: list | None, problems: list[Problem]) -> Course | None:
    path = folder / "course.yml"
    located = _read_yaml(path, problems)
    meta = _validate(CourseMeta, located, path, problems) if located else None
    if meta is None:
        return None
    course = Course(id=folder.name, meta=meta, path=folder, id_line=located.line_of(("id",)))
    course.sources[path.name] = located
    problems += topics.check(course, located, known_topics)
    for index, code in enumerate(meta.required_for or ()):
        if code not in categories.CATEGORIES:
            line = located.line_of(("required_for", index))
            known = ", ".join(categories.CATEGORIES)
            problems.append(problem(path, line, f"required_for.{index}", "category_unknown", detail=code, other=known))
    for index, name in enumerate(meta.lessons):
        lesson_path = folder / name
        if not lesson_path.is_file():
            problems.append(
                problem(path, located.line_of(("lessons", index)), f"lessons.{index}", "file_missing", detail=name)
            )
            continue
        lesson = _load_lesson(lesson_path, problems)
        if lesson:
            course.lessons.append(lesson)
    for stray in sorted(set(p.name for p in folder.glob("*.md")) - set(meta.lessons)):
        problems.append(problem(folder / stray, None, "", "file_unlisted", detail=stray))
    _load_questions(course, problems)
    return course


def _front_matter(path: Path, model, problems: list[Problem]):
    """(validated front matter, body, located source, line the body starts at), or Nones after reporting what is
    wrong."""
    parts = yamlsource.split_front_matter(path.read_text(encoding="utf-8"))
    if parts is None:
        problems.append(problem(path, 1, "", "front_matter_missing"))
        return None, "", None, 1
    front, body, body_line = parts
    located = _read_yaml(path, problems, offset=1, text=front)
    return (_validate(model, located, path, problems) if located else None), body, located, body_line


def _load_guide(path: Path, problems: list[Problem]) -> Guide | None:
    meta, body, located, _ = _front_matter(path, GuideMeta, problems)
    if meta is None:
        return None
    return Guide(meta=meta, slug=path.stem, body=body, path=path, id_line=located.line_of(("id",)))


def _load_lesson(path: Path, problems: list[Problem]) -> Lesson | None:
    meta, body, located, body_line = _front_matter(path, LessonMeta, problems)
    for index, attachment in enumerate(meta.files if meta else []):
        if not (path.parent / attachment.file).is_file():
            line = located.line_of(("files", index, "file"))
            problems.append(problem(path, line, f"files.{index}.file", "file_missing", detail=attachment.file))
    if meta is None:
        return None
    slug, id_line = _NUMBERED.sub("", path.stem), located.line_of(("id",))
    lesson = Lesson(meta=meta, slug=slug, body=body, path=path, id_line=id_line, body_line=body_line)
    problems += durations.check(lesson, located) + transcripts.check(lesson)
    return lesson


def _read_questions(course: Course, path: Path, problems: list[Problem]):
    """(questions, line of each id, located source) of a question file checked question by question, or None."""
    located = _read_yaml(path, problems)
    bank = _validate(QuestionFile, located, path, problems) if located else None
    if bank is None:
        return None
    lesson_ids = {lesson.id for lesson in course.lessons}
    all_lessons_loaded = len(course.lessons) == len(course.meta.lessons)
    for index, question in enumerate(bank.questions):
        where = ("questions", index)
        if len(question.answer_letters) != len(set(question.answer_letters)):
            problems.append(
                problem(
                    path,
                    located.line_of(where + ("answer",)),
                    f"questions.{index}.answer",
                    "field_invalid",
                    detail="đáp án bị lặp",
                )
            )
        letters = LETTERS[: len(question.choices)]
        for letter in question.answer_letters:
            if letter not in letters:
                problems.append(
                    problem(
                        path,
                        located.line_of(where + ("answer",)),
                        f"questions.{index}.answer",
                        "answer_not_in_choices",
                        detail=letter,
                        other=len(question.choices),
                        letters=", ".join(letters),
                    )
                )
        if len(set(question.answer_letters)) > 1 and "chọn tất cả" not in question.text.lower():
            problems.append(
                problem(path, located.line_of(where + ("text",)), f"questions.{index}.text", "answer_multiple_unmarked")
            )
        seen: set[str] = set()
        for choice_index, choice in enumerate(question.choices):
            if choice in seen:
                line = located.line_of(where + ("choices", choice_index))
                problems.append(
                    problem(path, line, f"questions.{index}.choices.{choice_index}", "choices_duplicate", detail=choice)
                )
            seen.add(choice)
        if question.lesson not in lesson_ids and all_lessons_loaded:
            line = located.line_of(where + ("lesson",))
            problems.append(problem(path, line, f"questions.{index}.lesson", "lesson_unknown", detail=question.lesson))
    lines = [located.line_of(("questions", index, "id")) for index in range(len(bank.questions))]
    return bank.questions, lines, located


def _load_questions(course: Course, problems: list[Problem]) -> None:
    path = course.path / "questions.yml"
    read = _read_questions(course, path, problems)
    if read is None:
        return
    course.questions, course.question_lines, located = read
    course.sources[path.name] = located
    if len(course.questions) < course.meta.quiz.questions:
        problems.append(
            problem(
                path,
                located.line_of(("questions",)),
                "questions",
                "bank_too_small",
                detail=len(course.questions),
                other=course.meta.quiz.questions,
            )
        )
    _load_practice(course, problems)


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _load_practice(course: Course, problems: list[Problem]) -> None:
    """The guests' practice set: declared in course.yml, large enough for its draw, sharing no question with the
    certified pool (same id, same stem or same choices), so practising never reveals a certified key."""
    path = course.path / "practice.yml"
    if course.meta.practice is None:
        if path.is_file():
            problems.append(problem(path, None, "", "practice_unlisted"))
        return
    read = _read_questions(course, path, problems)
    if read is None:
        return
    course.practice, course.practice_lines, located = read
    course.sources[path.name] = located
    if len(course.practice) < course.meta.practice.questions:
        problems.append(
            problem(
                path,
                located.line_of(("questions",)),
                "questions",
                "practice_too_small",
                detail=len(course.practice),
                other=course.meta.practice.questions,
            )
        )
    certified: dict[object, str] = {}
    for question in course.questions:
        for key in (question.id, _fold(question.text), frozenset(map(_fold, question.choices))):
            certified.setdefault(key, question.id)
    for index, (question, line) in enumerate(zip(course.practice, course.practice_lines, strict=True)):
        for key in (question.id, _fold(question.text), frozenset(map(_fold, question.choices))):
            if key in certified:
                problems.append(
                    problem(
                        path,
                        line,
                        f"questions.{index}",
                        "practice_overlap",
                        detail=certified[key],
                        other="questions.yml",
                    )
                )
                break


def _check_unique_ids(courses: list[Course], guides: list[Guide], problems: list[Problem]) -> None:
    """Short ids share one namespace (courses, lessons, guides); question ids another; slugs are unique per folder."""
    seen: dict[str, Path] = {}

    def claim(short_id: str, path: Path, line: int) -> None:
        if short_id in seen:
            problems.append(problem(path, line, "id", "id_duplicate", detail=short_id, other=seen[short_id].name))
        seen.setdefault(short_id, path)

    questions: dict[str, Path] = {}
    for course in courses:
        claim(course.meta.id, course.path / "course.yml", course.id_line)
        slugs: set[str] = set()
        for lesson in course.lessons:
            claim(lesson.id, lesson.path, lesson.id_line)
            if lesson.slug in slugs:
                problems.append(problem(lesson.path, None, "", "id_duplicate", detail=lesson.slug, other=course.id))
            slugs.add(lesson.slug)
        certified = {question.id for question in course.questions}
        sources = (
            ("questions.yml", course.questions, course.question_lines),
            ("practice.yml", course.practice, course.practice_lines),
        )
        for name, listed, lines in sources:
            for question, line in zip(listed, lines, strict=True):  # a line for each question
                if name == "practice.yml" and question.id in certified:
                    continue  # already reported as practice_overlap
                if question.id in questions:
                    problems.append(
                        problem(
                            course.path / name,
                            line,
                            "id",
                            "id_duplicate",
                            detail=question.id,
                            other=questions[question.id],
                        )
                    )
                questions.setdefault(question.id, course.path / name)
    for guide in guides:
        claim(guide.id, guide.path, guide.id_line)
