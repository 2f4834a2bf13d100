"""The handouts' type and colours: DejaVu Sans registered with reportlab, and the paragraph styles drawn from it."""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from functions import FONTS

FAMILY = "DejaVu"
OWN_FONTS = Path(__file__).parent / "fonts"
"""The italic faces, used by handouts only (the functions' PDFs need none)."""
INK = colors.Color(33 / 255, 33 / 255, 33 / 255)
ACCENT = colors.Color(40 / 255, 53 / 255, 147 / 255)
BODY_SIZE = 10.5
CELL_FONT = ("FONT", (0, 0), (-1, -1), FAMILY, BODY_SIZE)
"""A table's own font, in every table: reportlab's default would put a Helvetica no cell uses in the PDF."""


@functools.cache
def fonts() -> None:
    """Register DejaVu Sans and its faces with reportlab, once per process (forked workers inherit them)."""
    faces = {
        FAMILY: FONTS / "DejaVuSans.ttf",
        f"{FAMILY}-Bold": FONTS / "DejaVuSans-Bold.ttf",
        f"{FAMILY}-Oblique": OWN_FONTS / "DejaVuSans-Oblique.ttf",
        f"{FAMILY}-BoldOblique": OWN_FONTS / "DejaVuSans-BoldOblique.ttf",
    }
    for name, path in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # <b> and <i> in a paragraph pick the face by these.
    for bold, italic, name in ((0, 0, ""), (1, 0, "-Bold"), (0, 1, "-Oblique"), (1, 1, "-BoldOblique")):
        addMapping(FAMILY, bold, italic, FAMILY + name)


def style(size: float = BODY_SIZE, bold: bool = False, colour: colors.Color = INK, **more) -> ParagraphStyle:
    """A paragraph style in DejaVu Sans; line spacing 1.3 times the size unless `leading` is given."""
    more.setdefault("leading", round(size * 1.3, 1))
    return ParagraphStyle(
        "hocso", fontName=f"{FAMILY}-Bold" if bold else FAMILY, fontSize=size, textColor=colour, **more
    )
