"""Posters' PDF drawn with reportlab (`site_builder.posters` says what each shows and keeps them cached)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from site_builder import qrcodes
from site_builder.handoutstyle import ACCENT, FAMILY, fonts
from site_builder.posters import Poster

BOLD = f"{FAMILY}-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4[0] / mm, A4[1] / mm
"""The page in millimetres; positions below are in millimetres from the page's top left corner."""
WRAP = PAGE_WIDTH - 40 - 2
"""Text lines' width: 20 mm margins, and 1 mm kept clear inside each side of the text box."""
QR_SIZE = 110.0
"""The QR code's side, quiet zone not included: the blank page around it is wider than the 4 modules needed."""


def _lines(canvas: Canvas, text: str, font: str, size: float, top: float, height: float) -> float:
    """`text` centred between the margins from `top`, wrapped at word ends, `height` mm a line; where it ends."""
    canvas.setFont(font, size)
    for line in simpleSplit(text, font, size, WRAP * mm) or [""]:
        # the baseline where a line box of `height` centres the type, as on the posters drawn before
        baseline = top + height / 2 + 0.3 * size * 25.4 / 72
        canvas.drawCentredString(PAGE_WIDTH / 2 * mm, (PAGE_HEIGHT - baseline) * mm, line)
        top += height
    return top


def _draw(canvas: Canvas, poster: Poster) -> None:
    canvas.setFillColor(ACCENT)
    y = _lines(canvas, poster.kicker, BOLD, 14, 22, 7)
    canvas.setFillColorRGB(0, 0, 0)
    y = _lines(canvas, poster.title, BOLD, 26, y + 6, 12)
    y = _lines(canvas, poster.summary, FAMILY, 14, y + 5, 7.5)

    width_in_modules, dark = qrcodes.runs(poster.url)
    cell = QR_SIZE / width_in_modules
    left, top = (PAGE_WIDTH - QR_SIZE) / 2, max(y + 10, 95.0)
    canvas.saveState()
    # In modules from the code's top left corner, downwards: each dark run a rectangle of whole numbers, all filled
    # as one path. Written as PDF operators: reportlab's rect() formats every number in Python, 2 ms a code.
    canvas.transform(cell * mm, 0, 0, -cell * mm, left * mm, (PAGE_HEIGHT - top) * mm)
    canvas.addLiteral(" ".join(f"{x} {row} {length} 1 re" for x, row, length in dark) + " f")
    canvas.restoreState()
    y = _lines(canvas, "Quét mã QR bằng camera điện thoại, hoặc gõ địa chỉ:", FAMILY, 13, top + QR_SIZE + 8, 7)
    size = 16
    # A place's `?tu=` lengthens the link: a smaller size keeps it on one line, as it is typed.
    while size > 9 and stringWidth(poster.url, BOLD, size) > WRAP * mm:
        size -= 1
    _lines(canvas, poster.url, BOLD, size, y, 9)
    y = _lines(canvas, "Điểm đặt: " + (poster.place or "." * 70), FAMILY, 12, 262, 7)
    canvas.setFillColorRGB(90 / 255, 90 / 255, 90 / 255)
    note = "Học miễn phí, không cần đăng nhập để đọc bài. Không cung cấp mã OTP cho bất kỳ ai."
    _lines(canvas, note, FAMILY, 9, y, 5)
    canvas.showPage()


def render(posters: list[Poster]) -> bytes:
    """One PDF with a page per poster."""
    fonts()
    out = io.BytesIO()
    # initialFontName: else the PDF names a Helvetica no page uses
    canvas = Canvas(out, pagesize=A4, pageCompression=1, initialFontName=FAMILY)
    canvas.setCreator("hocso")
    if len(posters) == 1:
        canvas.setTitle(posters[0].title)  # a viewer's tab names the poster
    for poster in posters:
        _draw(canvas, poster)
    canvas.save()
    return out.getvalue()
