"""The audit trail: which administrator viewed, exported or imported which list of people, and when.

Personal data leaves the system only through an administrator's screen or download, so each such call leaves an
entry here. Entries are found by the administrator's own unit path: an administrator reads the trail of their
subtree, which holds what they and the administrators below them did, never what their superiors did.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from pydantic import BaseModel, ConfigDict

ACTIONS: dict[str, tuple[str, str]] = {
    "learners.list": ("Xem danh sách học viên", "{shown}/{total} người; đợt: {cohort}; tìm: {q}"),
    "learner.view": ("Xem thông tin học viên", "Tên đăng nhập: {username}"),
    "slips.download": ("Tải phiếu tài khoản", "Đợt nhập {batch}, tệp {kind}"),
    "learners.import": (
        "Nhập danh sách học viên",
        "Đợt đào tạo {round}: {created} tài khoản mới, {updated} tài khoản đã có ({renewed} cấp lại cho đợt này), "
        "{reissued} cấp lại mã; đợt nhập {batch}",
    ),
    "units.import": ("Nhập danh sách đơn vị", "{created} đơn vị mới, {updated} đơn vị cập nhật"),
    "headcounts.set": ("Sửa số biên chế", "Năm {year}: {counts}"),
    "units.merge": ("Sáp nhập đơn vị", "{sources} sáp nhập vào {code} ({into}) từ ngày {on}"),
    "unit.rename": ("Đổi tên đơn vị", "{former} → {name}"),
    "round.set": ("Đặt đợt đào tạo", "Đợt {code} ({name}): {first} – {last}"),
    "password.reset": ("Cấp lại mã kích hoạt", "Tên đăng nhập: {username}"),
    "certificate.revoke": ("Thu hồi giấy chứng nhận", "Số {number}; lý do: {reason}"),
    "certificates.download": ("Tải giấy chứng nhận theo đơn vị", "{count} giấy; khóa học: {course}"),
    "report.download": ("Tải báo cáo", "Tệp {kind}; khóa học: {course}"),
    "focal.assign": ("Giao học viên cho cán bộ đầu mối", "Cán bộ đầu mối: {username}; {count} học viên"),
    "focal.view": ("Xem danh sách của cán bộ đầu mối", "Cán bộ đầu mối: {username}; {count} học viên"),
    "focal.report": ("Xem báo cáo theo cán bộ đầu mối", "{count} cán bộ đầu mối"),
    "focal.list": ("Cán bộ đầu mối xem học viên mình theo dõi", "Tên đăng nhập: {username}; {count} học viên"),
    "class.create": ("Mở lớp tập huấn trực tiếp", "Lớp: {title}; đơn vị {unit}"),
    "class.view": ("Xem lớp tập huấn trực tiếp", "Lớp: {title}; {count} học viên"),
    "class.register": ("Ghi danh học viên vào lớp tập huấn", "Lớp: {title}; {count} học viên sau khi ghi danh"),
    "class.attend": ("Ghi điểm danh lớp tập huấn", "Lớp: {title}; {count} dấu có mặt mới"),
    "class.score": (
        "Ghi điểm bài kiểm tra trên giấy của lớp tập huấn",
        "Lớp: {title}; {count} điểm mới; ghi đè: {replaced}",
    ),
    "class.sheet": ("Tải danh sách điểm danh lớp tập huấn", "Lớp: {title}; {count} học viên"),
}
"""Every action code with its Vietnamese label and the template of its detail; the codes are stable."""
_NOTHING = "—"


class AuditEntry(BaseModel):
    """One administrator's call: `target` is what it was about (a unit code, an account id, an import batch)."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    admin_id: str
    admin_unit_path: str
    action: str
    target: str
    detail: str = ""

    @property
    def label(self) -> str:
        return ACTIONS[self.action][0] if self.action in ACTIONS else self.action


def entry(
    action: str, *, at: datetime, admin_id: str, admin_unit_path: str, target: str, **facts: object
) -> AuditEntry:
    """An entry whose detail is its action's template filled with `facts` (an empty fact shows as a dash)."""
    shown = {name: _NOTHING if value is None or value == "" else value for name, value in facts.items()}
    return AuditEntry(
        at=at,
        admin_id=admin_id,
        admin_unit_path=admin_unit_path,
        action=action,
        target=target,
        detail=ACTIONS[action][1].format(**shown),
    )


def stamp(at: datetime) -> str:
    """The entry's time as fixed-width UTC text, so that sorting the text sorts the times (both stores rely on it)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class AuditStore(Protocol):
    def record(self, entry: AuditEntry) -> None:
        """Keep an entry; entries are never changed or removed through this interface."""

    def entries(self, unit_path: str, limit: int = 100) -> list[AuditEntry]:
        """The newest `limit` entries by administrators of a subtree (path prefix; "" for everyone), newest first."""

    def close(self) -> None: ...
