"""Account slips read back as a learner and a spreadsheet would: exact Vietnamese text, codes, QR codes, CSV cells."""

import csv
import io
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from functions.enrolment.slips import TEXT, Slip, grouped, slips_csv, slips_pdf
from tests.support.pdfsizes import text_sizes

URL = "https://hoc.nghean.gov.vn/kich-hoat/"
TUYET = Slip(
    "Nguyễn Thị Ánh Tuyết", "Ủy ban nhân dân xã Châu Kim", "na.tuyet.ck", "K7M2-Q9PX-4RTA", date(2025, 11, 15), URL
)


def slip(number: int, url: str = URL) -> Slip:
    return Slip(f"Học viên số {number}", "Xã Nghi Lộc", f"na.hv{number:03d}", f"AB{number:02d}-CDEF-GHJK", None, url)


def page_text(data: bytes, page: int = 0) -> str:
    return PdfReader(io.BytesIO(data)).pages[page].extract_text()


def test_names_codes_and_the_deadline_extract_exactly():
    data = slips_pdf([TUYET], title="Bồi dưỡng chuyển đổi số · Đợt 1")
    lines = page_text(data).splitlines()
    for line in (
        "TÀI KHOẢN HỌC TẬP",
        "Bồi dưỡng chuyển đổi số · Đợt 1",
        "Nguyễn Thị Ánh Tuyết",
        "Ủy ban nhân dân xã Châu Kim",
        "Tên đăng nhập:",
        "na.tuyet.ck",
        "Mã kích hoạt:",
        "K7M2-Q9PX-4RTA",
        "Hạn hoàn thành: 15/11/2025",
        URL,
    ):
        assert line in lines
    text = " ".join(page_text(data).split())
    assert TEXT["instructions"] in text


def test_the_fonts_are_embedded_so_every_printer_shows_the_same_vietnamese():
    page = PdfReader(io.BytesIO(slips_pdf([TUYET], title="Đợt 1"))).pages[0]
    fonts = page["/Resources"]["/Font"]
    descriptors = [fonts[name].get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"] for name in fonts]
    assert len(descriptors) == 2 and all("/FontFile2" in descriptor for descriptor in descriptors)


def test_nine_slips_make_two_a4_pages_of_eight_and_one():
    reader = PdfReader(io.BytesIO(slips_pdf([slip(number) for number in range(1, 10)], title="Đợt 1")))
    assert len(reader.pages) == 2
    assert [round(float(value)) for value in reader.pages[0].mediabox[2:]] == [595, 842]  # A4 in points
    first, second = reader.pages[0].extract_text(), reader.pages[1].extract_text()
    assert [f"Học viên số {n}" in first for n in range(1, 10)] == [True] * 8 + [False]
    assert second.count("Học viên số") == 1 and "Học viên số 9" in second and "AB09-CDEF-GHJK" in second


def test_a_slip_without_a_deadline_prints_no_deadline_line():
    assert "Hạn hoàn thành" not in page_text(slips_pdf([slip(1)], title="Đợt 1"))


def test_an_empty_list_still_makes_a_valid_pdf():
    assert len(PdfReader(io.BytesIO(slips_pdf([], title="Đợt 1"))).pages) == 1


def test_the_printed_qr_codes_decode_to_each_slips_login_url(tmp_path):
    other = "https://hoc.nghean.gov.vn/kich-hoat/?u=na.hv002"
    path = tmp_path / "slips.pdf"
    path.write_bytes(slips_pdf([slip(1), slip(2, other)], title="Đợt 1"))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    done = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True, check=True
    )
    assert sorted(done.stdout.split()) == sorted([URL, other])


def test_slips_sharing_a_login_url_share_one_embedded_qr_image():
    reader = PdfReader(io.BytesIO(slips_pdf([slip(number) for number in range(1, 18)], title="Đợt 1")))
    images = {xobject.idnum for page in reader.pages for xobject in page["/Resources"]["/XObject"].values()}
    assert len(reader.pages) == 3 and len(images) == 1


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("K7M2-Q9PX-4RTA", "K7M2-Q9PX-4RTA"),
        ("k7m2q9px4rta", "K7M2-Q9PX-4RTA"),
        ("K7M2 Q9PX 4RTA", "K7M2-Q9PX-4RTA"),
        ("ABCDEF", "ABCD-EF"),
    ],
)
def test_a_code_is_printed_in_blocks_of_four(typed, printed):
    assert grouped(typed) == printed


def test_the_csv_starts_with_a_bom_and_round_trips_through_the_csv_module():
    data = slips_csv([TUYET, slip(2)])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [
        ["Họ và tên", "Đơn vị", "Tên đăng nhập", "Mã kích hoạt", "Hạn hoàn thành", "Địa chỉ đăng nhập"],
        ["Nguyễn Thị Ánh Tuyết", "Ủy ban nhân dân xã Châu Kim", "na.tuyet.ck", "K7M2-Q9PX-4RTA", "15/11/2025", URL],
        ["Học viên số 2", "Xã Nghi Lộc", "na.hv002", "AB02-CDEF-GHJK", "", URL],
    ]


def test_a_csv_cell_excel_would_run_as_a_formula_is_kept_as_text():
    planted = Slip('=HYPERLINK("http://x.example","Bấm")', "Xã, có dấu phẩy", "na.x", "ABCD", None, URL)
    rows = list(csv.reader(io.StringIO(slips_csv([planted]).decode("utf-8-sig"), newline="")))
    assert rows[1][:2] == ['\'=HYPERLINK("http://x.example","Bấm")', "Xã, có dấu phẩy"]


def test_nothing_on_a_slip_is_printed_smaller_than_nine_points():
    long = Slip(
        "Nguyễn Thị Ánh Tuyết Hồng Nhung Phương",
        "Ủy ban nhân dân xã Châu Kim, tỉnh Nghệ An (cũ)" * 2,
        "na.tuyet.ck",
        "K7M2-Q9PX-4RTA",
        date(2025, 11, 15),
        URL,
    )
    sizes = text_sizes(
        slips_pdf([TUYET, long], title="Bồi dưỡng chuyển đổi số và an toàn thông tin mạng · Đợt 1 năm 2026")
    )
    assert sizes and min(sizes.values()) >= 9, {text: size for text, size in sizes.items() if size < 9}
    assert any(TEXT["instructions"].startswith(text) for text in sizes)
