"""The printed certificate: an A4 landscape PDF in Vietnamese that carries its own signed data (read back and
checked offline by `functions.certificates.reading`).

The page states what the certificate states, with a QR code to the verification page. The signed fields and their
signature travel inside the PDF as an embedded file (`hocso-certificate.json`), so anyone holding the file and the
published keys can check it without the network. DejaVu Sans is embedded as a subset of the letters the page uses, so
it prints anywhere and its text extracts exactly (names stay searchable and can be compared with the signed ones).

Drawn with reportlab (about 5 ms a page; fpdf2 took about 25: it parsed and subset the fonts again for every
document, with fontTools, and segno chose the QR mask by trying all eight). reportlab is imported on the first
drawing, not with the module, so the certificates function's cold start does not pay for it. Certificates drawn
before the change were drawn by `functions.certificates.earlier`, which the offline check still compares against.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import threading
import unicodedata
from datetime import date
from typing import TYPE_CHECKING

import segno

from functions import FONTS
from functions.blobs import Blobs
from functions.certificates import credential
from functions.certificates.numbers import file_stem
from functions.certificates.record import Certificate, IssuedCertificate

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

ATTACHMENT = "hocso-certificate.json"
TEXT = {
    "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc",
    "number": "Số: {number}",
    "title": "GIẤY CHỨNG NHẬN",
    "subtitle": "HOÀN THÀNH KHÓA HỌC",
    "learner": "Chứng nhận ông/bà:",
    "unit": "Đơn vị: {unit}",
    "course": "Đã hoàn thành khóa học:",
    "score": "Kết quả bài kiểm tra:",
    "issued": "Cấp {date}",
    "signed": "(Đã ký số)",
    "scan": "Quét mã QR hoặc truy cập",
    "to_verify": "để xác minh",
    "offline": "Tệp PDF này chứa dữ liệu đã ký số, có thể xác minh cả khi không có mạng.",
    "attachment": "Dữ liệu giấy chứng nhận đã ký số",
    "pdf_title": "Giấy chứng nhận hoàn thành khóa học số {number}",
    "pdf_subject": "{learner} đã hoàn thành khóa học “{course}”",
}
BLUE, RED, GREY = (23, 54, 120), (170, 30, 35), (90, 90, 90)
SMALLEST = 9.0
"""No text on a certificate is printed smaller (points): a text too long wraps rather than shrinking below it."""
QR_MASK = 7
"""The QR code's mask, fixed: any of the eight decodes alike, and choosing the best scored one took 4.5 ms of a
certificate's 5 (segno tries all eight). 7 is the one it chose most often for these addresses; over 300 of them its
penalty score (large blocks, finder-like runs, dark/light balance) was 9% above the best mask's at the median, 31% at
worst: no pattern a scanner would stumble on."""
MM = 72 / 25.4  # points in a millimetre: the layout is written in millimetres from the top left, as printed
WIDTH, HEIGHT = 297.0, 210.0
PADDING = 1.0  # mm kept clear inside each text box on either side
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Every character a Vietnamese certificate needs (ASCII, Latin-1, the Vietnamese letters, typographic punctuation).
# Text outside it is still printed, from the full font, whose subsets only weigh more.
REPERTOIRE = frozenset(
    [*range(0x20, 0x7F), *range(0xA0, 0x100), *map(ord, "ĂăĐđĨĩŨũƠơƯư"), *range(0x1EA0, 0x1EFA), *map(ord, "–—‘’“”…•№")]
)
_DRAWING = threading.Lock()
"""One certificate drawn at a time in a process: reportlab's parsed faces, shared by every document, keep a read
position while a subset is cut from them, so two threads saving at once corrupt each other's subsets. (Drawing is
pure Python: the threads would take turns anyway.)"""


def percent(score: float) -> str:
    """A score as Vietnamese print writes it: `90%`, `92,5%` (decimal comma, at most two decimals)."""
    return f"{score:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def long_date(day: date) -> str:
    """`ngày 23 tháng 11 năm 2026`; days below 10 and months 1 and 2 take a leading zero, as Decree 30/2020 asks."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _face(style: str, full: bool) -> bytes:
    """A face renamed for certificates alone; unless `full`, cut down to REPERTOIRE without the hinting and layout
    tables, which serve neither print nor unshaped text (reportlab copies them whole into every embedded subset).

    The new PostScript names (the ones fpdf2 gave the faces) keep the faces apart in reportlab's registry, which
    takes a second font of a face name it knows for the first: the cut face for the full one, or the build's full
    DejaVu Sans (`site_builder.handoutstyle`) for a certificate's cut one, when both are drawn in one process."""
    from fontTools import subset, ttLib

    font = ttLib.TTFont(FONTS / FILES[style], recalcTimestamp=False, lazy=full)
    if not full:
        options = subset.Options(
            hinting=False, glyph_names=True, layout_features=[], notdef_outline=True, recommended_glyphs=True
        )
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "MATH", "kern", "hdmx", "FFTM"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=REPERTOIRE)
        subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID == 6:  # the PostScript name, which reportlab registers the face by and the PDF shows
            record.string = ("DejaVuSansBold" if style else "DejaVuSansBook") + ("Full" if full else "")
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@functools.cache
def _faces(full: bool) -> dict[str, str]:
    """The faces' reportlab names by style ("" or "B"), registered on first use, once per process: parsed once, each
    document then embeds only the glyphs it uses. The cut faces unless `full`."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {}
    for style in FILES:
        names[style] = f"hocso-certificate-{'full' if full else 'cut'}-{style or 'R'}"
        # Codes given in order of use, so a subset holds only the letters drawn (readable ASCII codes hold all 95).
        pdfmetrics.registerFont(TTFont(names[style], io.BytesIO(_face(style, full)), asciiReadable=False))
    return names


def _width(text: str, font: str, size: float) -> float:
    """The width of `text` in millimetres."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size) / MM


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` broken at spaces into lines no wider than `width`; a word wider than a line (an address) is broken
    between letters."""
    lines: list[str] = []
    for word in text.split():
        if lines and _width(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] += f" {word}"
            continue
        lines.append("")
        for letter in word:
            if lines[-1] and _width(lines[-1] + letter, font, size) > width:
                lines.append("")
            lines[-1] += letter
    return lines or [""]


def _fit(text: str, font: str, width: float, size: float, smallest: float) -> tuple[float, list[str]]:
    """The largest size down to `smallest` (in half points) at which `text` fits one line of `width`; failing that, the
    text wrapped at `smallest`, or smaller (never below `SMALLEST`) if it would take more than two lines."""
    scaled = min(size, int(2 * size * width / max(_width(text, font, size), 0.1)) / 2)  # width is linear in size
    if scaled >= smallest:
        return scaled, [text]
    size = smallest
    while True:
        lines = _lines(text, font, size, width - 2 * PADDING)
        if len(lines) <= 2 or size <= SMALLEST:
            return size, lines
        size -= 0.5


def _write(
    canvas: Canvas,
    faces: dict[str, str],
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
    font = faces[style]
    size, lines = _fit(text, font, width - 2 * PADDING, size, smallest or size)
    canvas.setFont(font, size)
    canvas.setFillColorRGB(*(part / 255 for part in colour))
    height = size * 0.3528 * 1.3  # points to mm, with leading
    for line in lines:
        # Each line sits in a box `height` tall, its baseline 0.3 of the size below the box's middle.
        baseline = y + height / 2 + 0.3 * size / MM
        x = left + (width - _width(line, font, size)) / 2 if align == "C" else left + PADDING
        # textOut, not drawString: drawString ends each string with a line feed (T*), which text extraction reads as a
        # line break between two pieces set side by side on one line (the score's label and value).
        words = canvas.beginText(x * MM, (HEIGHT - baseline) * MM)
        words.textOut(line)
        canvas.drawText(words)
        y += height
    return y


def _rect(canvas: Canvas, left: float, top: float, width: float, height: float, fill: bool = False) -> None:
    canvas.rect(left * MM, (HEIGHT - top - height) * MM, width * MM, height * MM, stroke=int(not fill), fill=int(fill))


def _line(canvas: Canvas, x1: float, y1: float, x2: float, y2: float) -> None:
    canvas.line(x1 * MM, (HEIGHT - y1) * MM, x2 * MM, (HEIGHT - y2) * MM)


def _border(canvas: Canvas) -> None:
    """A heavy and a fine frame in blue, red squares at the corners."""
    canvas.setStrokeColorRGB(*(part / 255 for part in BLUE))
    for inset, weight in ((7, 1.2), (10, 0.3)):
        canvas.setLineWidth(weight * MM)
        _rect(canvas, inset, inset, WIDTH - 2 * inset, HEIGHT - 2 * inset)
    canvas.setFillColorRGB(*(part / 255 for part in RED))
    for x, y in itertools.product((8.5, WIDTH - 8.5), (8.5, HEIGHT - 8.5)):
        _rect(canvas, x - 2.2, y - 2.2, 4.4, 4.4, fill=True)


def _qr(canvas: Canvas, url: str, left: float, top: float, size: float) -> None:
    """The QR code as vector squares in a `size` square that keeps its four-module quiet zone white."""
    rows = segno.make(url, error="m", micro=False, mask=QR_MASK).matrix
    cell = size / (len(rows) + 8)
    canvas.setFillColorRGB(1, 1, 1)
    _rect(canvas, left, top, size, size, fill=True)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.saveState()
    # Drawn in modules from the symbol's top left corner, y downwards: whole numbers, written here rather than each
    # through reportlab's path (a fifth of a certificate's time went to formatting them).
    canvas.transform(cell * MM, 0, 0, -cell * MM, (left + 4 * cell) * MM, (HEIGHT - top - 4 * cell) * MM)
    runs = []
    for y, row in enumerate(rows):
        x = 0
        for dark, run in itertools.groupby(row):
            length = len(list(run))
            if dark:  # one rectangle per run of dark modules, all filled at once, keeps the page stream short
                runs.append(f"{x} {y} {length} 1 re")
            x += length
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()


def _attach(canvas: Canvas, data: bytes, stamp: str) -> None:
    """`data` embedded as the document's one attached file, `ATTACHMENT` (reportlab has no call for it: the objects
    are the ones PDF 1.7 section 7.11.4 names)."""
    from reportlab.pdfbase import pdfdoc

    document = canvas._doc
    stream = pdfdoc.PDFStream(
        pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("EmbeddedFile"),
                "Subtype": "/application#2Fjson",
                "Params": pdfdoc.PDFDictionary(
                    {"Size": len(data), "CreationDate": pdfdoc.PDFString(stamp), "ModDate": pdfdoc.PDFString(stamp)}
                ),
            }
        ),
        content=data,
        filters=[pdfdoc.PDFZCompress],
    )
    spec = pdfdoc.PDFDictionary(
        {
            "Type": pdfdoc.PDFName("Filespec"),
            "F": pdfdoc.PDFString(ATTACHMENT),
            "UF": pdfdoc.PDFString(ATTACHMENT),
            "Desc": pdfdoc.PDFString(TEXT["attachment"]),
            "EF": pdfdoc.PDFDictionary({"F": document.Reference(stream)}),
        }
    )
    files = pdfdoc.PDFArray([pdfdoc.PDFString(ATTACHMENT), document.Reference(spec)])
    document.Catalog.Names = pdfdoc.PDFDictionary({"EmbeddedFiles": pdfdoc.PDFDictionary({"Names": files})})


def render(certificate: Certificate, signature: str, verify_url: str) -> bytes:
    """The certificate as a one-page A4 landscape PDF, its signed data embedded as `hocso-certificate.json`."""
    with _DRAWING:
        return _draw(certificate, signature, verify_url)


def _draw(certificate: Certificate, signature: str, verify_url: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

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
    printed = "".join([*TEXT.values(), issuer, name, unit, course, certificate.number, verify_url])
    faces = _faces(full=not set(map(ord, printed)) <= REPERTOIRE)
    out = io.BytesIO()
    # Invariant and dated by the certificate, not the clock, so the same certificate always prints to the same bytes.
    canvas = Canvas(
        out,
        pagesize=(WIDTH * MM, HEIGHT * MM),
        invariant=True,
        pageCompression=True,
        lang="vi",
        initialFontName=faces[""],  # else reportlab adds Helvetica to the page, unused
    )
    stamp = f"D:{certificate.issued_on:%Y%m%d}080000+07'00'"
    canvas.setDateFormatter(lambda *_: stamp)
    canvas.setTitle(TEXT["pdf_title"].format(number=certificate.number))
    canvas.setSubject(TEXT["pdf_subject"].format(learner=certificate.learner_name, course=certificate.course_title))
    canvas.setAuthor(certificate.issuer)
    canvas.setCreator("hocso")
    _border(canvas)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.3 * MM)

    y = _write(canvas, faces, 14, 112, 17, issuer, "B", 11, 8)
    _line(canvas, 55, y + 1.2, 85, y + 1.2)
    _write(canvas, faces, 14, 112, y + 3, TEXT["number"].format(number=certificate.number), size=11)
    y = _write(canvas, faces, 136, 150, 17, TEXT["nation"], "B", 12)
    y = _write(canvas, faces, 136, 150, y, TEXT["motto"], "B", 12.5)
    motto = _width(TEXT["motto"], faces["B"], 12.5)
    _line(canvas, 211 - motto / 2, y + 0.6, 211 + motto / 2, y + 0.6)

    y = _write(canvas, faces, 14, 269, 42, TEXT["title"], "B", 34, colour=RED)
    y = _write(canvas, faces, 14, 269, y + 1, TEXT["subtitle"], "B", 17, colour=BLUE)
    y = _write(canvas, faces, 24, 249, y + 8, TEXT["learner"])
    y = _write(canvas, faces, 24, 249, y + 1.5, name, "B", 28, 16, colour=BLUE)
    y = _write(canvas, faces, 24, 249, y + 3, TEXT["unit"].format(unit=unit), size=14, smallest=10)
    y = _write(canvas, faces, 24, 249, y + 3, TEXT["course"])
    y = _write(canvas, faces, 24, 249, y + 1, course, "B", 16, 10)
    label = _width(TEXT["score"], faces[""], 14) + 2 * PADDING + 0.5
    value = _width(score, faces["B"], 14) + 2 * PADDING + 0.5
    _write(canvas, faces, 148.5 - (label + value) / 2, label, y + 3, TEXT["score"], align="L")
    _write(canvas, faces, 148.5 - (label + value) / 2 + label, value, y + 3, score, "B", align="L")

    _qr(canvas, verify_url, 16, 148, 44)
    y = _write(canvas, faces, 62, 104, 158, TEXT["scan"], size=10, colour=GREY, align="L")
    y = _write(canvas, faces, 62, 104, y, verify_url, "B", 10, SMALLEST, colour=BLUE, align="L")
    y = _write(canvas, faces, 62, 104, y, TEXT["to_verify"], size=10, colour=GREY, align="L")
    _write(canvas, faces, 62, 104, y + 2, TEXT["offline"], size=SMALLEST, colour=GREY, align="L")
    y = _write(canvas, faces, 172, 111, 156, TEXT["issued"].format(date=issued), size=12)
    y = _write(canvas, faces, 172, 111, y + 1, issuer, "B", 11, SMALLEST)
    _write(canvas, faces, 172, 111, y + 1, TEXT["signed"], size=SMALLEST, colour=GREY)

    data = json.dumps(
        {"certificate": certificate.model_dump(mode="json"), "signature": signature}, ensure_ascii=False, sort_keys=True
    )
    _attach(canvas, data.encode(), stamp)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def pdf_of(record: IssuedCertificate, blobs: Blobs, site_url: str) -> bytes:
    """The stored PDF of an issued certificate; drawn and stored again if it is missing (the record, not the file, is
    the certificate). `site_url` is the site's address, for a certificate issued before records kept their own."""
    key = f"certificates/{file_stem(record.number)}.pdf"
    data = blobs.get(key)
    if data is None:
        site_url = record.certificate.site_url or site_url
        data = render(
            record.certificate, record.signature, credential.verification_url(record.number, site_url=site_url)
        )
        blobs.put(key, data, "application/pdf")
    return data
