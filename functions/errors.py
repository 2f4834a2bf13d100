"""Every error the functions answer with: a stable code, its HTTP status and its Vietnamese message, in one table.

Plain Python: logic raises `ApiError(code)`; `functions.http` turns it into a response.
"""

from __future__ import annotations

from pydantic import BaseModel

ERRORS: dict[str, tuple[int, str]] = {
    "invalid_request": (422, "Dữ liệu gửi lên không hợp lệ."),
    "malformed_json": (400, "Nội dung gửi lên không phải JSON hợp lệ."),
    "not_found": (404, "Không tìm thấy địa chỉ yêu cầu."),
    "method_not_allowed": (405, "Phương thức không được hỗ trợ cho địa chỉ này."),
    "learner_required": (401, "Chưa xác định được người học. Vui lòng tải lại trang."),
    "course_not_found": (404, "Không tìm thấy khóa học hoặc khóa học chưa có bài kiểm tra."),
    "attempt_not_found": (404, "Không tìm thấy lượt làm bài."),
    "attempt_limit_reached": (409, "Bạn đã dùng hết số lượt làm bài kiểm tra của khóa học này."),
    "attempt_expired": (409, "Lượt làm bài đã hết giờ; bài được chấm theo các câu trả lời đã lưu trước giờ hết hạn."),
    "attempt_submitted": (409, "Lượt làm bài này đã nộp nên không lưu thêm câu trả lời."),
    "attempt_wait": (409, "Bạn cần chờ thêm trước khi làm lượt kiểm tra tiếp theo."),
    "lessons_incomplete": (409, "Bạn cần học xong tất cả các bài học trước khi làm bài kiểm tra."),
    "lesson_not_found": (404, "Không tìm thấy bài học trong khóa học này."),
    "unknown_question": (422, "Bài nộp có câu hỏi không thuộc lượt làm bài này."),
    "choice_out_of_range": (422, "Bài nộp chọn một phương án không có trong câu hỏi."),
    "too_many_choices": (422, "Câu hỏi này chỉ được chọn một phương án."),
    "account_required": (401, "Vui lòng đăng nhập để tiếp tục."),
    "signin_failed": (401, "Tên đăng nhập hoặc mật khẩu không đúng."),
    "activation_failed": (401, "Tên đăng nhập hoặc mã kích hoạt không đúng, hoặc tài khoản đã được kích hoạt."),
    "signin_paused": (429, "Bạn đã nhập sai nhiều lần liên tiếp. Vui lòng chờ một lát (tối đa 2 phút) rồi thử lại."),
    "account_locked": (429, "Tài khoản tạm khóa 15 phút vì nhập sai nhiều lần. Vui lòng thử lại sau."),
    "password_too_short": (422, "Mật khẩu cần có ít nhất 8 ký tự."),
    "admin_required": (403, "Chức năng này dành cho quản trị viên."),
    "outside_scope": (403, "Bạn chỉ quản lý được đơn vị của mình và các đơn vị trực thuộc."),
    "unit_not_found": (404, "Không tìm thấy đơn vị."),
    "account_not_found": (404, "Không tìm thấy tài khoản."),
    "not_eligible": (409, "Bạn chưa đủ điều kiện nhận giấy chứng nhận: cần đạt bài kiểm tra cuối khóa."),
    "certificate_not_found": (404, "Không tìm thấy giấy chứng nhận với số này."),
    "certificate_revoked": (409, "Giấy chứng nhận này đã bị thu hồi."),
    "bulk_too_large": (413, "Quá nhiều giấy chứng nhận cho một lần tải (tối đa 200). Hãy chọn đơn vị nhỏ hơn hoặc một khóa học, hoặc dùng lệnh hocso certificates."),
    "internal_error": (500, "Hệ thống gặp lỗi. Bài làm của bạn không bị mất; vui lòng thử lại sau ít phút."),
    "import_unreadable": (422, "Không đọc được tệp: chỉ nhận tệp .xlsx, hoặc tệp .csv lưu bằng mã UTF-8 (trong Excel chọn Lưu thành → “CSV UTF-8”)."),
    "import_too_large": (413, "Tệp quá lớn: mỗi lần nhập tối đa 4 MB; hãy chia danh sách thành nhiều tệp."),
    "import_too_many_rows": (413, "Tệp có quá nhiều dòng: mỗi lần nhập tối đa 60.000 dòng; hãy chia danh sách thành nhiều tệp."),
    "import_too_many_columns": (422, "Trang tính có quá nhiều cột (tối đa 100) hoặc có dữ liệu ở cột quá xa bên phải: xóa các cột thừa rồi lưu lại."),
    "import_cell_too_long": (422, "Có ô dài quá 1.000 ký tự: kiểm tra lại tệp (có thể đã dán nhầm cả đoạn văn bản vào một ô)."),
    "import_suspicious_xlsx": (422, "Tệp Excel có cấu trúc bất thường (nén quá mức, quá lớn khi giải nén hoặc quá nhiều thành phần) nên không được đọc: mở bằng Excel rồi lưu lại thành .xlsx."),
    "body_too_large": (413, "Nội dung gửi lên quá lớn so với giới hạn của địa chỉ này."),
    "batch_not_found": (404, "Không tìm thấy đợt nhập này hoặc bạn không quản lý đợt nhập này."),
}


class ErrorDetail(BaseModel):
    field: str
    problem: str


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorResponse(BaseModel):
    """The shape of every error answer."""

    error: ErrorBody


class ApiError(Exception):
    """An error with a code from ERRORS; `details` point at what was wrong."""

    def __init__(self, code: str, details: list[dict[str, str]] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.status, self.message = ERRORS[code]
        self.details = details or []


def error_body(code: str, details: list[dict[str, str]] | None = None) -> dict[str, object]:
    """The JSON body of an error response."""
    return {"error": {"code": code, "message": ERRORS[code][1], "details": details or []}}
