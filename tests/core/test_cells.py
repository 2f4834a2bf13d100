"""Every CSV and XLSX cell hocso writes is neutralised against formula injection, and nothing writes them elsewhere."""

import csv
import io
import re

import openpyxl
import pytest

from functions.cells import Book, Cell, csv_file, neutral
from tests.support.paths import ROOT

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert neutral(text) == "'" + text


def test_numbers_and_plain_text_are_left_as_they_are():
    assert [neutral(value) for value in (-3, 2.5, None, "Nguyễn Văn A", "a=b", "0912000000")] == [
        -3,
        2.5,
        None,
        "Nguyễn Văn A",
        "a=b",
        "0912000000",
    ]


def test_a_csv_file_has_a_bom_and_no_cell_starting_with_a_trigger():
    data = csv_file([["Tên", "Số"], *([text, -1] for text in FORMULAS), [None, 1.5]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1:] == [["'" + text, "-1"] for text in FORMULAS] + [["", "1.5"]]


def test_an_xlsx_book_stores_text_as_strings_never_formulas():
    book = Book("Báo cáo", widths=(10, 20), freeze="B2")
    book.append([Cell("Tiêu đề", bold=True, size=14)])
    book.append([Cell(text, indent=1, wrap=True) for text in FORMULAS] + [Cell(12.5, number_format="0.0"), -4])
    sheet = openpyxl.load_workbook(io.BytesIO(book.bytes())).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    # XML turns a carriage return into a line feed: what matters is the quote in front.
    assert [cell.value for cell in cells] == ["'" + text.replace("\r", "\n") for text in FORMULAS] + [12.5, -4]
    assert [cell.data_type for cell in cells] == ["s"] * len(FORMULAS) + ["n", "n"]
    assert sheet["A1"].font.b and sheet["A2"].alignment.indent == 1 and sheet["G2"].number_format == "0.0"


WRITERS = re.compile(r"\bcsv\.(writer|DictWriter)\b|\bimport openpyxl\b|\bfrom openpyxl\b|\bxlsxwriter\b")


def test_no_module_but_cells_writes_csv_or_xlsx():
    """A new export must go through `functions.cells`; reading (csv.reader, calamine) is allowed anywhere."""
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("functions", "site_builder")
        for path in (ROOT / folder).rglob("*.py")
        if path != ROOT / "functions" / "cells.py" and WRITERS.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
