"""Citations of legal texts found in what learners read, and judged against the register on a given day."""

import textwrap
from datetime import date

import pytest

from site_builder import citations, laws
from site_builder.catalog import load_catalog, load_checked
from site_builder.problems import ContentError
from tests.builder.test_laws import VALID
from tests.support.content import register_ids

REGISTER = VALID + textwrap.dedent(
    """\
    116/2025/QH15:
      kind: luật
      title: Luật An ninh mạng
      issued: 2025-12-10
      in_force: 2026-07-01
      aliases: [Luật An ninh mạng 2025]
      checked: danh mục rà soát tháng 12/2026
    57-NQ/TW:
      kind: nghị quyết
      title: Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia
      issued: 2024-12-22
      in_force: 2024-12-22
      checked: danh mục rà soát tháng 12/2026
    """
)
DAY = date(2026, 3, 1)


@pytest.fixture
def finder(tmp_path):
    (tmp_path / laws.FILE).write_text(REGISTER, encoding="utf-8")
    register, problems = laws.load(tmp_path)
    assert problems == []
    return citations.Finder(register)


def test_document_numbers_are_found_in_every_written_form_and_dates_are_not(finder):
    text = (
        "Theo 13/2023/NĐ-CP, 749/QĐ-TTg, 91/2025/QH15, 57-NQ/TW và 01-KH/BCĐTW (ngày 1/7/2024, tỉ lệ 50/50); "
        "xem 4509/BTTTT-CĐSQG."
    )
    assert [c.text for c in finder.find(text)] == [
        "13/2023/NĐ-CP",
        "749/QĐ-TTg",
        "91/2025/QH15",
        "57-NQ/TW",
        "01-KH/BCĐTW",
        "4509/BTTTT-CĐSQG",
    ]


def test_short_names_are_found_in_any_case_and_across_a_line_break_and_point_to_their_text(finder):
    found = finder.find(
        "Trước đây nghị định 13 quy định...; Luật An ninh\nmạng 2025 thay thế. Nghị định 130 thì không."
    )
    assert [(c.text, c.law.number) for c in found] == [
        ("nghị định 13", "13/2023/NĐ-CP"),
        ("Luật An ninh\nmạng 2025", "116/2025/QH15"),
    ]


def test_a_short_name_inside_a_written_number_counts_once(finder):
    [citation] = finder.find("Nghị định 13/2023/NĐ-CP")
    assert (citation.text, citation.law.number) == ("13/2023/NĐ-CP", "13/2023/NĐ-CP")


def test_an_unregistered_number_is_found_with_no_text(finder):
    [citation] = finder.find("Quyết định 999/QĐ-TTg")
    assert (citation.text, citation.law) == ("999/QĐ-TTg", None)


def test_paragraphs_keep_their_first_line_and_a_heading_goes_with_the_paragraph_under_it():
    body = "## Luật cũ\n\n\nĐoạn một,\ntiếp.\n\nĐoạn hai.\n## Mục\nĐoạn ba."
    assert citations.paragraphs(body, 7) == [
        ("## Luật cũ\n\n\nĐoạn một,\ntiếp.", 7),
        ("Đoạn hai.", 13),
        ("## Mục\nĐoạn ba.", 14),
    ]


def checked(content, day=DAY) -> list[str]:
    """`path:line:field:code` of every citation problem of `content` on `day`, warnings marked `(w)`."""
    (content / laws.FILE).write_text(REGISTER, encoding="utf-8")
    found = citations.check_content(load_catalog(content), day)
    return sorted(
        f"{p.path.relative_to(content)}:{p.line}:{p.field}:{p.code}{' (w)' if p.warning else ''}" for p in found
    )


def append(path, text: str) -> int:
    """Append a paragraph to `path`; the line it is written on."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before + "\n" + text + "\n", encoding="utf-8")
    return len(before.splitlines()) + 2


def test_a_lesson_presenting_a_replaced_text_as_current_is_warned_at_its_line(content):
    line = append(content / "courses/mini/01-bai-1.md", "Nghị định 13/2023/NĐ-CP quy định việc xử lý dữ liệu.")
    assert checked(content) == [f"courses/mini/01-bai-1.md:{line}::law_not_in_force (w)"]


def test_a_lesson_marking_the_text_as_history_is_not_warned(content):
    append(content / "courses/mini/01-bai-1.md", "Nghị định 13/2023/NĐ-CP đã hết hiệu lực\ntừ 1/1/2026.")
    append(content / "courses/mini/02-bai-2.md", "## Nghị định 13\n\nVăn bản này đã được thay thế.")
    assert checked(content) == []


def test_a_text_not_yet_in_force_is_warned_unless_the_paragraph_says_from_when(content):
    line = append(content / "courses/mini/01-bai-1.md", "Luật An ninh mạng 2025 bảo vệ không gian mạng.")
    append(content / "courses/mini/02-bai-2.md", "Luật An ninh mạng 2025 có hiệu lực từ 1/7/2026.")
    assert checked(content) == [f"courses/mini/01-bai-1.md:{line}::law_not_yet_in_force (w)"]
    assert checked(content, date(2026, 7, 1)) == []


def test_an_unknown_number_in_a_guide_is_refused_at_its_line(content):
    (content / "guides").mkdir()
    guide = content / "guides/thu.md"
    guide.write_text(
        "---\nid: hd-thu\ntitle: Thử\nsummary: Thử.\n---\n\nĐoạn đầu.\n\nTheo 999/QĐ-TTg.\n", encoding="utf-8"
    )
    assert checked(content) == ["guides/thu.md:9::law_unknown"]


def test_a_question_resting_on_a_replaced_text_is_refused_and_a_wrong_choice_may_name_it(content):
    bank = content / "courses/mini/questions.yml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace('"Câu hỏi mini-1-q1?"', '"Theo Nghị định 13, ai phải đồng ý?"', 1)
    text = text.replace(
        '"Lựa chọn 1 của mini-1-q2"', '"Theo Nghị định 13/2023/NĐ-CP"', 1
    )  # a wrong choice (B is right)
    text = text.replace('"Lựa chọn 2 của mini-1-q3"', '"Theo Nghị định 13/2023/NĐ-CP"', 1)  # the right choice
    text = text.replace('"Giải thích riêng của mini-2-q1."', '"Nghị định 13 đã được thay thế."', 1)
    bank.write_text(text, encoding="utf-8")
    assert checked(content) == [
        "courses/mini/questions.yml:27:questions.2.choices.1:question_law_not_in_force",
        "courses/mini/questions.yml:4:questions.0.text:question_law_not_in_force",
    ]
    assert checked(content, date(2025, 12, 31)) == []


def test_load_checked_refuses_errors_and_keeps_warnings(content):
    register_ids(content)
    (content / laws.FILE).write_text(REGISTER, encoding="utf-8")
    append(content / "courses/mini/01-bai-1.md", "Nghị định 13/2023/NĐ-CP quy định việc xử lý dữ liệu.")
    catalog = load_checked(content, DAY)
    assert [w.code for w in catalog.warnings] == ["law_not_in_force"]
    append(content / "courses/mini/02-bai-2.md", "Theo 999/QĐ-TTg.")
    with pytest.raises(ContentError) as caught:
        load_checked(content, DAY)
    assert [p.code for p in caught.value.problems] == ["law_unknown"]
    assert caught.value.report().endswith("Nội dung có 1 lỗi cần sửa. Ngoài ra có 1 cảnh báo.")
    assert " cảnh báo: Vào ngày 01/03/2026, văn bản '13/2023/NĐ-CP' hết hiệu lực từ 01/01/2026" in caught.value.report()


def test_a_lesson_summary_and_a_course_summary_are_checked_at_their_lines(content):
    lesson = content / "courses/mini/01-bai-1.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("summary: Tóm tắt", "summary: Theo 998/QĐ-TTg, tóm tắt")
    )
    course = content / "courses/mini/course.yml"
    course.write_text(course.read_text(encoding="utf-8").replace("summary: Khóa học thử.", "summary: Theo 997/QĐ-TTg."))
    assert checked(content) == [
        "courses/mini/01-bai-1.md:4:summary:law_unknown",
        "courses/mini/course.yml:3:summary:law_unknown",
    ]
