"""Public models of the administration function: what an administrator's screen receives, never a stored record."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from functions.accounts.account import Unit

if TYPE_CHECKING:
    from functions.settings import Settings


class ImportProblem(BaseModel):
    """What is wrong with one row: its number as the spreadsheet shows it (the header is row 1) and the column."""

    row: int
    column: str
    code: str
    message: str


class ImportReport(BaseModel):
    """The outcome of an import: rows read, rows fit to keep, problems, and what was kept."""

    rows: int = Field(description="Dòng dữ liệu đọc được (không kể dòng tiêu đề và dòng trống).")
    good: int = Field(description="Dòng không có lỗi.")
    problems: list[ImportProblem]
    applied: bool = Field(description="Đã ghi vào hệ thống hay chưa (chạy thử, hoặc chế độ all khi có dòng lỗi: chưa).")
    created: int = Field(description="Số bản ghi mới đã tạo; 0 khi chưa ghi.")
    updated: int = Field(description="Số bản ghi đã có được cập nhật; 0 khi chưa ghi.")
    reissued: int = Field(
        0,
        description="Tài khoản đã có nhưng chưa có phiếu (lần nhập trước bị gián đoạn): đã cấp "
        "lại mã, phiếu nằm trong đợt nhập này cùng các tài khoản mới.",
    )
    renewed: int = Field(
        0,
        description="Người đã có tài khoản từ đợt đào tạo trước, được cấp lại cho đợt này: hạn hoàn thành mới, tính "
        "là được cấp tài khoản trong đợt này; mật khẩu, tiến độ và giấy chứng nhận cũ giữ nguyên.",
    )
    batch: str | None = Field(None, description="Mã đợt nhập giữ phiếu tài khoản của các tài khoản mới.")
    slips_pdf: str | None = Field(None, description="Địa chỉ (sau /api) tải phiếu tài khoản dạng PDF.")
    slips_csv: str | None = Field(None, description="Địa chỉ (sau /api) tải danh sách tài khoản dạng CSV.")


class UnitEntry(BaseModel):
    """A unit of the subtree, for pickers and drill-down."""

    code: str
    name: str
    kind: str
    remote: bool = Field(description="Vùng dân tộc thiểu số, miền núi, hải đảo.")
    target: int = Field(description="Tỷ lệ phần trăm người học cần hoàn thành: 80 ở vùng khó khăn, 100 nơi khác.")
    parent: str | None
    merged_into: str | None = Field(default=None, description="Mã đơn vị đã nhận sáp nhập đơn vị này; trống nếu chưa.")
    merged_on: date | None = Field(default=None, description="Ngày sáp nhập có hiệu lực.")

    @classmethod
    def of(cls, unit: Unit, settings: Settings) -> UnitEntry:
        """The entry of `unit`, with the target the deployment sets for its kind of area."""
        target = unit.target_percent(settings.remote_target, settings.other_target)
        return cls(
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            remote=unit.remote,
            target=target,
            parent=unit.parent_code,
            merged_into=unit.merged_into,
            merged_on=unit.merged_on,
        )


class LearnerSummary(BaseModel):
    """A learner as one line of a list."""

    learner_id: str
    username: str
    full_name: str
    unit_code: str
    unit_name: str
    position: str
    cohort: str | None
    category: str | None = Field(description="Mã đối tượng (danh sách cố định); trống là không rõ.")
    category_label: str = Field(description="Tên đối tượng, “Không rõ” khi trống.")
    activated: bool
    activated_at: datetime | None
    deadline: date | None
    certificates: int = Field(description="Giấy chứng nhận còn hiệu lực.")
    overdue: bool = Field(description="Đã quá hạn mà chưa có giấy chứng nhận của mọi khóa học.")


class LearnerPage(BaseModel):
    """One page of a subtree's learners, by username."""

    total: int
    offset: int
    limit: int
    learners: list[LearnerSummary]


class CertificateHeld(BaseModel):
    number: str
    status: Literal["valid", "revoked"]


class CourseStanding(BaseModel):
    """Where a learner stands in one course."""

    course_id: str
    title: str
    lessons_done: int
    lessons_total: int
    attempts: int = Field(description="Lượt làm bài kiểm tra đã bắt đầu.")
    best_percent: float | None = Field(description="Điểm cao nhất (phần trăm) trong các lượt đã nộp.")
    passed: bool
    certificate: CertificateHeld | None


class LearnerDetail(LearnerSummary):
    """One learner in full, for their administrators."""

    phone: str
    email: str
    external_id: str
    issued_on: date
    locked_until: datetime | None
    courses: list[CourseStanding]


class AuditRecord(BaseModel):
    """One line of the audit trail."""

    at: datetime
    admin_id: str
    admin_username: str | None = Field(description="Tên đăng nhập của quản trị viên (trống nếu tài khoản không còn).")
    admin_unit_path: str
    action: str
    label: str = Field(description="Tên hành động bằng tiếng Việt.")
    target: str
    detail: str
