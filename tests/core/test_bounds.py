"""A spreadsheet is refused by what it holds before anything parses it; a sound one reads as openpyxl read it."""

import datetime
import io
import time

import openpyxl
import pytest

from functions.enrolment.bounds import Bounds, _scan_sheet
from functions.enrolment.imports import TableError
from functions.enrolment.tables import _rows, read_table
from tests.support.hostile import huge_cell_csv, wide_csv, workbook, xfd_xlsx, zip_bomb

DEFAULT = Bounds()


def refused(data: bytes, name: str, bounds: Bounds = DEFAULT) -> str:
    start = time.perf_counter()
    with pytest.raises(TableError) as error:
        read_table(data, name, bounds=bounds)
    assert time.perf_counter() - start < 1
    return error.value.code


@pytest.mark.parametrize("declared", [True, False])
def test_a_cell_in_column_xfd_is_refused_whether_or_not_the_sheet_declares_it(declared):
    assert refused(xfd_xlsx(declared=declared), "x.xlsx") == "too_many_columns"


def test_cells_without_references_are_counted_by_position():
    row = "<row>" + "<c><v>1</v></c>" * 101 + "</row>"
    assert refused(workbook(f"<sheetData>{row}</sheetData>"), "x.xlsx") == "too_many_columns"
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(1, 12))
    assert refused(workbook(f"<sheetData>{rows}</sheetData>"), "x.xlsx", Bounds(rows=10)) == "too_many_rows"


def test_a_declared_dimension_beyond_the_bounds_is_refused_even_when_the_cells_are_few():
    sheet = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    assert refused(workbook(sheet, "A1:G1048576"), "x.xlsx") == "too_many_rows"
    assert refused(workbook(sheet, "A1:CW2"), "x.xlsx") == "too_many_columns"


def test_a_zip_bomb_is_refused_by_its_declared_sizes():
    assert refused(zip_bomb(), "x.xlsx") == "suspicious_xlsx"
    entries = {f"xl/media/{n}.bin": b"" for n in range(201)}
    sheet = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    assert refused(workbook(sheet, extra=entries), "x.xlsx") == "suspicious_xlsx"


def test_a_wide_csv_and_a_long_cell_are_refused():
    assert refused(wide_csv(), "x.csv") == "too_many_columns"
    assert refused(huge_cell_csv(), "x.csv") == "cell_too_long"
    assert refused(huge_cell_csv(1001), "x.csv") == "cell_too_long"
    assert refused(("Họ và tên\n" + "a\n" * 61_000).encode(), "x.csv") == "too_many_rows"
    assert refused(b"a" * (4 * 1024 * 1024 + 1), "x.csv") == "file_too_large"


def test_a_long_cell_in_an_xlsx_is_refused():
    sheet = f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * 1001}</t></is></c></row></sheetData>'
    assert refused(workbook(sheet), "x.xlsx") == "cell_too_long"


def test_calamine_reads_the_rows_openpyxl_read():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Mã đơn vị", "Số điện thoại", "Số CCCD", "Ngày", "Giờ", "Số", "Có"])
    for n in range(200):
        phone = f"09{n:08d}" if n % 2 else 912000000 + n  # typed as text, or as a number that lost its 0
        sheet.append(
            [
                f"Nguyễn Thị {n}",
                "16813",
                phone,
                f"0{n:011d}",
                datetime.date(2026, 1, 1 + n % 28),
                datetime.datetime(2026, 2, 3, n % 24, 5),
                n / 8,
                n % 2 == 0,
            ]
        )
    sheet["D5"] = "=1+1"  # a formula without a cached value reads as empty either way
    sheet["B300"] = "xa"  # rows beyond a gap keep their numbers
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    old = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    before = _rows([list(values) for values in old.worksheets[0].iter_rows(values_only=True)])
    old.close()
    after = read_table(data, "x.xlsx")
    assert after == before
    assert after[0].cells["Số CCCD"] == "000000000000" and after[2].cells["Số điện thoại"] == "912000002"
    assert after[-1].number == 300


def test_a_reference_hidden_in_another_attribute_or_behind_a_quoted_bracket_is_still_read():
    sneaky = '<sheetData><row r="1"><c x="r=\'A1\' >" r="XFD1"><v>1</v></c></row></sheetData>'
    assert refused(workbook(sneaky), "x.xlsx") == "too_many_columns"


@pytest.mark.parametrize("split", range(1, 40))
def test_a_tag_cut_between_two_chunks_is_read_whole(split):
    sheet = b'<sheetData><row r="1"><c q=">" r="XFD1"><v>1</v></c></row></sheetData>'
    with pytest.raises(TableError) as error:
        _scan_sheet(iter([sheet[:split], sheet[split:]]), Bounds())
    assert error.value.code == "too_many_columns"


def test_a_tag_longer_than_any_sheet_has_is_refused():
    huge = b'<sheetData><row r="1"><c pad="' + b"x" * 2_000_000 + b'" r="XFD1"><v>1</v></c></row></sheetData>'
    chunks = [huge[start : start + 1024 * 1024] for start in range(0, len(huge), 1024 * 1024)]
    with pytest.raises(TableError) as error:
        _scan_sheet(iter(chunks), Bounds())
    assert error.value.code in ("suspicious_xlsx", "too_many_columns")


@pytest.mark.parametrize("prefix", ["x:", "ss.v-1:"])
def test_cells_and_rows_with_a_namespace_prefix_are_counted_as_plain_ones(prefix):
    wide = f"<{prefix}row>" + f"<{prefix}c><{prefix}v>1</{prefix}v></{prefix}c>" * 101 + f"</{prefix}row>"
    with pytest.raises(TableError) as error:
        _scan_sheet(iter([f"<{prefix}sheetData>{wide}</{prefix}sheetData>".encode()]), Bounds())
    assert error.value.code == "too_many_columns"
    rows = "".join(f"<{prefix}row><{prefix}c><{prefix}v>1</{prefix}v></{prefix}c></{prefix}row>" for _ in range(11))
    with pytest.raises(TableError) as error:
        _scan_sheet(iter([rows.encode()]), Bounds(rows=10))
    assert error.value.code == "too_many_rows"


def test_a_row_whose_cells_take_a_prefix_only_in_a_later_chunk_is_counted_whole():
    """The first chunk has no prefixed tag (counted by the plain patterns), the second only prefixed ones: the open
    row's cells add up across them."""
    first = b"<sheetData><row>" + b"<c><v>1</v></c>" * 60
    second = b"<x:c><x:v>1</x:v></x:c>" * 41 + b"</row></sheetData>"
    with pytest.raises(TableError) as error:
        _scan_sheet(iter([first, second]), Bounds())
    assert error.value.code == "too_many_columns"
    _scan_sheet(iter([first, second[len(b"<x:c><x:v>1</x:v></x:c>") :]]), Bounds())  # 100 cells: within
