"""Which learner categories a course report judges against the target: those the course is required for.

A course declares the categories it is required for (`required_for` in its `course.yml`, carried by its bank); `[]`
declares it required for none; absent, it declares nothing and its report judges every category, as before courses
declared anything. The rules a reader of the figures should know:

- A report of one course judges "Đạt" on the staff in post, accounts and passes of the categories the course is
  required for alone: a commune's citizens or businesses in post do not count against an officials' course.
  Learners of no category ("Không rõ") stay counted, as they were before courses declared anything: nobody knows
  that the course is not required for them.
- The other categories keep their columns (headcount, passes) but are not judged: they read "Không bắt buộc"
  where a completion rate would be.
- A course required for no category, or a category report of a category it is not required for, judges nothing:
  its verdict is "Không bắt buộc" rather than "Đạt" or "Chưa đạt".
- A report over all courses is judged as before, every category with a headcount counting: which courses a
  category must take differs from course to course.
"""

from __future__ import annotations

from collections.abc import Iterable

from functions import categories
from functions.bank import Bank

Required = frozenset[str] | None
"""The categories a report's course is required for; None when the report is not about one course."""

TEXT = {
    "required": "Bắt buộc đối với: {labels}",
    "none": "Khóa học không bắt buộc đối với đối tượng nào: không xét đạt chỉ tiêu",
    "not_required": "Không bắt buộc",
    "header": "{short} (bắt buộc)",
    "header_not": "{short} (không bắt buộc)",
}


def of_bank(bank: Bank | None) -> Required:
    """The categories a course report judges: the bank's `required_for`; None without a course, or for a course that
    declares none (judged as a report over all courses is)."""
    return frozenset(bank.required_for) if bank is not None and bank.required_for is not None else None


def counted(headcounts: dict[str, int], required: Required) -> dict[str, int]:
    """The headcounts a unit is judged on: those of the required categories (all without a course)."""
    if required is None:
        return headcounts
    return {code: staff for code, staff in headcounts.items() if code in required or code == categories.UNKNOWN}


def figures(whole: tuple[int, int], split: dict[str, list[int]], required: Required) -> tuple[int, int]:
    """A unit's (accounts issued, passes) judged against its staff: the whole, less the shares (`split`: category →
    [issued, passed]) of the categories a course report's course is not required for."""
    if required is None:
        return whole
    left_out = [pair for code, pair in split.items() if is_required(required, code) is False]
    return whole[0] - sum(pair[0] for pair in left_out), whole[1] - sum(pair[1] for pair in left_out)


def is_required(required: Required, code: str) -> bool | None:
    """Whether a category column is required by the report's course; None when the report is of all courses, or for
    learners of no category."""
    return None if required is None or code == categories.UNKNOWN else code in required


def judged(required: Required, category: str | None) -> bool:
    """Whether the report's figures are judged against the target at all: not for a course required for no category,
    nor for a category report of a category the course is not required for."""
    if required is None:
        return True
    return is_required(required, category) is not False if category is not None else bool(required)


def title_line(required: Required) -> str | None:
    """The report file's line naming the categories the course is required for; None without a course."""
    if required is None:
        return None
    if not required:
        return TEXT["none"]
    return TEXT["required"].format(labels="; ".join(labels(required)))


def labels(codes: Iterable[str]) -> list[str]:
    """The printed names of categories, in the list's order."""
    wanted = set(codes)
    return [label for code, label in categories.CATEGORIES.items() if code in wanted]


def header(required: Required, code: str) -> str:
    """A category's short column heading, saying whether the course is required for it."""
    short, its = categories.SHORT[code], is_required(required, code)
    return short if its is None else TEXT["header" if its else "header_not"].format(short=short)
