"""Unit lists as administrators upload them: kinds, remote flags, parents first, and every row problem by row."""

import pytest

from functions.enrolment.imports import UnitRow, parse_units, read_table
from tests.core.test_imports import codes, csv_bytes

UNIT_HEADER = "Mã đơn vị;Tên đơn vị;Mã đơn vị cha;Loại;Vùng khó khăn"


def units(*lines: str, known=()):
    return parse_units(read_table(csv_bytes(UNIT_HEADER, *lines), "don-vi.csv"), set(known))


def test_units_read_kind_and_remote_flag_and_come_parents_first():
    parsed = units(
        "XA-CHAU-KIM;Xã Châu Kim;NGHE-AN;Xã;có",
        "TO-CNS-CK;Tổ công nghệ số cộng đồng xã Châu Kim;xa-chau-kim;Tổ công nghệ số cộng đồng;",
        "NGHE-AN;Tỉnh Nghệ An;;Tỉnh;không",
        "DK-CON-CO;Đặc khu Cồn Cỏ;QUANG-TRI;Đặc khu;X",
        known=("QUANG-TRI",),
    )
    assert parsed.problems == []
    assert parsed.good == [
        UnitRow(4, "NGHE-AN", "Tỉnh Nghệ An", None, "Tỉnh", False),
        UnitRow(5, "DK-CON-CO", "Đặc khu Cồn Cỏ", "QUANG-TRI", "Đặc khu", True),
        UnitRow(2, "XA-CHAU-KIM", "Xã Châu Kim", "NGHE-AN", "Xã", True),
        UnitRow(
            3, "TO-CNS-CK", "Tổ công nghệ số cộng đồng xã Châu Kim", "XA-CHAU-KIM", "Tổ công nghệ số cộng đồng", False
        ),
    ]


@pytest.mark.parametrize(
    "typed, remote",
    [
        ("có", True),
        ("Có", True),
        ("co", True),
        ("x", True),
        ("1", True),
        ("yes", True),
        ("TRUE", True),
        ("không", False),
        ("Khong", False),
        ("0", False),
        ("no", False),
        ("false", False),
        ("", False),
    ],
)
def test_the_remote_flag_accepts_the_usual_ways_of_writing_yes_and_no(typed, remote):
    assert units(f"NA;Nghệ An;;Tỉnh;{typed}").good[0].remote is remote


def test_unit_headers_match_the_programme_wording_without_accents():
    rows = read_table(csv_bytes("MA DON VI;Ten don vi;Dan toc thieu so, mien nui, hai dao", "NA;Nghệ An;x"), "u.csv")
    assert parse_units(rows).good == [UnitRow(2, "NA", "Nghệ An", None, "", True)]


def test_every_bad_unit_row_is_reported_with_its_row_column_and_code():
    parsed = units(
        "NGHE-AN;Tỉnh Nghệ An;;Tỉnh;",
        ";Xã không mã;NGHE-AN;Xã;",
        "XÃ-1;Xã có dấu;NGHE-AN;Xã;",
        "NGHE-AN;Tỉnh Nghệ An lần hai;;Tỉnh;",
        "XA-2;;NGHE-AN;Xã;",
        "XA-3;Xã Ba;NGHE-AN;Xã;có lẽ",
        "XA-4;Xã Bốn;HA-TINH;Xã;",
        "TO-2;Tổ xã Hai;XA-2;Tổ công nghệ số cộng đồng;",
    )
    assert [unit.code for unit in parsed.good] == ["NGHE-AN"]
    assert codes(parsed) == [
        (3, "Mã đơn vị", "missing_code"),
        (4, "Mã đơn vị", "bad_code"),
        (5, "Mã đơn vị", "duplicate_in_file"),
        (6, "Tên đơn vị", "missing_unit_name"),
        (7, "Vùng khó khăn", "bad_flag"),
        (8, "Mã đơn vị cha", "unknown_parent"),
        (9, "Mã đơn vị cha", "parent_has_problem"),
    ]
    assert parsed.problems[2].message == "Trùng với dòng 2"
    assert parsed.problems[6].message == "Đơn vị cha (dòng 6) có lỗi: sửa dòng đó trước"


def test_a_cycle_of_parents_rejects_every_unit_in_it_and_under_it():
    parsed = units(
        "NGHE-AN;Tỉnh Nghệ An;;Tỉnh;",
        "XA-A;Xã A;XA-C;Xã;",
        "XA-B;Xã B;XA-A;Xã;",
        "XA-C;Xã C;XA-B;Xã;",
        "TO-A;Tổ xã A;XA-A;Tổ;",
        "XA-D;Xã D;XA-D;Xã;",
    )
    assert [unit.code for unit in parsed.good] == ["NGHE-AN"]
    assert [(problem.row, problem.code, problem.message) for problem in parsed.problems] == [
        (3, "parent_cycle", "Đơn vị cha tạo thành vòng lặp: XA-A → XA-C → XA-B → XA-A"),
        (4, "parent_cycle", "Đơn vị cha tạo thành vòng lặp: XA-B → XA-A → XA-C → XA-B"),
        (5, "parent_cycle", "Đơn vị cha tạo thành vòng lặp: XA-C → XA-B → XA-A → XA-C"),
        (6, "parent_has_problem", "Đơn vị cha (dòng 3) có lỗi: sửa dòng đó trước"),
        (7, "parent_cycle", "Đơn vị cha tạo thành vòng lặp: XA-D → XA-D"),
    ]
