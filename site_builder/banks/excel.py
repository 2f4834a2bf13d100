"""The Excel sheet a training department fills: one question a row under Vietnamese headers (Mã câu, Bài học, Câu
hỏi, Lựa chọn A…H, Đáp án, Giải thích), read with each problem located by row; and the same sheet written, empty
with examples (the template) or filled with a course's bank (to edit in Excel and import again)."""

from __future__ import annotations

import datetime
import unicodedata
from io import BytesIO
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from functions.cells import TRIGGERS, Book, Cell
from site_builder.banks.draft import Draft, Read, clean, letters
from site_builder.problems import problem
from site_builder.structure import LETTERS, Course, QuestionSource

SHEET = "Câu hỏi"
HEADERS = ["Mã câu", "Bài học", "Câu hỏi", *(f"Lựa chọn {letter}" for letter in LETTERS), "Đáp án", "Giải thích"]
_REQUIRED = ["Câu hỏi", "Lựa chọn A", "Lựa chọn B", "Đáp án"]
_ALIASES = {
    "mã câu hỏi": "Mã câu",
    "nội dung câu hỏi": "Câu hỏi",
    "đáp án đúng": "Đáp án",
    "lời giải thích": "Giải thích",
}
_STAMP = datetime.datetime(2026, 1, 1)
"""The file's creation date: fixed, so the template is the same file from one run to the next."""
_WIDTHS = {"Mã câu": 16, "Bài học": 12, "Câu hỏi": 60, "Đáp án": 9, "Giải thích": 60}

EXAMPLES: list[list[str]] = [
    [
        "attt-02-mau-01",
        "attt-02",
        "Khi được hỏi có bật xác thực hai yếu tố cho thư điện tử công vụ không, nên hiểu lớp bảo vệ thứ hai là gì?",
        "Mã dùng một lần gửi tới điện thoại, hoặc xác nhận trên ứng dụng, sau khi nhập đúng mật khẩu.",
        "Một mật khẩu thứ hai dài hơn, nhập ngay sau mật khẩu thứ nhất trên cùng một trang đăng nhập.",
        "Câu hỏi bảo mật về tên trường tiểu học, được hỏi lại mỗi lần đăng nhập từ máy tính lạ.",
        "Việc đổi mật khẩu định kỳ hai lần mỗi năm theo yêu cầu của bộ phận quản trị hệ thống.",
        "A",
        "Yếu tố thứ hai là thứ mình có (điện thoại, khóa bảo mật), khác với thứ mình biết (mật khẩu); kẻ gian lấy được "
        "mật khẩu vẫn chưa vào được tài khoản.",
    ],
    [
        "",
        "attt-02",
        "Những việc nào giúp giữ an toàn tài khoản thư điện tử công vụ? (chọn tất cả đáp án đúng)",
        "Bật xác thực hai yếu tố cho tài khoản.",
        "Dùng lại mật khẩu của tài khoản mạng xã hội cho dễ nhớ.",
        "Chỉ nhập mật khẩu trên trang có địa chỉ đúng của hệ thống thư.",
        "Ghi mật khẩu ra giấy dán cạnh màn hình máy tính ở cơ quan.",
        "A, C",
        "Xác thực hai yếu tố và kiểm tra địa chỉ trang trước khi đăng nhập chặn phần lớn kiểu chiếm tài khoản; "
        "mật khẩu dùng lại hoặc để lộ thì một lần rò rỉ là mất cả.",
    ],
]
_GUIDE = [
    'Cách điền trang tính "Câu hỏi" (mỗi hàng một câu; hàng 1 là tiêu đề, giữ nguyên tên cột):',
    "Mã câu: để trống thì hocso tự đặt mã theo bài học (<mã bài học>-q11, -q12…); nếu ghi thì chỉ dùng chữ không dấu, "
    "số, dấu '-', '_' hoặc '.', và không trùng mã đã có. Mã đã dùng không được đổi.",
    "Bài học: mã bài học (ví dụ attt-02), số thứ tự bài trong khóa (2) hoặc đúng tên bài; để trống thì phải chạy lệnh "
    "với --lesson.",
    "Câu hỏi, Lựa chọn A, B…: ít nhất hai lựa chọn, nhiều nhất tám (A–H), điền liền nhau từ A, không bỏ trống ở giữa.",
    "Đáp án: chữ cái của lựa chọn đúng (B); nhiều đáp án đúng thì ghi các chữ cách nhau dấu phẩy (A, C) và đề phải có "
    'cụm "chọn tất cả đáp án đúng".',
    "Giải thích: bắt buộc; người học đọc sau khi nộp bài, nên nói vì sao đáp án đúng và nhắc mục của bài học.",
    "Nhập vào khóa học: hocso import-questions <tệp.xlsx> --course <mã khóa học>. Mọi lỗi được báo kèm số hàng; "
    "còn lỗi thì không tệp nào bị ghi.",
    'Các hàng mẫu trong trang "Câu hỏi" chỉ để minh họa: hãy xóa chúng trước khi điền câu hỏi của đơn vị.',
]


def _key(header: object) -> str:
    text = " ".join(unicodedata.normalize("NFC", str(header or "")).split()).casefold()
    named = {name.casefold(): name for name in HEADERS}
    return named.get(text) or _ALIASES.get(text, "")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if text.startswith("'") and text[1:].startswith(TRIGGERS):
        text = text[1:]  # the quote `functions.cells` puts before "=", "-"…: not part of the question
    return clean(text)


def read(path: Path, data: bytes) -> Read:
    """The questions of the sheet "Câu hỏi" (or the first sheet), each problem located by row."""
    found = Read(path=path, format="Excel")
    try:  # calamine, as for the lists of learners: it reads values, never runs a formula, and is quick
        book = CalamineWorkbook.from_filelike(BytesIO(data))
        sheet = book.get_sheet_by_name(SHEET) if SHEET in book.sheet_names else book.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, IndexError, ValueError, OSError) as error:
        found.problems.append(
            problem(path, None, "", "file_unreadable", detail=f"không phải tệp Excel .xlsx ({error})")
        )
        return found
    header_row = next((index for index, row in enumerate(rows[:10]) if "Câu hỏi" in map(_key, row)), None)
    if header_row is None:
        found.problems.append(problem(path, 1, "", "bank_header_missing", detail="Câu hỏi"))
        return found
    columns = {_key(value): index for index, value in enumerate(rows[header_row]) if _key(value)}
    missing = [name for name in _REQUIRED if name not in columns]
    for name in missing:
        found.problems.append(problem(path, header_row + 1, "", "bank_header_missing", detail=name))
    if missing:
        return found
    for number, row in enumerate(rows[header_row + 1 :], start=header_row + 2):
        values = {name: _cell(row[index]) if index < len(row) else "" for name, index in columns.items()}
        if not any(values.values()):
            continue
        choices = [values.get(f"Lựa chọn {letter}", "") for letter in LETTERS]
        while choices and not choices[-1]:
            choices.pop()
        written = values["Đáp án"]
        draft = Draft(
            line=number,
            text=values["Câu hỏi"],
            choices=choices,
            answers=letters(written) or ([written] if written else []),
            id=values.get("Mã câu", ""),
            lesson=values.get("Bài học", ""),
            explanation=values.get("Giải thích", ""),
        )
        found.drafts.append(draft)
    return found


def _book(rows: list[list[str]]) -> Book:
    """The sheet "Câu hỏi" with its headers and `rows`, written through `functions.cells` like every spreadsheet hocso
    writes: a question that starts with "=", "-" or "+" gets the leading quote that keeps Excel from running it."""
    book = Book(SHEET, [_WIDTHS.get(name, 30) for name in HEADERS], freeze="A2")
    book.append([Cell(name, bold=True) for name in HEADERS])
    for row in rows:
        book.append([Cell(value, wrap=True) for value in row])
    return book


def template() -> bytes:
    """The empty template with two example rows and a sheet of instructions."""
    book = _book([_example(row) for row in EXAMPLES])
    book.sheet("Hướng dẫn", [120])
    for line in _GUIDE:
        book.append([line])
    return book.bytes(created=_STAMP)


def _example(row: list[str]) -> list[str]:
    """An example (id, lesson, text, four choices, answer, explanation) spread over all eight choice columns."""
    return row[:7] + [""] * (len(LETTERS) - 4) + row[7:]


def _row(question: QuestionSource) -> list[str]:
    choices = question.choices + [""] * (len(LETTERS) - len(question.choices))
    answer = ", ".join(question.answer_letters)
    return [question.id, question.lesson, question.text, *choices, answer, question.explanation]


def write(course: Course) -> bytes:
    """A course's bank in the template's layout, so it can be edited in Excel and imported again (--replace)."""
    return _book([_row(question) for question in course.questions]).bytes(created=_STAMP)
