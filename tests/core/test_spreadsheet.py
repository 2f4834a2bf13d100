"""The monthly report as XLSX and CSV, read back cell by cell."""

import csv
import io
import unicodedata
from datetime import date

from openpyxl import load_workbook

from functions.headcounts import Headcount
from functions.reports.report import build
from functions.reports.spreadsheet import HEADERS, as_csv, as_xlsx, filename
from functions.reports.tally import Count
from tests.support.reports import COUNTS, PROVINCE, REMOTE, TEAM, TOWN, UNITS, split_up

NOVEMBER = dict(root="40", today=date(2026, 12, 10), course_id="cds", month=(2026, 11))


def cells(data: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(data))
    sheet = book["Báo cáo"]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def unstaffed(number, name, *figures) -> tuple:
    """A line of a unit without a headcount: its figures and rate over accounts, "Chưa có số biên chế" for the rest."""
    *steps, rate, target = figures
    # No classroom completions in these figures: 0 beside the passes ("Hoàn thành trực tiếp").
    steps = [*steps[:5], 0, *steps[5:]]
    return (number, name, None, *steps, None, "Chưa có số biên chế", rate, target, "Chưa có số biên chế")


def test_the_workbook_has_the_title_block_the_table_and_the_total():
    rows = cells(as_xlsx(build(UNITS, COUNTS, **NOVEMBER), course_title="Tổng quan về chuyển đổi số"))
    assert [row[0] for row in rows[:6]] == [
        "BÁO CÁO KẾT QUẢ BỒI DƯỠNG, TẬP HUẤN CHUYỂN ĐỔI SỐ",
        "Đơn vị: Tỉnh Nghệ An",
        "Tháng 11/2026 (số liệu lũy kế đến hết ngày 30/11/2026)",
        "Khóa học: Tổng quan về chuyển đổi số",
        "Đợt học: tất cả",
        None,
    ]
    assert rows[6] == HEADERS
    assert rows[7:12] == [  # no unit has a headcount: no rate against one, and none is on target
        unstaffed("1", "Tỉnh Nghệ An (không gồm đơn vị cấp dưới)", 1, 1, 0, 0, 0, 0, 1, 0, 100),
        unstaffed("2", "Phường Vinh Phú", 14, 13, 11, 8, 7, 6, 7, 50, 100),
        unstaffed("3", "Xã Mường Xén", 10, 9, 9, 7, 6, 6, 4, 60, 80),
        unstaffed("3.1", "Tổ công nghệ số cộng đồng xã Mường Xén", 5, 5, 5, 4, 4, 4, 1, 80, 80),
        unstaffed(None, "Tổng cộng", 25, 23, 20, 15, 13, 12, 12, 52, 92),
    ]
    assert rows[13][0].startswith("Chỉ tiêu: tối thiểu 80%")


def test_the_hierarchy_shows_as_an_indent_and_rates_keep_one_decimal():
    counts = (
        COUNTS + [c for c in COUNTS if c.unit_code == "16684" and c.flag == "issued"][:1]
    )  # 24 accounts in the town
    book = load_workbook(io.BytesIO(as_xlsx(build(UNITS, counts, **NOVEMBER))))
    sheet = book.active
    assert [sheet.cell(row, 2).alignment.indent for row in (9, 10, 11)] == [0, 0, 1]
    assert (sheet["N9"].value, sheet["N9"].number_format) == (29.2, "0.0")  # 7 of 24
    assert sheet["A4"].value == "Khóa học: cds"  # no title given: the course's id
    assert sheet.freeze_panes == "C8"


def test_the_csv_is_the_table_in_utf8_with_a_bom():
    data = as_csv(build(UNITS, COUNTS, **NOVEMBER))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(HEADERS)
    no = "Chưa có số biên chế"
    assert rows[3] == ["3", "Xã Mường Xén", "", "10", "9", "9", "7", "6", "0", "6", "4", "", no, "60.0", "80.0", no]
    assert rows[-1] == ["", "Tổng cộng", "", "25", "23", "20", "15", "13", "0", "12", "12", "", no, "52.0", "92.0", no]
    assert len(rows) == 6


def test_the_csv_for_excel_set_to_vietnamese_writes_decimal_commas_between_semicolons():
    plain = list(csv.reader(io.StringIO(as_csv(build(UNITS, COUNTS, **NOVEMBER)).decode("utf-8-sig"))))
    data = as_csv(build(UNITS, COUNTS, **NOVEMBER), decimal=",")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[3][13:15] == ["60,0", "80,0"] and rows[-1][13:15] == ["52,0", "92,0"]
    assert [[cell.replace(",", ".") for cell in row] for row in rows] == plain  # the same table, only written so


def test_a_unit_without_accounts_prints_no_rate():
    rows = list(
        csv.reader(io.StringIO(as_csv(build(UNITS, [], root="16813", today=date(2026, 11, 23))).decode("utf-8-sig")))
    )
    team = "Tổ công nghệ số cộng đồng xã Mường Xén"
    assert rows[1] == [  # nothing issued, no headcount: nothing to judge
        "1",
        team,
        "",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "",
        "",
        "",
        "80.0",
        "",
    ]


def test_all_courses_and_a_cohort_are_named_in_the_title_block():
    rows = cells(as_xlsx(build(UNITS, COUNTS, root="40", today=date(2026, 11, 23), cohort="Đợt 1")))
    assert [row[0] for row in rows[2:5]] == [
        "Số liệu đến hết ngày 23/11/2026",
        "Khóa học: tất cả (tính theo lượt học viên – khóa học)",
        "Đợt học: Đợt 1",
    ]


def test_names_are_written_in_nfc():
    units = [PROVINCE, REMOTE.model_copy(update={"name": unicodedata.normalize("NFD", "Xã Mường Xén")}), TEAM, TOWN]
    rows = cells(as_xlsx(build(units, COUNTS, **NOVEMBER)))
    assert rows[9][1] == "Xã Mường Xén" and unicodedata.is_normalized("NFC", rows[9][1])


def test_the_file_name_says_the_unit_and_the_month():
    assert filename(build(UNITS, COUNTS, **NOVEMBER), "xlsx") == "bao-cao-40-2026-11.xlsx"
    assert (
        filename(build(UNITS, COUNTS, root="", today=date(2026, 11, 23)), "csv") == "bao-cao-toan-quoc-2026-11-23.csv"
    )


def test_a_commune_with_headcounts_is_judged_on_them_with_categories_as_columns():
    xen = REMOTE.model_copy(
        update={
            "headcounts": (
                Headcount(year=2026, category="cbccvc", staff=20),
                Headcount(year=2026, category="cnscd", staff=10),
            )
        }
    )
    counts = [
        Count("16813", None, None, "issued", date(2026, 11, 3), None, 10, "cbccvc"),
        Count("16813", None, "cds", "passed", date(2026, 11, 12), None, 10, "cbccvc"),
    ]
    totals, shares = split_up(counts)
    report = build([PROVINCE, xen], totals, shares=shares, root="16813", today=date(2026, 11, 23), course_id="cds")
    rows = list(csv.reader(io.StringIO(as_csv(report).decode("utf-8-sig"))))
    assert rows[0][len(HEADERS) :] == [
        "Biên chế – CB, CC, VC",
        "Đạt – CB, CC, VC",
        "Hoàn thành – CB, CC, VC (%)",
        "Biên chế – Tổ CNSCĐ",
        "Đạt – Tổ CNSCĐ",
        "Hoàn thành – Tổ CNSCĐ (%)",
    ]
    # Every account passed (100% of accounts), but 10 of 30 staff: a third, below the 80% target.
    assert rows[-1] == [
        "",
        "Tổng cộng",
        "30",
        "10",
        "0",
        "0",
        "0",
        "10",
        "0",
        "0",
        "0",
        "33.3",
        "33.3",
        "100.0",
        "80.0",
        "Chưa đạt",
        "20",
        "10",
        "50.0",
        "10",
        "0",
        "0.0",
    ]
    sheet = load_workbook(io.BytesIO(as_xlsx(report))).active
    assert sheet.cell(8, len(HEADERS) + 3).number_format == "0.0"


def test_the_workbook_has_a_sheet_per_category_beside_the_whole():
    xen = REMOTE.model_copy(update={"headcounts": (Headcount(year=2026, category="cnscd", staff=8),)})
    counts = [
        Count("16813", None, None, "issued", date(2026, 11, 3), None, 6, "cnscd"),
        Count("16813", None, "cds", "passed", date(2026, 11, 12), None, 4, "cnscd"),
        Count("16813", None, None, "issued", date(2026, 11, 3), None, 2, None),
    ]
    totals, shares = split_up(counts)
    asked = dict(root="16813", today=date(2026, 11, 23), course_id="cds")
    whole = build([PROVINCE, xen], totals, shares=shares, **asked)
    team = build([PROVINCE, xen], totals, shares=shares, category="cnscd", **asked)
    book = load_workbook(io.BytesIO(as_xlsx(whole, None, {"cnscd": team})))
    assert book.sheetnames == ["Báo cáo", "Tổ CNSCĐ"]
    rows = [tuple(row) for row in book["Tổ CNSCĐ"].iter_rows(values_only=True)]
    assert rows[5][0] == "Đối tượng: Thành viên Tổ công nghệ số cộng đồng"
    total = next(row for row in rows if row[1] == "Tổng cộng")
    assert total[:4] == (None, "Tổng cộng", 8, 6) and total[11:13] == (75, 50)  # 6 of 8 given accounts, 4 passed
    assert len(total) == len(HEADERS)  # no category columns on a category's own sheet


def test_classroom_completions_have_their_column_beside_the_passes_online():
    trained = Count("16813", None, "cds", "classroom", date(2026, 11, 20), None, 3)
    rows = list(csv.reader(io.StringIO(as_csv(build(UNITS, [*COUNTS, trained], **NOVEMBER)).decode("utf-8-sig"))))
    column = HEADERS.index("Hoàn thành trực tiếp")
    assert HEADERS[column - 1] == "Đạt bài kiểm tra"
    assert rows[3][1] == "Xã Mường Xén" and (rows[3][column - 1], rows[3][column]) == ("6", "3")
    assert rows[-1][column] == "3"
