"""The report routes of the administration function: the subtree's progress against its targets, as JSON for the
dashboard and as the monthly XLSX or CSV a province sends up. Figures come from counters (`functions.reports.tally`),
so a report over a whole country adds up counters instead of reading learners; it holds no personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from functions import VIETNAM, categories
from functions.api import http
from functions.api.admin.subtree import SCOPED as UNIT_SCOPED
from functions.api.admin.subtree import Cohort, UnitCode
from functions.api.deps.accounts import Accounts
from functions.api.deps.core import Banks, Clock, SettingsDep
from functions.api.deps.tally import Tally
from functions.api.identity import Admin, require_scope
from functions.downloads import attachment
from functions.errors import ApiError
from functions.reports import report, requirement, spreadsheet, stored
from functions.reports.rounds import RoundReport, beside, of_round
from functions.reports.staffing import Staffing
from functions.rounds import YEAR, Round

CourseId = Annotated[
    str | None, Query(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$", description="Mã khóa học.")
]
Month = Annotated[
    str | None, Query(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$", description="Tháng báo cáo, dạng NNNN-TT.")
]
CategoryCode = Annotated[
    str | None,
    Query(
        pattern="^(" + "|".join(categories.columns()) + ")$",
        description="Mã đối tượng: chỉ tính đối tượng này (“khong-ro” là học viên chưa có đối tượng).",
    ),
]
RoundCode = Annotated[
    str | None,
    Query(
        pattern=YEAR.pattern,
        description="Đợt đào tạo (năm, ví dụ 2026): chỉ tính các bước trong đợt, kèm số đợt trước.",
    ),
]
router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCOPED = (*UNIT_SCOPED, "course_not_found")


class CategoryFigures(BaseModel):
    issued: int
    passed: int


class AgainstStaff(BaseModel):
    """Staff in post of one category and what its units with a headcount have reached."""

    staff: int
    issued: int
    passed: int
    coverage: float | None = Field(description="Tài khoản được cấp ÷ số biên chế (%); null khi chưa có số biên chế.")
    completion: float | None = Field(description="Số đạt ÷ (số biên chế × số khóa) (%); null khi chưa có số biên chế.")


class StaffingView(AgainstStaff):
    """The subtree against its staff in post of the report's year: what "Đạt" is judged on."""

    target: float
    on_track: bool | None = Field(description="Đạt chỉ tiêu trên số biên chế; null khi chưa có số biên chế.")
    unstaffed: int = Field(description="Đơn vị trong phạm vi đã cấp tài khoản mà chưa có số biên chế.")
    by_category: dict[str, AgainstStaff]


class BeforeView(BaseModel):
    """A unit's subtree in the previous round."""

    issued: int
    passed: int
    completion: float | None = Field(description="Số đạt ÷ (số biên chế × số khóa) của năm đợt trước (%).")


class CategoryColumn(BaseModel):
    code: str
    label: str
    short: str
    required: bool | None = Field(
        default=None,
        description="Khóa học của báo cáo bắt buộc đối với đối tượng này (chỉ đối tượng bắt buộc được xét đạt chỉ "
        "tiêu); null khi báo cáo tính mọi khóa học.",
    )


class ReportRow(BaseModel):
    code: str
    name: str
    kind: str
    parent_code: str | None
    level: int
    remote: bool
    own: report.Figures
    total: report.Figures
    in_month: report.Figures | None
    rate: float | None
    target: float
    on_track: bool | None
    by_category: dict[str, CategoryFigures] = Field(
        description="Tài khoản được cấp và lượt đạt của đơn vị và cấp dưới, theo mã đối tượng (chỉ đối tượng có số)."
    )
    staffing: StaffingView
    before: BeforeView | None = Field(
        default=None, description="Số của đơn vị và cấp dưới trong đợt trước; null khi báo cáo không theo đợt."
    )


class ReportDay(BaseModel):
    day: date
    issued: int
    passed: int


class ReportView(BaseModel):
    """A unit's subtree, level by level, against the programme's targets (80% in ethnic-minority, mountain and
    island areas, 100% elsewhere), and the cumulative issued/passed series for a chart."""

    as_of: date
    course_id: str | None
    course_title: str | None
    cohort: str | None
    month: str | None
    year: int = Field(description="Năm đào tạo: năm của số biên chế mà báo cáo tính theo.")
    category: str | None
    round: Round | None = Field(default=None, description="Đợt đào tạo của báo cáo; null khi không theo đợt.")
    previous_round: Round | None = Field(default=None, description="Đợt trước (năm trước), mà cột `before` tính theo.")
    categories: list[CategoryColumn] = Field(description="Các đối tượng có số liệu, theo thứ tự danh sách: các cột.")
    required_for: list[CategoryColumn] | None = Field(
        default=None,
        description="Các đối tượng mà khóa học của báo cáo bắt buộc, chỉ các đối tượng này được xét đạt chỉ tiêu; "
        "null khi báo cáo tính mọi khóa học.",
    )
    judged: bool = Field(
        default=True,
        description="false khi khóa học không bắt buộc đối với đối tượng nào của báo cáo: không xét đạt chỉ tiêu.",
    )
    rows: list[ReportRow]
    series: list[ReportDay]


def _row(row: report.Row, rounds: RoundReport | None) -> ReportRow:
    unit = row.unit
    before = rounds.before.get(unit.code) if rounds else None
    return ReportRow(
        code=unit.code,
        name=row.name,
        kind=unit.kind,
        parent_code=unit.parent_code,
        level=row.level,
        remote=unit.remote,
        own=row.own,
        total=row.total,
        in_month=row.in_month,
        rate=row.rate,
        target=row.target,
        on_track=row.on_track,
        by_category={
            code: CategoryFigures(issued=share.issued, passed=share.passed) for code, share in row.by_category.items()
        },
        staffing=_staffing(row.staffing),
        before=BeforeView(**vars(before)) if before else None,
    )


def _required_for(required: frozenset[str] | None) -> list[CategoryColumn] | None:
    if required is None:
        return None
    return [
        CategoryColumn(code=code, label=label, short=categories.SHORT[code], required=True)
        for code, label in categories.CATEGORIES.items()
        if code in required
    ]


def _staffing(staffing: Staffing | None) -> StaffingView:
    assert staffing is not None  # every row of a built report is judged against its headcounts
    fields = {name: getattr(staffing, name) for name in StaffingView.model_fields if name != "by_category"}
    return StaffingView(
        **fields,
        by_category={code: AgainstStaff(**vars(against)) for code, against in staffing.by_category.items()},
    )


@dataclass(frozen=True)
class Built:
    """A report as asked for, and the course's title when it is about one course."""

    report: report.Report
    course_title: str | None
    rounds: RoundReport | None = None
    """The round's report with the previous round's figures, when a round was asked for."""


async def built_report(
    admin: Admin,
    accounts: Accounts,
    tally: Tally,
    banks: Banks,
    settings: SettingsDep,
    clock: Clock,
    unit: UnitCode = None,
    course: CourseId = None,
    cohort: Cohort = None,
    month: Month = None,
    category: CategoryCode = None,
    round: RoundCode = None,
) -> Built:
    """The report the query asks for: the administrator's own unit by default, 403 outside their subtree."""
    root = accounts.unit(unit or admin.unit_code)
    if root is None:
        raise ApiError("unit_not_found")
    require_scope(admin, root.path)
    title = bank = None
    if course is not None:
        bank = banks.get(course)
        if bank is None:
            raise ApiError("course_not_found")
        title = bank.title
    asked = {
        "required": requirement.of_bank(bank),
        "today": clock().astimezone(VIETNAM).date(),
        "course_id": course,
        "cohort": cohort,
        "month": month,
        "category": category,
        "remote_target": settings.remote_target,
        "other_target": settings.other_target,
    }
    if round is not None:
        rounds = of_round(accounts, tally, root, round, **asked)  # type: ignore[arg-type]
        return Built(rounds.report, title, rounds)
    return Built(stored.of_subtree(accounts, tally, root, **asked), title)  # type: ignore[arg-type]


Asked = Annotated[Built, Depends(built_report)]


def _download(content: bytes, media_type: str, built: report.Report, extension: str) -> Response:
    return Response(content, media_type=media_type, headers=attachment(spreadsheet.filename(built, extension)))


@router.get("/admin/reports", responses=http.responses(*SCOPED))
async def read_report(asked: Asked, course: CourseId = None, cohort: Cohort = None, month: Month = None) -> ReportView:
    """Accounts issued, activated, started, all lessons done, passed, certified and overdue for the unit and each
    unit below it, rolled up level by level, with the completion rate against the target."""
    built = asked.report
    return ReportView(
        as_of=built.as_of,
        course_id=course,
        course_title=asked.course_title,
        cohort=cohort,
        month=month,
        year=asked.rounds.round.year if asked.rounds else built.as_of.year,
        category=built.category,
        round=asked.rounds.round if asked.rounds else None,
        previous_round=asked.rounds.previous_round if asked.rounds else None,
        categories=[
            CategoryColumn(
                code=code,
                label=categories.label(code),
                short=categories.SHORT[code],
                required=requirement.is_required(built.required, code),
            )
            for code in built.categories
        ],
        required_for=_required_for(built.required),
        judged=requirement.judged(built.required, built.category),
        rows=[_row(row, asked.rounds) for row in built.rows],
        series=[ReportDay(day=d.day, issued=d.issued, passed=d.passed) for d in built.series],
    )


@router.get(
    "/admin/reports.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "Báo cáo tháng (Excel)."}, **http.responses(*SCOPED)},
)
async def report_xlsx(asked: Asked) -> Response:
    """The report as the spreadsheet a province sends to the ministry."""
    extra = beside(asked.rounds) if asked.rounds else None
    return _download(spreadsheet.as_xlsx(asked.report, asked.course_title, beside=extra), XLSX, asked.report, "xlsx")


@router.get(
    "/admin/reports.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "Báo cáo (CSV UTF-8)."},
        **http.responses(*SCOPED),
    },
)
async def report_csv(asked: Asked, settings: SettingsDep) -> Response:
    """The report as CSV (UTF-8 with BOM, opens in Excel); its decimal mark and separator as the deployment sets
    (`csv_decimal`)."""
    extra = beside(asked.rounds) if asked.rounds else None
    data = spreadsheet.as_csv(asked.report, extra, settings.csv_decimal)
    return _download(data, "text/csv; charset=utf-8", asked.report, "csv")
