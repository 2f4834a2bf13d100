"""Question statistics over HTTP: a course's questions in the administrator's subtree with how often they were drawn
and answered right, how well they separate strong from weak learners, and the flags that say which to revise (too
easy, too hard, misleading, leaked in a unit), as JSON and as CSV for the content editors.

Figures come from the sums each submission adds (`functions.questions.sums`); nothing here reads an attempt. They hold
no personal data, so no audit entry is left. The leak rule compares each unit and month with the rest of what is read:
a province's administrator sees a commune's jump against the whole province, a commune's only against its own months.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from functions.accounts.store import AccountStore
from functions.api import http
from functions.api.admin.questionschemas import FLAGS, QuestionLeak, QuestionReport, QuestionRow, Thresholds
from functions.api.admin.subtree import SCOPED, UnitCode, scope_of, unit_names
from functions.api.deps.accounts import Accounts
from functions.api.deps.core import Banks
from functions.api.deps.questions import QuestionSums
from functions.api.identity import Admin
from functions.cells import csv_file
from functions.downloads import attachment
from functions.errors import ApiError
from functions.questions.figures import QuestionFigures, figures
from functions.questions.sums import Cell, QuestionSumsStore

router = APIRouter()
CourseId = Annotated[
    str, Query(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$", description="Mã khóa học.")
]
Month = Annotated[
    str | None,
    Query(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$", description="Tháng (NNNN-TT); bỏ trống là mọi tháng."),
]
REFUSALS = (*SCOPED, "course_not_found")


def _cells(sums: QuestionSumsStore, accounts: AccountStore, path: str, course_id: str) -> list[Cell]:
    """The course's cells in the subtree; for the whole country, each province's in turn (a store reads one
    province's partition at a time)."""
    if path:
        return sums.cells(path, course_id)
    provinces = [unit for unit in accounts.units() if unit.parent_code is None]
    return [cell for province in provinces for cell in sums.cells(province.path, course_id)]


def _row(figure: QuestionFigures, lesson: str, in_bank: bool, names: dict[str, str]) -> QuestionRow:
    return QuestionRow(
        id=figure.question_id,
        lesson=lesson,
        in_bank=in_bank,
        draws=figure.sums.n,
        right=figure.sums.right,
        p=figure.p,
        discrimination=figure.discrimination,
        flags=figure.flags,
        leaks=[
            QuestionLeak(
                unit_code=leak.unit_code,
                unit_name=names.get(leak.unit_code, leak.unit_code),
                month=leak.month,
                draws=leak.draws,
                right=leak.right,
                p=leak.right / leak.draws,
                history_draws=leak.history_draws,
                history_p=leak.history_p,
                chance=leak.chance,
            )
            for leak in figure.leaks
        ],
    )


def build(
    admin: Admin,
    accounts: Accounts,
    banks: Banks,
    sums: QuestionSums,
    course: CourseId,
    unit: UnitCode = None,
    month: Month = None,
) -> QuestionReport:
    """The course's question statistics in the subtree (and month) asked."""
    bank = banks.get(course)
    if bank is None:
        raise ApiError("course_not_found")
    path = scope_of(admin, accounts, unit)
    found = figures(_cells(sums, accounts, path, course), month)
    names = unit_names(accounts, {leak.unit_code for figure in found.values() for leak in figure.leaks})
    rows = [
        _row(found.get(question.id) or QuestionFigures(question.id), question.lesson, True, names)
        for question in bank.questions
    ]
    known = {question.id for question in bank.questions}
    rows += [_row(found[gone], "", False, names) for gone in sorted(set(found) - known)]
    return QuestionReport(
        course_id=course,
        course_title=bank.title,
        unit_code=unit or (admin.unit_path.rstrip("/").rsplit("/", 1)[-1] or None),
        month=month,
        thresholds=Thresholds(),
        questions=rows,
    )


Asked = Annotated[QuestionReport, Depends(build)]


@router.get("/admin/questions", responses=http.responses(*REFUSALS))
async def read_questions(asked: Asked) -> QuestionReport:
    """A course's questions in the administrator's subtree (or a unit of it, a month): draws, share right (difficulty),
    discrimination and flags (too easy, too hard, misleading strong learners, a leak in a unit and month)."""
    return asked


CSV_HEADER = (
    "Mã câu hỏi",
    "Bài học",
    "Còn trong ngân hàng",
    "Lượt rút",
    "Lượt đúng",
    "Tỉ lệ đúng (0-1)",
    "Độ phân biệt (-1 đến 1)",
    "Cảnh báo",
    "Nghi lộ đề ở",
)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


@router.get(
    "/admin/questions.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "Thống kê câu hỏi (CSV UTF-8)."},
        **http.responses(*REFUSALS),
    },
)
async def questions_csv(asked: Asked) -> Response:
    """The same as CSV (UTF-8 with BOM, opens in Excel) for the content editors: a row per question, its id as in the
    course's questions.yml (the text is read there: see `questionschemas`)."""
    rows: list[list[object]] = [list(CSV_HEADER)]
    for row in asked.questions:
        rows.append(
            [
                row.id,
                row.lesson,
                "có" if row.in_bank else "không",
                row.draws,
                row.right,
                _percent(row.p),
                _percent(row.discrimination),
                "; ".join(FLAGS[flag] for flag in row.flags),
                "; ".join(f"{leak.unit_name} ({leak.month}: {leak.right}/{leak.draws})" for leak in row.leaks),
            ]
        )
    name = f"cau-hoi-{asked.course_id}{'-' + asked.unit_code if asked.unit_code else ''}"
    name += f"-{asked.month}.csv" if asked.month else ".csv"
    return Response(csv_file(rows), media_type="text/csv; charset=utf-8", headers=attachment(name))
