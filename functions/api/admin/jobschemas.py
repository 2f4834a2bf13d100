"""What the administrators' job routes take and give: an upload's form, a job asked for, a job as it stands."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from functions import categories
from functions.api.admin.schemas import ImportReport
from functions.enrolment import batches
from functions.enrolment.bounds import BOUNDS
from functions.errors import ErrorBody
from functions.jobs.record import PHASES, Job
from functions.rounds import YEAR

UnitCodeField = Annotated[
    str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$", description="Mã đơn vị.")
]
CourseField = Annotated[
    str | None, Field(None, min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$", description="Mã khóa học.")
]
UploadId = Annotated[str, Field(pattern=r"^[0-9a-f]{20}$", description="Mã tệp đã tải lên (`POST /admin/uploads`).")]


class UploadAsked(BaseModel):
    filename: str = Field(min_length=1, max_length=200, description="Tên tệp; phần đuôi cho biết .csv hay .xlsx.")
    size: int = Field(ge=1, description=f"Số byte của tệp (tối đa {BOUNDS.bytes}).")


class UploadForm(BaseModel):
    """Post the file here: a `multipart/form-data` POST to `url` with each of `fields`, then the file as `file`."""

    upload_id: str
    url: str
    fields: dict[str, str]
    expires_at: datetime


class LearnersImport(BaseModel):
    kind: Literal["learners.import"]
    upload_id: UploadId
    mode: batches.Mode = "all"
    dry_run: bool = False
    cohort: str | None = Field(None, min_length=1, max_length=40, description="Đợt học.")
    working_days: int = Field(10, ge=1, le=60, description="Số ngày làm việc để hoàn thành, kể từ hôm nay.")


class UnitsImport(BaseModel):
    kind: Literal["units.import"]
    upload_id: UploadId
    mode: batches.Mode = "all"
    dry_run: bool = False


class CertificatesZip(BaseModel):
    kind: Literal["certificates.zip"]
    unit: UnitCodeField
    course: CourseField = None


class ReportFile(BaseModel):
    kind: Literal["report"]
    format: Literal["xlsx", "csv"] = "xlsx"
    unit: UnitCodeField | None = Field(None, description="Bỏ trống là đơn vị của quản trị viên.")
    course: CourseField = None
    cohort: str | None = Field(None, min_length=1, max_length=40, description="Đợt học.")
    month: str | None = Field(None, pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$", description="Tháng, dạng NNNN-TT.")
    category: str | None = Field(
        None,
        pattern="^(" + "|".join(categories.columns()) + ")$",
        description="Mã đối tượng; bỏ trống là mọi đối tượng, tệp Excel có thêm một trang cho mỗi đối tượng.",
    )
    round: str | None = Field(
        None, pattern=YEAR.pattern, description="Đợt đào tạo (năm): chỉ tính các bước trong đợt, kèm số đợt trước."
    )


JobAsked = Annotated[LearnersImport | UnitsImport | CertificatesZip | ReportFile, Field(discriminator="kind")]


class JobFileView(BaseModel):
    name: str = Field(description="Tên tệp trong công việc, dùng để xin đường dẫn tải.")
    filename: str = Field(description="Tên tệp khi tải về.")
    media_type: str


class JobView(BaseModel):
    """A job as it stands: queued, running (with its phase and count), done (with its result and files) or failed
    (with the refusal's code and message, as a request would have answered)."""

    id: str
    kind: str
    state: Literal["queued", "running", "done", "failed"]
    phase: str
    phase_label: str = Field(description="Bước đang làm, bằng tiếng Việt.")
    done: int
    total: int | None
    created_at: datetime
    updated_at: datetime
    result: ImportReport | dict[str, object] | None = None
    files: list[JobFileView]
    error: ErrorBody | None = None

    @classmethod
    def of(cls, job: Job) -> JobView:
        result: ImportReport | dict[str, object] | None = job.result
        if job.result is not None and job.kind.endswith(".import"):
            result = ImportReport.model_validate(job.result)
        return cls(
            id=job.id,
            kind=job.kind,
            state=job.state,
            phase=job.phase,
            phase_label=PHASES.get(job.phase, job.phase),
            done=job.done,
            total=job.total,
            created_at=job.created_at,
            updated_at=job.updated_at,
            result=result,
            files=[JobFileView(name=f.name, filename=f.filename, media_type=f.media_type) for f in job.files],
            error=ErrorBody.model_validate(job.error.model_dump()) if job.error else None,
        )


class FileLink(BaseModel):
    url: str = Field(description="Đường dẫn tải tệp, không cần đăng nhập; hết hạn sau `expires_at`.")
    expires_at: datetime
