"""The register of legal texts as a site page (`/van-ban/`): each text the content cites, and its status on the day
the site is built, so a learner can see which texts are in force and what replaced the others."""

from __future__ import annotations

from datetime import date

from site_builder.laws import Law, Register

URI = "van-ban/index.md"
TITLE = "Văn bản được trích dẫn"
_SECTIONS = (
    ("in_force", "Đang có hiệu lực"),
    ("upcoming", "Sắp có hiệu lực"),
    ("ended", "Đã hết hiệu lực"),
)


def _state(law: Law, day: date) -> str:
    if law.ended_on(day):
        return "ended"
    return "in_force" if law.in_force_on(day) else "upcoming"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def document(register: Register, day: date) -> str:
    """The page's Markdown: the register's texts grouped by their status on `day`, newest first in each group."""
    lines = [
        f"# {TITLE}",
        "",
        "Các văn bản pháp luật và văn bản của chương trình mà bài học, hướng dẫn và câu hỏi trên trang này nhắc tới, "
        f"với tình trạng hiệu lực vào ngày {day:%d/%m/%Y} (ngày cập nhật trang).",
    ]
    for state, heading in _SECTIONS:
        laws = [law for law in register.laws.values() if _state(law, day) == state]
        if not laws:
            continue
        lines += ["", f"## {heading}", "", "| Số hiệu | Loại | Tên | Ban hành | Tình trạng |", "|---|---|---|---|---|"]
        for law in sorted(laws, key=lambda law: law.source.issued, reverse=True):
            source = law.source
            lines.append(
                f"| {law.number} | {source.kind} | {_cell(source.title)} | {source.issued:%d/%m/%Y} "
                f"| {_cell(law.status(day))} |"
            )
    return "\n".join(lines) + "\n"
