"""Lessons' PDF handouts read back with a PDF library: the lesson's own Vietnamese text, fonts embedded, a link on the
lesson page with the file's size, and a rebuild that draws nothing again until a lesson changes."""

import io
import re
from datetime import date

from pypdf import PdfReader

from site_builder import handoutbody, handouts, qrcodes
from site_builder.catalog import load_catalog
from site_builder.pages import file_size_text
from tests.support.content import lesson_text, mkdocs_build, register_ids, write_course
from tests.support.paths import CONTENT, ROOT

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
            descendant = fonts[name].get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded, so Vietnamese prints anywhere
            names.add(str(descendant["/BaseFont"]).split("+")[-1])
    return sorted(names)


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
            assert "DejaVuSansBook" in font_names(data)


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
    assert font_names(data) == ["DejaVuSansBold", "DejaVuSansBook", "DejaVuSansOblique"]
    assert [block.kind for block in handoutbody.blocks(markdown)] == ["", "note", "question"]
    # no italics, no italic face embedded
    plain = handouts.render(handouts.Handout(**{**handout.__dict__, "markdown": "Chữ **đậm**."}), date(2026, 12, 6))
    assert font_names(plain) == ["DejaVuSansBold", "DejaVuSansBook"]


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
