"""Exporting for the functions, to `build/bank/` and never into the site: each course's question bank with its key,
and the short ids the site publishes."""

from __future__ import annotations

from pathlib import Path

from functions.bank import Bank, BankQuestion, write_bank
from functions.published import write_published
from site_builder.shortlinks import targets
from site_builder.structure import Catalog, Course, QuestionSource


def _keyed(questions: list[QuestionSource]) -> list[BankQuestion]:
    return [
        BankQuestion(
            id=question.id,
            lesson=question.lesson,
            text=question.text,
            choices=question.choices,
            answer=question.answer_indexes,
            explanation=question.explanation,
        )
        for question in questions
    ]


def course_bank(course: Course) -> Bank:
    """The runtime bank of a course: its rules, its certified pool and its practice set (kept apart: guests draw
    only from the practice set), with 0-based answer indexes."""
    return Bank(
        course_id=course.id,
        title=course.meta.title,
        rules=course.meta.quiz,
        lessons=[lesson.id for lesson in course.lessons],
        questions=_keyed(course.questions),
        practice_rules=course.meta.practice,
        practice=_keyed(course.practice),
        required_for=course.meta.required_for,
    )


def export_banks(catalog: Catalog, bank_dir: Path) -> list[Path]:
    """Write every course's bank to `bank_dir`, one JSON file per course."""
    return [write_bank(course_bank(course), bank_dir) for course in catalog.courses]


def export_published(catalog: Catalog, bank_dir: Path) -> Path:
    """Write the short ids the site publishes (what its pages count) to `bank_dir/ids.txt`, for the events function."""
    return write_published(targets(catalog), bank_dir)
