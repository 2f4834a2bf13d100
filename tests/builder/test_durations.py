"""A lesson's duration: computed from its words and its video's minutes; a declared one far from it is reported."""

import re
from pathlib import Path

import pytest

from site_builder import durations
from site_builder.catalog import load_catalog
from site_builder.pages import duration_text
from site_builder.problems import ContentError
from tests.support.content import lesson_text
from tests.support.paths import CONTENT


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    return [f"{p.path.relative_to(content)}:{p.line}:{p.field}:{p.code}" for p in caught.value.problems]


def write_lesson(content: Path, extra: str = "", words: int = 0) -> Path:
    """Lesson 1 of the `content` fixture's course, with `extra` front-matter lines and `words` more words."""
    path = content / "courses" / "mini" / "01-bai-1.md"
    path.write_text(lesson_text("mini-1", "Bài 1", extra=extra) + "\nchữ " * words, encoding="utf-8")
    return path


def test_words_are_what_a_reader_reads_not_the_markup_around_them():
    markdown = (
        "## Mật khẩu mạnh\n\n**Dài** và *khó đoán*: xem [hướng dẫn](https://dichvucong.gov.vn/p/home/a-b.html).\n\n"
        '<div class="hocso-x" markdown>Một câu</div>\n\n| Loại | Ví dụ |\n|---|---|\n| PIN | 1234 |\n\n'
        '!!! note "Ghi nhớ"\n\n    - Bật 2FA. { .hocso-lead }\n'
    )
    # Mật khẩu mạnh · Dài và khó đoán: xem hướng dẫn · Một câu · Loại Ví dụ · PIN 1234 · "Ghi nhớ" · Bật 2FA.
    assert durations.words(markdown) == 3 + 7 + 2 + 3 + 2 + 2 + 2


def test_a_lesson_without_a_duration_takes_its_words_over_200_rounded_up_plus_its_video(content):
    write_lesson(content, "video: dQw4w9WgXcQ\nvideo_minutes: 12\n", words=393)  # 7 words of its own: 400
    [course] = load_catalog(content).courses
    first, second = course.lessons
    assert durations.words(first.text) == 400
    assert first.meta.duration is None and first.duration == 2 + 12
    write_lesson(content, "video: dQw4w9WgXcQ\nvideo_minutes: 12\n", words=394)
    [course] = load_catalog(content).courses
    assert course.lessons[0].duration == 3 + 12
    assert second.duration == 1  # a few words still take a minute
    assert course.duration == 15 + 1


def test_a_declared_duration_close_to_the_computed_one_is_kept(content):
    write_lesson(content, "duration: 9\n", words=993)  # computed: 5 minutes
    assert load_catalog(content).courses[0].lessons[0].duration == 9


def test_a_declared_duration_far_from_the_computed_one_is_reported_at_its_line(content):
    write_lesson(content, "duration: 30\n", words=1193)  # computed: 6 minutes, as the demo lessons read
    assert problems_of(content) == ["courses/mini/01-bai-1.md:5:duration:duration_implausible"]
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    assert caught.value.problems[0].message.startswith(
        "Thời lượng khai báo 30 phút khác xa thời lượng tính từ bài (6 phút: 1200 chữ ÷ 200 chữ mỗi phút, làm tròn "
        "lên, cộng 0 phút video)."
    )
    write_lesson(content, "duration: 2\nvideo: abc\nvideo_minutes: 25\n")  # computed: 26 minutes
    assert problems_of(content) == ["courses/mini/01-bai-1.md:5:duration:duration_implausible"]


def test_a_video_needs_its_minutes_and_minutes_need_a_video(content):
    write_lesson(content, "video: dQw4w9WgXcQ\n")
    assert problems_of(content) == ["courses/mini/01-bai-1.md:5:video:video_minutes_missing"]
    write_lesson(content, "video_minutes: 20\n")
    assert problems_of(content) == ["courses/mini/01-bai-1.md:5:video_minutes:video_minutes_without_video"]


def test_the_demo_lessons_declare_no_duration_and_the_course_page_shows_the_computed_sum(built_site):
    catalog = load_catalog(CONTENT)
    for course in catalog.courses:
        assert all(lesson.meta.duration is None for lesson in course.lessons)
        assert course.duration == sum(lesson.computed_duration for lesson in course.lessons)
        page = (built_site.site / "khoa-hoc" / course.id / "index.html").read_text(encoding="utf-8")
        assert f"tổng thời lượng {duration_text(course.duration)}" in page
        lesson = course.lessons[0]
        lesson_page = (built_site.site / "khoa-hoc" / course.id / lesson.slug / "index.html").read_text("utf-8")
        assert f"</svg></span> {duration_text(lesson.duration)} · Bài 1/" in lesson_page


def test_words_are_counted_as_the_whitespace_separated_runs_holding_a_letter_or_digit():
    # the one-pass count against the definition, on the demo's lessons and on unusual spaces and punctuation
    texts = [path.read_text(encoding="utf-8") for path in sorted((CONTENT / "courses").rglob("*.md"))]
    texts += ["-- — ** x", "\u00a0x\u2003y\u3000z\x1cw\x85v", "đ_ ~~ 1 ...", "a\u200bb ,,, [x](y) <b>c</b> {.d}"]
    for text in texts:
        runs = durations._MARKUP.sub(" ", text).split()
        assert durations.words(text) == sum(1 for run in runs if re.search(r"\w", run))
