"""A lesson's Markdown drawn on PDF pages: headings, paragraphs, lists, bold and italic, tables, and boxes.

Python-Markdown turns each run of ordinary blocks into HTML that fpdf2's `write_html` lays out; the boxes
(`!!! note "Ghi nhớ"`, the folded `??? question "…"` of the self-check) are cut out first and drawn here, framed, since
fpdf2 knows no such element. A folded question prints unfolded: paper cannot be clicked.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import markdown
from fpdf import FPDF
from fpdf.fonts import FontFace, TextStyle

FAMILY = "DejaVu"
INK = (33, 33, 33)
ACCENT = (40, 53, 147)
BOX_COLOURS = {"note": ACCENT, "abstract": ACCENT, "question": (0, 121, 107), "warning": (230, 81, 0)}
"""The frame's colour by the box's kind; others are grey."""
_EXTENSIONS = ["tables", "attr_list", "sane_lists"]
_BOX = re.compile(r'^(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"(.*)")?\s*$')
_BLOCK = r"(?:h\d|p|ul|ol|li|pre)"
_BETWEEN_BLOCKS = re.compile(rf"(</?{_BLOCK}>)\s+(</?{_BLOCK}>)")
LINE_HEIGHT = 1.3
KEEP_WITH_NEXT = 30.0
"""Millimetres a heading needs below it on its page: itself and the first lines of what it heads."""
_HEADING = re.compile(r"^(?=#{1,4} )", re.M)
_TABLE = re.compile(r"(<table>.*?</table>)", re.S)
_CELL = re.compile(r"(<t[dh]>)(.*?)(</t[dh]>)", re.S)
_TAG = re.compile(r"<[^>]+>")
_ICONS = re.compile(r":(?:material|fontawesome|octicons|simple)-[\w-]+:\s*")


@dataclass(frozen=True)
class Block:
    """A run of ordinary Markdown, or a box with its kind and title (`kind` empty for ordinary Markdown)."""

    markdown: str
    kind: str = ""
    title: str = ""


def blocks(text: str) -> list[Block]:
    """The Markdown cut into ordinary runs and boxes, in order; a box's content is dedented."""
    out: list[Block] = []
    plain: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        found = _BOX.match(lines[index])
        if not found:
            plain.append(lines[index])
            index += 1
            continue
        if "".join(plain).strip():
            out.append(Block("\n".join(plain)))
        plain = []
        index += 1
        body: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith((" ", "\t"))):
            body.append(lines[index])
            index += 1
        out.append(Block(textwrap.dedent("\n".join(body)).strip(), found.group(1), found.group(2) or ""))
    if "".join(plain).strip():
        out.append(Block("\n".join(plain)))
    return out


def _html(text: str) -> str:
    """HTML for fpdf2: no attribute lists' leftovers, no theme icons, links as their text."""
    html = markdown.markdown(_ICONS.sub("", text), extensions=_EXTENSIONS)
    html = re.sub(r"<a\b[^>]*>(.*?)</a>", r"\1", html, flags=re.S)
    html = re.sub(r"<(p|td|th|li|h\d)\s[^>]*>", r"<\1>", html)  # attr_list classes, table alignment
    # fpdf2's table cells hold plain text only: a cell's bold or italic is dropped, its words kept.
    html = _CELL.sub(lambda found: found.group(1) + _TAG.sub("", found.group(2)) + found.group(3), html)
    # The line breaks between blocks would print as empty lines; paragraphs and items get air between their lines.
    html = _BETWEEN_BLOCKS.sub(r"\1\2", html)
    return re.sub(r"<(p|ul|ol)>", rf'<\1 line-height="{LINE_HEIGHT}">', html)


def _styles() -> dict[str, TextStyle | FontFace]:
    def heading(size: float, colour: tuple[int, int, int], top: float) -> TextStyle:
        # fpdf2 multiplies a heading's b_margin by its size
        return TextStyle(
            font_family=FAMILY, font_style="B", font_size_pt=size, color=colour, t_margin=top, b_margin=0.4
        )

    return {
        "h1": heading(16, ACCENT, 6),
        "h2": heading(14, ACCENT, 5),
        "h3": heading(12, INK, 4),
        "h4": heading(11, INK, 3),
        "pre": TextStyle(font_family=FAMILY, t_margin=2),  # fpdf2's Courier has no Vietnamese letters
        "code": FontFace(family=FAMILY),
    }


def _write(pdf: FPDF, text: str) -> None:
    # A table gets a layout of its own: fpdf2 2.8 carries the bold of a paragraph before it into its cells.
    for piece in _TABLE.split(_html(text)):
        if not piece.strip():
            continue
        pdf.set_font(FAMILY, "", 10.5)
        pdf.set_text_color(*INK)
        pdf.set_fill_color(232, 234, 246)  # a table's heading row
        pdf.set_draw_color(190, 190, 190)
        pdf.write_html(
            piece,
            font_family=FAMILY,
            tag_styles=_styles(),
            li_prefix_color=INK,
            table_line_separators=True,
        )


def _box(pdf: FPDF, block: Block) -> None:
    """A framed box: a coloured bar down its left edge, its title in bold, its content indented."""
    colour = BOX_COLOURS.get(block.kind, (117, 117, 117))
    left, right = pdf.l_margin, pdf.r_margin
    pdf.ln(2)
    top, page = pdf.get_y(), pdf.page
    pdf.set_left_margin(left + 5)
    pdf.set_right_margin(right + 3)
    pdf.set_x(left + 5)
    if block.title:
        pdf.set_font(FAMILY, "B", 10.5)
        pdf.set_text_color(*colour)
        pdf.multi_cell(0, 5.5, block.title, new_x="LMARGIN", new_y="NEXT")
    if block.markdown:
        _write(pdf, block.markdown)
    pdf.set_left_margin(left)
    pdf.set_right_margin(right)
    bottom, last = pdf.get_y(), pdf.page
    pdf.set_fill_color(*colour)
    # A box that ran onto the next pages gets its bar on each of them.
    for number in range(page, last + 1):
        pdf.page = number
        start = top if number == page else pdf.t_margin
        end = bottom if number == last else pdf.h - pdf.b_margin
        if end > start:
            pdf.rect(left, start, 1.2, end - start, style="F")
    pdf.page = last
    pdf.set_xy(left, bottom + 2)
    pdf.set_text_color(*INK)


def needs_italic(text: str) -> bool:
    """Whether the Markdown has italic text (the italic faces then go into the PDF, else they cost nothing)."""
    html = _html(text)
    return "<em>" in html or "<i>" in html


def _room(pdf: FPDF, height: float) -> None:
    """A new page unless `height` mm are left on this one: a heading or a box's title never ends a page."""
    if pdf.get_y() > pdf.h - pdf.b_margin - height:
        pdf.add_page()


def draw(pdf: FPDF, text: str) -> None:
    """Draw a lesson's Markdown from the current position on."""
    for block in blocks(text):
        if block.kind:
            _room(pdf, KEEP_WITH_NEXT)
            _box(pdf, block)
            continue
        for piece in _HEADING.split(block.markdown):
            if piece.strip():
                if piece.startswith("#"):
                    _room(pdf, KEEP_WITH_NEXT)
                _write(pdf, piece)
