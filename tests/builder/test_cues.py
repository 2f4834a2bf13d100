"""Cues that give an answer away, measured per question file, and near-duplicate stems across the catalogue."""

from pathlib import Path

from site_builder import cues
from site_builder.catalog import load_catalog
from site_builder.structure import QuestionSource
from tests.support.content import question_yaml, write_course


def question(qid: str, choices: list[str], answer: str = "A", text: str | None = None) -> QuestionSource:
    return QuestionSource(
        id=qid, lesson="bai", text=text or f"Câu {qid}?", choices=choices, answer=answer, explanation="Vì vậy."
    )


def test_absolute_words_are_found_but_not_inside_ordinary_words():
    assert cues.absolute("Chỉ cơ quan nhà nước được làm")
    assert cues.absolute("Mật khẩu phải luôn đổi hằng ngày")
    assert cues.absolute("Không bao giờ mở thư lạ")
    assert cues.absolute("Bất kỳ ai cũng được xem")
    assert not cues.absolute("Ghi địa chỉ thư điện tử của cơ quan")
    assert not cues.absolute("Theo chỉ đạo của Ủy ban, các chỉ số và chỉ tiêu năm nay")
    assert not cues.absolute("Kiểm tra người gửi trước khi bấm liên kết")


def test_the_figures_of_a_file():
    bank = [
        # the right choice strictly longest, the wrong ones all absolute: a question that gives itself away
        question("q1", ["Kiểm tra người gửi trước", "Luôn bấm", "Mọi thư đều thật"], "A"),
        # right and wrong of equal length: not "longest"
        question("q2", ["Gọi lại số quen", "Gọi lại số lạ!"], "B"),
        # the reverse pattern: only the right choice absolute
        question("q3", ["Gọi 113", "Chỉ gọi 113", "Nhắn tin"], "B"),
        question("q4", ["Một", "Hai", "Ba"], "C"),
    ]
    figures = cues.measure(Path("q.yml"), bank)
    assert figures.longest == 0.5  # q1 and q3
    assert (figures.right_absolute, figures.wrong_absolute) == (0.25, 2 / 7)
    assert round(figures.gap, 1) == 3.6
    assert figures.pattern == ["q1", "q3"]
    assert figures.letters == {"A": 0.25, "B": 0.5, "C": 0.25}


def bank_of(n: int, answers: str, longest: int = 0, absolute_wrong: int = 0) -> list[QuestionSource]:
    """`n` questions answered in turn by the letters of `answers`; the first `longest` with a longer right choice,
    the first `absolute_wrong` with one absolute wrong choice."""
    made = []
    for k in range(n):
        letter = answers[k % len(answers)]
        choices = ["Lựa chọn một", "Lựa chọn hai", "Lựa chọn ba", "Lựa chọn tư"]
        right = "ABCD".index(letter)
        if k < longest:
            choices[right] = "Lựa chọn đúng dài hơn"
        if k < absolute_wrong:
            choices[(right + 1) % 4] = "Luôn luôn làm"
        made.append(question(f"q{k}", choices, letter))
    return made


def codes(bank: list[QuestionSource]) -> list[str]:
    return [p.code for p in cues.bank_problems(cues.measure(Path("q.yml"), bank), 1)]


def test_a_balanced_file_passes():
    assert codes(bank_of(20, "ABCD", longest=7, absolute_wrong=6)) == []  # 35 %, a gap of 10 points


def test_a_file_where_the_right_choice_is_too_often_the_longest_is_refused():
    assert codes(bank_of(20, "ABCD", longest=8)) == ["cue_longest"]


def test_a_file_where_wrong_choices_carry_absolute_words_much_more_is_refused():
    assert codes(bank_of(20, "ABCD", absolute_wrong=7)) == ["cue_absolute"]


def test_a_file_whose_answers_crowd_on_one_letter_is_refused_letter_by_letter():
    found = cues.bank_problems(cues.measure(Path("q.yml"), bank_of(20, "AAAABCD")), 1)
    assert [(p.code, p.message.split("'")[1]) for p in found] == [("cue_letters", "A"), ("cue_letters", "D")]


def test_more_than_two_questions_giving_the_answer_away_by_absolute_words_are_refused():
    giveaway = [question(f"g{k}", ["Làm đúng quy trình", "Luôn bỏ qua", "Mọi lúc"], "A") for k in range(3)]
    [found] = cues.bank_problems(cues.measure(Path("q.yml"), giveaway), 4)
    assert (found.code, found.line) == ("cue_absolute_pattern", 4)
    assert found.message.endswith("g0, g1, g2.")


def test_shares_of_a_small_file_are_not_judged():
    assert codes(bank_of(19, "A", longest=19)) == []


def write_stems(content: Path, course: str, stems: list[str]) -> Path:
    folder = write_course(content, course, lessons=1, questions_per_lesson=len(stems), draw=2)
    bank = ["questions:\n"] + [
        question_yaml(f"{course}-1-q{k}", f"{course}-1", text=stem) for k, stem in enumerate(stems, start=1)
    ]
    (folder / "questions.yml").write_text("".join(bank), encoding="utf-8")
    return folder


def test_near_duplicate_stems_across_two_courses_are_refused_with_both_places(tmp_path):
    content = tmp_path / "content"
    write_stems(content, "mot", ["Mật khẩu mạnh cần có những gì?", "Khi nhận thư lạ, việc đầu tiên nên làm là gì?"])
    write_stems(
        content, "hai", ["Dịch vụ công trực tuyến toàn trình là gì?", "Khi nhận thư lạ, việc đầu tiên cần làm là gì?"]
    )
    [found] = cues.near_duplicates(load_catalog(content))
    # reported at the later question (courses load in name order), each named by the line of its id
    assert (found.path, found.line, found.code) == (
        content / "courses/mot/questions.yml",
        12,
        "question_near_duplicate",
    )
    assert f"'mot-1-q2' gần trùng đề câu hai-1-q2 ({content / 'courses/hai/questions.yml'}:12)" in found.message


def test_distinct_stems_are_not_near_duplicates(tmp_path):
    content = tmp_path / "content"
    write_stems(content, "mot", ["Mật khẩu mạnh cần có những gì?", "Khi nhận thư lạ, việc đầu tiên nên làm là gì?"])
    assert cues.near_duplicates(load_catalog(content)) == []
