"""Unit and learner lists as administrators upload them: Excel's CSV and XLSX quirks, and every row problem by row."""

import io
import unicodedata

import openpyxl
import pytest

from functions.enrolment.imports import (
    MESSAGES,
    LearnerRow,
    RowProblem,
    TableError,
    UnitRow,
    external_id,
    parse_learners,
    parse_units,
    phone_number,
    read_table,
)
from functions.enrolment.tables import clean

LEARNER_HEADER = "Họ và tên;Mã đơn vị;Chức vụ;Số điện thoại;Email;Số CCCD;Đợt"


def csv_bytes(*lines: str) -> bytes:
    """A CSV as Vietnamese Excel saves "CSV UTF-8": a byte-order mark, `;` between cells, CRLF line ends."""
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def xlsx_bytes(*rows: list) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def learners(*lines: str, known=("XA-NGHI-LOC",)):
    return parse_learners(read_table(csv_bytes(LEARNER_HEADER, *lines), "hoc-vien.csv"), set(known))


def codes(parsed) -> list[tuple[int, str, str]]:
    return [(problem.row, problem.column, problem.code) for problem in parsed.problems]


def test_a_csv_with_a_bom_and_semicolons_reads_its_cells_by_header_with_spreadsheet_row_numbers():
    rows = read_table(
        csv_bytes(LEARNER_HEADER, "Nguyễn Thị Ánh Tuyết;XA-NGHI-LOC;Công chức;0912345678;;;Đợt 1"), "a.csv"
    )
    assert [row.number for row in rows] == [2]
    assert rows[0].cells == {
        "Họ và tên": "Nguyễn Thị Ánh Tuyết",
        "Mã đơn vị": "XA-NGHI-LOC",
        "Chức vụ": "Công chức",
        "Số điện thoại": "0912345678",
        "Email": "",
        "Số CCCD": "",
        "Đợt": "Đợt 1",
    }


def test_a_comma_inside_a_header_does_not_make_the_semicolon_file_look_comma_separated():
    rows = read_table(
        csv_bytes("Mã đơn vị;Tên đơn vị;Dân tộc thiểu số, miền núi, hải đảo", "XA-1;Xã Châu Kim;x"), "u.csv"
    )
    assert rows[0].cells == {
        "Mã đơn vị": "XA-1",
        "Tên đơn vị": "Xã Châu Kim",
        "Dân tộc thiểu số, miền núi, hải đảo": "x",
    }


def test_a_plain_comma_csv_without_a_bom_is_read_too():
    rows = read_table(b"code,name,parent_code\nNA,Nghe An,\n", "units.CSV")
    assert parse_units(rows).good == [UnitRow(2, "NA", "Nghe An", None, "", False)]


def test_the_first_sheet_of_an_xlsx_is_read_and_blank_rows_keep_the_numbering():
    data = xlsx_bytes(
        ["STT", "Họ và tên", "Mã đơn vị", "Số điện thoại"],
        [1, "Lê Văn Hùng", "XA-NGHI-LOC", "0987654321"],
        [],
        [2, "Phạm Thị Hoa", "XA-NGHI-LOC", "0912345678"],
    )
    parsed = parse_learners(read_table(data, "danh-sach.xlsx"), {"XA-NGHI-LOC"})
    assert [(learner.row, learner.full_name) for learner in parsed.good] == [(2, "Lê Văn Hùng"), (4, "Phạm Thị Hoa")]
    assert parsed.problems == []


def test_decomposed_text_becomes_composed_and_inner_whitespace_collapses():
    typed_on_a_phone = unicodedata.normalize("NFD", "Nguyễn  Thị\u00a0Ánh   Tuyết ")
    parsed = learners(f"{typed_on_a_phone};xa-nghi-loc; Chủ tịch  UBND ;0912345678;;;")
    (learner,) = parsed.good
    assert learner.full_name == "Nguyễn Thị Ánh Tuyết" and unicodedata.is_normalized("NFC", learner.full_name)
    assert learner.position == "Chủ tịch UBND" and learner.unit_code == "XA-NGHI-LOC"


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("  0912 345\t678 \r\n", "0912 345 678"),  # ASCII: whitespace only
        ("Nguye\u0302\u0303n  Va\u0306n", "Nguyễn Văn"),  # decomposed marks composed
        ("Đặng\u200bHữu\u00adPhước", "ĐặngHữuPhước"),  # invisible characters dropped
        ("Đặng\u00a0Hữu\ufeff Phước", "Đặng Hữu Phước"),  # a non-breaking space is a space
        ("Lê Văn Hùng", "Lê Văn Hùng"),
    ],
)
def test_a_cell_is_composed_without_invisible_characters_and_its_whitespace_collapsed(typed, cleaned):
    assert clean(typed) == cleaned


def test_a_cell_repeated_down_the_sheet_reads_as_it_does_alone_and_numbers_stay_apart_from_text():
    # Text cells are cleaned once per distinct text (`tables._rows`): 1, 1.0, True and "1" must still differ.
    data = xlsx_bytes(
        ["Họ và tên", "Mã đơn vị", "Chức vụ", "Số"],
        ["Lê  Văn Hùng", "XA-NGHI-LOC", " Công\u00a0chức", "1"],
        ["Lê  Văn Hùng", "XA-NGHI-LOC", " Công\u00a0chức", 1],
        ["Phạm Thị Hoa", "XA-NGHI-LOC", " Công\u00a0chức", 1.5],
        ["Phạm Thị Hoa", "XA-NGHI-LOC", "Công chức", True],
    )
    rows = read_table(data, "danh-sach.xlsx")
    assert [row.cells["Họ và tên"] for row in rows] == ["Lê Văn Hùng"] * 2 + ["Phạm Thị Hoa"] * 2
    assert {row.cells["Chức vụ"] for row in rows} == {"Công chức"}
    assert [row.cells["Số"] for row in rows] == ["1", "1", "1.5", "True"]


@pytest.mark.parametrize(
    "header",
    [
        "Họ và tên;Mã đơn vị;Số điện thoại",
        "HO VA TEN;ma don vi;So dien thoai",
        "Họ tên;MÃ ĐƠN VỊ;SĐT",
        "full_name;unit_code;phone",
    ],
)
def test_learner_headers_match_in_vietnamese_with_or_without_accents_and_in_english(header):
    rows = read_table(csv_bytes(header, "Đặng Hữu Phước;XA-NGHI-LOC;0912345678"), "a.csv")
    assert parse_learners(rows, {"XA-NGHI-LOC"}).good == [
        LearnerRow(2, "Đặng Hữu Phước", "XA-NGHI-LOC", "", "0912345678", "", "", None),
    ]


def test_every_bad_learner_row_is_reported_with_its_row_column_and_code():
    parsed = learners(
        "Lê Văn Hùng;XA-NGHI-LOC;;0912345678;;;",
        ";XA-NGHI-LOC;;0912345679;;;",
        "Phạm Thị Hoa;;;0912345670;;;",
        "Trần Văn Nam;XA-KHONG-CO;;0912345671;;;",
        "Võ Thị Lan;XA-NGHI-LOC;;09123;;;",
        "Hồ Văn Minh;XA-NGHI-LOC;;;minh@;;",
        "Bùi Thị Mai;XA-NGHI-LOC;;0912345672;;12345678901234;",
        "Đỗ Văn Tú;XA-NGHI-LOC;;;;040123456789;",
    )
    assert [learner.row for learner in parsed.good] == [2]
    assert codes(parsed) == [
        (3, "Họ và tên", "missing_name"),
        (4, "Mã đơn vị", "missing_unit"),
        (5, "Mã đơn vị", "unknown_unit"),
        (6, "Số điện thoại", "bad_phone"),
        (7, "Email", "bad_email"),
        (8, "Số CCCD", "bad_external_id"),
        (9, "Số điện thoại", "missing_contact"),
    ]
    assert parsed.problems[3] == RowProblem(
        6, "Số điện thoại", "bad_phone", "Số điện thoại không hợp lệ (cần 10 chữ số, bắt đầu bằng 0)"
    )
    assert parsed.problems[2].message == "Mã đơn vị không có trong danh sách đơn vị"


def test_one_row_reports_all_its_problems():
    parsed = learners(";KHONG-CO;;123;a@b;;")
    assert codes(parsed) == [
        (2, "Họ và tên", "missing_name"),
        (2, "Mã đơn vị", "unknown_unit"),
        (2, "Số điện thoại", "bad_phone"),
        (2, "Email", "bad_email"),
    ]


def test_a_person_listed_twice_in_a_unit_is_a_duplicate_of_the_first_row():
    parsed = learners(
        "Lê Văn Hùng;XA-NGHI-LOC;;0912 345 678;;;",
        "Lê Văn Hùng;XA-NGHI-LOC;;0912.345.678;;;",
        "Lê Thị Hà;XA-NGHI-LOC;;0912345678;;040123456789;",  # shares the family phone but has her own CCCD
        "Lê Thị Hà;XA-NGHI-LOC;;0987654321;;040123456789;",
        known=("XA-NGHI-LOC",),
    )
    assert [learner.row for learner in parsed.good] == [2, 4]
    assert parsed.problems == [
        RowProblem(3, "Số điện thoại", "duplicate_in_file", "Trùng với dòng 2"),
        RowProblem(5, "Số CCCD", "duplicate_in_file", "Trùng với dòng 4"),
    ]


def test_identity_is_the_external_id_else_the_phone_else_the_email_within_the_unit():
    parsed = learners(
        "A;XA-NGHI-LOC;;0912345678;a@x.vn;040123456789;",
        "B;XA-NGHI-LOC;;0912345679;B@X.VN;;",
        "C;XA-NGHI-LOC;;;c@x.vn;;",
    )
    assert [learner.identity for learner in parsed.good] == [
        "XA-NGHI-LOC:id:040123456789",
        "XA-NGHI-LOC:phone:0912345679",
        "XA-NGHI-LOC:email:c@x.vn",
    ]


def test_excel_numbers_become_a_phone_with_its_leading_zero_and_a_twelve_digit_cccd():
    data = xlsx_bytes(
        ["Họ và tên", "Mã đơn vị", "Số điện thoại", "Số CCCD", "Đợt"],
        ["Nguyễn Thị Ánh Tuyết", "XA-NGHI-LOC", 912345678, 40123456789, 1],
        ["Lê Văn Hùng", "XA-NGHI-LOC", 987654321.0, 1.23456789012e11, 2],
    )
    parsed = parse_learners(read_table(data, "a.xlsx"), {"XA-NGHI-LOC"})
    assert [(learner.phone, learner.external_id, learner.cohort) for learner in parsed.good] == [
        ("0912345678", "040123456789", "1"),
        ("0987654321", "123456789012", "2"),
    ]


def test_a_number_excel_wrote_in_scientific_notation_asks_for_a_text_column():
    parsed = learners("Lê Văn Hùng;XA-NGHI-LOC;;0912345678;;4,01235E+11;")
    assert parsed.problems == [RowProblem(2, "Số CCCD", "scientific_number", MESSAGES["scientific_number"])]


@pytest.mark.parametrize(
    "typed, phone",
    [
        ("0912345678", "0912345678"),
        ("091 234 5678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("912345678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("091234567", None),
        ("09123456789", None),
        ("1912345678", None),
        ("0912 345 67x", None),
        ("", None),
    ],
)
def test_phone_numbers_are_normalised_to_ten_digits_beginning_with_zero(typed, phone):
    assert phone_number(typed) == phone


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("040123456789", "040123456789"),
        ("40123456789", "040123456789"),
        ("123456789", "123456789"),
        ("NA-CB-00123", "NA-CB-00123"),
        ("00123", "00123"),
        ("0401 2345 6789", "040123456789"),
        ("1234567890", None),
        ("1234567890123", None),
        ("12345678901234", None),
        ("mã cán bộ", None),
        ("A" * 33, None),
    ],
)
def test_an_external_id_is_a_cccd_a_cmnd_or_a_staff_code(typed, expected):
    assert external_id(typed) == expected


def test_a_learner_file_without_a_required_column_reports_it_on_the_header_row():
    rows = read_table(csv_bytes("Họ và tên;Chức vụ", "Lê Văn Hùng;Công chức"), "a.csv")
    assert parse_learners(rows, set()).problems == [
        RowProblem(1, "Mã đơn vị", "missing_column", "Thiếu cột “Mã đơn vị” ở dòng tiêu đề."),
        RowProblem(1, "Số điện thoại", "missing_column", "Thiếu cột “Số điện thoại” ở dòng tiêu đề."),
    ]


def test_a_csv_that_is_not_utf8_is_refused_with_instructions():
    with pytest.raises(TableError) as caught:
        # Windows-1258 has the vowels with their hats and horns, and the tones as separate marks
        read_table("Tên;Ma\u0303 đơn vi\u0323\r\nLê Văn Hùng;XA\r\n".encode("cp1258"), "a.csv")
    assert caught.value.code == "not_utf8"
    assert caught.value.message == "Tệp CSV phải lưu bằng mã UTF-8: trong Excel chọn Lưu thành → “CSV UTF-8”."
    with pytest.raises(TableError) as caught:
        read_table("Họ và tên\tMã đơn vị\r\n".encode("utf-16"), "a.txt")
    assert caught.value.code == "not_utf8"


@pytest.mark.parametrize(
    "data, filename, code",
    [
        (b"\xd0\xcf\x11\xe0 an old Excel 97 file", "a.xls", "unsupported_file"),
        (b"not a zip at all", "a.xlsx", "unreadable_xlsx"),
    ],
)
def test_other_files_are_refused_by_code(data, filename, code):
    with pytest.raises(TableError) as caught:
        read_table(data, filename)
    assert caught.value.code == code


def test_a_file_with_only_a_header_has_nothing_to_import():
    rows = read_table(csv_bytes(LEARNER_HEADER), "a.csv")
    assert rows == [] and parse_learners(rows, set()).good == [] and parse_units(rows).problems == []


def test_a_learner_category_is_read_by_label_or_code_and_one_not_in_the_list_is_a_row_problem():
    rows = read_table(
        csv_bytes(
            LEARNER_HEADER + ";Đối tượng",
            "Lê Văn Hùng;XA-NGHI-LOC;;0912345678;;;;Cán bộ, công chức, viên chức",
            "Phạm Thị Hoa;XA-NGHI-LOC;;0912345670;;;;to cnscd",
            "Trần Văn Nam;XA-NGHI-LOC;;0912345671;;;;",
            "Võ Thị Lan;XA-NGHI-LOC;;0912345672;;;;Học sinh",
        ),
        "hoc-vien.csv",
    )
    parsed = parse_learners(rows, {"XA-NGHI-LOC"})
    assert [(learner.row, learner.category) for learner in parsed.good] == [(2, "cbccvc"), (3, "cnscd"), (4, None)]
    assert codes(parsed) == [(5, "Đối tượng", "unknown_category")]
    assert parsed.problems[0].message.startswith(
        "Đối tượng “Học sinh” không có trong danh sách: Cán bộ, công chức, viên chức; "
    )


def test_a_rows_fields_read_in_one_pass_are_those_read_one_by_one():
    from functions.enrolment.imports import LEARNER_COLUMNS, Row, _Columns

    headers = ["Họ và tên", "SĐT", "Số điện thoại", "Số CCCD", "Mã cán bộ", "Email", "Ghi chú"]
    rows = [
        Row(n, dict(zip(headers, cells, strict=True)))
        for n, cells in enumerate(
            [
                headers,
                ["An", "", "0912345678", "", "CB-1", "", "x"],
                ["Bình", "0912 345 679", "0912345670", "040123456789", "", "b@x.vn", ""],
                ["", "", "", "", "", "", ""],
            ],
            start=1,
        )
    ]
    columns = _Columns(rows, LEARNER_COLUMNS)
    for row in rows:
        assert columns.every(row, LEARNER_COLUMNS) == {field: columns.get(row, field) for field in LEARNER_COLUMNS}
