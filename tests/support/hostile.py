"""Spreadsheets made to freeze or exhaust a reader, each small on the wire, for the unit and the attack tests."""

from __future__ import annotations

import io
import zipfile

_NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>",
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0"?><workbook {_NS}>'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>',
}


def workbook(sheet_data: str, dimension: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal XLSX whose first sheet holds `sheet_data` (the `<sheetData>` element), written by hand as an attacker
    would, with optional extra zip entries."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    parts = {
        **_PARTS,
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {_NS}>{declared}{sheet_data}</worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in {**parts, **(extra or {})}.items():
            book.writestr(name, text)
    return out.getvalue()


def _text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xfd_xlsx(rows: int = 1500, declared: bool = True) -> bytes:
    """A name in column A and one cell in column XFD (the 16,384th) on every row: about 17 KB for 1,500 rows, which
    openpyxl's reader padded to 24 million cells (9 s)."""
    cells = "".join(
        f'<row r="{n}">{_text(f"A{n}", f"Người {n}")}{_text(f"XFD{n}", "x")}</row>' for n in range(1, rows + 1)
    )
    return workbook(f"<sheetData>{cells}</sheetData>", f"A1:XFD{rows}" if declared else None)


def zip_bomb(megabytes: int = 200) -> bytes:
    """A sheet padded with 200 MB of blanks between two rows, about 0.9 MB compressed (a thousandfold at best
    compression): whatever parses it inflates all of it (openpyxl's reader took 20 s and 2.4 GB on 300 MB). Written
    as a stream at the fastest compression, so making it takes a second and no memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, text in _PARTS.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'<?xml version="1.0"?><worksheet {_NS}><sheetData><row r="1">{_text("A1", "Họ và tên")}</row>'.encode()
            )
            blanks = b" " * (1024 * 1024)
            for _ in range(megabytes):
                sheet.write(blanks)
            sheet.write(f'<row r="2">{_text("A2", "Người 1")}</row></sheetData></worksheet>'.encode())
    return out.getvalue()


def wide_csv(columns: int = 15_000, rows: int = 10_000) -> bytes:
    """A header of 15,000 columns over 10,000 one-cell rows: 114 KB, which took 32 s to read."""
    return ("Họ và tên," + ",".join(f"c{n}" for n in range(columns)) + "\n" + "A\n" * rows).encode()


def huge_cell_csv(chars: int = 200_000) -> bytes:
    """One cell of 200,000 characters, beyond the csv module's own limit (it answered 500)."""
    return ("Họ và tên,Mã đơn vị,Số điện thoại\n" + "x" * chars + ",X,0912000000\n").encode()
