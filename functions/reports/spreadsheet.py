"""The monthly report as a province sends it up: an XLSX with a title block and one table, and the table as CSV.

The table has a row per unit of the subtree with its subtree's figures; the hierarchy shows in the STT column (1,
1.1, 1.1.1), and in the XLSX also as the name's indent. When the root holds accounts of its own as well as sub-units,
those come first on a row of their own, so the level-1 rows add up to the total row. Rates and targets are rounded to
one decimal for print; whether a unit is on track was decided on exact figures (see `functions.reports.report`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from functions.reports.report import Report, Row

TITLE = "BÁO CÁO KẾT QUẢ BỒI DƯỠNG, TẬP HUẤN CHUYỂN ĐỔI SỐ"
HEADERS = (
    "STT", "Đơn vị", "Số tài khoản được cấp", "Đã kích hoạt", "Đã bắt đầu học", "Hoàn thành bài học", "Đạt bài kiểm tra",
    "Được cấp giấy chứng nhận", "Quá hạn", "Tỷ lệ hoàn thành (%)", "Chỉ tiêu (%)", "Đạt chỉ tiêu",
)
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
    "note": "Chỉ tiêu: tối thiểu 80% với xã vùng đồng bào dân tộc thiểu số, miền núi, hải đảo; 100% với các xã còn lại. "
            "Quá hạn: đã hết hạn 10 ngày làm việc mà chưa đạt bài kiểm tra.",
}
_FIGURES = ("issued", "activated", "started", "lessons_done", "passed", "certified", "overdue")
_WIDTHS = (8, 44, 13, 11, 11, 12, 11, 13, 10, 12, 10, 11)


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
    return [TITLE, TEXT["unit"].format(name=report.summary.name), period, course, cohort]


def _line(number: str, name: str, row: Row) -> list:
    figures = [getattr(row.total, field) for field in _FIGURES]
    judged = "" if row.on_track is None else TEXT["on_track"] if row.on_track else TEXT["behind"]
    rate = None if row.rate is None else round(row.rate, 1)
    return [number, name, *figures, rate, round(row.target, 1), judged]


def table(report: Report) -> list[tuple[int, list]]:
    """(level, cells) for each line of the table: the headers (level 0), the units, then the total (level 0)."""
    lines: list[tuple[int, list]] = [(0, list(HEADERS))]
    numbers: list[int] = []  # the STT counter of each level above the current row
    units = list(report.rows[1:])
    if report.direct is not None:
        units.insert(0, replace(report.direct, name=TEXT["direct"].format(name=report.direct.name)))
    for row in units:
        del numbers[row.level :]
        if len(numbers) < row.level:
            numbers += [0] * (row.level - len(numbers))
        numbers[-1] += 1
        lines.append((row.level, _line(".".join(map(str, numbers)), row.name, row)))
    lines.append((0, _line("", TEXT["total"], report.summary)))
    return lines


def as_csv(report: Report) -> bytes:
    """The table as CSV, UTF-8 with a BOM (so Excel reads the accents), `,` between fields and `.` in decimals; no
    title block, which would stop programs reading it: the file's name says the unit and month (`filename`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for _, cells in table(report):
        writer.writerow(["" if value is None else f"{value:.1f}" if isinstance(value, float) else value for value in cells])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(report: Report, course_title: str | None = None) -> bytes:
    """The report as an XLSX workbook: the title block, a blank line, the table and a note on targets."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Báo cáo")
    for column, width in zip("ABCDEFGHIJKL", _WIDTHS):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C8"  # below the headers, right of the names
    bold = Font(bold=True)
    indents: dict[int, Alignment] = {}  # one style object per level: a national report has 3,000 rows

    def cell(value, font: Font | None = None, alignment: Alignment | None = None, number_format: str = "") -> WriteOnlyCell:
        made = WriteOnlyCell(sheet, value=value)
        if font:
            made.font = font
        if alignment:
            made.alignment = alignment
        if number_format:
            made.number_format = number_format
        return made

    lines = title_block(report, course_title)
    sheet.append([cell(lines[0], Font(bold=True, size=14))])
    for line in lines[1:]:
        sheet.append([line])
    sheet.append([])
    rows = table(report)
    heading = Alignment(wrap_text=True, vertical="center")
    sheet.append([cell(header, bold, heading) for header in rows[0][1]])
    for n, (level, values) in enumerate(rows[1:], start=1):
        font = bold if n == len(rows) - 1 else None  # the total row
        indent = indents.setdefault(level, Alignment(indent=max(level - 1, 0), wrap_text=True))
        line = [cell(values[0], font), cell(values[1], font, indent)]
        line += [cell(value, font) if font else value for value in values[2:9]]
        line += [cell(value, font, number_format="0.0") for value in values[9:11]]
        line.append(cell(values[11], font) if font else values[11])
        sheet.append(line)
    sheet.append([])
    sheet.append([TEXT["note"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(report: Report, extension: str) -> str:
    """`bao-cao-40-2026-11.xlsx`: the unit's code (or `toan-quoc`) and the month, or the day the figures stand at."""
    when = f"{report.month[0]}-{report.month[1]:02d}" if report.month else report.as_of.isoformat()
    return f"bao-cao-{report.root.code or 'toan-quoc'}-{when}.{extension}"
