"""The places list (`content/places.yml`) and the posters printed for each place: mistakes named with file, line and
code; each place's PDF holding its posters, whose QR codes decode to the short link with `?tu=<place>`."""

from __future__ import annotations

import hashlib
import io
import subprocess

import pytest
from pypdf import PdfReader

from site_builder import posters
from site_builder.catalog import load_catalog, load_checked
from site_builder.places import Place, of_catalog
from site_builder.problems import ContentError
from tests.support.content import register_ids, write_course

SITE = "https://hoc.example.vn/"


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    write_course(root)
    write_course(root, "khac")
    register_ids(root)
    return root


def problems_of(content, text: str) -> list[str]:
    (content / "places.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_checked(content)
    return [str(found) for found in raised.value.problems]


def test_a_places_list_is_read_in_file_order_with_its_names_and_posters(content):
    (content / "places.yml").write_text(
        "# nơi dán\nbuu-dien-xen:\n  name: Bưu điện xã Mường Xén\nnha-van-hoa-2:\n  name: Nhà văn hóa bản 2\n"
        "  posters: [mini-2, khac, mini-2]\n",
        encoding="utf-8",
    )
    places, problems = of_catalog(load_checked(content))
    assert problems == []
    assert places == [
        Place("buu-dien-xen", "Bưu điện xã Mường Xén", ()),
        Place("nha-van-hoa-2", "Nhà văn hóa bản 2", ("mini-2", "khac")),
    ]


def test_bad_yaml_names_the_file_and_the_line(content):
    path = content / "places.yml"
    [found] = problems_of(content, "buu-dien-xen:\n  name: [Bưu điện\n")
    # The parser's own words differ between libyaml and pure-Python PyYAML; the place and the code do not.
    assert found.startswith(f"{path}:3: Tệp YAML sai cú pháp: ") and found.endswith(" [yaml_invalid]")


def test_each_mistake_is_named_with_its_line_field_and_code(content):
    path = content / "places.yml"
    found = problems_of(
        content,
        "buu-dien-xen:\n  name: Bưu điện xã Mường Xén\n"
        "Buu Dien Vinh:\n  name: Bưu điện Vinh\n"
        "nha-van-hoa:\n  posters: [mini, mini-9]\n"
        "cho-xa:\n  name: Chợ xã\n  ten: sai\n",
    )
    assert found == [
        f"{path}:3: Buu Dien Vinh: Mã nơi đặt 'Buu Dien Vinh' sai định dạng: chỉ gồm chữ thường không dấu, số và "
        "dấu '-', tối đa 32 ký tự (mã này được in vào mã QR, sau '?tu='). [place_code_invalid]",
        f"{path}:5: nha-van-hoa.name: Thiếu trường bắt buộc. [field_missing]",
        f"{path}:9: cho-xa.ten: Trường không được hỗ trợ (kiểm tra lỗi chính tả). [field_unknown]",
    ]
    assert problems_of(content, "nha-van-hoa:\n  name: Nhà văn hóa\n  posters:\n    - mini\n    - mini-9\n") == [
        f"{path}:5: nha-van-hoa.posters.1: Mã 'mini-9' không phải mã của một khóa học, bài học hay hướng dẫn đang "
        "có. [place_poster_unknown]"
    ]


def test_a_list_that_is_not_a_mapping_is_refused_with_its_line(content):
    path = content / "places.yml"
    assert problems_of(content, "\n- buu-dien-xen\n") == [
        f"{path}:2: Giá trị không hợp lệ: phải là một bảng mã nơi: tên nơi [field_invalid]"
    ]


def decoded(pdf: bytes, page: int, folder) -> str:
    """The QR code printed on one page of a PDF, as a phone's camera reads it."""
    path = folder / "posters.pdf"
    path.write_bytes(pdf)
    image = folder / f"page-{page}"
    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(path), str(image)],
        check=True,
    )
    done = subprocess.run(["zbarimg", "-q", "--raw", f"{image}.png"], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_each_place_prints_every_course_with_its_place_in_the_qr_link_and_its_name_at_the_foot(content, tmp_path):
    catalog = load_catalog(content)
    singles, _ = posters.catalogue_posters(catalog, SITE)
    places = [Place("buu-dien-xen", "Bưu điện xã Mường Xén", ()), Place("nha-van-hoa-2", "Nhà văn hóa", ("mini-2",))]
    sets = posters.place_sets(catalog, singles, places)
    assert {name: [p.short_id for p in group] for name, group in sets.items()} == {
        "noi-dat/buu-dien-xen": ["khac", "mini"],
        "noi-dat/nha-van-hoa-2": ["mini-2"],
    }
    pdf = posters.combined(sets["noi-dat/buu-dien-xen"], tmp_path / "cache")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    for n, course in enumerate(["khac", "mini"], start=1):
        text = " ".join(reader.pages[n - 1].extract_text().split())
        assert f"{SITE}q/{course}/?tu=buu-dien-xen" in text and "Điểm đặt: Bưu điện xã Mường Xén" in text
        assert decoded(pdf, n, tmp_path) == f"{SITE}q/{course}/?tu=buu-dien-xen"
    lesson = posters.combined(sets["noi-dat/nha-van-hoa-2"], tmp_path / "cache")
    assert decoded(lesson, 1, tmp_path) == f"{SITE}q/mini-2/?tu=nha-van-hoa-2"


def test_a_places_poster_is_cached_apart_from_the_unplaced_one_whose_digest_is_unchanged(content):
    catalog = load_catalog(content)
    singles, _ = posters.catalogue_posters(catalog, SITE)
    [placed] = posters.place_sets(catalog, singles, [Place("cho-xa", "Chợ xã", ("mini",))])["noi-dat/cho-xa"]
    unplaced = next(poster for poster in singles if poster.short_id == "mini")
    assert placed.digest() != unplaced.digest()
    shown = [posters.VERSION, unplaced.short_id, unplaced.kicker, unplaced.title, unplaced.summary, unplaced.url]
    before_places = hashlib.sha256("\x1f".join(shown).encode()).hexdigest()[:20]  # the digest before places existed
    assert unplaced.digest() == before_places


def test_a_place_code_written_twice_is_named_at_its_second_line(content):
    path = content / "places.yml"
    assert problems_of(content, "cho-xa:\n  name: Chợ xã\nbuu-dien:\n  name: Bưu điện\ncho-xa:\n  name: Chợ mới\n") == [
        f"{path}:5: cho-xa: Mã 'cho-xa' đã được dùng ở dòng 1. [id_duplicate]"
    ]


def test_a_list_longer_than_the_bound_is_refused(content):
    path = content / "places.yml"
    many = "".join(f"noi-{n}:\n  name: Nơi {n}\n" for n in range(1001))
    assert problems_of(content, many) == [
        f"{path}:1: Danh sách có 1001 nơi đặt, nhiều hơn mức tối đa 1000. [places_too_many]"
    ]
