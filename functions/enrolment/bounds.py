"""What an uploaded spreadsheet may hold, checked before anything parses it.

A parser's cost follows what a file declares, not its size on the wire: a 17 KB XLSX with one cell in column XFD on
each of 1,500 rows made the reader pad 24 million empty cells (9 s); a 114 KB CSV whose header has 15,000 columns
took 32 s; a zip entry can inflate a thousandfold. So the file's size, the zip's entries (count, declared and actual
sizes, compression ratios), the first sheet's declared and actual dimensions, and every cell's length are checked
first, by streaming passes whose cost is bounded by the limits themselves. Plain Python, no framework.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from posixpath import dirname, join, normpath
from xml.etree import ElementTree

MESSAGES = {
    "not_utf8": "Tệp CSV phải lưu bằng mã UTF-8: trong Excel chọn Lưu thành → “CSV UTF-8”.",
    "unsupported_file": "Chỉ nhận tệp .csv hoặc .xlsx (tệp .xls cũ hãy lưu lại thành .xlsx).",
    "unreadable_xlsx": "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx.",
    "file_too_large": "Tệp quá lớn: mỗi lần nhập tối đa 4 MB; hãy chia danh sách thành nhiều tệp.",
    "too_many_rows": "Tệp có quá nhiều dòng: mỗi lần nhập tối đa 60.000 dòng; hãy chia danh sách thành nhiều tệp.",
    "too_many_columns": "Trang tính có quá nhiều cột (tối đa 100) hoặc có dữ liệu ở cột quá xa bên phải: "
    "xóa các cột thừa rồi lưu lại.",
    "cell_too_long": "Có ô dài quá 1.000 ký tự: kiểm tra lại tệp (có thể đã dán nhầm cả đoạn văn bản vào một ô).",
    "suspicious_xlsx": "Tệp Excel có cấu trúc bất thường (nén quá mức, quá lớn khi giải nén hoặc quá nhiều thành phần) "
    "nên không được đọc: mở bằng Excel rồi lưu lại thành .xlsx.",
}
"""Why a whole file cannot be read; stable codes, Vietnamese messages."""


@dataclass(frozen=True)
class Bounds:
    """The most a file may hold. A province's 36,000 learners are about 3 MB of CSV with 8 columns."""

    bytes: int = 4 * 1024 * 1024
    rows: int = 60_000
    columns: int = 100
    cells: int = 2_000_000  # rows × columns of the rectangle a reader fills, from A1 to the last cell
    cell_chars: int = 1_000
    zip_entries: int = 200
    unzipped: int = 100 * 1024 * 1024  # all entries together, inflated
    ratio: int = 100  # inflated / compressed, for entries above `small_entry`; a zip bomb reaches 1,000
    small_entry: int = 1024 * 1024


BOUNDS = Bounds()


class TableError(ValueError):
    """The whole file cannot be read (wrong format or encoding, or beyond `Bounds`): nothing in it is imported."""

    def __init__(self, code: str):
        super().__init__(MESSAGES[code])
        self.code, self.message = code, MESSAGES[code]


def check_size(data: bytes, bounds: Bounds = BOUNDS) -> None:
    """Refuse a file larger than the upload limit, whoever hands it over (the API or the command line)."""
    if len(data) > bounds.bytes:
        raise TableError("file_too_large")


def check_table(table: Sequence[Sequence[object]], bounds: Bounds = BOUNDS) -> None:
    """Refuse a parsed table beyond the bounds, before any per-cell work (cleaning, header matching) runs on it."""
    if len(table) > bounds.rows:
        raise TableError("too_many_rows")
    if any(len(row) > bounds.columns for row in table):
        raise TableError("too_many_columns")
    if any(isinstance(value, str) and len(value) > bounds.cell_chars for row in table for value in row):
        raise TableError("cell_too_long")


# Counting is done with C-speed searches, not tag by tag (a province's sheet has 400,000 cells): every `r="…"` in
# the text is taken as a reference, which can only overcount (a reference hidden in another attribute is still
# seen); cells written without a reference are counted by their position in their row.
_QUOTED = rb"""(?:"[^"]*"|'[^']*')"""
_ANY_TAG = re.compile(rb"<(?:[^<>\"']|" + _QUOTED + rb")*>")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^<]*?\sref\s*=\s*[\"']([^\"']*)[\"']")
_REFERENCES = re.compile(rb"r(?<=\sr)\s*=\s*[\"']\$?([A-Za-z]*)\$?([0-9]*)")
"""Every `r="…"` after a space: its column letters and its row number, either possibly empty; one search gives both.
(The `r` is searched for first and the space looked behind it: a pattern opening with a class tries every byte.)"""
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b")
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:")
"""A tag with a namespace prefix (`<x:c`). Most writers use none; where a piece of the sheet has none, the tags are
counted by the patterns without the optional prefix (`_PLAIN`), which match exactly the same tags three times faster."""
_PLAIN = {_ROW_TAG: re.compile(rb"<row\b"), _CELL_TAG: re.compile(rb"<c\b")}
_LONGEST_TAG = 64 * 1024
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_CHUNK = 1024 * 1024
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DOCUMENT_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _column(letters: bytes | str) -> int:
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(letter) - 64
    return number


def _declared(ref: str, bounds: Bounds) -> None:
    """A sheet's `<dimension ref="A1:G36001"/>`: what it claims to span is refused as if it were there."""
    corners = [_CELL.fullmatch(corner) for corner in ref.split(":")]
    if not all(corners):
        return  # a malformed or missing dimension decides nothing: the cells themselves are counted below
    last_column = max(_column(corner[1]) for corner in corners if corner)
    last_row = max(int(corner[2]) for corner in corners if corner)
    _spans(last_row, last_column, bounds)


def _spans(last_row: int, last_column: int, bounds: Bounds) -> None:
    if last_column > bounds.columns:
        raise TableError("too_many_columns")
    if last_row > bounds.rows:
        raise TableError("too_many_rows")
    if last_row * last_column > bounds.cells:
        raise TableError("too_many_rows")


def _chunks(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """An entry inflated a megabyte at a time; zipfile stops at the declared size and checks the CRC at the end, so an
    entry that lies about its size fails instead of growing."""
    with book.open(info) as entry:
        while chunk := entry.read(_CHUNK):
            yield chunk


def _scan_sheet(chunks: Iterator[bytes], bounds: Bounds) -> None:
    """A worksheet streamed: its declared dimension, and the last row and column its cells use, whether they carry
    their reference (`r="XFD7"`) or only their position, stay within the bounds."""
    last_row = last_column = rows = in_row = 0

    def count(text: bytes) -> None:
        nonlocal last_row, last_column, rows, in_row
        # The word first (a search at C speed): the tag is once in a sheet, and trying it at each of a province's
        # 1.5 million `<` took a sixth of this check.
        for declared in _DIMENSION.findall(text) if b"dimension" in text else ():
            _declared(declared.decode("ascii", "replace"), bounds)
        prefixed = _PREFIXED.search(text) is not None
        row_tag, cell_tag = (_ROW_TAG, _CELL_TAG) if prefixed else (_PLAIN[_ROW_TAG], _PLAIN[_CELL_TAG])
        references = _REFERENCES.findall(text)
        letters = {column for column, _ in references if column}
        if letters:
            last_column = max(last_column, max(_column(column) for column in letters))
        numbers = {number for _, number in references if number}
        if numbers:
            last_row = max(last_row, max(map(int, numbers)))
        pieces = row_tag.split(text)  # the cells of each row, the first piece continuing the row already open
        rows += len(pieces) - 1
        for n, piece in enumerate(pieces):
            cells = len(cell_tag.findall(piece))
            in_row = in_row + cells if n == 0 else cells
            last_column = max(last_column, in_row)
        _spans(max(last_row, rows), last_column, bounds)

    rest = b""
    for chunk in chunks:
        text = rest + chunk
        # No tag holds a raw `<`: everything before the last one is whole tags and text; the last may be cut off.
        cut = text.rfind(b"<")
        if cut < 0:
            rest = b""  # text only (a long run of blanks or a long string): nothing to count
            continue
        count(text[:cut])
        rest = text[cut:]
        if whole := _ANY_TAG.match(rest):  # the last tag is complete, and what follows it is text
            count(rest[: whole.end()])
            rest = b""
        elif len(rest) > _LONGEST_TAG:  # no sheet has such a tag: it could only hide a cell from this count
            raise TableError("suspicious_xlsx")
    count(rest)


def _first_sheet(book: zipfile.ZipFile) -> str | None:
    """The path of the workbook's first sheet, as readers pick it: the first `<sheet>` of xl/workbook.xml, resolved
    through its relationships."""
    names = set(book.namelist())
    main = "xl/workbook.xml"
    rels = "xl/_rels/workbook.xml.rels"
    if main not in names or rels not in names:
        return None
    try:
        sheets = [el for el in ElementTree.fromstring(book.read(main)).iter() if el.tag.endswith("}sheet")]
        targets = {
            el.get("Id"): el.get("Target", "") for el in ElementTree.fromstring(book.read(rels)).iter(_RELATIONSHIPS)
        }
    except ElementTree.ParseError:
        raise TableError("unreadable_xlsx") from None
    if not sheets:
        return None
    target = targets.get(sheets[0].get(_DOCUMENT_ID), "")
    path = target.lstrip("/") if target.startswith("/") else normpath(join(dirname(main), target))
    return path if path in names else None


def check_xlsx(book: zipfile.ZipFile, bounds: Bounds = BOUNDS) -> None:
    """Refuse a workbook whose zip is a bomb (too many entries, too large inflated, too compressed, or lying about its
    sizes) or whose first sheet declares or uses more rows, columns or cells than the bounds."""
    entries = book.infolist()
    if len(entries) > bounds.zip_entries or sum(info.file_size for info in entries) > bounds.unzipped:
        raise TableError("suspicious_xlsx")
    for info in entries:
        if info.file_size > bounds.small_entry and info.file_size > bounds.ratio * max(info.compress_size, 1):
            raise TableError("suspicious_xlsx")
    # The small files first (workbook and relationships): they name the sheet whose rows and columns are counted.
    sheet = _first_sheet(book)
    try:
        for info in entries:
            if info.filename == sheet:
                _scan_sheet(_chunks(book, info), bounds)
            else:
                for _ in _chunks(book, info):  # inflated once, so the reader after us meets no surprise
                    pass
    except TableError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError, ValueError):
        raise TableError("unreadable_xlsx") from None
