"""Certificates: signed PDFs a second in one process (sign + render) and their weight, beside an empty one-page A4 PDF
from the same library (reportlab) and from fpdf2, made in the same run, and the offline check of one. Budget: 200 a
second on one core, 80 KB each.

The baselines only open a document, add a blank page and write it out: no fonts, no text, no QR code, no signature,
no attachment. So the ratio is what the certificate's own work costs over the library's floor on this machine at this
moment (the machine is shared: read the ratio, not the absolute figures, and take several runs).
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

# Names, units and courses of different lengths and letters, so each PDF embeds a different subset of the fonts.
NAMES = [
    "Nguyễn Thị Ánh Tuyết",
    "Đặng Hữu Phước",
    "Hoàng Thị Thùy Dương",
    "Lê Văn Quản",
    "Trần Thị Ngọc Diệp",
    "Phạm Quốc Khánh",
    "Vũ Thị Hường",
    "Bùi Đức Thắng",
    "Tôn Nữ Hoàng Thị Thùy Dương Nguyễn Phương Khánh Ngọc",
]
UNITS = [
    "UBND xã Đông Sơn",
    "UBND phường Hưng Bình, thành phố Vinh",
    "Văn phòng HĐND và UBND xã Đô Lương, tỉnh Nghệ An",
]
COURSES = [
    "Tổng quan về chuyển đổi số",
    "Kỹ năng số cơ bản cho cán bộ, công chức cấp xã",
    "An toàn thông tin khi làm việc trực tuyến",
]


def _certificates(count: int):
    from functions.certificates.numbers import new_number
    from functions.certificates.record import Certificate

    rng = random.Random(1)
    return [
        Certificate(
            number=new_number(rng),
            issuer="Sở Khoa học và Công nghệ tỉnh Nghệ An",
            learner_name=rng.choice(NAMES),
            unit_name=rng.choice(UNITS),
            course_id="cds",
            course_title=rng.choice(COURSES),
            issued_on=date(2026, 1, 1) + timedelta(days=rng.randrange(365)),
            score_percent=rng.choice([80, 85, 92.5, 100]),
            key_id="2026-1",
        )
        for _ in range(count)
    ]


def _rate(fn, items: list, rounds: int = 3) -> float:
    """Best seconds per item over `rounds` passes over `items`."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, (time.perf_counter() - start) / len(items))
    return best


def bench_certificates() -> None:
    import io

    from fpdf import FPDF
    from reportlab.pdfgen.canvas import Canvas

    from functions.certificates import credential, document, earlier, reading
    from functions.certificates.signing import PublicKeys, SigningKey

    key = SigningKey.generate("2026-1")
    keys = PublicKeys.from_document(PublicKeys.document([key]))
    certificates = _certificates(120)

    def url(certificate) -> str:
        # As issued: the number quoted (a check character may be `$`), so the offline check finds it on the page.
        return credential.verification_url(certificate.number, site_url="https://hoc.example.vn/")

    def signed(certificate) -> bytes:
        return document.render(certificate, key.sign(certificate), url(certificate))

    def empty(_) -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=(841.89, 595.28), invariant=True)
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    def empty_fpdf2(_) -> bytes:
        pdf = FPDF(orientation="landscape", format="A4")
        pdf.add_page()
        return bytes(pdf.output())

    start = time.perf_counter()
    signed(certificates[0])  # the first in a process also cuts the fonts down
    first = time.perf_counter() - start
    each = _rate(signed, certificates)
    sizes = [len(signed(certificate)) for certificate in certificates]
    baseline = _rate(empty, certificates)
    baseline_fpdf2 = _rate(empty_fpdf2, certificates)
    pdfs = [signed(certificate) for certificate in certificates[:30]]
    assert all(reading.verify_pdf(pdf, keys).valid for pdf in pdfs)  # each check goes all the way
    check = _rate(lambda pdf: reading.verify_pdf(pdf, keys), pdfs)
    # A certificate drawn by fpdf2 before December 2026 is checked against that renderer's page too.
    drawn_before = [
        earlier.render(certificate, key.sign(certificate), url(certificate)) for certificate in certificates[:10]
    ]
    assert all(reading.verify_pdf(pdf, keys).valid for pdf in drawn_before)
    check_before = _rate(lambda pdf: reading.verify_pdf(pdf, keys), drawn_before, rounds=2)
    print(
        f"certificates: {1 / each:.0f} signed PDFs/s in one process (sign + render, {each * 1e3:.2f} ms each; budget "
        f"200/s), {sum(sizes) / len(sizes) / 1024:.1f} KB on average, {max(sizes) / 1024:.1f} KB at most "
        f"(budget 80 KB); an empty one-page reportlab PDF {baseline * 1e3:.2f} ms (ratio {each / baseline:.0f}x), "
        f"an empty fpdf2 one {baseline_fpdf2 * 1e3:.2f} ms (ratio {each / baseline_fpdf2:.0f}x); first certificate "
        f"in a process {first * 1e3:.0f} ms (loads reportlab, prepares the fonts); offline check {check * 1e3:.1f} ms "
        f"each ({check_before * 1e3:.1f} ms for one drawn by fpdf2 before December 2026)"
    )


if __name__ == "__main__":
    bench_certificates()
