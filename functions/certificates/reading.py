"""A printed certificate read back and checked offline: the signed data embedded in the PDF against the published
keys, the page's text against the signed fields, and the page against the one the signed data renders to.

What verifiers run (`hocso verify-certificate`, the tests, the benchmarks); the certificates function only draws, so
its package carries neither pypdf nor the page fingerprint.
"""

from __future__ import annotations

import io
import json
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from pydantic import ValidationError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from functions.certificates import document, earlier, fingerprint
from functions.certificates.document import ATTACHMENT, TEXT, long_date, percent
from functions.certificates.record import Certificate
from functions.certificates.signing import PublicKeys

MESSAGES = {
    "not_pdf": "Tệp này không phải là PDF hợp lệ.",
    "missing": "Tệp PDF này không chứa dữ liệu giấy chứng nhận của hocso.",
    "malformed": "Dữ liệu giấy chứng nhận trong tệp PDF bị hỏng hoặc không đúng định dạng.",
    "valid": "Giấy chứng nhận hợp lệ: chữ ký số đúng và nội dung in khớp với dữ liệu đã ký.",
    "unknown_key": "Giấy chứng nhận được ký bằng khóa “{key_id}”, không có trong danh sách khóa đã công bố.",
    "bad_signature": "Chữ ký số không khớp với dữ liệu trong tệp: dữ liệu đã bị sửa.",
    "edited_text": "Nội dung in trên giấy ({field}) không khớp với dữ liệu đã ký: tệp đã bị sửa.",
    "redrawn": "Trang giấy chứng nhận khác với trang mà dữ liệu đã ký tạo ra (có thứ được vẽ thêm, che hoặc sửa): "
    "tệp đã bị sửa.",
}


class NotACertificate(ValueError):
    """The bytes are not a PDF, or carry no readable hocso certificate data; the message is Vietnamese."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of an offline check: whether it holds, why (in Vietnamese), and what the certificate states."""

    valid: bool
    reason: str
    certificate: Certificate


def _unpack(pdf: bytes) -> tuple[PdfReader, Certificate, str]:
    try:
        reader = PdfReader(io.BytesIO(pdf))
        files = reader.attachments.get(ATTACHMENT)
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise NotACertificate(MESSAGES["not_pdf"]) from error
    if not files:
        raise NotACertificate(MESSAGES["missing"])
    try:
        data = json.loads(files[0])
        certificate, signature = Certificate.model_validate(data["certificate"]), data["signature"]
        if isinstance(signature, str):
            return reader, certificate, signature
    except (ValueError, ValidationError, KeyError, TypeError) as error:
        raise NotACertificate(MESSAGES["malformed"]) from error
    raise NotACertificate(MESSAGES["malformed"])


def read(pdf: bytes) -> tuple[Certificate, str]:
    """The certificate and signature embedded in a PDF made by `render`; raises NotACertificate otherwise."""
    _, certificate, signature = _unpack(pdf)
    return certificate, signature


def _squeezed(text: str) -> str:
    """NFC without any whitespace, so line breaks the layout added (or extraction dropped) do not matter."""
    return "".join(unicodedata.normalize("NFC", text).split())


def _statements(certificate: Certificate) -> list[tuple[str, str]]:
    """What the page must read, field by field, each value between the labels printed around it (so a name with words
    added still fails), in the order `render` draws them."""
    name, unit, course = certificate.learner_name, certificate.unit_name, certificate.course_title
    unit_label, after_unit = TEXT["unit"].split("{unit}")
    return [
        (label, _squeezed(text))
        for label, text in [
            ("cơ quan cấp", certificate.issuer.upper()),
            ("số giấy chứng nhận", TEXT["number"].format(number=certificate.number)),
            ("họ tên", TEXT["learner"] + name + unit_label),
            ("đơn vị", unit_label + unit + after_unit + TEXT["course"]),
            ("khóa học", TEXT["course"] + course + TEXT["score"]),
            ("kết quả", TEXT["score"] + percent(certificate.score_percent)),
            ("ngày cấp", TEXT["issued"].format(date=long_date(certificate.issued_on))),
        ]
    ]


def _verify_url(certificate: Certificate, printed: str) -> str | None:
    """The address the page's QR code and text must show: from the signed site address, or (certificates signed
    before they carried one) as printed, which the comparison below then holds to the rest of the page."""
    tail = f"xac-minh/?so={quote(certificate.number, safe='-')}"
    if certificate.site_url:
        return certificate.site_url.rstrip("/") + "/" + tail
    end = printed.find(tail)
    start = printed.rfind("http", 0, end) if end >= 0 else -1
    return printed[start : end + len(tail)] if start >= 0 else None


def verify_pdf(pdf: bytes, keys: PublicKeys) -> Verdict:
    """Checks a certificate PDF offline: the embedded signature against the published keys, the page's text against
    the signed fields, then the whole page against the page the signed data renders to. Raises NotACertificate when
    the PDF carries no hocso data. A page drawn by the earlier renderer (`functions.certificates.earlier`) is compared
    with that renderer's page.

    What this proves: a published key signed exactly the embedded fields, and the file's one page draws exactly what
    `render` draws from them (same content, fonts, QR code, no annotation), so an edited name, or a white box with
    another name drawn over the page, is caught. What it cannot prove: that the person holding the file is the one
    named, or anything about a paper print or a scan; nor whether it was revoked (that is online, see `status`).
    """
    reader, certificate, signature = _unpack(pdf)
    if certificate.key_id not in keys.keys:
        return Verdict(False, MESSAGES["unknown_key"].format(key_id=certificate.key_id), certificate)
    if not keys.verify(certificate, signature):
        return Verdict(False, MESSAGES["bad_signature"], certificate)
    try:
        printed = _squeezed(reader.pages[0].extract_text())  # the certificate's one page; more pages are not read
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError) as error:
        raise NotACertificate(MESSAGES["not_pdf"]) from error
    for label, statement in _statements(certificate):
        if statement not in printed:
            return Verdict(False, MESSAGES["edited_text"].format(field=label), certificate)
    url = _verify_url(certificate, printed)
    if url is None or len(reader.pages) != 1:
        return Verdict(False, MESSAGES["redrawn"], certificate)
    try:
        drawn = fingerprint.of_page(reader.pages[0])
        # The page as drawn now, else as fpdf2 drew it before December 2026: a certificate handed out then still holds.
        for render in (document.render, earlier.render):
            if fingerprint.of_page(PdfReader(io.BytesIO(render(certificate, signature, url))).pages[0]) == drawn:
                return Verdict(True, MESSAGES["valid"], certificate)
    except (fingerprint.Unreadable, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise NotACertificate(MESSAGES["not_pdf"]) from error
    return Verdict(False, MESSAGES["redrawn"], certificate)
