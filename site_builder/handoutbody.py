"""A lesson's Markdown as reportlab flowables: headings, paragraphs, lists, bold and italic, tables, and boxes.

Python-Markdown turns the lesson into HTML (as the site does), which is walked here into reportlab's paragraphs,
bullets and tables. The boxes (`!!! note "Ghi nhớ"`, the folded `??? question "…"` of the self-check) are cut out
first and framed with a coloured bar down their left edge: a one-column table with a row per flowable, so a long box
splits across pages and keeps its bar on each. A folded question prints unfolded: paper cannot be clicked.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.sax.saxutils import escape

import markdown
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, Paragraph, Spacer, Table, XPreformatted

from site_builder.handoutstyle import ACCENT, CELL_FONT, FAMILY, style

BOX_COLOURS = {"note": ACCENT, "abstract": ACCENT, "question": colors.Color(0, 121 / 255, 107 / 255)}
BOX_COLOURS["warning"] = colors.Color(230 / 255, 81 / 255, 0)
"""The bar's colour by the box's kind; others are grey."""
GREY = colors.Color(117 / 255, 117 / 255, 117 / 255)
HEADER_FILL = colors.Color(232 / 255, 234 / 255, 246 / 255)
RULE = colors.Color(190 / 255, 190 / 255, 190 / 255)
KEEP_WITH_NEXT = 30 * mm
"""Room a box needs left on a page to start there: its title and its first lines."""
_HEADING_ROOM = 15 * mm
"""A heading's height with the space around it, at most."""
_EXTENSIONS = ["tables", "attr_list", "sane_lists"]
_BOX = re.compile(r'^(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"(.*)")?\s*$')
_ICONS = re.compile(r":(?:material|fontawesome|octicons|simple)-[\w-]+:\s*")
_VOID = {"br", "img", "hr", "input", "col"}
_INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i"}
_BULLETS = ("•", "◦", "–")
_BOX_BAR = 1.2 * mm
_BOX_INSET = 5 * mm


_HEADINGS = {
    "h1": style(16, True, ACCENT, spaceBefore=6 * mm, spaceAfter=1.5 * mm, keepWithNext=1),
    "h2": style(14, True, ACCENT, spaceBefore=5 * mm, spaceAfter=1.5 * mm, keepWithNext=1),
    "h3": style(12, True, spaceBefore=4 * mm, spaceAfter=1.2 * mm, keepWithNext=1),
    "h4": style(11, True, spaceBefore=3 * mm, spaceAfter=1 * mm, keepWithNext=1),
}
_PARAGRAPH = style(spaceAfter=2 * mm)
_CODE = style(9.5, colour=colors.Color(0.25, 0.25, 0.25), leftIndent=4 * mm, spaceAfter=2 * mm)


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


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[_Node | str]


class _Tree(HTMLParser):
    """Python-Markdown's HTML as a tree of nodes; entities read as the characters they stand for."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("div", {}, [])
        self.open = [self.root]

    def handle_starttag(self, tag, attrs) -> None:
        node = _Node(tag, dict(attrs), [])
        self.open[-1].children.append(node)
        if tag not in _VOID:
            self.open.append(node)

    def handle_endtag(self, tag) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data) -> None:
        self.open[-1].children.append(data)


def _tree(text: str) -> _Node:
    parser = _Tree()
    parser.feed(markdown.markdown(_ICONS.sub("", text), extensions=_EXTENSIONS))
    parser.close()
    return parser.root


def _inline(node: _Node) -> str:
    """A node's content as reportlab paragraph markup: bold and italic kept, links as their text."""
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(escape(child))
        elif child.tag in _INLINE:
            out.append(f"<{_INLINE[child.tag]}>{_inline(child)}</{_INLINE[child.tag]}>")
        elif child.tag == "br":
            out.append("<br/>")
        elif child.tag == "img":
            out.append(escape(child.attrs.get("alt") or ""))
        else:  # a, code, span…: their words
            out.append(_inline(child))
    return "".join(out)


def _text(node: _Node | str) -> str:
    return node if isinstance(node, str) else "".join(_text(child) for child in node.children)


def _list(node: _Node, width: float, depth: int) -> list[Flowable]:
    """A list as bullet paragraphs (they split across pages like any paragraph), nested lists further in."""
    indent = (depth + 1) * 6 * mm
    item_style = style(leftIndent=indent, bulletIndent=indent - 4.5 * mm, spaceAfter=1 * mm, bulletFontName=FAMILY)
    start = int(node.attrs.get("start") or 1) if node.tag == "ol" else 1
    out: list[Flowable] = []
    items = [child for child in node.children if isinstance(child, _Node) and child.tag == "li"]
    for number, item in enumerate(items, start=start):
        bullet: str | None = f"{number}." if node.tag == "ol" else _BULLETS[depth % len(_BULLETS)]
        words = _Node("span", {}, [])
        for child in [*item.children, None]:
            if child is None or (isinstance(child, _Node) and child.tag in ("p", "ul", "ol", "table", "pre")):
                if _text(words).strip() or (child is None and bullet):
                    out.append(Paragraph(_inline(words).strip(), item_style, bulletText=bullet))
                    bullet = None
                words = _Node("span", {}, [])
            if child is None:
                continue
            if isinstance(child, _Node) and child.tag in ("ul", "ol"):
                out += _list(child, width, depth + 1)
            elif isinstance(child, _Node) and child.tag == "p":
                out.append(Paragraph(_inline(child), item_style, bulletText=bullet))
                bullet = None
            elif isinstance(child, _Node) and child.tag in ("table", "pre"):
                out += _flowables(_Node("div", {}, [child]), width - indent)
            else:
                words.children.append(child)
    return out


def _rows(node: _Node) -> list[_Node]:
    found = []
    for child in node.children:
        if isinstance(child, _Node):
            found += [child] if child.tag == "tr" else _rows(child)
    return found


def _table(node: _Node, width: float) -> Table:
    """A table whose cells wrap and keep their bold and italic; the heading row shaded and repeated on a new page."""
    rows = [
        [cell for cell in row.children if isinstance(cell, _Node) and cell.tag in ("td", "th")] for row in _rows(node)
    ]
    columns = max(len(row) for row in rows)
    longest = [max((len(_text(row[n])) for row in rows if n < len(row)), default=0) for n in range(columns)]
    weights = [min(max(length, 8), 60) for length in longest]  # a short column still fits its word, a long one yields
    widths = [width * weight / sum(weights) for weight in weights]
    data = [
        [Paragraph(_inline(cell), style(10, cell.tag == "th")) for cell in row] + [""] * (columns - len(row))
        for row in rows
    ]
    heading = all(cell.tag == "th" for cell in rows[0])
    commands = [
        CELL_FONT,
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if heading:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    return Table(data, colWidths=widths, style=commands, repeatRows=1 if heading else 0, hAlign="LEFT", spaceAfter=6)


def _flowables(node: _Node, width: float) -> list[Flowable]:
    """The blocks of an HTML tree as flowables `width` points wide."""
    out: list[Flowable] = []
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                out.append(Paragraph(escape(child.strip()), _PARAGRAPH))
        elif child.tag in _HEADINGS or child.tag in ("h5", "h6"):
            out.append(Paragraph(_inline(child), _HEADINGS.get(child.tag, _HEADINGS["h4"])))
        elif child.tag == "p":
            out.append(Paragraph(_inline(child), _PARAGRAPH))
        elif child.tag in ("ul", "ol"):
            out += _list(child, width, 0)
            out.append(Spacer(1, 1 * mm))
        elif child.tag == "table" and _rows(child):
            out.append(_table(child, width))
        elif child.tag == "pre":
            out.append(XPreformatted(escape(_text(child).rstrip()), _CODE))
        elif child.tag == "hr":
            out.append(HRFlowable(width="100%", color=RULE, thickness=0.5, spaceBefore=2 * mm, spaceAfter=2 * mm))
        else:  # div, blockquote…: their blocks
            out += _flowables(child, width)
    return out


def _box(block: Block, width: float) -> list[Flowable]:
    """A box: a coloured bar down its left edge, its title in bold in the bar's colour, its content indented."""
    colour = BOX_COLOURS.get(block.kind, GREY)
    inner = width - _BOX_INSET - 3 * mm
    rows: list[Flowable] = []
    if block.title:
        rows.append(Paragraph(escape(block.title), style(bold=True, colour=colour, spaceAfter=1 * mm)))
    rows += _flowables(_tree(block.markdown), inner) if block.markdown else []
    if not rows:
        return []
    frame = Table(
        [[row] for row in rows],
        colWidths=[width],
        style=[
            CELL_FONT,
            ("LINEBEFORE", (0, 0), (0, -1), _BOX_BAR, colour),
            ("LEFTPADDING", (0, 0), (-1, -1), _BOX_INSET),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 1.5 * mm),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 1 * mm),
        ],
        hAlign="LEFT",
    )
    return [Spacer(1, 2 * mm), frame, Spacer(1, 3 * mm)]


def box(kind: str, title: str, markdown_text: str, width: float) -> list[Flowable]:
    """A framed box of the given kind and title around some Markdown (the handout's objectives use one)."""
    framed = _box(Block(markdown_text, kind, title), width)
    return [CondPageBreak(KEEP_WITH_NEXT), *framed] if framed else []


def flowables(text: str, width: float) -> list[Flowable]:
    """A lesson's Markdown as flowables `width` points wide: its ordinary runs and its boxes, in order."""
    out: list[Flowable] = []
    for block in blocks(text):
        if not block.kind:
            out += _flowables(_tree(block.markdown), width)
            continue
        framed = _box(block, width)
        if framed and out and out[-1].getKeepWithNext():  # a heading
            # A heading keeps with the next flowable only, so the room for a box under it is asked before the heading.
            out.insert(len(out) - 1, CondPageBreak(KEEP_WITH_NEXT + _HEADING_ROOM))
            out += framed
        elif framed:
            out += [CondPageBreak(KEEP_WITH_NEXT), *framed]
    return out
