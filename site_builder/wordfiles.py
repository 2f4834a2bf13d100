"""A Word document (.docx) as Markdown: headings, paragraphs with bold, bulleted lists and simple tables, read from
the document's XML with defusedxml (a .docx from outside is a ZIP of XML like any other, so no DTD, no entities).
Pictures, text boxes and footnotes are not carried over; they are counted so the editor knows to check."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"^heading (\d)$")
_ESCAPE = re.compile(r"([\\`*_\[\]])")


class WordError(ValueError):
    """The file is not a Word document hocso can read."""


@dataclass
class WordText:
    """What a .docx held: its title (the Title style or the first heading 1), its body as Markdown, and the number
    of pictures left out."""

    title: str = ""
    blocks: list[str] = field(default_factory=list)
    pictures: int = 0

    @property
    def markdown(self) -> str:
        return "\n\n".join(self.blocks) + "\n"


def _attr(element: Element | None, name: str) -> str:
    return element.get(_W + name, "") if element is not None else ""


def _styles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Style id → its built-in name ("heading 1", "title", "list bullet"): ids are translated in a Vietnamese Word,
    names are not."""
    try:
        root = ElementTree.fromstring(archive.read("word/styles.xml"), forbid_dtd=True)
    except KeyError:
        return {}
    return {_attr(style, "styleId"): _attr(style.find(_W + "name"), "val").lower() for style in root.iter(_W + "style")}


def _runs(paragraph: Element) -> str:
    parts: list[tuple[str, bool]] = []
    for run in paragraph.iter(_W + "r"):
        bold_flag = run.find(f"{_W}rPr/{_W}b")
        bold = bold_flag is not None and _attr(bold_flag, "val") not in ("0", "false")
        for piece in run:
            if piece.tag == _W + "t" and piece.text:
                parts.append((_ESCAPE.sub(r"\\\1", piece.text).replace("<", "&lt;"), bold))
            elif piece.tag in (_W + "tab", _W + "br"):
                parts.append((" ", bold))
    merged: list[tuple[str, bool]] = []
    for text, bold in parts:
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        else:
            merged.append((text, bold))
    out = []
    for text, bold in merged:
        core = text.strip()
        if bold and core:  # Markdown bold may not start or end on a space
            text = text.replace(core, f"**{core}**", 1)
        out.append(text)
    return " ".join("".join(out).split())


def _table(table: Element) -> str:
    rows = []
    for row in table.iter(_W + "tr"):
        cells = [" ".join(_runs(p) for p in cell.iter(_W + "p")).strip() for cell in row.iter(_W + "tc")]
        if any(cells):
            rows.append([cell.replace("|", "\\|") for cell in cells])
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
    return "\n".join([lines[0], "|" + "---|" * width, *lines[1:]])


def read_docx(path: Path) -> WordText:
    """The text of a .docx as Markdown; WordError if it is not one."""
    try:
        with zipfile.ZipFile(path) as archive:
            styles = _styles(archive)
            body = ElementTree.fromstring(archive.read("word/document.xml"), forbid_dtd=True).find(_W + "body")
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise WordError(str(error)) from None
    found = WordText()
    for element in body if body is not None else []:
        found.pictures += sum(1 for _ in element.iter(_W + "drawing")) + sum(1 for _ in element.iter(_W + "pict"))
        if element.tag == _W + "tbl":
            if table := _table(element):
                found.blocks.append(table)
            continue
        if element.tag != _W + "p":
            continue
        text = _runs(element)
        if not text:
            continue
        properties = element.find(_W + "pPr")
        style_id = _attr(properties.find(_W + "pStyle") if properties is not None else None, "val")
        style = styles.get(style_id, style_id.lower())
        level = 1 if style == "title" else int(match.group(1)) if (match := _HEADING.match(style)) else 0
        if level == 1 and not found.title:
            found.title = text.replace("**", "")
        elif level:
            found.blocks.append("#" * min(max(level, 2), 4) + " " + text.replace("**", ""))
        elif (properties is not None and properties.find(_W + "numPr") is not None) or style.startswith("list"):
            if found.blocks and found.blocks[-1].startswith("- "):
                found.blocks[-1] += "\n- " + text  # one list, not a paragraph per item
            else:
                found.blocks.append("- " + text)
        else:
            found.blocks.append(text)
    return found
