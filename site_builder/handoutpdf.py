"""A handout's PDF drawn with reportlab (`site_builder.handouts` says what it shows and keeps it cached)."""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table

from site_builder import handoutbody, qrcodes
from site_builder.handouts import Handout
from site_builder.handoutstyle import ACCENT, CELL_FONT, FAMILY, fonts, style

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
"""The text's width between the margins, in points."""
QR_SIZE = 28 * mm


class _Canvas(Canvas):
    """Pages that learn their count when the document ends, to print "Trang x/y" in each foot."""

    foot = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for page in self._pages:
            self.__dict__.update(page)
            self._footer(len(self._pages))
            super().showPage()
        super().save()

    def _footer(self, pages: int) -> None:
        self.setFont(FAMILY, 8)
        self.setFillColorRGB(110 / 255, 110 / 255, 110 / 255)
        self.drawString(MARGIN, 10 * mm, self.foot)
        self.drawRightString(A4[0] - MARGIN, 10 * mm, f"Trang {self._pageNumber}/{pages}")


class _QR(Flowable):
    """The lesson's QR code: a filled rectangle per run of dark modules, crisp at any zoom."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.width, self.dark = qrcodes.runs(url)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return QR_SIZE, QR_SIZE

    def draw(self) -> None:
        cell = QR_SIZE / self.width
        self.canv.setFillColorRGB(0, 0, 0)
        for x, y, length in self.dark:
            self.canv.rect(x * cell, QR_SIZE - (y + 1) * cell, length * cell, cell, stroke=0, fill=1)


def _head(handout: Handout, drawn: date) -> list[Flowable]:
    """The first page's head: course and lesson number, title, summary, QR code and short link, objectives."""
    grey = colors.Color(90 / 255, 90 / 255, 90 / 255)
    beside = [
        Paragraph(escape(f"{handout.course_title} · Bài {handout.number}/{handout.lessons}"), style(10, True, ACCENT)),
        Spacer(1, 1.5 * mm),
        Paragraph(escape(handout.title), style(18, True, leading=23)),
        Spacer(1, 1.5 * mm),
        Paragraph(escape(handout.summary), style(colour=colors.Color(70 / 255, 70 / 255, 70 / 255))),
        Spacer(1, 1 * mm),
        Paragraph(escape(f"Học trực tuyến, làm bài kiểm tra: quét mã QR hoặc gõ {handout.url}"), style(9, colour=grey)),
        Paragraph(
            f"Tài liệu tạo ngày {drawn.strftime('%d/%m/%Y')} từ nội dung bài học trên trang.", style(8, colour=grey)
        ),
    ]
    head = Table(
        [[beside, _QR(handout.url)]],
        colWidths=[WIDTH - QR_SIZE, QR_SIZE],
        style=[CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
        + [("RIGHTPADDING", (1, 0), (1, 0), 0)],
        hAlign="LEFT",
    )
    out = [head, HRFlowable(width="100%", thickness=0.7, color=ACCENT, spaceBefore=2 * mm, spaceAfter=1 * mm)]
    if handout.objectives:
        listed = "\n".join(f"- {objective}" for objective in handout.objectives)
        out += handoutbody.box("abstract", "Sau bài học này, bạn có thể", listed, WIDTH)
    return out


def render(handout: Handout, drawn: date) -> bytes:
    """The handout's PDF, dated `drawn`."""
    fonts()
    foot = f"{handout.course_title} · Bài {handout.number}: {handout.title}"
    if pdfmetrics.stringWidth(foot, FAMILY, 8) > WIDTH - 25 * mm:
        foot = f"{handout.course_title} · Bài {handout.number}"
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=handout.title,
        subject=handout.course_title,
        creator="hocso",
        pageCompression=1,
        initialFontName=FAMILY,  # else each page names a Helvetica it never uses
    )
    canvas = type("_Footed", (_Canvas,), {"foot": foot})
    document.build(_head(handout, drawn) + handoutbody.flowables(handout.markdown, WIDTH), canvasmaker=canvas)
    return out.getvalue()
