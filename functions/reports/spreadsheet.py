"""The monthly report as a province sends it up: an XLSX with a title block and one table, and the table as CSV.

The table has a row per unit of the subtree with its subtree's figures; the hierarchy shows in the STT column (1,
1.1, 1.1.1), and in the XLSX also as the name's indent. When the root holds accounts of its own as well as sub-units,
those come first on a row of their own, so the level-1 rows add up to the total row. Rates and targets are rounded to
one decimal for print; whether a unit is on track was decided on exact figures (see `functions.reports.report`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from functions import categories
from functions.cells import Book, Cell, csv_file
from functions.reports import requirement
from functions.reports.report import Report, Row

TITLE = "BÁO CÁO KẾT QUẢ BỒI DƯỠNG, TẬP HUẤN CHUYỂN ĐỔI SỐ"
HEADERS = (
    "STT",
    "Đơn vị",
    "Số biên chế",
    "Số tài khoản được cấp",
    "Đã kích hoạt",
    "Đã bắt đầu học",
    "Hoàn thành bài học",
    "Đạt bài kiểm tra",
    "Hoàn thành trực tiếp",
    "Được cấp giấy chứng nhận",
    "Quá hạn",
    "Tỷ lệ cấp tài khoản trên biên chế (%)",
    "Tỷ lệ hoàn thành trên biên chế (%)",
    "Tỷ lệ đạt trên tài khoản (%)",
    "Chỉ tiêu (%)",
    "Đạt chỉ tiêu",
)
CATEGORY_HEADERS = ("Biên chế – {short}", "Đạt – {short}", "Hoàn thành – {short} (%)")
"""The three columns of each learner category in the report, after the totals."""
TEXT = {
    "unit": "Đơn vị: {name}",
    "month": "Tháng {month:02d}/{year} (số liệu lũy kế đến hết ngày {as_of:%d/%m/%Y})",
    "as_of": "Số liệu đến hết ngày {as_of:%d/%m/%Y}",
    "course": "Khóa học: {title}",
    "all_courses": "Khóa học: tất cả (tính theo lượt học viên – khóa học)",
    "cohort": "Đợt học: {cohort}",
    "all_cohorts": "Đợt học: tất cả",
    "direct": "{name} (không gồm đơn vị cấp dưới)",
    "total": "Tổng cộng",
    "on_track": "Đạt",
    "behind": "Chưa đạt",
    "no_headcount": "Chưa có số biên chế",
    "category": "Đối tượng: {label}",
    "note": "Chỉ tiêu: tối thiểu 80% với xã vùng đồng bào dân tộc thiểu số, miền núi, hải đảo; "
    "100% với các xã còn lại. "
    "Quá hạn: đã hết hạn 10 ngày làm việc mà chưa đạt bài kiểm tra. "
    "Tỷ lệ hoàn thành tính trên số biên chế năm {year}; đơn vị chưa có số biên chế không có tỷ lệ, "
    "và cấp trên của đơn vị đó chưa được tính là đạt chỉ tiêu.",
}
_FIGURES = ("issued", "activated", "started", "lessons_done", "passed", "classroom", "certified", "overdue")
"""A unit's figures in the report's columns: "Hoàn thành trực tiếp" (classroom completions, `functions.classes`)
beside the passes online, never added to them (one official may do both)."""
_WIDTHS = (8, 44, 10, 13, 11, 11, 12, 11, 12, 13, 10, 13, 13, 12, 10, 14)
_RATES = range(11, 15)
"""The columns printed with one decimal."""


@dataclass(frozen=True)
class Beside:
    """Three columns after each unit's own (the previous round's figures, `functions.reports.rounds`): their headers,
    a unit's cells (the root's own-accounts row gets none), and lines for the title block."""

    headers: list[str]
    cells: Callable[[Row], list]
    lines: list[str]


def title_block(report: Report, course_title: str | None = None) -> list[str]:
    """The lines above the table: title, unit, period, course and cohort."""
    if report.month:
        period = TEXT["month"].format(year=report.month[0], month=report.month[1], as_of=report.as_of)
    else:
        period = TEXT["as_of"].format(as_of=report.as_of)
    if report.course_id is None:
        course = TEXT["all_courses"]
    else:
        course = TEXT["course"].format(title=course_title or report.course_id)
    cohort = TEXT["cohort"].format(cohort=report.cohort) if report.cohort else TEXT["all_cohorts"]
    lines = [TITLE, TEXT["unit"].format(name=report.summary.name), period, course, cohort]
    if report.category is not None:
        lines.append(TEXT["category"].format(label=categories.label(report.category)))
    required = requirement.title_line(report.required)
    return lines + [required] if required else lines


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _line(
    number: str, name: str, row: Row, columns: list[str], required: requirement.Required = None, judged: bool = True
) -> list:
    """A unit's cells: its totals against its headcount, then each category's headcount, passes and completion. A
    course report judges only the categories its course is `required` for: the others read "Không bắt buộc", and so
    does the verdict of a report `judged` on none."""
    figures = [getattr(row.total, field) for field in _FIGURES]
    staffing = row.staffing
    staffed = staffing is not None and staffing.staff > 0
    if staffed:
        assert staffing is not None
        judged_as = TEXT["on_track"] if staffing.on_track else TEXT["behind"]
        against: list[object] = [
            staffing.staff,
            _one(staffing.coverage),
            _one(staffing.completion),
            round(staffing.target, 1),
        ]
    elif not judged:
        judged_as = requirement.TEXT["not_required"]
        against = [None, None, judged_as, round(row.target, 1)]
    else:  # without a headcount, no rate: said plainly when there is something to judge
        judged_as = TEXT["no_headcount"] if row.total.issued else ""
        against = [None, None, judged_as or None, round(row.target, 1)]
    cells = [number, name, against[0], *figures, against[1], against[2], _one(row.rate), against[3], judged_as]
    for code in columns:
        share = row.by_category.get(code)
        its = staffing.by_category.get(code) if staffing is not None else None
        if requirement.is_required(required, code) is False:
            cells += [its.staff if its else None, share.passed if share else None, requirement.TEXT["not_required"]]
        elif its is not None:
            cells += [its.staff, its.passed, _one(its.completion)]
        else:
            cells += [None, share.passed if share else None, TEXT["no_headcount"] if share and share.issued else None]
    return cells


def table(report: Report, beside: Beside | None = None) -> list[tuple[int, list]]:
    """(level, cells) for each line of the table: the headers (level 0), the units, then the total (level 0); the
    columns `beside` adds come last."""
    # Categories as columns once any learner has one: a "Không rõ" column alone would repeat the totals.
    # A report of one category already is that category's columns.
    known = set(report.categories) - {categories.UNKNOWN}
    columns = report.categories if known and report.category is None else []
    headers = [
        *HEADERS,
        *(
            header.format(short=requirement.header(report.required, code))
            for code in columns
            for header in CATEGORY_HEADERS
        ),
        *(beside.headers if beside else []),
    ]
    lines: list[tuple[int, list]] = [(0, headers)]
    judged = requirement.judged(report.required, report.category)
    numbers: list[int] = []  # the STT counter of each level above the current row
    units = list(report.rows[1:])
    if report.direct is not None:
        units.insert(0, replace(report.direct, name=TEXT["direct"].format(name=report.direct.name)))
    for row in units:
        del numbers[row.level :]
        if len(numbers) < row.level:
            numbers += [0] * (row.level - len(numbers))
        numbers[-1] += 1
        extra = (beside.cells(row) if row.level else [None] * len(beside.headers)) if beside else []
        cells = _line(".".join(map(str, numbers)), row.name, row, columns, report.required, judged)
        lines.append((row.level, cells + extra))
    extra = beside.cells(report.summary) if beside else []
    lines.append((0, _line("", TEXT["total"], report.summary, columns, report.required, judged) + extra))
    return lines


def as_csv(report: Report, beside: Beside | None = None, decimal: str = ".") -> bytes:
    """The table as CSV, UTF-8 with a BOM (so Excel reads the accents); no title block, which would stop programs
    reading it: the file's name says the unit and month (`filename`). `decimal` "." writes `33.3` with `,` between
    fields (programs, and Excel set to English); "," writes `33,3` with `;` between fields, as Excel reads CSV on a
    computer set to Vietnamese (`Settings.csv_decimal`)."""
    delimiter = ";" if decimal == "," else ","
    return csv_file(
        (
            [f"{value:.1f}".replace(".", decimal) if isinstance(value, float) else value for value in cells]
            for _, cells in table(report, beside)
        ),
        delimiter,
    )


def as_xlsx(
    report: Report,
    course_title: str | None = None,
    by_category: dict[str, Report] | None = None,
    beside: Beside | None = None,
) -> bytes:
    """The report as an XLSX workbook: the title block, a blank line, the table and a note on targets; then, for
    each report of `by_category`, the same on a sheet named by the category. `beside` adds its columns to the
    first sheet."""
    lines = title_block(report, course_title) + (beside.lines if beside else [])
    widths = _WIDTHS + (11,) * (3 * len(report.categories) + (len(beside.headers) if beside else 0))
    book = Book("Báo cáo", widths=widths, freeze=f"C{len(lines) + 3}")
    _write(book, report, lines, beside)
    for code, part in (by_category or {}).items():
        lines = title_block(part, course_title)
        book.sheet(categories.SHORT[code], widths=_WIDTHS, freeze=f"C{len(lines) + 3}")
        _write(book, part, lines)
    return book.bytes()


def _write(book: Book, report: Report, lines: list[str], beside: Beside | None = None) -> None:
    """One report on the book's current sheet: the title block, a blank line, the table and the note."""
    book.append([Cell(lines[0], bold=True, size=14)])
    for line in lines[1:]:
        book.append([line])
    book.append()
    rows = table(report, beside)
    book.append([Cell(header, bold=True, wrap=True, centred=True) for header in rows[0][1]])
    for n, (level, values) in enumerate(rows[1:], start=1):
        bold = n == len(rows) - 1  # the total row
        cells = [Cell(values[0], bold), Cell(values[1], bold, indent=max(level - 1, 0), wrap=True)]
        for column, value in enumerate(values[2:], start=2):
            rate = column in _RATES or (column >= len(HEADERS) and (column - len(HEADERS)) % 3 == 2)
            cells.append(
                Cell(value, bold, number_format="0.0") if rate and isinstance(value, float) else Cell(value, bold)
            )
        book.append(cells)
    book.append()
    book.append([TEXT["note"].format(year=report.as_of.year)])


def filename(report: Report, extension: str) -> str:
    """`bao-cao-40-2026-11.xlsx`: the unit's code (or `toan-quoc`) and the month, or the day the figures stand at."""
    when = f"{report.month[0]}-{report.month[1]:02d}" if report.month else report.as_of.isoformat()
    return f"bao-cao-{report.root.code or 'toan-quoc'}-{when}.{extension}"
