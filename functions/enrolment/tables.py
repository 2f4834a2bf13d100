"""Reading an uploaded spreadsheet, CSV or XLSX, into rows of text cells keyed by their header.

Every cell is Unicode NFC with whitespace collapsed; Excel's numbers and dates become the text a person typed. What the
rows mean (units, learners) is `functions.enrolment.imports`' business. Nothing is parsed before
`functions.enrolment.bounds` has checked what the file holds; XLSX is read with calamine (Rust), which reads a
province's 36,000 rows several times faster than openpyxl's reader and gives the same rows.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from python_calamine import CalamineError, CalamineWorkbook

from functions import collector
from functions.enrolment.bounds import BOUNDS, MESSAGES, Bounds, TableError, check_size, check_table, check_xlsx

__all__ = ["MESSAGES", "Row", "TableError", "clean", "header_key", "read_table"]
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_ANY_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


@dataclass(frozen=True)
class Row:
    """One spreadsheet row: its number as Excel shows it (header = 1) and its cells by header, as written."""

    number: int
    cells: dict[str, str]


def clean(text: str) -> str:
    """NFC, invisible characters dropped, runs of whitespace (non-breaking spaces, line breaks) made one space."""
    # A province's phones, ids and codes are ASCII, already NFC and with none of the invisible characters; a name
    # holds one of those rarely. The searches cost a third of the normalisation and translation they spare.
    if text.isascii():
        return " ".join(text.split())
    text = unicodedata.normalize("NFC", text)
    return " ".join((text.translate(_INVISIBLE) if _ANY_INVISIBLE.search(text) else text).split())


def header_key(text: str) -> str:
    """Lower case without accents or punctuation: `Mã ĐƠN VỊ`, `ma don vi` and `ma_don_vi` are one key."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in bare if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def _cell(value: object) -> str:
    # Excel stores typed numbers as floats: 912345678.0 is the phone 0912345678 once the caller restores the 0.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        value = value.strftime("%d/%m/%Y")
    return "" if value is None else clean(str(value))


def _rows(table: Sequence[Sequence[object]]) -> list[Row]:
    if not table:
        return []
    headers = [_cell(value) for value in table[0]]
    rows = []
    # A list repeats most of its text cells (unit codes, positions, rounds, blanks): each is cleaned once. Only text
    # is kept: 1, 1.0 and True are equal keys but not the same cell.
    cleaned: dict[str, str] = {}

    def cell_text(value: object) -> str:
        if type(value) is not str:
            return _cell(value)
        done = cleaned.get(value)
        if done is None:
            done = cleaned[value] = clean(value)
        return done

    for number, values in enumerate(table[1:], start=2):
        # A text seen before is read from `cleaned` here, without a call: most of a row's cells.
        texts = [
            cleaned[value] if type(value) is str and value in cleaned else cell_text(value) for value in values
        ] + [""] * (len(headers) - len(values))
        cells: dict[str, str] = {}
        for header, text in zip(headers, texts, strict=False):  # cells beyond the last header are ignored
            if header and header not in cells:  # unnamed columns and repeated headers after the first are ignored
                cells[header] = text
        if any(cells.values()):
            rows.append(Row(number, cells))
    return rows


def _csv(data: bytes, known_headers: frozenset[str] | set[str], bounds: Bounds) -> Sequence[Sequence[object]]:
    # Excel's plain "CSV" is Windows-1258 and its "Unicode text" UTF-16; guessing between legacy code pages would
    # corrupt names silently, so anything but UTF-8 is refused with instructions.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("not_utf8") from None
    if "\x00" in text:
        raise TableError("not_utf8")
    if text.count("\n") > bounds.rows + 1:
        raise TableError("too_many_rows")

    def parse(delimiter: str) -> list[list[str]]:
        try:
            return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error:  # a field beyond the csv module's own limit (128 KB)
            raise TableError("cell_too_long") from None

    # Excel in Vietnamese writes ";" (the decimal mark is ","), but a header may itself hold commas: pick the
    # delimiter whose header names the most known columns, then the one giving the most columns. Only as many
    # headers as a table may have are looked at: a 15,000-column header must not cost 15,000 key foldings.
    def score(table: list[list[str]]) -> tuple[int, int]:
        header = table[0][: bounds.columns + 1] if table else []
        return sum(header_key(str(name)) in known_headers for name in header), len(header)

    return max((parse(delimiter) for delimiter in (",", ";", "\t")), key=score)


def _xlsx(data: bytes, bounds: Bounds) -> Sequence[Sequence[object]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            check_xlsx(book, bounds)
    except TableError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise TableError("unreadable_xlsx") from None
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            # From A1 as openpyxl's reader gave them, so the row numbers in problems are those Excel shows.
            return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            workbook.close()
    except (CalamineError, IndexError, ValueError, OSError):
        raise TableError("unreadable_xlsx") from None


def read_table(
    data: bytes,
    filename: str,
    known_headers: frozenset[str] | set[str] = frozenset(),
    bounds: Bounds = BOUNDS,
) -> list[Row]:
    """The rows of an uploaded `.csv` (UTF-8, `,` `;` or tab) or `.xlsx` (first sheet); blank rows are skipped.
    `known_headers` (as `header_key` gives them) tell the CSV delimiter: the one whose header names the most.
    A file beyond `bounds` is refused (`TableError`) before it is parsed."""
    suffix = filename.lower().rsplit(".", 1)[-1]
    if suffix not in ("xlsx", "xlsm", "csv", "txt"):
        raise TableError("unsupported_file")
    check_size(data, bounds)
    with collector.held():  # a cell and a row object each: no cycles among them (`functions.collector`)
        table = _xlsx(data, bounds) if suffix in ("xlsx", "xlsm") else _csv(data, known_headers, bounds)
        check_table(table, bounds)
        return _rows(table)
