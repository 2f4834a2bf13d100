"""Unit and learner lists uploaded as CSV or XLSX, read into checked rows and a list of problems, row by row.

Pure logic, no storage: the caller shows `problems` to the administrator and stores `good`. Every text is Unicode NFC
with whitespace collapsed, so a name typed on a phone (decomposed) and one typed in Excel (composed) are the same.
Spreadsheets mangle numbers, so a few repairs are made and documented where they happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from functions import categories, collector, headcounts
from functions.enrolment import tables
from functions.enrolment.bounds import BOUNDS, Bounds
from functions.enrolment.tables import Row, TableError, clean, header_key
from functions.headcounts import Headcount

__all__ = [
    "BOUNDS",
    "Bounds",
    "Row",
    "TableError",
    "clean",
    "read_table",
]  # the readers of a file live in `tables`, used through here

T = TypeVar("T")

MESSAGES = {
    **tables.MESSAGES,
    "missing_column": "Thiếu cột “{header}” ở dòng tiêu đề.",
    "missing_name": "Thiếu họ và tên",
    "missing_unit": "Thiếu mã đơn vị",
    "unknown_unit": "Mã đơn vị không có trong danh sách đơn vị",
    "bad_phone": "Số điện thoại không hợp lệ (cần 10 chữ số, bắt đầu bằng 0)",
    "bad_email": "Địa chỉ email không hợp lệ",
    "bad_external_id": "Số CCCD cần 12 chữ số (CMND 9 chữ số); mã cán bộ gồm chữ, số, - _ . /, tối đa 32 ký tự",
    "scientific_number": "Excel đã đổi số thành dạng 1,23E+11, mất chữ số: "
    "định dạng cột là Văn bản (Text) rồi nhập lại",
    "missing_contact": "Cần số điện thoại hoặc email",
    "duplicate_in_file": "Trùng với dòng {other}",
    "missing_code": "Thiếu mã đơn vị",
    "bad_code": "Mã đơn vị chỉ gồm chữ không dấu, chữ số, - và _, tối đa 32 ký tự",
    "missing_unit_name": "Thiếu tên đơn vị",
    "unknown_parent": "Mã đơn vị cha không có trong tệp và chưa có trong hệ thống",
    "parent_has_problem": "Đơn vị cha (dòng {other}) có lỗi: sửa dòng đó trước",
    "parent_cycle": "Đơn vị cha tạo thành vòng lặp: {cycle}",
    "bad_flag": "Chỉ nhận: có, không, x, 1, 0, yes, no, true, false hoặc để trống",
    "bad_year": "Năm biên chế là năm có 4 chữ số, ví dụ 2026",
    "unknown_headcount_column": "Cột “{header}”: sau “Biên chế” cần tên một đối tượng trong danh sách: {known}",
    **headcounts.MESSAGES,
    "unknown_category": "Đối tượng “{value}” không có trong danh sách: {known} (hoặc để trống nếu không rõ)",
}
"""Every problem code with its Vietnamese message; the codes are stable, the messages may be reworded."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    code: str
    message: str


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """Rows that passed every check, and what is wrong with the others (a row is either good or has problems)."""

    good: list[T]
    problems: list[RowProblem]


@dataclass(frozen=True)
class UnitRow:
    row: int
    code: str
    name: str
    parent_code: str | None
    kind: str
    remote: bool
    headcounts: tuple[Headcount, ...] = ()
    """The staff in post the row gives (`functions.headcounts`), of its year; the others are left as kept."""


@dataclass(frozen=True)
class LearnerRow:
    row: int
    full_name: str
    unit_code: str
    position: str
    phone: str
    email: str
    external_id: str
    cohort: str | None
    category: str | None = None
    """A code of `functions.categories`; None when the row names none."""

    @property
    def identity(self) -> str:
        """Who this row is within its unit, for upserts: the external id, else the phone, else the email."""
        if self.external_id:
            return f"{self.unit_code}:id:{self.external_id}"
        return f"{self.unit_code}:phone:{self.phone}" if self.phone else f"{self.unit_code}:email:{self.email}"


# Field → header names, matched after `header_key` (case, accents, punctuation ignored); the first is shown in messages.
# For learners the CCCD column comes before the staff-id one: when both are filled, the CCCD is the identity.
UNIT_COLUMNS = {
    "code": ("Mã đơn vị", "Mã", "code", "unit_code"),
    "name": ("Tên đơn vị", "Tên", "name", "unit_name"),
    "parent_code": ("Mã đơn vị cha", "Mã đơn vị cấp trên", "parent_code", "parent"),
    "kind": ("Loại", "Loại đơn vị", "Cấp", "kind", "type"),
    "remote": ("Vùng khó khăn", "Dân tộc thiểu số, miền núi, hải đảo", "Vùng DTTS, miền núi, hải đảo", "remote"),
    "year": ("Năm biên chế", "Năm", "year"),
}
HEADCOUNT_PREFIX = "Biên chế"
"""A unit list's headcount columns are headed `Biên chế <category>` (label, short label or code of the category, as
`functions.categories.code_of` reads it): one column per category the province counts."""
LEARNER_COLUMNS = {
    "full_name": ("Họ và tên", "Họ tên", "full_name", "name"),
    "unit_code": ("Mã đơn vị", "unit_code", "unit"),
    "position": ("Chức vụ", "Chức danh", "position"),
    "phone": ("Số điện thoại", "Điện thoại", "SĐT", "phone", "mobile"),
    "email": ("Email", "Thư điện tử", "e-mail"),
    "external_id": ("Số CCCD", "CCCD", "Số định danh", "Mã cán bộ", "Mã số cán bộ", "external_id"),
    "cohort": ("Đợt", "Đợt học", "cohort"),
    "category": ("Đối tượng", "Nhóm đối tượng", "Đối tượng học", "category"),
}
_CODE = re.compile(r"[A-Z0-9_-]{1,32}")
_STAFF_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]{0,31}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PHONE_MARKS = re.compile(r"[\s.()-]")
_SCIENTIFIC = re.compile(r"\d([.,]\d+)?E\+?\d+", re.IGNORECASE)
_YES, _NO = {"co", "x", "1", "yes", "true"}, {"khong", "0", "no", "false", ""}


_KNOWN_HEADERS = {
    header_key(name) for table in (UNIT_COLUMNS, LEARNER_COLUMNS) for names in table.values() for name in names
}


def read_table(data: bytes, filename: str, bounds: Bounds = BOUNDS) -> list[Row]:
    """The rows of an uploaded unit or learner list (see `tables.read_table`), refused beyond `bounds`."""
    return tables.read_table(data, filename, _KNOWN_HEADERS, bounds)


def _problem(row: int, column: str, code: str, **values: object) -> RowProblem:
    return RowProblem(row, column, code, MESSAGES[code].format(**values))


class _Columns:
    """Where each field is in this file: its headers in preference order, and the header named in messages."""

    def __init__(self, rows: list[Row], names: dict[str, tuple[str, ...]]):
        keys = {header: header_key(header) for header in rows[0].cells}
        self.found = {
            field: [header for alias in aliases for header, key in keys.items() if key == header_key(alias)]
            for field, aliases in names.items()
        }
        self.label = {field: (self.found[field] or [names[field][0]])[0] for field in names}

    def missing(self, *fields: str) -> list[RowProblem]:
        """A problem on the header row when none of `fields` has a column."""
        if any(self.found[field] for field in fields):
            return []
        return [_problem(1, self.label[fields[0]], "missing_column", header=self.label[fields[0]])]

    def get(self, row: Row, field: str) -> tuple[str, str]:
        """The field's first non-empty cell and the header it came from."""
        for header in self.found[field]:
            if row.cells[header]:
                return row.cells[header], header
        return "", self.label[field]

    def every(self, row: Row, fields: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, str]]:
        """`get` of each of `fields`, in one pass (a province's list asks it 36,000 times)."""
        cells, found, label, out = row.cells, self.found, self.label, {}
        for field in fields:
            for header in found[field]:
                if text := cells[header]:
                    out[field] = text, header
                    break
            else:
                out[field] = "", label[field]
        return out


def phone_number(text: str) -> str | None:
    """`0912345678` from `091 234 5678`, `0912.345.678`, `+84 912 345 678` or `912345678`; None if not a phone."""
    digits = _PHONE_MARKS.sub("", text)
    if digits.startswith("+84") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits.lstrip("+")[2:].removeprefix("0")  # `+84 (0)912 …` is written too
    elif len(digits) == 9 and digits.isdigit() and digits[0] != "0":
        digits = "0" + digits  # Excel read the number as a number and dropped its leading 0
    return digits if len(digits) == 10 and digits.isdigit() and digits[0] == "0" else None


def external_id(text: str) -> str | None:
    """A CCCD (12 digits), an old CMND (9), or a staff code; None if it is neither."""
    compact = text.replace(" ", "")
    if compact.isdigit() and len(compact) >= 9:  # shorter numbers are staff codes
        if len(compact) == 11:
            compact = "0" + compact  # a CCCD begins with its province code (001–096): Excel drops the 0
        return compact if len(compact) in (9, 12) else None
    return compact if _STAFF_ID.fullmatch(compact) else None


def _mangled(text: str) -> str | None:
    """`scientific_number` when Excel wrote a long number as `4,01E+10`: the digits are gone, only a re-export helps."""
    return "scientific_number" if _SCIENTIFIC.fullmatch(text) else None


@collector.held()  # a province's rows checked: no cycles among them
def parse_learners(rows: list[Row], known_unit_codes: set[str] | frozenset[str]) -> Parsed[LearnerRow]:
    """Checked learners; `known_unit_codes` are the units they may belong to (codes compare in upper case)."""
    if not rows:
        return Parsed([], [])
    columns = _Columns(rows, LEARNER_COLUMNS)
    problems = columns.missing("full_name") + columns.missing("unit_code") + columns.missing("phone", "email")
    if problems:
        return Parsed([], problems)
    known = {code.upper() for code in known_unit_codes}
    good: list[LearnerRow] = []
    seen: dict[str, int] = {}
    for row in rows:
        cell = columns.every(row, LEARNER_COLUMNS)
        (name, name_at), (unit, unit_at) = cell["full_name"], cell["unit_code"]
        (phone, phone_at), (email, email_at), (ext, ext_at) = cell["phone"], cell["email"], cell["external_id"]
        unit, email = unit.upper(), email.lower()
        mine = []
        if not name:
            mine.append(_problem(row.number, name_at, "missing_name"))
        if not unit:
            mine.append(_problem(row.number, unit_at, "missing_unit"))
        elif unit not in known:
            mine.append(_problem(row.number, unit_at, "unknown_unit"))
        # Each repaired once, for the check and the row.
        phoned, identified = phone and phone_number(phone), ext and external_id(ext)
        if phone and phoned is None:
            mine.append(_problem(row.number, phone_at, _mangled(phone) or "bad_phone"))
        if ext and identified is None:
            mine.append(_problem(row.number, ext_at, _mangled(ext) or "bad_external_id"))
        if email and not _EMAIL.fullmatch(email):
            mine.append(_problem(row.number, email_at, "bad_email"))
        if not phone and not email:
            mine.append(_problem(row.number, phone_at, "missing_contact"))
        category, category_at = cell["category"]
        if category and categories.code_of(category) is None:
            listed = "; ".join(categories.CATEGORIES.values())
            mine.append(_problem(row.number, category_at, "unknown_category", value=category, known=listed))
        if mine:
            problems += mine
            continue
        learner = LearnerRow(
            row.number,
            name,
            unit,
            cell["position"][0],
            phoned or "",
            email,
            identified or "",
            cell["cohort"][0] or None,
            categories.code_of(category) if category else None,
        )
        if learner.identity in seen:
            at = ext_at if ext else phone_at if phone else email_at
            problems.append(_problem(row.number, at, "duplicate_in_file", other=seen[learner.identity]))
            continue
        seen[learner.identity] = row.number
        good.append(learner)
    return Parsed(good, problems)


def _headcount_columns(rows: list[Row]) -> tuple[dict[str, str], list[RowProblem]]:
    """Header → category code of each `Biên chế <category>` column, and a problem for one naming no category."""
    prefix, found, problems = header_key(HEADCOUNT_PREFIX) + " ", {}, []
    for header in rows[0].cells:
        key = header_key(header)
        if not key.startswith(prefix):
            continue
        code = categories.code_of(key[len(prefix) :])
        if code is None:
            known = "; ".join(categories.CATEGORIES.values())
            problems.append(_problem(1, header, "unknown_headcount_column", header=header, known=known))
        else:
            found[header] = code
    return found, problems


def _headcounts(row: Row, columns: dict[str, str], year: int) -> tuple[tuple[Headcount, ...], list[RowProblem]]:
    """The row's headcounts of `year`, an empty cell giving none, and a problem for each cell not a headcount."""
    counts, problems = [], []
    for header, code in columns.items():
        text = row.cells[header]
        if not text:
            continue
        staff = headcounts.staff_number(text)
        if staff is None:
            problems.append(_problem(row.number, header, "headcount_not_number"))
        elif staff > headcounts.MAX_STAFF:
            problems.append(_problem(row.number, header, "headcount_too_large", limit=f"{headcounts.MAX_STAFF:,}"))
        else:
            counts.append(Headcount(year=year, category=code, staff=staff))
    return tuple(counts), problems


def parse_units(
    rows: list[Row], known_codes: set[str] | frozenset[str] = frozenset(), year: int | None = None
) -> Parsed[UnitRow]:
    """Checked units, parents before children; a parent must be in the file or among `known_codes` (already stored).
    Headcounts are of the row's `Năm biên chế`, else of `year` (the import's), else refused (`bad_year`)."""
    if not rows:
        return Parsed([], [])
    columns = _Columns(rows, UNIT_COLUMNS)
    staffed, problems = _headcount_columns(rows)
    problems += columns.missing("code") + columns.missing("name")
    if problems:
        return Parsed([], problems)
    candidates: dict[str, UnitRow] = {}
    first: dict[str, int] = {}  # code → the first row with it
    rejected: dict[str, int] = {}  # code → row, for rows refused here, so their children can say why they fail too
    at = columns.label
    for row in rows:
        code, name = columns.get(row, "code")[0].upper(), columns.get(row, "name")[0]
        parent, remote = columns.get(row, "parent_code")[0].upper() or None, header_key(columns.get(row, "remote")[0])
        mine = []
        if not code:
            mine.append(_problem(row.number, at["code"], "missing_code"))
        elif not _CODE.fullmatch(code):
            mine.append(_problem(row.number, at["code"], "bad_code"))
        elif code in first:
            mine.append(_problem(row.number, at["code"], "duplicate_in_file", other=first[code]))
        if not name:
            mine.append(_problem(row.number, at["name"], "missing_unit_name"))
        if remote not in _YES | _NO:
            mine.append(_problem(row.number, at["remote"], "bad_flag"))
        typed_year = columns.get(row, "year")[0]
        its_year = int(typed_year) if re.fullmatch(r"20\d\d", typed_year) else None if typed_year else year
        counts: tuple[Headcount, ...] = ()
        if its_year is None and any(row.cells[header] for header in staffed):
            mine.append(_problem(row.number, at["year"], "bad_year"))
        elif its_year is not None:
            counts, wrong = _headcounts(row, staffed, its_year)
            mine += wrong
        if code:
            first.setdefault(code, row.number)
        if mine:
            problems += mine
            if code and code not in candidates:
                rejected.setdefault(code, row.number)
            continue
        candidates[code] = UnitRow(row.number, code, name, parent, columns.get(row, "kind")[0], remote in _YES, counts)
    good, more = _check_parents(candidates, rejected, {code.upper() for code in known_codes}, at["parent_code"])
    return Parsed(good, sorted(problems + more, key=lambda problem: problem.row))


def _check_parents(
    candidates: dict[str, UnitRow], rejected: dict[str, int], known: set[str], column: str
) -> tuple[list[UnitRow], list[RowProblem]]:
    """Units whose ancestors all resolve, shallowest first; a problem for each unit in or under a broken chain."""
    depth: dict[str, int | None] = {}  # code → depth below the file's roots, or None when its chain is broken
    problems: list[RowProblem] = []
    for unit in candidates.values():
        if unit.code in depth:
            continue
        chain, parent = [unit.code], unit.parent_code  # walk up until a root, a settled unit or a repeat
        while parent in candidates and parent not in depth and parent not in chain:
            chain.append(parent)
            parent = candidates[parent].parent_code
        top: int | None = None
        if parent in chain:
            loop = chain[chain.index(parent) :]
            for i, code in enumerate(loop):
                depth[code] = None
                around = " → ".join(loop[i:] + loop[: i + 1])
                problems.append(_problem(candidates[code].row, column, "parent_cycle", cycle=around))
            del chain[chain.index(parent) :]
        elif parent is None or (parent not in candidates and parent in known):
            top = -1
        elif parent in depth:
            top = depth[parent]
        else:  # the highest unit of the chain names a parent that is unknown, or whose own row was refused
            last = candidates[chain.pop()]
            depth[last.code] = None
            code = "parent_has_problem" if parent in rejected else "unknown_parent"
            problems.append(_problem(last.row, column, code, other=rejected.get(parent)))
        for offset, code in enumerate(reversed(chain)):
            depth[code] = None if top is None else top + 1 + offset
            if top is None:
                parent_code = candidates[code].parent_code
                assert parent_code is not None  # below the chain's highest unit, every parent is a row of the file
                parent_row = candidates[parent_code].row
                problems.append(_problem(candidates[code].row, column, "parent_has_problem", other=parent_row))
    settled = {code: below for code, below in depth.items() if below is not None}
    good = sorted((unit for unit in candidates.values() if unit.code in settled), key=lambda u: settled[u.code])
    return good, problems
