"""A video's transcript: the `## Lời thoại video` section, taken out of the lesson's text and folded under the video."""

import pytest

from site_builder import durations, transcripts
from site_builder.catalog import load_catalog, load_checked
from site_builder.problems import ContentError
from tests.support.content import lesson_text, mkdocs_build, register_ids, write_course
from tests.support.paths import ROOT

TRANSCRIPT = "## Lời thoại video\n\nXin chào các đồng chí. Hôm nay chúng ta học cách đặt mật khẩu mạnh.\n\n"


def test_the_section_is_cut_out_of_the_text_wherever_it_stands():
    body = "## Mở đầu\n\nĐoạn một.\n\n" + TRANSCRIPT + "## Ghi nhớ\n\nĐoạn hai.\n"
    text, transcript = transcripts.split(body)
    assert text == "## Mở đầu\n\nĐoạn một.\n\n## Ghi nhớ\n\nĐoạn hai.\n"
    assert transcript == "Xin chào các đồng chí. Hôm nay chúng ta học cách đặt mật khẩu mạnh."
    assert transcripts.split("## Mở đầu\n\nKhông có lời thoại.\n") == ("## Mở đầu\n\nKhông có lời thoại.\n", None)
    # ### subsections belong to the transcript; only the next ## ends it
    assert transcripts.split(TRANSCRIPT + "### Phần 2\n\nTiếp.\n")[1] == transcript + "\n\n### Phần 2\n\nTiếp."


def test_a_transcript_without_a_video_is_reported_at_its_heading(content):
    path = content / "courses" / "mini" / "01-bai-1.md"
    path.write_text(lesson_text("mini-1", "Bài 1") + "\n" + TRANSCRIPT, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    [found] = caught.value.problems
    assert (found.path, found.line, found.code) == (path, 11, "transcript_without_video")
    assert path.read_text(encoding="utf-8").splitlines()[10] == "## Lời thoại video"


def test_a_video_without_its_transcript_is_warned_at_the_lessons_id_and_refuses_nothing(content):
    path = content / "courses" / "mini" / "01-bai-1.md"
    path.write_text(lesson_text("mini-1", "Bài 1", "video: dQw4w9WgXcQ\nvideo_minutes: 12\n"), encoding="utf-8")
    register_ids(content)
    catalog = load_checked(content)
    [found] = [item for item in catalog.warnings if item.code == "transcript_missing"]
    assert (found.path, found.line, found.warning) == (path, 2, True)
    assert "cảnh báo" in str(found) and "Lời thoại video" in str(found)

    path.write_text(path.read_text(encoding="utf-8") + "\n" + TRANSCRIPT, encoding="utf-8")
    assert [item for item in load_checked(content).warnings if item.code == "transcript_missing"] == []


def test_the_lesson_page_folds_the_transcript_under_the_video_and_the_duration_leaves_it_out(tmp_path):
    project = tmp_path / "project"
    (project / "content" / "site").mkdir(parents=True)
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    folder = write_course(project / "content")
    lesson = folder / "01-bai-1.md"
    spoken = "lời " * 900  # 900 words spoken in the video: counted in its 8 minutes, not as reading
    lesson.write_text(
        lesson_text("mini-1", "Bài 1", extra="video: dQw4w9WgXcQ\nvideo_minutes: 8\n") + "\n" + TRANSCRIPT + spoken,
        encoding="utf-8",
    )
    register_ids(project / "content")
    [course] = load_catalog(project / "content").courses
    assert course.lessons[0].duration == 1 + 8
    assert durations.words(course.lessons[0].body) > 900
    done = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", tmp_path / "bank")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "khoa-hoc" / "mini" / "bai-1" / "index.html").read_text(encoding="utf-8")
    video = page.index('class="hocso-video"')
    folded = page.index('<details class="quote">')
    assert video < folded < page.index('id="noi-dung"')  # under the video, before the lesson's text
    assert "<summary>Lời thoại video</summary>" in page
    assert page.count("Xin chào các đồng chí.") == 1
    assert "9 phút · Bài 1/2" in page
