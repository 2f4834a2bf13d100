"""Reading an uploaded spreadsheet, CSV or XLSX, into rows of text cells keyed by their header.

Every cell is Unicode NFC with whitespace collapsed; Excel's numbers and dates become the text a person typed. What the
rows mean (units, learners) is `functions.accounts.imports`' business.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import load_workbook

MESSAGES = {
    "not_utf8": "Tệp CSV phải lưu bằng mã UTF-8: trong Excel chọn Lưu thành → “CSV UTF-8”.",
    "unsupported_file": "Chỉ nhận tệp .csv hoặc .xlsx (tệp .xls cũ hãy lưu lại thành .xlsx).",
    "unreadable_xlsx": "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx.",
}
"""Why a whole file cannot be read; stable codes, Vietnamese messages."""
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


class TableError(ValueError):
    """The whole file cannot be read (wrong format or encoding): nothing in it is imported."""

    def __init__(self, code: str):
        super().__init__(MESSAGES[code])
        self.code, self.message = code, MESSAGES[code]


@dataclass(frozen=True)
class Row:
    """One spreadsheet row: its number as Excel shows it (header = 1) and its cells by header, as written."""

    number: int
    cells: dict[str, str]


def clean(text: str) -> str:
    """NFC, invisible characters dropped, runs of whitespace (non-breaking spaces, line breaks) made one space."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).split())


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


def _rows(table: list[list[object]]) -> list[Row]:
    if not table:
        return []
    headers = [_cell(value) for value in table[0]]
    rows = []
    for number, values in enumerate(table[1:], start=2):
        texts = [_cell(value) for value in values] + [""] * (len(headers) - len(values))
        cells: dict[str, str] = {}
        for header, text in zip(headers, texts):
            if header and header not in cells:  # unnamed columns and repeated headers after the first are ignored
                cells[header] = text
        if any(cells.values()):
            rows.append(Row(number, cells))
    return rows


def _csv(data: bytes, known_headers: frozenset[str] | set[str]) -> list[list[object]]:
    # Excel's plain "CSV" is Windows-1258 and its "Unicode text" UTF-16; guessing between legacy code pages would
    # corrupt names silently, so anything but UTF-8 is refused with instructions.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("not_utf8") from None
    if "\x00" in text:
        raise TableError("not_utf8")

    def parse(delimiter: str) -> list[list[object]]:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))

    # Excel in Vietnamese writes ";" (the decimal mark is ","), but a header may itself hold commas: pick the
    # delimiter whose header names the most known columns, then the one giving the most columns.
    def score(table: list[list[object]]) -> tuple[int, int]:
        header = table[0] if table else []
        return sum(header_key(str(name)) in known_headers for name in header), len(header)

    return max((parse(delimiter) for delimiter in (",", ";", "\t")), key=score)


def _xlsx(data: bytes) -> list[list[object]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TableError("unreadable_xlsx") from None
    try:
        return [list(values) for values in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def read_table(data: bytes, filename: str, known_headers: frozenset[str] | set[str] = frozenset()) -> list[Row]:
    """The rows of an uploaded `.csv` (UTF-8, `,` `;` or tab) or `.xlsx` (first sheet); blank rows are skipped.
    `known_headers` (as `header_key` gives them) tell the CSV delimiter: the one whose header names the most."""
    suffix = filename.lower().rsplit(".", 1)[-1]
    if suffix in ("xlsx", "xlsm"):
        return _rows(_xlsx(data))
    if suffix in ("csv", "txt"):
        return _rows(_csv(data, known_headers))
    raise TableError("unsupported_file")
