"""The content model as editors meet it: valid content loads; each mistake is reported with file, line and field."""

from pathlib import Path

import pytest

from site_builder.catalog import load_catalog
from site_builder.problems import ContentError
from tests.support.content import lesson_text, question_yaml, write_course


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    return [f"{p.path.relative_to(content)}:{p.line}:{p.field}:{p.code}" for p in caught.value.problems]


def test_valid_content_loads_into_courses_lessons_and_questions(content):
    catalog = load_catalog(content)
    [course] = catalog.courses
    assert course.id == "mini"
    assert [lesson.slug for lesson in course.lessons] == ["bai-1", "bai-2"]
    assert [lesson.id for lesson in course.lessons] == ["mini-1", "mini-2"]
    assert course.duration == 2  # a minute of reading each, computed: no lesson declares a duration
    assert len(course.questions) == 6
    assert course.questions[0].answer_indexes == [1]
    assert catalog.by_group() == [("chuyen-doi-so", "Kiến thức, kỹ năng chuyển đổi số", [course])]


def test_answer_that_is_not_a_choice_is_reported_at_its_line(content):
    bank = content / "courses/mini/questions.yml"
    bank.write_text(bank.read_text().replace("answer: B", "answer: E", 1))
    assert problems_of(content) == ["courses/mini/questions.yml:10:questions.0.answer:answer_not_in_choices"]


def test_every_problem_is_reported_at_once(content):
    bank = content / "courses/mini/questions.yml"
    text = bank.read_text().replace("answer: B", "answer: E", 1).replace("lesson: mini-2", "lesson: mini-9", 1)
    bank.write_text(text)
    (content / "courses/mini/course.yml").write_text(
        (content / "courses/mini/course.yml").read_text().replace("questions: 4", "questions: 7")
    )
    assert problems_of(content) == [
        "courses/mini/questions.yml:1:questions:bank_too_small",
        "courses/mini/questions.yml:10:questions.0.answer:answer_not_in_choices",
        "courses/mini/questions.yml:33:questions.3.lesson:lesson_unknown",
    ]


def test_duplicate_question_ids_name_both_places(content):
    bank = content / "courses/mini/questions.yml"
    bank.write_text(bank.read_text().replace("id: mini-1-q2", "id: mini-1-q1"))
    assert problems_of(content) == ["courses/mini/questions.yml:12:id:id_duplicate"]


def test_duplicate_lesson_ids_across_courses_are_reported(content):
    write_course(content, "khac")
    lesson = content / "courses/khac/01-bai-1.md"
    lesson.write_text(lesson_text("mini-1", "Bài trùng mã"))
    assert "courses/mini/01-bai-1.md:2:id:id_duplicate" in problems_of(content)


def test_bank_smaller_than_the_test_draws_is_reported(content):
    course = content / "courses/mini/course.yml"
    course.write_text(course.read_text().replace("questions: 4", "questions: 20"))
    [reported] = problems_of(content)
    assert reported == "courses/mini/questions.yml:1:questions:bank_too_small"


def test_missing_lesson_file_points_at_its_line_in_course_yml(content):
    (content / "courses/mini/02-bai-2.md").unlink()
    assert problems_of(content) == ["courses/mini/course.yml:6:lessons.1:file_missing"]


def test_lesson_file_not_listed_in_course_yml_is_reported(content):
    (content / "courses/mini/03-bai-3.md").write_text(lesson_text("mini-3", "Bài 3"))
    assert problems_of(content) == ["courses/mini/03-bai-3.md:None::file_unlisted"]


def test_bad_yaml_is_reported_with_its_line_not_a_traceback(content):
    (content / "courses/mini/course.yml").write_text("title: Khóa\nlessons: [01-bai-1.md\ngroup: chuyen-doi-so\n")
    [reported] = problems_of(content)
    assert reported == "courses/mini/course.yml:3::yaml_invalid"


def test_bad_front_matter_fields_name_the_field_and_line(content):
    lesson = content / "courses/mini/01-bai-1.md"
    lesson.write_text(lesson_text("mini-1", "Bài 1", extra="duration: muoi\nvidoe: abc\n"))
    assert problems_of(content) == [
        "courses/mini/01-bai-1.md:5:duration:field_invalid",
        "courses/mini/01-bai-1.md:6:vidoe:field_unknown",
    ]


def test_lesson_without_front_matter_is_reported(content):
    (content / "courses/mini/01-bai-1.md").write_text("## Chỉ có nội dung\n")
    assert "courses/mini/01-bai-1.md:1::front_matter_missing" in problems_of(content)


def test_missing_required_course_field_is_reported(content):
    course = content / "courses/mini/course.yml"
    course.write_text(course.read_text().replace("group: chuyen-doi-so\n", ""))
    assert problems_of(content) == ["courses/mini/course.yml:1:group:field_missing"]


def test_unknown_group_is_reported_in_vietnamese(content):
    course = content / "courses/mini/course.yml"
    course.write_text(course.read_text().replace("group: chuyen-doi-so", "group: khac"))
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    [found] = caught.value.problems
    assert (found.line, found.field, found.code) == (2, "group", "field_invalid")
    assert (
        found.message == "Giá trị không hợp lệ: phải là một trong các giá trị: 'chuyen-doi-so' hoặc 'an-toan-thong-tin'"
    )


def test_several_correct_answers_need_the_choose_all_wording(content):
    bank = content / "courses/mini/questions.yml"
    bank.write_text(bank.read_text().replace("answer: B", "answer: [A, C]", 1))
    assert problems_of(content) == ["courses/mini/questions.yml:4:questions.0.text:answer_multiple_unmarked"]
    bank.write_text(
        bank.read_text().replace('text: "Câu hỏi mini-1-q1?"', 'text: "Chọn tất cả đáp án đúng: mini-1-q1?"')
    )
    assert load_catalog(content).courses[0].questions[0].answer_indexes == [0, 2]


def test_attachment_that_does_not_exist_is_reported(content):
    lesson = content / "courses/mini/01-bai-1.md"
    lesson.write_text(
        "---\nid: mini-1\ntitle: Bài 1\nsummary: Tóm tắt.\nfiles:\n  - file: files/slides.pdf\n"
        "    title: Bài giảng\n---\n\nNội dung.\n"
    )
    assert problems_of(content) == ["courses/mini/01-bai-1.md:6:files.0.file:file_missing"]


def test_empty_content_folder_is_reported(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path)
    assert [p.code for p in caught.value.problems] == ["no_courses"]


def test_problem_text_reads_file_line_field_message_code(content):
    (content / "courses/mini/02-bai-2.md").unlink()
    with pytest.raises(ContentError) as caught:
        load_catalog(content)
    assert str(caught.value.problems[0]) == (
        f"{content}/courses/mini/course.yml:6: lessons.1: Không tìm thấy tệp '02-bai-2.md'. [file_missing]"
    )


def test_demo_content_of_the_repository_is_valid():
    from tests.support.paths import ROOT

    catalog = load_catalog(ROOT / "content")
    for course in catalog.courses:
        assert len(course.lessons) == 10
        assert len(course.questions) == 100
        lesson_ids = {lesson.id for lesson in course.lessons}
        per_lesson = {lid: sum(q.lesson == lid for q in course.questions) for lid in lesson_ids}
        assert set(per_lesson.values()) == {10}


def with_practice(content: Path, questions: list[str], draw: int = 2) -> Path:
    """Declare a practice set of `draw` questions in the mini course and write `practice.yml` with `questions`."""
    course = content / "courses/mini/course.yml"
    course.write_text(course.read_text() + f"practice:\n  questions: {draw}\n")
    practice = content / "courses/mini/practice.yml"
    practice.write_text("questions:\n" + "".join(questions))
    return practice


def test_a_declared_practice_set_loads_apart_from_the_certified_pool(content):
    with_practice(content, [question_yaml("mini-1-p1", "mini-1"), question_yaml("mini-2-p1", "mini-2")])
    [course] = load_catalog(content).courses
    assert [question.id for question in course.practice] == ["mini-1-p1", "mini-2-p1"]
    assert len(course.questions) == 6 and course.meta.practice.questions == 2


def test_a_practice_question_repeating_a_certified_one_is_refused_at_its_line(content):
    with_practice(
        content,
        [
            question_yaml("mini-1-p1", "mini-1"),
            question_yaml("mini-1-p2", "mini-1", text="Câu hỏi mini-1-q2?"),  # a certified stem
            question_yaml("mini-1-q3", "mini-1", text="Câu khác hẳn?"),  # a certified id
        ],
        draw=3,
    )
    assert problems_of(content) == [
        "courses/mini/practice.yml:12:questions.1:practice_overlap",
        "courses/mini/practice.yml:22:questions.2:practice_overlap",
    ]


def test_practice_choices_identical_to_a_certified_questions_are_an_overlap(content):
    practice = with_practice(content, [question_yaml("mini-1-p1", "mini-1", text="Đề viết lại bằng lời khác?")], draw=1)
    practice.write_text(practice.read_text().replace("của mini-1-p1", "của mini-1-q1"))
    assert problems_of(content) == ["courses/mini/practice.yml:2:questions.0:practice_overlap"]


def test_a_practice_set_smaller_than_its_draw_is_refused(content):
    with_practice(content, [question_yaml("mini-1-p1", "mini-1")], draw=3)
    assert problems_of(content) == ["courses/mini/practice.yml:1:questions:practice_too_small"]


def test_a_practice_file_without_a_declaration_and_a_declaration_without_a_file_are_reported(content):
    practice = with_practice(content, [question_yaml("mini-1-p1", "mini-1")], draw=1)
    course = content / "courses/mini/course.yml"
    course.write_text(course.read_text().replace("practice:\n  questions: 1\n", ""))
    assert problems_of(content) == ["courses/mini/practice.yml:None::practice_unlisted"]
    course.write_text(course.read_text() + "practice:\n  questions: 1\n")
    practice.unlink()
    assert problems_of(content) == ["courses/mini/practice.yml:None::file_missing"]


def test_practice_question_ids_share_the_catalogues_namespace(content):
    write_course(content, "khac")
    with_practice(content, [question_yaml("khac-1-q1", "mini-1", text="Câu luyện tập riêng?")], draw=1)
    assert "courses/mini/practice.yml:2:id:id_duplicate" in problems_of(content)
