"""The certificate's page as fpdf2 drew it until December 2026, kept so that the offline check
(`functions.certificates.reading`) still recognises a certificate drawn then: it compares a file's page with the page
its signed data renders to, and reportlab (`functions.certificates.document`) draws the same page in other bytes.

Nothing issues from here; only verifiers import it (the certificates function does not).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import tempfile
import threading
import unicodedata
from datetime import datetime, time
from pathlib import Path
from typing import cast

import segno
from fontTools import subset, ttLib
from fpdf import FPDF

from functions import FONTS, VIETNAM
from functions.certificates.document import (
    ATTACHMENT,
    BLUE,
    GREY,
    RED,
    REPERTOIRE,
    SMALLEST,
    TEXT,
    long_date,
    percent,
)
from functions.certificates.record import Certificate

_PREPARING = threading.Lock()


@functools.cache
def _prepared_faces() -> tuple[tempfile.TemporaryDirectory, Path, Path]:
    """DejaVu Sans and Sans Bold cut down to REPERTOIRE, once per process, in a private folder removed with it.

    fpdf2 parses and subsets each font again for every document, which from these ~20 KB cuts is about four times
    faster than from the 750 KB originals. fpdf2 reads fonts only from a path, hence the folder."""
    folder = tempfile.TemporaryDirectory(prefix="hocso-fonts-")
    paths = []
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font = ttLib.TTFont(FONTS / name, recalcTimestamp=False)
        # Hinting and layout tables serve neither print nor unshaped text; without them the embedded subsets halve.
        options = subset.Options(
            hinting=False, glyph_names=True, layout_features=[], notdef_outline=True, recommended_glyphs=True
        )
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "MATH", "kern", "hdmx", "FFTM"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=REPERTOIRE)
        subsetter.subset(font)
        paths.append(Path(folder.name) / name)
        font.save(paths[-1])
    return folder, paths[0], paths[1]


def _document(certificate: Certificate, printed: str) -> FPDF:
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    if set(map(ord, printed)) <= REPERTOIRE:
        with _PREPARING:  # two threads racing here would each make a folder, and one would vanish while in use
            _, regular, bold = _prepared_faces()
    else:
        regular, bold = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    for font in pdf.fonts.values():
        # Subsetting leaves every outline as it was, so their bounding boxes need no recomputing; left on, fontTools
        # decodes and re-encodes each glyph of each document (~40% of the time). Guarded: core fonts have no ttfont,
        # and a later fpdf2 may not expose it.
        ttfont = getattr(font, "ttfont", None)
        if isinstance(ttfont, ttLib.TTFont):
            ttfont.recalcBBoxes = False
    pdf.set_title(TEXT["pdf_title"].format(number=certificate.number))
    pdf.set_subject(TEXT["pdf_subject"].format(learner=certificate.learner_name, course=certificate.course_title))
    pdf.set_author(certificate.issuer)
    pdf.set_creator("hocso")
    pdf.set_lang("vi")
    # Dated by the certificate, not the clock, so the same certificate always prints to the same bytes.
    pdf.set_creation_date(datetime.combine(certificate.issued_on, time(8), VIETNAM))
    return pdf


def _fit(pdf: FPDF, text: str, width: float, size: float, smallest: float) -> tuple[float, list[str]]:
    """The largest size down to `smallest` (in half points) at which `text` fits one line of `width`; failing that, the
    text wrapped at `smallest`, or smaller (never below `SMALLEST`) if it would take more than two lines."""
    pdf.set_font_size(size)
    scaled = min(
        size, math.floor(2 * size * width / max(pdf.get_string_width(text), 0.1)) / 2
    )  # width is linear in size
    if scaled >= smallest:
        return scaled, [text]
    size = smallest
    while True:
        pdf.set_font_size(size)
        # fpdf2 types multi_cell's result as the union of every output mode's; "LINES" gives the lines.
        lines = cast("list[str]", pdf.multi_cell(width, 1, text, dry_run=True, output="LINES"))
        if len(lines) <= 2 or size <= SMALLEST:
            return size, lines
        size -= 0.5


def _write(
    pdf: FPDF,
    left: float,
    width: float,
    y: float,
    text: str,
    style: str = "",
    size: float = 14,
    smallest: float | None = None,
    colour: tuple[int, int, int] = (0, 0, 0),
    align: str = "C",
) -> float:
    """Writes `text` in [left, left + width] from `y`, shrunk or wrapped to fit; returns the y below it."""
    pdf.set_font("DejaVu", style, size)
    pdf.set_text_color(*colour)
    size, lines = _fit(pdf, text, width - 2 * pdf.c_margin, size, smallest or size)
    pdf.set_font_size(size)
    height = size * 0.3528 * 1.3  # points to mm, with leading
    for line in lines:
        pdf.set_xy(left, y)
        pdf.cell(width, height, line, align=align)
        y += height
    return y


def _border(pdf: FPDF) -> None:
    """A heavy and a fine frame in blue, red squares at the corners."""
    pdf.set_draw_color(*BLUE)
    for inset, weight in ((7, 1.2), (10, 0.3)):
        pdf.set_line_width(weight)
        pdf.rect(inset, inset, pdf.w - 2 * inset, pdf.h - 2 * inset)
    pdf.set_fill_color(*RED)
    for x, y in itertools.product((8.5, pdf.w - 8.5), (8.5, pdf.h - 8.5)):
        pdf.rect(x - 2.2, y - 2.2, 4.4, 4.4, style="F")


def _qr(pdf: FPDF, url: str, left: float, top: float, size: float) -> None:
    """The QR code as vector squares in a `size` square that keeps its four-module quiet zone white."""
    rows = segno.make(url, error="m", micro=False).matrix
    cell = size / (len(rows) + 8)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(left, top, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for y, row in enumerate(rows):
        x = 0
        for dark, run in itertools.groupby(row):
            length = len(list(run))
            if dark:  # one rectangle per run of dark modules keeps the page stream short
                pdf.rect(left + (x + 4) * cell, top + (y + 4) * cell, length * cell, cell, style="F")
            x += length


def render(certificate: Certificate, signature: str, verify_url: str) -> bytes:
    """The certificate as fpdf2 drew it: a one-page A4 landscape PDF, its signed data embedded as
    `hocso-certificate.json`."""
    # Decomposed input must print, and extract, as composed letters; agencies head official papers in capitals.
    issuer, name, unit, course = (
        unicodedata.normalize("NFC", value)
        for value in (
            certificate.issuer.upper(),
            certificate.learner_name,
            certificate.unit_name,
            certificate.course_title,
        )
    )
    score, issued = percent(certificate.score_percent), long_date(certificate.issued_on)
    pdf = _document(certificate, "".join([*TEXT.values(), issuer, name, unit, course, certificate.number, verify_url]))
    pdf.add_page()
    _border(pdf)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.3)

    y = _write(pdf, 14, 112, 17, issuer, "B", 11, 8)
    pdf.line(55, y + 1.2, 85, y + 1.2)
    _write(pdf, 14, 112, y + 3, TEXT["number"].format(number=certificate.number), size=11)
    y = _write(pdf, 136, 150, 17, TEXT["nation"], "B", 12)
    y = _write(pdf, 136, 150, y, TEXT["motto"], "B", 12.5)
    motto = pdf.get_string_width(TEXT["motto"])
    pdf.line(211 - motto / 2, y + 0.6, 211 + motto / 2, y + 0.6)

    y = _write(pdf, 14, 269, 42, TEXT["title"], "B", 34, colour=RED)
    y = _write(pdf, 14, 269, y + 1, TEXT["subtitle"], "B", 17, colour=BLUE)
    y = _write(pdf, 24, 249, y + 8, TEXT["learner"])
    y = _write(pdf, 24, 249, y + 1.5, name, "B", 28, 16, colour=BLUE)
    y = _write(pdf, 24, 249, y + 3, TEXT["unit"].format(unit=unit), size=14, smallest=10)
    y = _write(pdf, 24, 249, y + 3, TEXT["course"])
    y = _write(pdf, 24, 249, y + 1, course, "B", 16, 10)
    pdf.set_font("DejaVu", "", 14)
    label = pdf.get_string_width(TEXT["score"]) + 2 * pdf.c_margin + 0.5
    pdf.set_font("DejaVu", "B", 14)
    value = pdf.get_string_width(score) + 2 * pdf.c_margin + 0.5
    _write(pdf, 148.5 - (label + value) / 2, label, y + 3, TEXT["score"], align="L")
    _write(pdf, 148.5 - (label + value) / 2 + label, value, y + 3, score, "B", align="L")

    _qr(pdf, verify_url, 16, 148, 44)
    y = _write(pdf, 62, 104, 158, TEXT["scan"], size=10, colour=GREY, align="L")
    y = _write(pdf, 62, 104, y, verify_url, "B", 10, SMALLEST, colour=BLUE, align="L")
    y = _write(pdf, 62, 104, y, TEXT["to_verify"], size=10, colour=GREY, align="L")
    _write(pdf, 62, 104, y + 2, TEXT["offline"], size=SMALLEST, colour=GREY, align="L")
    y = _write(pdf, 172, 111, 156, TEXT["issued"].format(date=issued), size=12)
    y = _write(pdf, 172, 111, y + 1, issuer, "B", 11, SMALLEST)
    _write(pdf, 172, 111, y + 1, TEXT["signed"], size=SMALLEST, colour=GREY)

    data = json.dumps(
        {"certificate": certificate.model_dump(mode="json"), "signature": signature}, ensure_ascii=False, sort_keys=True
    )
    stamp = datetime.combine(certificate.issued_on, time(8), VIETNAM)
    pdf.embed_file(
        bytes=data.encode(),
        basename=ATTACHMENT,
        mime_type="application/json",
        desc=TEXT["attachment"],
        creation_date=stamp,
        modification_date=stamp,
        compress=True,
    )
    return bytes(pdf.output())
