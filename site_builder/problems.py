"""Content problems: each names a file, a line, a field and a stable code, with a Vietnamese message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic_core import ErrorDetails

MESSAGES: dict[str, str] = {
    "yaml_invalid": "Tệp YAML sai cú pháp: {detail}",
    "front_matter_missing": "Bài học phải bắt đầu bằng phần khai báo (front matter) giữa hai dòng '---'.",
    "file_missing": "Không tìm thấy tệp '{detail}'.",
    "file_unlisted": "Tệp bài học '{detail}' có trong thư mục nhưng chưa được khai báo trong 'lessons' của course.yml.",
    "field_missing": "Thiếu trường bắt buộc.",
    "field_unknown": "Trường không được hỗ trợ (kiểm tra lỗi chính tả).",
    "field_invalid": "Giá trị không hợp lệ: {detail}",
    "id_duplicate": "Mã '{detail}' đã được dùng ở {other}.",
    "answer_not_in_choices": "Đáp án '{detail}' không phải là một lựa chọn của câu hỏi "
    "(có {other} lựa chọn: {letters}).",
    "answer_multiple_unmarked": "Câu hỏi có nhiều đáp án đúng phải ghi rõ trong đề: 'chọn tất cả đáp án đúng'.",
    "choices_duplicate": "Hai lựa chọn giống hệt nhau: '{detail}'.",
    "lesson_unknown": "Câu hỏi gắn với bài học '{detail}' không có trong khóa học.",
    "bank_too_small": "Ngân hàng có {detail} câu hỏi, ít hơn số câu mỗi lần kiểm tra ({other}).",
    "practice_too_small": "Bộ câu hỏi luyện tập có {detail} câu, ít hơn số câu mỗi lượt luyện tập ({other}).",
    "practice_overlap": "Câu hỏi luyện tập trùng với câu '{detail}' của ngân hàng bài kiểm tra ({other}): "
    "câu luyện tập không được trùng câu hỏi dùng để cấp giấy chứng nhận.",
    "practice_unlisted": "Có tệp practice.yml nhưng course.yml chưa khai báo 'practice:'; thêm 'practice:' (số câu mỗi "
    "lượt luyện tập) hoặc xóa tệp.",
    "category_unknown": "'{detail}' không phải mã đối tượng học viên; các mã có thể dùng: {other}.",
    "topic_unknown": "'{detail}' không phải mã chuyên đề trong content/topics.yml; các mã có thể dùng: {other}.",
    "video_minutes_missing": "Bài có video phải ghi độ dài video: 'video_minutes: <số phút>' (làm tròn lên), "
    "để tính thời lượng bài học.",
    "video_minutes_without_video": "Có 'video_minutes' nhưng bài không có 'video'.",
    "transcript_without_video": "Bài có mục '## {detail}' nhưng không có 'video': lời thoại phải đi kèm một video.",
    "transcript_missing": "Bài có video nhưng chưa có mục '## {detail}': người khiếm thính và người mạng yếu không "
    "xem được video sẽ không đọc được nội dung của nó.",
    "duration_implausible": "Thời lượng khai báo {detail} phút khác xa thời lượng tính từ bài ({other} phút: "
    "{words} chữ ÷ 200 chữ mỗi phút, làm tròn lên, cộng {video} phút video). Sửa lại, hoặc xóa dòng 'duration' "
    "để dùng thời lượng tính được.",
    "no_courses": "Không tìm thấy khóa học nào trong '{detail}'.",
    "id_unregistered": "Mã '{detail}' chưa được ghi vào ids.yml. Chạy 'hocso ids' để ghi nhận mã mới.",
    "id_vanished": "Mã '{detail}' đã công bố nhưng không còn trong nội dung. Mã đã in trên áp phích không được mất: "
    "khôi phục nội dung hoặc ghi 'retired: {{to: <mã thay thế>}}'.",
    "id_reused": "Mã '{detail}' đã công bố cho một {other}, không được dùng lại cho loại nội dung khác.",
    "id_retired_reused": "Mã '{detail}' đã ngừng dùng (retired) nên không được dùng lại cho nội dung mới.",
    "id_unknown": "Mã thay thế '{detail}' không có trong nội dung.",
    "place_code_invalid": "Mã nơi đặt '{detail}' sai định dạng: chỉ gồm chữ thường không dấu, số và dấu '-', "
    "tối đa 32 ký tự (mã này được in vào mã QR, sau '?tu=').",
    "place_poster_unknown": "Mã '{detail}' không phải mã của một khóa học, bài học hay hướng dẫn đang có.",
    "places_too_many": "Danh sách có {detail} nơi đặt, nhiều hơn mức tối đa {other}.",
    "law_number_invalid": "'{detail}' không phải số hiệu văn bản (ví dụ: 13/2023/NĐ-CP, 749/QĐ-TTg, 57-NQ/TW).",
    "law_duplicate": "Văn bản '{detail}' được ghi hai lần trong sổ văn bản.",
    "law_alias_duplicate": "Tên ngắn '{detail}' đã dùng cho văn bản {other}: mỗi tên ngắn chỉ trỏ tới một văn bản.",
    "law_replaced_unknown": "Văn bản thay thế '{detail}' chưa có trong sổ văn bản (laws.yml).",
    "law_unknown": "Văn bản '{detail}' chưa có trong sổ văn bản (content/laws.yml): kiểm tra văn bản rồi thêm vào sổ, "
    "hoặc sửa số hiệu.",
    "law_not_in_force": "Vào ngày {day}, văn bản '{detail}' {other}: đoạn này phải nói rõ văn bản đã 'hết hiệu lực' "
    "hoặc 'được thay thế', hoặc dẫn văn bản đang có hiệu lực.",
    "law_not_yet_in_force": "Vào ngày {day}, văn bản '{detail}' {other}: đoạn này phải nói rõ 'có hiệu lực từ' ngày "
    "nào.",
    "question_law_not_in_force": "Vào ngày {day}, văn bản '{detail}' {other}: đề và đáp án đúng phải dựa trên văn "
    "bản đang có hiệu lực (lựa chọn sai thì được nêu văn bản cũ).",
    "cue_longest": "Đáp án đúng dài nhất ở {detail} số câu (tối đa 35%): người không học chọn lựa chọn dài nhất cũng "
    "đúng nhiều; viết lựa chọn sai dài ngang đáp án đúng.",
    "cue_absolute": "Từ tuyệt đối (chỉ, mọi, luôn, tuyệt đối…) có ở {detail} đáp án đúng và {other} lựa chọn sai: "
    "chênh quá 10 điểm, người không học đoán được đáp án nhờ những từ này.",
    "cue_absolute_pattern": "{detail} câu có mọi lựa chọn sai mang từ tuyệt đối còn đáp án đúng thì không (hoặc "
    "ngược lại), tối đa 2 câu: {other}.",
    "cue_letters": "Đáp án '{detail}' chiếm {other} số câu, ngoài khoảng {low}-{high}: rải đều vị trí đáp án đúng.",
    "question_near_duplicate": "Đề câu '{detail}' gần trùng đề câu {other} (độ giống {ratio}, từ 0,85 là trùng): "
    "viết lại một trong hai câu.",
    # Question banks imported from other formats (site_builder/banks/): the line is the row of an Excel sheet.
    "course_unknown": "Không có khóa học '{detail}' (ghi thư mục khóa học, tên thư mục hoặc mã khóa học).",
    "bank_format_unknown": "Không nhận ra định dạng của tệp '{detail}': dùng tệp .xlsx, .gift, .txt (Aiken hoặc GIFT) "
    "hoặc .xml (Moodle XML), hoặc ghi rõ --format.",
    "file_unreadable": "Không đọc được tệp: {detail}.",
    "bank_syntax": "Sai cú pháp {other}: {detail}.",
    "bank_header_missing": "Thiếu cột '{detail}' ở hàng tiêu đề của trang tính (giữ nguyên tên cột như tệp mẫu).",
    "bank_empty": "Tệp không có câu hỏi nào.",
    "xml_unsafe": "Tệp XML có khai báo DTD hoặc thực thể (entity); hocso không đọc tệp như vậy để tránh tấn công qua "
    "XML. Xuất lại tệp từ Moodle (Moodle XML không cần DTD).",
    "question_type_unsupported": "Câu hỏi loại {detail} chưa nhập được: hocso chỉ nhận câu hỏi trắc nghiệm "
    "(một hoặc nhiều đáp án đúng).",
    "text_empty": "Nội dung {detail} để trống.",
    "choices_too_few": "Câu hỏi chỉ có {detail} lựa chọn; cần ít nhất 2.",
    "choices_too_many": "Câu hỏi có {detail} lựa chọn; nhiều nhất {other} (A–H).",
    "answer_missing": "Câu hỏi không có đáp án đúng.",
    "explanation_missing": "Câu hỏi thiếu lời giải thích (người học đọc lời giải thích sau khi nộp bài).",
    "lesson_missing": "Câu hỏi không ghi bài học: ghi bài học cho câu hỏi hoặc chạy lệnh với --lesson <mã bài học>.",
    "folder_empty": "Thư mục '{detail}' không có tệp .docx hay .md nào.",
    "lesson_empty": "Tệp không có nội dung bài học.",
    "question_dropped": "Câu '{detail}' có trong ngân hàng nhưng không có trong tệp nhập {other}: mã câu hỏi không "
    "được mất (bài làm và thống kê cũ dùng mã này); thêm lại câu đó vào tệp.",
}
WARNINGS = frozenset({"law_not_in_force", "law_not_yet_in_force", "transcript_missing"})
"""Codes reported without refusing the content: a page that speaks of a text as if it still had effect is worth
fixing, but a law changing on a given day must not stop a province's next build; a video may go out before its
transcript is typed."""


@dataclass(frozen=True)
class Problem:
    """One mistake in the content, located as precisely as the source allows."""

    path: Path
    line: int | None
    field: str
    code: str
    message: str

    @property
    def warning(self) -> bool:
        """Whether the problem is reported without refusing the content (`WARNINGS`)."""
        return self.code in WARNINGS

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        field = f" {self.field}:" if self.field else ""
        label = " cảnh báo:" if self.warning else ""
        return f"{where}:{field}{label} {self.message} [{self.code}]"


def problem(path: Path, line: int | None, field: str, code: str, **facts: object) -> Problem:
    """A problem with its Vietnamese message filled in from MESSAGES."""
    facts.setdefault("detail", "")
    return Problem(path=path, line=line, field=field, code=code, message=MESSAGES[code].format(**facts))


class ContentError(Exception):
    """The content has problems; all of them, not just the first."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.problems = sorted(problems, key=_order)
        self.warnings = sorted(warnings or [], key=_order)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(item) for item in sorted(self.problems + self.warnings, key=_order)]
        more = f" Ngoài ra có {len(self.warnings)} cảnh báo." if self.warnings else ""
        lines.append(f"Nội dung có {len(self.problems)} lỗi cần sửa.{more}")
        return "\n".join(lines)


def _order(item: Problem) -> tuple:
    return (str(item.path), item.line or 0, item.field)


_PYDANTIC: dict[str, str] = {
    "string_too_short": "không được để trống",
    "string_too_long": "quá dài (tối đa {max_length} ký tự)",
    "string_type": "phải là một chuỗi văn bản",
    "string_pattern_mismatch": "sai định dạng (chỉ gồm chữ thường không dấu, số và dấu '-')",
    "int_parsing": "phải là một số nguyên",
    "int_type": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "literal_error": "phải là một trong các giá trị: {expected}",
    "list_type": "phải là một danh sách",
    "too_short": "cần ít nhất {min_length} phần tử",
    "too_long": "có nhiều nhất {max_length} phần tử",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "model_attributes_type": "phải là một bảng khóa: giá trị",
}


def field_problems(errors: list[ErrorDetails], path: Path, line_of, prefix: tuple = ()) -> list[Problem]:
    """Problems from pydantic's `errors()`, located by `line_of(location)`; union branches collapse into one."""
    found: dict[tuple, Problem] = {}
    for error in errors:
        loc = tuple(
            part for part in error["loc"] if not (isinstance(part, str) and ("[" in part or part in ("str", "list")))
        )
        name = ".".join(str(part) for part in prefix + loc)
        line = line_of(prefix + loc)
        if error["type"] == "missing":
            item = problem(path, line, name, "field_missing")
        elif error["type"] == "extra_forbidden":
            item = problem(path, line, name, "field_unknown")
        else:
            template = _PYDANTIC.get(error["type"])
            facts = {key: str(value).replace(" or ", " hoặc ") for key, value in error.get("ctx", {}).items()}
            detail = template.format(**facts) if template else error["msg"]
            item = problem(path, line, name, "field_invalid", detail=detail)
        found.setdefault((name, item.code), item)
    return list(found.values())
