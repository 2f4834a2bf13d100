"""Lessons' PDF handouts read back with a PDF library: the lesson's own Vietnamese text, fonts embedded, a link on the
lesson page with the file's size, and a rebuild that draws nothing again until a lesson changes."""

import io
import re
import subprocess
import sys
from datetime import date

from pypdf import PdfReader
from pypdf.generic import ContentStream

from site_builder import handoutbody, handouts, qrcodes
from site_builder.catalog import load_catalog
from site_builder.pages import file_size_text
from tests.support.content import lesson_text, mkdocs_build, register_ids, write_course
from tests.support.paths import CONTENT, ROOT
from tests.support.pdfsizes import text_sizes

SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url when HOCSO_SITE_URL is unset


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def font_names(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in font["/FontDescriptor"]  # embedded, so Vietnamese prints anywhere
            names.add(str(font["/BaseFont"]).split("+")[-1])
    return sorted(names)


def faces(data: bytes) -> dict[str, set[str]]:
    """Each piece of text with the faces it is printed in."""
    seen: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size) -> None:
        if text.strip() and font:
            seen.setdefault(text.strip(), set()).add(str(font["/BaseFont"]).split("+")[-1])

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return seen


def colours(page, operator: bytes) -> set[tuple[float, ...]]:
    """The colours a page draws lines in (`RG`) or fills shapes and letters with (`rg`), to two decimals."""
    operations = ContentStream(page.get_contents(), page.pdf).operations
    return {tuple(round(float(value), 2) for value in operands) for operands, op in operations if op == operator}


def rgb(colour) -> tuple[float, ...]:
    return tuple(round(value, 2) for value in colour.rgb())


def test_every_demo_lesson_has_a_handout_with_its_title_course_headings_and_short_link(built_site):
    catalog = load_catalog(CONTENT)
    for course in catalog.courses:
        for number, lesson in enumerate(course.lessons, start=1):
            data = (built_site.site / handouts.address(course.id, lesson.slug)).read_bytes()
            text = text_of(data)
            assert f"{course.meta.title} · Bài {number}/{len(course.lessons)}" in text
            assert lesson.meta.title in text and lesson.meta.summary in text
            assert qrcodes.short_url(SITE_URL, lesson.id) in text
            assert re.search(r"Tài liệu tạo ngày \d\d/\d\d/20\d\d", text)
            for heading in re.findall(r"^#{2,3} (.+)$", lesson.text, re.M):
                assert heading in text, (lesson.id, heading)
            assert "Ghi nhớ" in text and "Sau bài học này, bạn có thể" in text
            assert "DejaVuSans" in font_names(data)


def test_the_lesson_page_links_its_handout_with_its_size(built_site):
    catalog = load_catalog(CONTENT)
    for course in catalog.courses:
        for lesson in course.lessons:
            size = (built_site.site / handouts.address(course.id, lesson.slug)).stat().st_size
            page = (built_site.site / "khoa-hoc" / course.id / lesson.slug / "index.html").read_text(encoding="utf-8")
            link = re.search(
                rf'<a class="md-button hocso-handout" download href="\.\./{lesson.slug}\.pdf">(.*?)</a>', page
            )
            assert link and link.group(1).endswith(" Tải tài liệu PDF")
            assert f"</a> ({file_size_text(size)})" in page


def test_headings_lists_bold_italic_tables_and_boxes_come_out_as_written():
    markdown = (
        "## Xác thực hai yếu tố\n\nMật khẩu **mạnh** và *khó đoán*.\n\n"
        "1. Đổi mật khẩu ngay.\n2. Báo người phụ trách CNTT.\n\n"
        "| Loại yếu tố | Ví dụ |\n|---|---|\n| Điều bạn **biết** | Mật khẩu, mã PIN |\n\n"
        '!!! note "Ghi nhớ"\n\n    - Không đọc mã OTP cho bất kỳ ai.\n\n'
        '??? question "Câu hỏi 1: Vì sao cần mã dự phòng?"\n\n    Gợi ý trả lời: mất điện thoại vẫn đăng nhập được.\n'
    )
    handout = handouts.Handout("x-01", "Khóa thử", 1, 1, "Bài thử", "Tóm tắt.", (), markdown, "https://h.vn/q/x-01/")
    data = handouts.render(handout, date(2026, 12, 6))
    text = text_of(data)
    for expected in (
        "Xác thực hai yếu tố",
        "Mật khẩu mạnh và khó đoán.",
        "1. Đổi mật khẩu ngay.",
        "2. Báo người phụ trách CNTT.",
        "Loại yếu tố Ví dụ",
        "Điều bạn biết Mật khẩu, mã PIN",
        "Ghi nhớ",
        "Không đọc mã OTP cho bất kỳ ai.",
        "Câu hỏi 1: Vì sao cần mã dự phòng?",
        "Gợi ý trả lời: mất điện thoại vẫn đăng nhập được.",
        "Tài liệu tạo ngày 06/12/2026",
    ):
        assert expected in text, expected
    assert font_names(data) == ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"]
    assert [block.kind for block in handoutbody.blocks(markdown)] == ["", "note", "question"]
    printed = faces(data)
    assert printed["mạnh"] == {"DejaVuSans-Bold"} and printed["khó đoán"] == {"DejaVuSans-Oblique"}
    assert printed["biết"] == {"DejaVuSans-Bold"}  # bold kept in a table's cell
    assert printed["Loại yếu tố"] == {"DejaVuSans-Bold"}  # the heading row, shaded
    assert rgb(handoutbody.HEADER_FILL) in colours(PdfReader(io.BytesIO(data)).pages[0], b"rg")
    # no italics, no italic face embedded
    plain = handouts.render(handouts.Handout(**{**handout.__dict__, "markdown": "Chữ **đậm**."}), date(2026, 12, 6))
    assert font_names(plain) == ["DejaVuSans", "DejaVuSans-Bold"]


def test_a_cached_handout_is_not_drawn_again_until_what_it_shows_changes(tmp_path, monkeypatch):
    drawn = []
    real = handouts.render
    monkeypatch.setattr(handouts, "render", lambda handout, day: drawn.append(handout.lesson_id) or real(handout, day))
    handout = handouts.Handout("x-01", "Khóa thử", 1, 2, "Bài thử", "Tóm tắt.", ("Làm được.",), "Chữ.", "https://h.vn")
    first = handouts.cached(handout, tmp_path, date(2026, 12, 6))
    assert handouts.cached(handout, tmp_path, date(2026, 12, 7)) == first and drawn == ["x-01"]
    handouts.cached(handouts.Handout(**{**handout.__dict__, "number": 2}), tmp_path)
    handouts.cached(handouts.Handout(**{**handout.__dict__, "markdown": "Chữ mới."}), tmp_path)
    assert len(drawn) == 3


def test_a_rebuild_draws_only_the_handout_of_the_lesson_that_changed(tmp_path):
    project = tmp_path / "project"
    (project / "content" / "site").mkdir(parents=True)
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    folder = write_course(project / "content")
    register_ids(project / "content")
    cache = project / "build" / "handouts"

    def build() -> dict[str, int]:
        done = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", tmp_path / "bank")
        assert done.returncode == 0, done.stderr
        return {path.name: path.stat().st_mtime_ns for path in cache.glob("*.pdf")}

    first = build()
    assert len(first) == 2
    assert build() == first  # nothing drawn again
    published = (tmp_path / "site" / "khoa-hoc" / "mini" / "bai-2.pdf").read_bytes()
    assert published in [path.read_bytes() for path in cache.glob("*.pdf")]
    (folder / "02-bai-2.md").write_text(lesson_text("mini-2", "Bài 2") + "\nMột đoạn mới.\n", encoding="utf-8")
    third = build()
    assert len(third) == 3 and {name: third[name] for name in first} == first
    assert "Một đoạn mới." in text_of((tmp_path / "site" / "khoa-hoc" / "mini" / "bai-2.pdf").read_bytes())


def test_many_handouts_are_drawn_in_parallel_each_in_its_place(tmp_path):
    items = [
        handouts.Handout(
            f"x-{n:02d}", "Khóa thử", n, 17, f"Bài số {n}", "Tóm tắt.", (), f"## Mục {n}\n", "https://h.vn"
        )
        for n in range(1, 18)
    ]
    drawn = [path.read_bytes() for path in handouts.cached_all(items, tmp_path, date(2026, 12, 6))]
    assert [f"Bài số {n} " in text_of(data) and f"Mục {n} " in text_of(data) for n, data in enumerate(drawn, 1)] == [
        True
    ] * 17
    assert len(list(tmp_path.glob("handout-*.pdf"))) == 17 and not list(tmp_path.glob("*.tmp"))


def test_a_long_box_runs_onto_the_next_page_with_its_bar_and_nothing_is_printed_too_small_to_read():
    items = "\n".join(f"    - Việc cần làm số {n}: kiểm tra lại mật khẩu và mã OTP." for n in range(1, 90))
    markdown = f'## Mục đầu\n\nĐoạn mở đầu.\n\n??? question "Câu hỏi dài"\n\n{items}\n\nĐoạn cuối.\n'
    handout = handouts.Handout(
        "x-01", "Khóa thử", 3, 9, "Bài thử", "Tóm tắt.", ("Làm được.",), markdown, "https://h.vn"
    )
    data = handouts.render(handout, date(2026, 12, 6))
    pages = PdfReader(io.BytesIO(data)).pages
    in_box = ["Việc cần làm số" in page.extract_text() for page in pages]
    assert in_box.count(True) >= 2  # the box runs on
    bar = rgb(handoutbody.BOX_COLOURS["question"])
    assert [bar in colours(page, b"RG") for page in pages] == in_box
    text = text_of(data)
    assert all(f"Việc cần làm số {n}: kiểm tra" in text for n in range(1, 90)) and "Đoạn cuối." in text
    assert f"Trang 1/{len(pages)}" in text and f"Trang {len(pages)}/{len(pages)}" in text
    assert "Khóa thử · Bài 3: Bài thử" in text
    small = {piece for piece, size in text_sizes(data).items() if size < 9}
    # only the running foot and the date line are smaller than 9 pt
    assert small and all(
        piece.startswith(("Trang ", "Khóa thử · Bài 3", "Tài liệu tạo ngày 06/12/2026")) for piece in small
    ), small
    reader = PdfReader(io.BytesIO(data))
    assert (reader.metadata.title, reader.metadata.subject, reader.metadata.creator) == (
        "Bài thử",
        "Khóa thử",
        "hocso",
    )


def test_a_heading_never_ends_a_page_even_with_a_box_under_it():
    filler = (
        "Một đoạn văn đủ dài để chiếm hai dòng trên trang giấy khổ A4, viết về việc giữ mật khẩu cho riêng mình.\n\n"
    )
    for paragraphs in range(20, 44):
        markdown = (
            filler * paragraphs + '## Tự kiểm tra\n\n??? question "Câu hỏi 1: Vì sao?"\n\n    Gợi ý trả lời: vì thế.\n'
        )
        handout = handouts.Handout("x-01", "Khóa", 1, 1, "Bài", "Tóm tắt.", (), markdown, "https://h.vn")
        pages = PdfReader(io.BytesIO(handouts.render(handout, date(2026, 12, 6)))).pages
        body = [page.extract_text().split("\nKhóa · Bài 1: Bài")[0].strip() for page in pages]
        assert not any(text.endswith("Tự kiểm tra") for text in body), paragraphs


def test_the_plugin_and_the_caches_load_no_pdf_or_image_library_until_something_is_drawn():
    # A rebuild with every handout, poster and icon cached draws nothing: reportlab and Pillow stay unimported.
    code = (
        "import sys, site_builder.plugin, site_builder.handouts, site_builder.posters, site_builder.appicons;"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'reportlab', 'PIL'}))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert found.stdout.strip() == "[]"
