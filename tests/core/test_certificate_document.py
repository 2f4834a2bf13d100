"""The certificate PDF read back with real tools: exact Vietnamese text, subset fonts, a QR code that decodes, and
signed data inside that verifies offline and catches tampering."""

import io
import itertools
import json
import re
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from fontTools import ttLib
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText

from functions.certificates import earlier
from functions.certificates.credential import verification_url
from functions.certificates.document import ATTACHMENT, long_date, percent, render
from functions.certificates.reading import MESSAGES, NotACertificate, read, verify_pdf
from functions.certificates.record import Certificate
from functions.certificates.signing import PublicKeys, SigningKey
from tests.support.certificates import drawn_over
from tests.support.paths import ROOT, VECTORS
from tests.support.pdfsizes import text_sizes

URL = "https://hoc.example.vn/xac-minh/?so=HS-7K4M-Q9PX-R"
CERTIFICATE = Certificate(
    number="HS-7K4M-Q9PX-R",
    issuer="Sở Khoa học và Công nghệ tỉnh Nghệ An",
    learner_name="Nguyễn Thị Ánh Tuyết",
    unit_name="UBND xã Đông Sơn, huyện Đô Lương",
    course_id="tong-quan-chuyen-doi-so",
    course_title="Tổng quan về chuyển đổi số",
    issued_on=date(2026, 11, 23),
    score_percent=92.5,
    key_id="2026-1",
)
LONG = CERTIFICATE.model_copy(
    update={
        "issuer": "Trung tâm Chuyển đổi số và Đào tạo nguồn nhân lực, Sở Khoa học và Công nghệ tỉnh Bà Rịa - Vũng Tàu",
        "learner_name": "Tôn Nữ Hoàng Thị Thùy Dương Nguyễn Phương Khánh Ngọc Bảo Châu Huyền Trân Công Tằng "
        "Tôn Nữ Diệu Huyền Ánh Nguyệt",
        "unit_name": "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Đông Sơn, huyện Đô Lương, tỉnh Nghệ An, "
        "bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính",
        "course_title": "Kỹ năng ứng dụng công nghệ thông tin cơ bản và khai thác dịch vụ công trực tuyến toàn trình "
        "trên Cổng Dịch vụ công quốc gia dành cho cán bộ, công chức cấp xã",
    }
)
LONG_URL = "https://hoc-chuyen-doi-so.baria-vungtau.gov.vn/xac-minh/?so=HS-7K4M-Q9PX-R"


@pytest.fixture(scope="module")
def key():
    return SigningKey.generate("2026-1")


@pytest.fixture(scope="module")
def keys(key):
    return PublicKeys.from_document(PublicKeys.document([key]))


@pytest.fixture(scope="module")
def pdf(key):
    return render(CERTIFICATE, key.sign(CERTIFICATE), URL)


def page_text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def repacked(page_from: bytes, data: bytes) -> bytes:
    """The page of one PDF with `data` embedded as the certificate file: what a forger assembles from genuine parts."""
    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(page_from)).pages[0])
    writer.add_attachment(ATTACHMENT, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def embedded(pdf: bytes) -> dict:
    return json.loads(PdfReader(io.BytesIO(pdf)).attachments[ATTACHMENT][0])


@pytest.mark.parametrize("name", ["Nguyễn Thị Ánh Tuyết", "Đặng Hữu Phước", "Hoàng Thị Thùy Dương"])
def test_the_learner_name_extracts_exactly_as_a_line_of_the_page(key, name):
    certificate = CERTIFICATE.model_copy(update={"learner_name": name})
    text = page_text(render(certificate, key.sign(certificate), URL))
    assert unicodedata.normalize("NFC", name) in [
        unicodedata.normalize("NFC", line.strip()) for line in text.splitlines()
    ]


def test_the_page_states_every_field_in_vietnamese(pdf):
    lines = [line.strip() for line in page_text(pdf).splitlines()]
    assert lines == [
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH NGHỆ AN",
        "Số: HS-7K4M-Q9PX-R",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY CHỨNG NHẬN",
        "HOÀN THÀNH KHÓA HỌC",
        "Chứng nhận ông/bà:",
        "Nguyễn Thị Ánh Tuyết",
        "Đơn vị: UBND xã Đông Sơn, huyện Đô Lương",
        "Đã hoàn thành khóa học:",
        "Tổng quan về chuyển đổi số",
        "Kết quả bài kiểm tra: 92,5%",
        "Quét mã QR hoặc truy cập",
        URL,
        "để xác minh",
        "Tệp PDF này chứa dữ liệu đã ký số, có thể xác minh cả khi",
        "không có mạng.",
        "Cấp ngày 23 tháng 11 năm 2026",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH NGHỆ AN",
        "(Đã ký số)",
    ]


def test_nothing_on_a_certificate_is_printed_smaller_than_nine_points(pdf):
    sizes = text_sizes(pdf)
    assert "(Đã ký số)" in sizes and min(sizes.values()) >= 9, {text: size for text, size in sizes.items() if size < 9}


def test_scores_and_dates_are_written_the_vietnamese_way():
    assert [percent(score) for score in (90.0, 92.5, 87.25, 100.0, 0.0)] == ["90%", "92,5%", "87,25%", "100%", "0%"]
    assert long_date(date(2026, 11, 23)) == "ngày 23 tháng 11 năm 2026"
    assert (
        long_date(date(2026, 2, 3)) == "ngày 03 tháng 02 năm 2026"
    )  # Decree 30/2020: leading zero below 10, and for months 1-2
    assert long_date(date(2027, 3, 9)) == "ngày 09 tháng 3 năm 2027"


def test_the_qr_code_decodes_to_the_verify_url(pdf, tmp_path):
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "c.pdf"), str(tmp_path / "page")], check=True
    )
    done = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == URL


@pytest.mark.parametrize("number, site", [("HS-84G7-ZWYR-$", "https://hoc.example.vn/"), ("HS-7K4M-Q9PX-R", LONG_URL)])
def test_the_fixed_mask_qr_code_decodes_for_other_numbers_and_sites(key, tmp_path, number, site):
    certificate = CERTIFICATE.model_copy(update={"number": number})
    url = verification_url(number, site_url=site.split("xac-minh")[0])
    (tmp_path / "c.pdf").write_bytes(render(certificate, key.sign(certificate), url))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "c.pdf"), str(tmp_path / "page")], check=True
    )
    done = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == url


def test_both_faces_are_embedded_as_small_subsets(pdf):
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    names = []
    for ref in fonts.values():
        font = ref.get_object()
        names.append(font["/BaseFont"])
        descriptor = font["/FontDescriptor"]  # simple TrueType fonts: a page's letters fit one subset of 256
        glyphs = ttLib.TTFont(io.BytesIO(descriptor["/FontFile2"].get_data())).getGlyphOrder()
        assert 20 < len(glyphs) < 120  # the letters this page uses, not DejaVu's 6,000
    assert all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans\w+", name) for name in names)  # the subset tag, then the face
    assert sorted(name.split("+")[1] for name in names) == ["DejaVuSansBold", "DejaVuSansBook"]


def test_the_page_is_one_a4_landscape_sheet_with_metadata(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert reader.metadata.title == "Giấy chứng nhận hoàn thành khóa học số HS-7K4M-Q9PX-R"
    assert reader.metadata.author == "Sở Khoa học và Công nghệ tỉnh Nghệ An"
    assert reader.metadata.subject == "Nguyễn Thị Ánh Tuyết đã hoàn thành khóa học “Tổng quan về chuyển đổi số”"


def test_a_certificate_weighs_under_80_kb_even_with_long_fields(pdf, key):
    assert len(pdf) <= 80_000
    assert len(render(LONG, key.sign(LONG), LONG_URL)) <= 80_000


def test_long_names_units_and_titles_fit_inside_the_border_without_overlapping(key, keys, tmp_path):
    pdf = render(LONG, key.sign(LONG), LONG_URL)
    (tmp_path / "long.pdf").write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "long.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html)
    words = [tuple(map(float, box)) for box in boxes]
    assert len(words) > 100
    inner = 10 / 25.4 * 72  # the inner frame, 10 mm in
    assert all(inner < x0 and x1 < 841.89 - inner and inner < y0 and y1 < 595.28 - inner for x0, y0, x1, y1 in words)
    overlapping = [
        (a, b)
        for a, b in itertools.combinations(words, 2)
        if min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5
    ]
    assert overlapping == []
    assert verify_pdf(pdf, keys).valid


def test_the_same_certificate_prints_to_the_same_bytes(pdf, key):
    assert render(CERTIFICATE, key.sign(CERTIFICATE), URL) == pdf


def test_read_returns_the_signed_certificate_and_signature(pdf, key):
    assert read(pdf) == (CERTIFICATE, key.sign(CERTIFICATE))


def test_a_genuine_certificate_verifies_offline(pdf, keys):
    verdict = verify_pdf(pdf, keys)
    assert (verdict.valid, verdict.reason, verdict.certificate) == (True, MESSAGES["valid"], CERTIFICATE)


@pytest.mark.parametrize("field, value", [("learner_name", "Nguyễn Thị Ánh Tuyết Hoa"), ("score_percent", 100.0)])
def test_editing_the_embedded_data_breaks_the_signature(pdf, keys, field, value):
    data = embedded(pdf)
    data["certificate"][field] = value
    verdict = verify_pdf(repacked(pdf, json.dumps(data).encode()), keys)
    assert (verdict.valid, verdict.reason, getattr(verdict.certificate, field)) == (
        False,
        MESSAGES["bad_signature"],
        value,
    )


def test_a_replaced_signature_is_refused(pdf, keys):
    data = embedded(pdf)
    data["signature"] = ("A" if data["signature"][0] != "A" else "B") + data["signature"][1:]
    verdict = verify_pdf(repacked(pdf, json.dumps(data).encode()), keys)
    assert (verdict.valid, verdict.reason) == (False, MESSAGES["bad_signature"])


@pytest.mark.parametrize(
    "field, value, label",
    [
        ("learner_name", "Nguyễn Thị Ánh Tuyết Hoa", "họ tên"),
        ("learner_name", "Nguyễn Thị Ánh Tuyến", "họ tên"),
        ("unit_name", "UBND xã Đông Sơn, huyện Anh Sơn", "đơn vị"),
        ("score_percent", 100.0, "kết quả"),
    ],
)
def test_genuine_data_behind_an_edited_page_is_reported_as_tampered(pdf, key, keys, field, value, label):
    edited = CERTIFICATE.model_copy(update={field: value})
    forged = repacked(render(edited, key.sign(edited), URL), PdfReader(io.BytesIO(pdf)).attachments[ATTACHMENT][0])
    verdict = verify_pdf(forged, keys)
    assert (verdict.valid, verdict.certificate) == (False, CERTIFICATE)
    assert verdict.reason == MESSAGES["edited_text"].format(field=label)


def test_a_white_box_and_another_name_drawn_over_the_page_is_caught(pdf, keys):
    forged = drawn_over(pdf, "Trần Văn Giả")
    assert "Trần Văn Giả" in page_text(forged) and read(forged) == read(pdf)  # the signed data is untouched
    verdict = verify_pdf(forged, keys)
    assert (verdict.valid, verdict.reason, verdict.certificate) == (False, MESSAGES["redrawn"], CERTIFICATE)


def test_an_annotation_or_a_second_page_laid_over_the_certificate_is_caught(pdf, keys):
    annotated = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    annotated.add_annotation(0, FreeText(text="Trần Văn Giả", rect=(100, 300, 600, 340), background_color="ffffff"))
    longer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    longer.add_blank_page()
    for writer in (annotated, longer):
        out = io.BytesIO()
        writer.write(out)
        assert verify_pdf(out.getvalue(), keys).reason == MESSAGES["redrawn"]


def test_a_genuine_certificate_saved_again_by_another_tool_still_verifies(pdf, key, keys):
    """The comparison is of what the page draws, not of the file's bytes: object numbers and compression may change."""
    assert verify_pdf(repacked(pdf, PdfReader(io.BytesIO(pdf)).attachments[ATTACHMENT][0]), keys).valid
    signed = CERTIFICATE.model_copy(update={"site_url": "https://hoc.example.vn/", "status_index": 7})
    assert verify_pdf(render(signed, key.sign(signed), URL), keys).valid
    moved = render(signed, key.sign(signed), "https://gia-mao.example/xac-minh/?so=HS-7K4M-Q9PX-R")
    assert verify_pdf(moved, keys).reason == MESSAGES["redrawn"]  # a QR code to another site is another page


def test_a_key_outside_the_published_set_is_refused(keys):
    stranger = SigningKey.generate("2027-9")
    certificate = CERTIFICATE.model_copy(update={"key_id": "2027-9"})
    verdict = verify_pdf(render(certificate, stranger.sign(certificate), URL), keys)
    assert (verdict.valid, verdict.reason) == (False, MESSAGES["unknown_key"].format(key_id="2027-9"))
    forger = SigningKey.generate("2026-1")  # the published id, another key
    assert verify_pdf(render(CERTIFICATE, forger.sign(CERTIFICATE), URL), keys).reason == MESSAGES["bad_signature"]


def test_a_decomposed_name_prints_composed_and_verifies(key, keys):
    decomposed = CERTIFICATE.model_copy(update={"learner_name": unicodedata.normalize("NFD", "Hoàng Thị Thùy Dương")})
    pdf = render(decomposed, key.sign(decomposed), URL)
    assert "Hoàng Thị Thùy Dương" in page_text(pdf).splitlines()
    assert verify_pdf(pdf, keys).valid


def test_a_name_outside_the_vietnamese_repertoire_still_prints_exactly(key, keys):
    certificate = CERTIFICATE.model_copy(update={"learner_name": "Łukasz Wójcik"})  # printed from the full fonts
    pdf = render(certificate, key.sign(certificate), URL)
    assert "Łukasz Wójcik" in page_text(pdf).splitlines()
    assert verify_pdf(pdf, keys).valid


def test_a_pdf_without_certificate_data_is_not_a_certificate(keys):
    plain = FPDF()
    plain.add_page()
    with pytest.raises(NotACertificate, match=MESSAGES["missing"]):
        read(bytes(plain.output()))
    with pytest.raises(NotACertificate, match=MESSAGES["missing"]):
        verify_pdf(bytes(plain.output()), keys)
    with pytest.raises(NotACertificate, match=MESSAGES["not_pdf"]):
        read(b"%PDF-1.7 nothing here")


def test_unreadable_embedded_data_is_not_a_certificate(pdf):
    for data in (
        b"{",
        b"[]",
        json.dumps({"certificate": {"number": "HS"}, "signature": "x"}).encode(),
        json.dumps({"certificate": embedded(pdf)["certificate"], "signature": 7}).encode(),
    ):
        with pytest.raises(NotACertificate, match=MESSAGES["malformed"]):
            read(repacked(pdf, data))


def test_a_certificate_drawn_by_fpdf2_before_reportlab_still_verifies_offline():
    """A file handed out before December 2026 (drawn by fpdf2, kept as a vector) is compared with the page that
    renderer draws from its signed data, so it still holds, and a white box drawn over it is still caught."""
    pdf = (VECTORS / "certificate_drawn_by_fpdf2.pdf").read_bytes()
    keys = PublicKeys.from_document(json.loads((VECTORS / "certificate_drawn_by_fpdf2.keys.json").read_text()))
    verdict = verify_pdf(pdf, keys)
    assert (verdict.valid, verdict.reason, verdict.certificate.learner_name) == (
        True,
        MESSAGES["valid"],
        "Nguyễn Thị Ánh Tuyết",
    )
    assert earlier.render(*read(pdf), URL) == pdf  # the earlier renderer still draws these exact bytes
    assert verify_pdf(drawn_over(pdf, "Trần Văn Giả"), keys).reason == MESSAGES["redrawn"]


def test_a_certificate_prints_the_same_whatever_the_process_drew_before_it():
    """The fonts are parsed once per process and shared by every document: what one document embeds or lays out must
    not leak into the next (the full faces after the cut ones, or the reverse)."""
    foreign = CERTIFICATE.model_copy(update={"learner_name": "Łukasz Wójcik"})
    probe = (
        "import sys; from tests.core.test_certificate_document import CERTIFICATE, URL; "
        "from functions.certificates.document import render; "
        "sys.stdout.buffer.write(render(CERTIFICATE, 'signature', URL))"
    )
    fresh = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True, cwd=ROOT).stdout
    after = [render(certificate, "signature", URL) for certificate in (foreign, LONG, CERTIFICATE, foreign)]
    assert after[2] == fresh
    assert after[3] == after[0] and "Łukasz Wójcik" in page_text(after[3]).splitlines()


def test_certificates_drawn_in_parallel_threads_are_the_ones_drawn_one_by_one():
    """The parsed faces are shared by every document (the jobs' and the local server's threads draw at once)."""
    certificates = [
        CERTIFICATE.model_copy(update={"number": f"HS-7K4M-Q9P{i}-R", "learner_name": name})
        for i, name in enumerate(["Nguyễn Thị Ánh Tuyết", "Đặng Hữu Phước", "Łukasz Wójcik", LONG.learner_name] * 8)
    ]
    alone = [render(certificate, "signature", URL) for certificate in certificates]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads change hands as often as they can
    try:
        with ThreadPoolExecutor(4) as pool:
            together = list(pool.map(lambda certificate: render(certificate, "signature", URL), certificates * 2))
    finally:
        sys.setswitchinterval(interval)
    assert together == alone * 2
