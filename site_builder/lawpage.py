"""The register of legal texts as a site page (`/van-ban/`): each text the content cites, and its status on the day
the site is built, so a learner can see which texts are in force and what replaced the others.

Each group is an HTML table, each cell labelled with its column (`data-label`) and the table's roles spelled out, in a
`hocso-cards` box (hocso.css): a table on a wide screen, and on a phone a card a text, each value under its label,
where five columns left a text's name a few letters wide."""

from __future__ import annotations

from datetime import date
from html import escape

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


_COLUMNS = ("Số hiệu", "Loại", "Tên", "Ban hành", "Tình trạng")


def _row(law: Law, day: date) -> str:
    source = law.source
    values = (law.number, source.kind, source.title, f"{source.issued:%d/%m/%Y}", law.status(day))
    labelled = zip(_COLUMNS, values, strict=True)
    cells = "".join(f'<td role="cell" data-label="{label}">{escape(value)}</td>' for label, value in labelled)
    return f'<tr role="row">{cells}</tr>'


def _table(laws: list[Law], day: date) -> str:
    head = "".join(f'<th role="columnheader" scope="col">{label}</th>' for label in _COLUMNS)
    rows = "".join(_row(law, day) for law in sorted(laws, key=lambda law: law.source.issued, reverse=True))
    return (
        f'<div class="hocso-laws hocso-cards"><table role="table">'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead><tbody role="rowgroup">{rows}</tbody></table></div>'
    )


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
        lines += ["", f"## {heading}", "", _table(laws, day)]
    return "\n".join(lines) + "\n"
