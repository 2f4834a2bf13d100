"""Account slips handed out after an import: eight to an A4 page, cut apart along dashed lines; and the list as CSV.

A cohort is about 4,500 learners, so drawing is kept cheap: plain text calls, the instructions wrapped once, and one
QR image per distinct login address (fpdf2 embeds identical images once and references them from every slip).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TypedDict, cast

import segno
from fpdf import FPDF

from functions import FONTS
from functions.cells import csv_file


class Words(TypedDict):
    """The words of a slip and its CSV: lines of text, and the CSV's column headers."""

    heading: str
    username: str
    code: str
    deadline: str
    instructions: str
    csv_header: tuple[str, ...]


TEXT: Words = {
    "heading": "TÀI KHOẢN HỌC TẬP",
    "username": "Tên đăng nhập:",
    "code": "Mã kích hoạt:",
    "deadline": "Hạn hoàn thành: {date}",
    "instructions": "Mở địa chỉ trên hoặc quét mã QR, nhập tên đăng nhập và mã kích hoạt, rồi đặt mật khẩu.",
    "csv_header": ("Họ và tên", "Đơn vị", "Tên đăng nhập", "Mã kích hoạt", "Hạn hoàn thành", "Địa chỉ đăng nhập"),
}
"""Every word printed on a slip or written to the CSV."""

COLUMNS, ROWS = 2, 4
PER_PAGE = COLUMNS * ROWS
_WIDTH, _HEIGHT = 210 / COLUMNS, 297 / ROWS  # mm; slips fill the sheet so a guillotine needs four cuts
_PAD = 7.0  # keeps text clear of the cut and of the unprintable edge of office printers
_QR = 24.0
SMALLEST = 9.0
"""No text on a slip is printed smaller (points): read by people of every age, often on a cheap office printer."""
_LEADING = 3.9  # mm between the instructions' lines at SMALLEST
_BLUE, _GREY, _RED = (40, 53, 147), (100, 100, 100), (183, 28, 28)


@dataclass(frozen=True)
class Slip:
    """What one learner receives on paper."""

    full_name: str
    unit_name: str
    username: str
    activation_code: str
    deadline: date | None
    login_url: str


def grouped(code: str) -> str:
    """The code in blocks of four (`K7M2-Q9PX-4RTA`), easy to read aloud and to type, whatever grouping it came in."""
    raw = code.replace("-", "").replace(" ", "").upper()
    return "-".join(raw[start : start + 4] for start in range(0, len(raw), 4))


def _qr_png(url: str) -> bytes:
    # Level M survives a crumpled slip; 4 modules of quiet zone are part of the image so neighbouring text can't
    # touch the code. 8 pixels a module keeps the edges sharp when a viewer smooths scaled images.
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


class _Sheets:
    """The document being drawn, with what repeats across slips worked out once: wrapped instructions, QR images,
    and the font size at which each distinct text fits (unit names and the address repeat on every slip of a unit)."""

    def __init__(self, title: str):
        self.pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        self.pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.pdf.set_creator("hocso")
        self.pdf.set_title(title)
        self.title = title
        self.qr_codes: dict[str, bytes] = {}
        self.fits: dict[tuple[str, str, float, float], tuple[float, str]] = {}
        self.instructions: list[str] = []

    def page(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        if not self.instructions:  # fpdf2 only wraps text once a page exists
            pdf.set_font("DejaVu", "", SMALLEST)
            # fpdf2 types multi_cell's result as the union of every output mode's; "LINES" gives the lines.
            wrapped = pdf.multi_cell(_WIDTH - 2 * _PAD, _LEADING, TEXT["instructions"], dry_run=True, output="LINES")
            self.instructions = cast("list[str]", wrapped)
        pdf.set_draw_color(150, 150, 150)
        pdf.set_line_width(0.2)
        pdf.set_dash_pattern(dash=2, gap=1.5)
        for column in range(1, COLUMNS):
            pdf.line(column * _WIDTH, 0, column * _WIDTH, pdf.h)
        for row in range(1, ROWS):
            pdf.line(0, row * _HEIGHT, pdf.w, row * _HEIGHT)
        pdf.set_dash_pattern()

    def fitted(self, text: str, style: str, size: float, width: float, smallest: float) -> tuple[float, str]:
        """The largest size from `size` down to `smallest` at which `text` fits `width`, cut with … if none does."""
        key = (text, style, size, width)  # char spacing is only ever set for the code, which never repeats
        if key not in self.fits:
            pdf = self.pdf
            pdf.set_font("DejaVu", style, size)
            while pdf.get_string_width(text) > width and size > smallest:
                size -= 0.5
                pdf.set_font_size(size)
            cut = text
            while pdf.get_string_width(cut) > width and len(cut) > 1:
                cut = cut[:-2] + "…"
            self.fits[key] = (size, cut)
        return self.fits[key]

    def slip(self, slip: Slip, place: int) -> None:
        pdf = self.pdf
        left, top = (place % COLUMNS) * _WIDTH, (place // COLUMNS) * _HEIGHT
        x, width = left + _PAD, _WIDTH - 2 * _PAD
        beside_qr = width - _QR - 2

        def line(baseline: float, text: str, style: str = "", size: float = 9, color=(0, 0, 0), fit=None) -> None:
            if fit:
                size, text = self.fitted(text, style, size, *fit)
            pdf.set_font("DejaVu", style, size)
            pdf.set_text_color(*color)
            pdf.text(x, top + baseline, text)

        # Every line at SMALLEST or larger: a text too long for its line at SMALLEST is cut with …, never shrunk.
        line(9.5, TEXT["heading"], "B", 10, _BLUE)
        line(14, self.title, "", SMALLEST, _GREY, fit=(width, SMALLEST))
        line(20.5, slip.full_name, "B", 13, fit=(width, SMALLEST))
        line(25.5, slip.unit_name, "", SMALLEST, fit=(width, SMALLEST))
        line(31.5, TEXT["username"], "", SMALLEST, _GREY)
        line(36.5, slip.username, "B", 12, fit=(beside_qr, SMALLEST))
        line(42, TEXT["code"], "", SMALLEST, _GREY)
        pdf.set_char_spacing(1)  # airy letters are easier to read aloud and to copy from paper
        line(48.5, grouped(slip.activation_code), "B", 15, fit=(beside_qr, SMALLEST))
        pdf.set_char_spacing(0)
        if slip.deadline:
            line(53.5, TEXT["deadline"].format(date=slip.deadline.strftime("%d/%m/%Y")), "B", SMALLEST, _RED)
        if slip.login_url not in self.qr_codes:
            self.qr_codes[slip.login_url] = _qr_png(slip.login_url)
        pdf.image(self.qr_codes[slip.login_url], x=left + _WIDTH - _PAD - _QR, y=top + 27.5, w=_QR, h=_QR)
        line(58.5, slip.login_url, "B", SMALLEST, fit=(width, SMALLEST))
        for number, text in enumerate(self.instructions):
            line(62.8 + _LEADING * number, text, "", SMALLEST, _GREY)


def slips_pdf(slips: list[Slip], *, title: str) -> bytes:
    """A4 pages of eight slips (2 × 4) with dashed cut lines; `title` (e.g. the course and cohort) heads every slip."""
    sheets = _Sheets(title)
    for index, slip in enumerate(slips):
        if index % PER_PAGE == 0:
            sheets.page()
        sheets.slip(slip, index % PER_PAGE)
    if not slips:
        sheets.page()
    return bytes(sheets.pdf.output())


def slips_csv(slips: list[Slip]) -> bytes:
    """The slips as CSV in UTF-8 with a byte-order mark, which is how Excel knows to show Vietnamese correctly."""
    return csv_file(
        [
            TEXT["csv_header"],
            *(
                (
                    slip.full_name,
                    slip.unit_name,
                    slip.username,
                    grouped(slip.activation_code),
                    slip.deadline.strftime("%d/%m/%Y") if slip.deadline else "",
                    slip.login_url,
                )
                for slip in slips
            ),
        ]
    )
