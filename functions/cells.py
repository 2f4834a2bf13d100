"""Every cell hocso writes into a CSV or XLSX file, neutralised against formula injection, in one place.

Names come from uploaded lists: a unit named `=HYPERLINK("http://x","y")` would become a live link, or worse, in the
spreadsheet a province opens. As OWASP advises, a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a leading single quote, which Excel and LibreOffice show as text; XLSX text cells are written as strings,
never formulas. Numbers stay numbers (a negative figure is not a formula). No other module writes CSV or XLSX
(tests/core/test_cells.py fails if one does), so a new export cannot forget this.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (or, for tab and carriage return, shift it into one)."""


def neutral(value: object) -> object:
    """The value as it may be written into a cell: text that a spreadsheet would run gets a leading quote."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def csv_file(rows: Iterable[Iterable[object]], delimiter: str = ",") -> bytes:
    """Rows as CSV in UTF-8 with a byte-order mark (so Excel shows Vietnamese), `delimiter` between fields, every
    text cell neutralised; None is an empty cell."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if value is None else neutral(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class Cell:
    """A value with how it looks: bold, font size, indent level, wrapped, vertically centred, number format."""

    value: object
    bold: bool = False
    size: float | None = None
    indent: int = 0
    wrap: bool = False
    centred: bool = False
    number_format: str = ""


class Book:
    """An XLSX workbook written row by row, a sheet at a time (openpyxl's write-only mode: a national report has
    3,000 rows)."""

    def __init__(self, sheet_title: str, widths: Iterable[float] = (), freeze: str | None = None) -> None:
        self._book = Workbook(write_only=True)
        self.sheet(sheet_title, widths, freeze)
        self._fonts: dict[tuple, Font] = {}  # one style object per look, shared by every cell that has it
        self._alignments: dict[tuple, Alignment] = {}

    def sheet(self, title: str, widths: Iterable[float] = (), freeze: str | None = None) -> None:
        """Start another sheet: the rows appended from now on go there."""
        self._sheet = self._book.create_sheet(title)
        for number, width in enumerate(widths, start=1):
            self._sheet.column_dimensions[_letter(number)].width = width
        if freeze:
            self._sheet.freeze_panes = freeze

    def _cell(self, given: object) -> WriteOnlyCell:
        look = given if isinstance(given, Cell) else Cell(given)
        made = WriteOnlyCell(self._sheet, value=neutral(look.value))
        if isinstance(look.value, str):
            made.data_type = "s"  # text is text: openpyxl would otherwise store "=..." as a formula
        if look.bold or look.size:
            made.font = self._fonts.setdefault((look.bold, look.size), Font(bold=look.bold, size=look.size))
        if look.indent or look.wrap or look.centred:
            key = (look.indent, look.wrap, look.centred)
            made.alignment = self._alignments.setdefault(
                key,
                Alignment(indent=look.indent, wrap_text=look.wrap or None, vertical="center" if look.centred else None),
            )
        if look.number_format:
            made.number_format = look.number_format
        return made

    def append(self, values: Iterable[object] = ()) -> None:
        """Add a row: plain values or `Cell`s; every text neutralised and stored as a string."""
        self._sheet.append([self._cell(value) for value in values])

    def bytes(self, created: datetime | None = None) -> bytes:
        """The finished workbook (the book cannot be written to afterwards); `created` stamps it instead of now, for a
        file that must be the same from one run to the next."""
        if created is not None:
            self._book.properties.created = self._book.properties.modified = created
            self._book.properties.creator = "hocso"
        out = io.BytesIO()
        self._book.save(out)
        return out.getvalue()


def _letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
