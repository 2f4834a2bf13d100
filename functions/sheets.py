"""The paper attendance sheet of a class (danh sách điểm danh): A4, the class's title, place, dates and trainer, then a
row per learner with a box for each day of the class, when the class needs the course's test a box for the score of
the same test taken on paper (correct answers out of its questions), and a column to sign, to print and take to the
room.

Kept beside the phone page, not instead of it: a room without signal or phones signs on paper, and an administrator
types the marks in later (the same idempotent sync).
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

from functions import FONTS
from functions.classes import TrainingClass

TEXT = {
    "heading": "DANH SÁCH ĐIỂM DANH LỚP TẬP HUẤN TRỰC TIẾP",
    "place": "Địa điểm: {place}",
    "dates": "Thời gian: {first} – {last}",
    "trainer": "Giảng viên: {trainer}",
    "unit": "Đơn vị tổ chức: {unit}",
    "course": "Khóa học: {course}",
    "number": "STT",
    "name": "Họ và tên",
    "username": "Tên đăng nhập",
    "learner_unit": "Đơn vị",
    "day": "Ngày {day:%d/%m}",
    "sign": "Ký tên",
    "score": "Bài KT: số câu đúng/{questions}",
    "note": "Đánh dấu ✓ vào ô ngày học viên có mặt. Hoàn thành lớp: có mặt đủ các ngày{test}.",
    "test": " và đạt bài kiểm tra cuối khóa (trực tuyến, hoặc trên giấy: ghi số câu đúng vào cột “Bài KT”)",
    "empty": "(Lớp chưa có học viên ghi danh.)",
}
"""Every word printed on the sheet."""


def attendance_sheet(
    training: TrainingClass,
    learners: list[tuple[str, str, str]],
    unit_name: str,
    course_title: str,
    questions: int | None = None,
) -> bytes:
    """The class's attendance sheet as PDF: `learners` as (full name, username, unit name), in the order given; with
    `questions` (the course's test, for a class that needs it) a column for the paper test's score."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_creator("hocso")
    pdf.set_title(training.title)
    pdf.set_margins(12, 12, 12)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 8, TEXT["heading"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, training.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    days = training.days()
    for line in (
        TEXT["unit"].format(unit=unit_name),
        TEXT["course"].format(course=course_title),
        TEXT["place"].format(place=training.place),
        TEXT["dates"].format(first=f"{training.first_day:%d/%m/%Y}", last=f"{training.last_day:%d/%m/%Y}"),
        TEXT["trainer"].format(trainer=training.trainer),
    ):
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    # Day boxes and the signature keep their width however many days (1 to 3): names take what is left, less when
    # a score column joins them (the page is 273 mm wide inside its margins).
    scored = training.needs_test and questions is not None
    names, ends = ((52, 32, 48), (26, 38)) if scored else ((60, 36, 58), (40,))
    widths = (10, *names, *([22] * len(days)), *ends)
    pdf.set_font("DejaVu", "", 9)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 234, 246))
    with pdf.table(col_widths=widths, width=sum(widths), headings_style=heading, line_height=7) as table:
        table.row(
            [
                TEXT["number"],
                TEXT["name"],
                TEXT["username"],
                TEXT["learner_unit"],
                *(TEXT["day"].format(day=day) for day in days),
                *((TEXT["score"].format(questions=questions),) if scored else ()),
                TEXT["sign"],
            ]
        )
        for number, (name, username, unit) in enumerate(learners, start=1):
            table.row([str(number), name, username, unit, *([""] * (len(days) + scored)), ""])
    pdf.ln(3)
    if not learners:
        pdf.multi_cell(0, 5, TEXT["empty"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8.5)
    pdf.multi_cell(0, 5, TEXT["note"].format(test=TEXT["test"] if training.needs_test else ""))
    return bytes(pdf.output())
