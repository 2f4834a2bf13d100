"""Every error the functions answer with: a stable code, its HTTP status and its Vietnamese message, in one table.

Plain Python: logic raises `ApiError(code)`; `functions.api.http` turns it into a response.
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
    "practice_unavailable": (
        409,
        "Khóa học này chưa có bài luyện tập dành cho khách. "
        "Hãy đăng nhập bằng tài khoản do đơn vị cấp để làm bài kiểm tra.",
    ),
    "practice_rate_limited": (
        429,
        "Thiết bị hoặc mạng của bạn đã bắt đầu quá nhiều lượt luyện tập trong một giờ. Vui lòng thử lại sau.",
    ),
    "lesson_not_found": (404, "Không tìm thấy bài học trong khóa học này."),
    "unknown_question": (422, "Bài nộp có câu hỏi không thuộc lượt làm bài này."),
    "choice_out_of_range": (422, "Bài nộp chọn một phương án không có trong câu hỏi."),
    "too_many_choices": (422, "Câu hỏi này chỉ được chọn một phương án."),
    "account_required": (401, "Vui lòng đăng nhập để tiếp tục."),
    "session_ended": (
        401,
        "Phiên đăng nhập đã kết thúc (đã đăng xuất, đổi mật khẩu hoặc được cấp lại mã). Vui lòng đăng nhập lại.",
    ),
    "signin_failed": (401, "Tên đăng nhập hoặc mật khẩu không đúng."),
    "activation_failed": (401, "Tên đăng nhập hoặc mã kích hoạt không đúng, hoặc tài khoản đã được kích hoạt."),
    "signin_paused": (
        429,
        "Đã nhập sai nhiều lần. Vui lòng chờ một lát rồi thử lại (tối đa 15 phút); "
        "trên thiết bị đã từng đăng nhập tài khoản này, bạn vẫn đăng nhập được ngay.",
    ),
    "password_too_short": (422, "Mật khẩu cần có ít nhất 8 ký tự."),
    "password_common": (
        422,
        "Mật khẩu này quá phổ biến, dễ bị đoán (ví dụ 12345678, matkhau, anhyeuem). Hãy chọn mật khẩu khác.",
    ),
    "password_has_username": (422, "Mật khẩu không được chứa tên đăng nhập."),
    "password_has_name": (422, "Mật khẩu không được chứa họ tên của bạn (kể cả viết không dấu)."),
    "admin_required": (403, "Chức năng này dành cho quản trị viên."),
    "outside_scope": (403, "Bạn chỉ quản lý được đơn vị của mình và các đơn vị trực thuộc."),
    "admin_not_below": (
        403,
        "Bạn chỉ thao tác được trên tài khoản quản trị và đơn vị cấp dưới, không phải của đơn vị mình hay cấp trên.",
    ),
    "unit_not_found": (404, "Không tìm thấy đơn vị."),
    "headcount_unknown_category": (
        422,
        "Đối tượng không có trong danh sách: số biên chế chỉ nhập cho các đối tượng cố định của chương trình.",
    ),
    "headcount_below_issued": (
        409,
        "Số biên chế nhỏ hơn số tài khoản đã cấp cho đơn vị trong năm ở đối tượng này: "
        "mỗi tài khoản là một người đang công tác, hãy kiểm tra lại số biên chế. Chưa lưu thay đổi nào.",
    ),
    "merge_into_itself": (422, "Không sáp nhập được một đơn vị vào chính nó. Chưa lưu thay đổi nào."),
    "merge_cycle": (
        422,
        "Không sáp nhập được một đơn vị vào đơn vị trực thuộc của chính nó (cây đơn vị sẽ thành vòng lặp). "
        "Chưa lưu thay đổi nào.",
    ),
    "merge_has_children": (
        409,
        "Đơn vị được sáp nhập còn đơn vị trực thuộc (xem chi tiết kèm theo): hãy sáp nhập các đơn vị trực thuộc "
        "trước. Chưa lưu thay đổi nào.",
    ),
    "merge_date": (
        422,
        "Ngày sáp nhập không được sau hôm nay: chỉ ghi nhận việc sáp nhập đã có hiệu lực. Chưa lưu thay đổi nào.",
    ),
    "unit_merged": (
        409,
        "Đơn vị đã được sáp nhập vào đơn vị khác (xem chi tiết kèm theo) nên không sáp nhập, đổi tên hay nhận "
        "đơn vị khác được nữa. Chưa lưu thay đổi nào.",
    ),
    "unit_code_taken": (
        409,
        "Mã đơn vị mới đã có: chọn mã khác, hoặc sáp nhập vào đơn vị đã có mã này. Chưa lưu thay đổi nào.",
    ),
    "round_code": (422, "Mã đợt phải là một năm (ví dụ 2026). Chưa lưu thay đổi nào."),
    "round_dates": (422, "Ngày kết thúc đợt trước ngày bắt đầu. Chưa lưu thay đổi nào."),
    "round_overlap": (
        409,
        "Đợt này trùng thời gian với một đợt đã có của tỉnh (xem chi tiết kèm theo): mỗi ngày thuộc nhiều nhất một "
        "đợt. Chưa lưu thay đổi nào.",
    ),
    "round_changed": (409, "Danh sách đợt vừa được người khác thay đổi. Vui lòng tải lại rồi thử lại."),
    "province_admin_required": (403, "Chỉ quản trị viên cấp tỉnh đặt được đợt đào tạo của tỉnh."),
    "account_not_found": (404, "Không tìm thấy tài khoản."),
    "focal_not_found": (
        404,
        "Không tìm thấy học viên với tên đăng nhập này trong phạm vi bạn quản lý để giao làm cán bộ đầu mối.",
    ),
    "focal_learner_unknown": (
        422,
        "Có tên đăng nhập không phải học viên trong phạm vi bạn quản lý (xem danh sách kèm theo); "
        "kiểm tra lại chính tả tên đăng nhập.",
    ),
    "focal_self": (422, "Cán bộ đầu mối không tự theo dõi chính mình; hãy bỏ tên đăng nhập của họ khỏi danh sách."),
    "focal_outside_unit": (
        422,
        "Cán bộ đầu mối chỉ theo dõi học viên thuộc đơn vị của mình và các đơn vị trực thuộc (xem danh sách kèm theo).",
    ),
    "focal_too_many": (422, "Mỗi cán bộ đầu mối theo dõi tối đa 49 học viên; hãy chia danh sách cho người khác."),
    "focal_learner_taken": (
        409,
        "Có học viên đang do cán bộ đầu mối khác theo dõi (xem danh sách kèm theo); "
        "hãy bỏ họ khỏi danh sách của người đó trước.",
    ),
    "focal_required": (403, "Chức năng này dành cho cán bộ đầu mối được giao theo dõi học viên."),
    "class_not_found": (404, "Không tìm thấy lớp tập huấn này trong phạm vi bạn quản lý."),
    "class_dates_reversed": (422, "Ngày kết thúc lớp trước ngày bắt đầu. Chưa lưu thay đổi nào."),
    "class_too_long": (
        422,
        "Lớp tập huấn trực tiếp diễn ra không quá 3 ngày (ngày đầu và ngày cuối tính cả). Chưa lưu thay đổi nào.",
    ),
    "class_learner_unknown": (
        422,
        "Có tên đăng nhập không phải học viên trong phạm vi bạn quản lý (xem danh sách kèm theo); "
        "kiểm tra lại chính tả. Chưa ghi danh ai.",
    ),
    "learner_outside_unit": (
        422,
        "Có học viên không thuộc đơn vị của lớp hoặc các đơn vị trực thuộc (xem danh sách kèm theo). Chưa ghi danh ai.",
    ),
    "class_too_many": (422, "Mỗi lớp tập huấn tối đa 120 học viên; hãy mở thêm lớp. Chưa ghi danh ai."),
    "attendance_outside_dates": (
        422,
        "Có buổi điểm danh ngoài các ngày của lớp (xem danh sách kèm theo). Chưa ghi điểm danh nào của lần gửi này.",
    ),
    "attendance_not_registered": (
        422,
        "Có người được điểm danh nhưng chưa ghi danh vào lớp (xem danh sách kèm theo). "
        "Chưa ghi điểm danh nào của lần gửi này.",
    ),
    "class_no_test": (
        422,
        "Lớp này không yêu cầu bài kiểm tra cuối khóa nên không ghi điểm bài kiểm tra trên giấy. Chưa ghi điểm nào.",
    ),
    "paper_score_out_of_range": (
        422,
        "Có điểm bài kiểm tra trên giấy ngoài khoảng từ 0 đến số câu hỏi của bài kiểm tra (xem danh sách kèm theo). "
        "Chưa ghi điểm nào của lần gửi này.",
    ),
    "paper_score_not_registered": (
        422,
        "Có người được ghi điểm bài kiểm tra nhưng chưa ghi danh vào lớp (xem danh sách kèm theo). "
        "Chưa ghi điểm nào của lần gửi này.",
    ),
    "not_eligible": (409, "Bạn chưa đủ điều kiện nhận giấy chứng nhận: cần đạt bài kiểm tra cuối khóa."),
    "certificate_not_found": (404, "Không tìm thấy giấy chứng nhận với số này."),
    "certificate_revoked": (409, "Giấy chứng nhận này đã bị thu hồi."),
    "bulk_too_large": (
        413,
        "Quá nhiều giấy chứng nhận cho một tệp ZIP (quá giới hạn của hệ thống, thường là 10.000). "
        "Hãy chọn đơn vị nhỏ hơn hoặc một khóa học, hoặc dùng lệnh hocso certificates.",
    ),
    "upload_not_found": (
        404,
        "Không tìm thấy tệp đã tải lên (tệp chưa tải xong, đã quá hạn hoặc không thuộc đơn vị bạn quản lý). "
        "Hãy chọn và tải tệp lên lại.",
    ),
    "job_not_found": (404, "Không tìm thấy công việc này hoặc bạn không quản lý công việc này."),
    "job_not_ready": (409, "Công việc chưa xong nên chưa có tệp để tải. Hãy chờ thêm."),
    "job_lost": (
        500,
        "Công việc bị dừng giữa chừng (quá thời gian hoặc bộ nhớ cho phép). Hãy thử lại; "
        "nếu vẫn không được, chia nhỏ danh sách hoặc chọn đơn vị nhỏ hơn.",
    ),
    "file_not_found": (404, "Công việc này không có tệp với tên này."),
    "link_refused": (
        403,
        "Đường dẫn tải tệp không đúng hoặc đã hết hạn (mỗi đường dẫn dùng được 5 phút). "
        "Hãy bấm tải lại từ trang quản trị.",
    ),
    "internal_error": (500, "Hệ thống gặp lỗi. Bài làm của bạn không bị mất; vui lòng thử lại sau ít phút."),
    "import_unreadable": (
        422,
        "Không đọc được tệp: chỉ nhận tệp .xlsx, hoặc tệp .csv lưu bằng mã UTF-8 "
        "(trong Excel chọn Lưu thành → “CSV UTF-8”).",
    ),
    "import_too_large": (413, "Tệp quá lớn: mỗi lần nhập tối đa 4 MB; hãy chia danh sách thành nhiều tệp."),
    "import_too_many_rows": (
        413,
        "Tệp có quá nhiều dòng: mỗi lần nhập tối đa 60.000 dòng; hãy chia danh sách thành nhiều tệp.",
    ),
    "import_too_many_columns": (
        422,
        "Trang tính có quá nhiều cột (tối đa 100) hoặc có dữ liệu ở cột quá xa bên phải: xóa các cột thừa rồi lưu lại.",
    ),
    "import_cell_too_long": (
        422,
        "Có ô dài quá 1.000 ký tự: kiểm tra lại tệp (có thể đã dán nhầm cả đoạn văn bản vào một ô).",
    ),
    "import_suspicious_xlsx": (
        422,
        "Tệp Excel có cấu trúc bất thường (nén quá mức, quá lớn khi giải nén hoặc quá nhiều thành phần) "
        "nên không được đọc: mở bằng Excel rồi lưu lại thành .xlsx.",
    ),
    "body_too_large": (413, "Nội dung gửi lên quá lớn so với giới hạn của địa chỉ này."),
    "batch_not_found": (404, "Không tìm thấy đợt nhập này hoặc bạn không quản lý đợt nhập này."),
    "event_id_unknown": (404, "Mã trang không có trong danh sách đã công bố nên lượt này không được đếm."),
    "event_place_limit": (
        409,
        "Trang này đã được quét ở quá nhiều nơi dán trong ngày; lượt quét ở nơi mới không được đếm.",
    ),
    "events_too_many": (429, "Thiết bị này đã gửi quá nhiều lượt đếm trong một phút; vui lòng thử lại sau."),
    "direct_access_refused": (
        403,
        "Yêu cầu phải đi qua địa chỉ của trang; gửi thẳng tới máy chủ chức năng bị từ chối.",
    ),
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

    def __init__(
        self, code: str, details: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(code)
        self.code = code
        self.status, self.message = ERRORS[code]
        self.details = details or []
        self.headers = headers or {}
        """Sent with the answer, e.g. `Retry-After` on a 429."""


def error_body(code: str, details: list[dict[str, str]] | None = None) -> dict[str, object]:
    """The JSON body of an error response."""
    return {"error": {"code": code, "message": ERRORS[code][1], "details": details or []}}
