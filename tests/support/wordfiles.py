"""Word documents (.docx) written on the fly as Word saves them: a ZIP of XML parts, with the style ids a
Vietnamese Word gives its built-in styles (ids translated, names not)."""

from __future__ import annotations

import zipfile
from html import escape
from pathlib import Path

_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
STYLES = {"Title": "title", "u1": "heading 1", "u2": "heading 2", "oancuaDanhsach": "list paragraph"}


def run(text: str, bold: bool = False) -> str:
    """One run of text, bold or not."""
    style = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{style}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(*runs: str, style: str = "", listed: bool = False) -> str:
    """A paragraph of `runs` (strings are plain runs), with a style id and list numbering if asked."""
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    properties += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if listed else ""
    body = "".join(part if part.startswith("<w:") else run(part) for part in runs)
    return f"<w:p><w:pPr>{properties}</w:pPr>{body}</w:p>"


def table(rows: list[list[str]]) -> str:
    """A table of plain text cells."""
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


PICTURE = "<w:p><w:r><w:drawing/></w:r></w:p>"


def write_docx(path: Path, *blocks: str) -> Path:
    """A .docx at `path` whose body is `blocks` (paragraphs, tables, pictures)."""
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/></w:style>'
        for sid, name in STYLES.items()
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(
            "word/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:styles {_NS}>{styles}</w:styles>'
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {_NS}><w:body>{"".join(blocks)}</w:body></w:document>',
        )
    return path
