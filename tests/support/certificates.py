"""One certificate as the tests state it, changed per test where a field matters (`stated(score_percent=90.0)`); the
certificates signed before the canonical form followed RFC 8785; and a PDF doctored as a forger would."""

from __future__ import annotations

import io
import json
from datetime import date

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from functions import FONTS
from functions.certificates.record import Certificate
from tests.support.paths import VECTORS

STATED = Certificate(
    number="HS-7K4M-Q9PX-R",
    issuer="Sở Khoa học và Công nghệ tỉnh Nghệ An",
    learner_name="Hoàng Thị Thùy Dương",
    unit_name="UBND xã Đông Sơn",
    course_id="tong-quan-chuyen-doi-so",
    course_title="Tổng quan về chuyển đổi số",
    issued_on=date(2026, 11, 23),
    score_percent=87.5,
    key_id="2026-1",
)
SIGNED_BEFORE = json.loads((VECTORS / "signed_before_rfc8785.json").read_text(encoding="utf-8"))
"""Certificates and their key as signed before the canonical form followed RFC 8785: they must still verify."""


def stated(**changes: object) -> Certificate:
    """The tests' certificate with `changes` made."""
    return STATED.model_copy(update=changes)


def drawn_over(pdf: bytes, name: str) -> bytes:
    """The certificate with a white box over its name and another name drawn in it, the signed data left inside: what
    anyone with pypdf and fpdf2 makes in a minute."""
    cover = FPDF(orientation="landscape", unit="mm", format="A4")
    cover.add_page()
    cover.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    cover.set_fill_color(255, 255, 255)
    cover.rect(30, 80, 237, 14, style="F")
    cover.set_font("DejaVu", "B", 26)
    cover.set_text_color(23, 54, 120)
    cover.set_xy(24, 81)
    cover.cell(249, 12, name, align="C")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))  # keeps the embedded signed data
    writer.pages[0].merge_page(PdfReader(io.BytesIO(bytes(cover.output()))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
