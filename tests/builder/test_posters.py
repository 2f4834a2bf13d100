"""Posters read back with a PDF library: exact Vietnamese text, embedded fonts, a QR code that decodes."""

import subprocess

import pytest
from pypdf import PdfReader

from site_builder import posters
from site_builder.catalog import load_catalog
from tests.support.content import write_course

POSTER = posters.Poster(
    "cds-01",
    "Tổng quan về chuyển đổi số · Bài 1",
    "Chuyển đổi số là gì?",
    "Hiểu đúng chuyển đổi số; Đặng Hữu Phước, Hoàng Thị Thùy Dương đọc được.",
    "https://hoc.example.vn/q/cds-01/",
)


def test_the_text_extracts_exactly_and_the_fonts_are_embedded(tmp_path):
    path = tmp_path / "poster.pdf"
    path.write_bytes(posters.render([POSTER]))
    reader = PdfReader(path)
    text = " ".join(reader.pages[0].extract_text().split())  # lines wrapped on the page join with a space
    for line in (
        POSTER.kicker,
        POSTER.title,
        POSTER.summary,
        POSTER.url,
        "Quét mã QR bằng camera điện thoại, hoặc gõ địa chỉ:",
    ):
        assert line in text
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert all("/FontFile2" in font["/FontDescriptor"] for font in fonts)  # embedded, so Vietnamese prints anywhere
    # the two faces drawn, nothing else (no Helvetica named by default)
    assert {str(font["/BaseFont"]).split("+")[-1] for font in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}


def test_the_printed_qr_code_decodes_to_the_short_link(tmp_path):
    path = tmp_path / "poster.pdf"
    path.write_bytes(posters.render([POSTER]))
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    done = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == POSTER.url


def test_a_cached_poster_is_not_drawn_again_until_what_it_shows_changes(tmp_path, monkeypatch):
    drawn = []
    real = posters.render
    monkeypatch.setattr(posters, "render", lambda items: drawn.append(items) or real(items))
    first = posters.cached(POSTER, tmp_path)
    assert posters.cached(POSTER, tmp_path) == first and len(drawn) == 1
    posters.cached(posters.Poster(**{**POSTER.__dict__, "title": "Tiêu đề mới"}), tmp_path)
    assert len(drawn) == 2


def test_the_catalogue_has_a_poster_per_id_and_a_set_per_course(tmp_path):
    content = tmp_path / "content"
    write_course(content)
    singles, sets = posters.catalogue_posters(load_catalog(content), "https://hoc.example.vn/")
    assert [poster.short_id for poster in singles] == ["mini", "mini-1", "mini-2"]
    assert [poster.short_id for poster in sets["mini-tat-ca"]] == ["mini", "mini-1", "mini-2"]
    assert singles[1].kicker == "Khóa mini · Bài 1" and singles[1].url == "https://hoc.example.vn/q/mini-1/"
    reader = PdfReader(__import__("io").BytesIO(posters.combined(sets["mini-tat-ca"], tmp_path)))
    assert len(reader.pages) == 3


def test_a_catalogues_posters_are_drawn_in_parallel_each_at_its_address_and_not_again(tmp_path, monkeypatch):
    singles = [
        posters.Poster(f"x-{n:02d}", "Khóa thử", f"Bài số {n}", "Tóm tắt.", f"https://h.vn/q/x-{n:02d}/")
        for n in range(20)
    ]
    sets = {"x-tat-ca": singles, "noi-dat/cho": [posters.Poster(**{**singles[3].__dict__, "place": "Chợ xã"})]}
    files = posters.cached_all(singles, sets, tmp_path)
    assert [uri for uri, _ in files] == [f"ap-phich/x-{n:02d}.pdf" for n in range(20)] + [
        "ap-phich/x-tat-ca.pdf",
        "ap-phich/noi-dat/cho.pdf",
    ]
    for n, (_, path) in enumerate(files[:20]):
        [page] = PdfReader(path).pages
        assert f"Bài số {n} " in " ".join(page.extract_text().split()) + " "
    assert len(PdfReader(files[20][1]).pages) == 20
    assert "Điểm đặt: Chợ xã" in PdfReader(files[21][1]).pages[0].extract_text()
    assert len(list(tmp_path.glob("*.pdf"))) == 22 and not list(tmp_path.glob("*.tmp"))
    monkeypatch.setattr(posters, "render", lambda items: pytest.fail("a cached poster was drawn again"))
    assert posters.cached_all(singles, sets, tmp_path) == files
