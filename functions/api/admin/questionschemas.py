"""What the question statistics answer: a course's questions with their figures and flags, and the thresholds the
flags were raised by (docs/admin.md, docs/editors.md: how to read them). A question is named by its id and lesson, never
its text: every administrator may read these, and the whole certified bank's stems would be a harvest learners never
get (docs/security.md); editors read the text in questions.yml, by the id."""

from __future__ import annotations

from pydantic import BaseModel, Field

from functions.questions import figures

FLAGS = {
    "too_easy": "Quá dễ",
    "too_hard": "Quá khó",
    "misleading": "Gây nhầm người giỏi",
    "leak": "Nghi lộ đề",
}
"""Each flag's Vietnamese label (the CSV's, and the page's in site_builder/assets/admin-questions.js)."""


class Thresholds(BaseModel):
    """The rules the flags follow (`functions.questions.figures`)."""

    enough: int = Field(default=figures.ENOUGH, description="Lượt rút tối thiểu để gắn cờ quá dễ, quá khó, gây nhầm.")
    too_easy: float = Field(default=figures.TOO_EASY, description="Tỉ lệ đúng trên mức này là quá dễ.")
    too_hard: float = Field(default=figures.TOO_HARD, description="Tỉ lệ đúng dưới mức này là quá khó.")
    leak_draws: int = Field(default=figures.LEAK_DRAWS, description="Lượt rút tối thiểu của một đơn vị trong tháng.")
    leak_history: int = Field(default=figures.LEAK_HISTORY, description="Lượt rút tối thiểu ở nơi khác, tháng khác.")
    leak_gap: float = Field(default=figures.LEAK_GAP, description="Tỉ lệ đúng phải cao hơn lịch sử ít nhất chừng này.")
    leak_chance: float = Field(
        default=figures.LEAK_CHANCE, description="Xác suất (kiểm định nhị thức một phía) phải nhỏ hơn mức này."
    )


class QuestionLeak(BaseModel):
    """A unit and month whose learners answered the question right far more often than its history."""

    unit_code: str = Field(description="Mã đơn vị.")
    unit_name: str = Field(description="Tên đơn vị.")
    month: str = Field(description="Tháng (NNNN-TT, giờ Việt Nam).")
    draws: int = Field(description="Lượt rút câu hỏi ở đơn vị trong tháng.")
    right: int = Field(description="Lượt trả lời đúng ở đơn vị trong tháng.")
    p: float = Field(description="Tỉ lệ đúng ở đơn vị trong tháng.")
    history_draws: int = Field(description="Lượt rút ở mọi đơn vị và tháng khác trong phạm vi xem.")
    history_p: float = Field(description="Tỉ lệ đúng ở mọi đơn vị và tháng khác trong phạm vi xem.")
    chance: float = Field(description="Xác suất có chừng ấy lượt đúng nếu đơn vị làm bài như lịch sử.")


class QuestionRow(BaseModel):
    """One question's figures over the subtree (and month) asked."""

    id: str = Field(description="Mã câu hỏi, như trong questions.yml của khóa học.")
    lesson: str = Field(description="Mã bài học của câu hỏi (trống khi câu đã bị xóa khỏi ngân hàng).")
    in_bank: bool = Field(description="Câu hỏi còn trong ngân hàng đang dùng (sai là đã bị xóa khỏi questions.yml).")
    draws: int = Field(description="Lượt câu hỏi được rút vào bài thi đã nộp.")
    right: int = Field(description="Lượt trả lời đúng.")
    p: float | None = Field(description="Độ khó: tỉ lệ trả lời đúng; trống khi chưa được rút.")
    discrimination: float | None = Field(
        description="Độ phân biệt: tương quan điểm-nhị phân giữa câu này và điểm các câu còn lại (-1 đến 1)."
    )
    flags: list[str] = Field(description="Cờ: too_easy, too_hard, misleading, leak.")
    leaks: list[QuestionLeak] = Field(description="Đơn vị và tháng nghi lộ đề.")


class QuestionReport(BaseModel):
    """A course's questions in a subtree: the bank's in its order, then those no longer in it."""

    course_id: str
    course_title: str
    unit_code: str | None = Field(description="Đơn vị xem (trống: cả nước).")
    month: str | None = Field(description="Tháng xem; trống là mọi tháng.")
    thresholds: Thresholds
    questions: list[QuestionRow]
