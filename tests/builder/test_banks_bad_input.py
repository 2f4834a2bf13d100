"""Bad bank files: every problem named by file and row (Excel) or line, with its stable code, and nothing written."""

from openpyxl import Workbook

from tests.support.bankfiles import ATTT, FIXTURES, copy_courses, hocso, located, snapshot, untouched


def refused(capsys, tmp_path, source, *extra):
    """The problems printed for importing `source` into the copied attt course, once it is sure nothing changed."""
    content = copy_courses(tmp_path)
    folder = content / "courses" / ATTT
    before = snapshot(folder)
    status, out, err = hocso(
        capsys, "import-questions", str(source), "--course", "attt", "--content", str(content), *extra
    )
    assert status == 1
    assert out == ""
    assert err.endswith(f"Tệp nhập có {len(located(err))} lỗi cần sửa. Chưa ghi tệp nào.\n")
    assert untouched(folder, before)
    return located(err)


def test_a_bad_gift_file_is_refused_with_the_line_and_code_of_each_problem(tmp_path, capsys):
    assert refused(capsys, tmp_path, FIXTURES / "loi.gift") == [
        ("loi.gift:4", "answer_missing"),
        ("loi.gift:10", "id_duplicate"),  # the same title as line 4
        ("loi.gift:16", "id_duplicate"),  # attt-01-q01 is in the bank already
        ("loi.gift:22", "choices_too_few"),
        ("loi.gift:27", "question_type_unsupported"),  # true/false
        ("loi.gift:29", "bank_syntax"),  # '{' never closed
        ("loi.gift:33", "text_empty"),
        ("loi.gift:41", "lesson_unknown"),  # category …/bai-khong-co
    ]


def test_a_bad_aiken_file_is_refused_with_the_line_and_code_of_each_problem(tmp_path, capsys):
    assert refused(capsys, tmp_path, FIXTURES / "loi-aiken.txt", "--lesson", "attt-01") == [
        ("loi-aiken.txt:1", "answer_missing"),  # no ANSWER: line
        ("loi-aiken.txt:1", "explanation_missing"),
        ("loi-aiken.txt:10", "answer_not_in_choices"),  # E of four choices
        ("loi-aiken.txt:13", "choices_too_few"),
        ("loi-aiken.txt:18", "explanation_missing"),
    ]


def test_questions_without_a_lesson_need_one_on_the_command_line(tmp_path, capsys):
    problems = refused(capsys, tmp_path, FIXTURES / "attt-bo-sung-aiken.txt")
    assert problems == [("attt-bo-sung-aiken.txt:1", "lesson_missing"), ("attt-bo-sung-aiken.txt:9", "lesson_missing")]


def test_a_lesson_the_course_lacks_is_refused_before_the_file_is_read(tmp_path, capsys):
    assert refused(capsys, tmp_path, FIXTURES / "attt-bo-sung-aiken.txt", "--lesson", "attt-99") == [
        ("--lesson", "lesson_unknown")
    ]
    assert refused(capsys, tmp_path / "2", FIXTURES / "attt-bo-sung.gift", "--lesson-map", "Bài 2=attt-99") == [
        ("--lesson-map", "lesson_unknown")
    ]


def test_a_bad_moodle_xml_file_is_refused_with_the_line_and_code_of_each_problem(tmp_path, capsys):
    assert refused(capsys, tmp_path, FIXTURES / "loi-moodle.xml") == [
        ("loi-moodle.xml:4", "answer_missing"),  # every fraction 0
        ("loi-moodle.xml:11", "id_duplicate"),
        ("loi-moodle.xml:11", "text_empty"),  # <p>   </p>
        ("loi-moodle.xml:18", "question_type_unsupported"),  # shortanswer
        ("loi-moodle.xml:24", "lesson_unknown"),
    ]


def test_xml_with_an_entity_bomb_or_an_external_entity_is_refused_unexpanded(tmp_path, capsys):
    assert refused(capsys, tmp_path, FIXTURES / "bom-moodle.xml") == [("bom-moodle.xml", "xml_unsafe")]
    assert refused(capsys, tmp_path / "2", FIXTURES / "ngoai-moodle.xml") == [("ngoai-moodle.xml", "xml_unsafe")]


def test_broken_xml_is_refused_at_its_line(tmp_path, capsys):
    source = tmp_path / "hong.xml"
    source.write_text('<?xml version="1.0"?>\n<quiz>\n  <question type="multichoice">\n</quiz>\n', encoding="utf-8")
    assert refused(capsys, tmp_path / "c", source) == [("hong.xml:4", "bank_syntax")]


HEADERS = [
    "Mã câu",
    "Bài học",
    "Câu hỏi",
    "Lựa chọn A",
    "Lựa chọn B",
    "Lựa chọn C",
    "Lựa chọn D",
    "Đáp án",
    "Giải thích",
]


def test_bad_excel_rows_are_refused_with_the_row_column_and_code_of_each_problem(tmp_path, capsys):
    rows = [
        ["attt-01-y01", "attt-01", "Câu không có đáp án đúng?", "Một", "Hai", "Ba", "Bốn", None, "Giải thích."],
        ["attt-01-y01", "attt-01", "Câu trùng mã với hàng 2?", "Một", "Hai", None, None, "A", "Giải thích."],
        ["attt-01-q05", "attt-01", "Câu trùng mã với ngân hàng?", "Một", "Hai", None, None, "A", "Giải thích."],
        ["cds-01-q01", "attt-01", "Câu trùng mã với khóa khác?", "Một", "Hai", None, None, "A", "Giải thích."],
        [None, "bai-99", "Câu gắn với bài học không có?", "Một", "Hai", None, None, "B", "Giải thích."],
        [None, "attt-01", "Câu chỉ có một lựa chọn?", "Một", None, None, None, "A", "Giải thích."],
        [None, "attt-01", "Câu có đáp án ngoài các lựa chọn?", "Một", "Hai", "Ba", None, "D", "Giải thích."],
        [None, "attt-01", None, "Một", "Hai", None, None, "A", "Giải thích."],
        [None, "attt-01", "Câu bỏ trống lựa chọn B?", "Một", None, "Ba", None, "A", "Giải thích."],
        [None, "attt-01", "Câu ghi đáp án bằng số?", "Một", "Hai", None, None, 1, "Giải thích."],
    ]
    book = Workbook()
    book.active.append(HEADERS)
    for row in [rows[0], [None] * len(HEADERS), *rows[1:]]:  # an empty row is skipped, and still counted
        book.active.append(row)
    book.save(tmp_path / "loi.xlsx")
    content = copy_courses(tmp_path / "c")
    status, _, err = hocso(
        capsys, "import-questions", str(tmp_path / "loi.xlsx"), "--course", "attt", "--content", str(content)
    )
    assert status == 1
    assert "loi.xlsx:4: Mã câu: Mã 'attt-01-y01' đã được dùng ở loi.xlsx:2. [id_duplicate]" in err
    assert "loi.xlsx:9: Lựa chọn B: Câu hỏi chỉ có 1 lựa chọn" not in err  # too few is about the question
    assert located(err) == [
        ("loi.xlsx:2", "answer_missing"),
        ("loi.xlsx:4", "id_duplicate"),
        ("loi.xlsx:5", "id_duplicate"),
        ("loi.xlsx:6", "id_duplicate"),  # question ids are unique across courses
        ("loi.xlsx:7", "lesson_unknown"),
        ("loi.xlsx:8", "choices_too_few"),
        ("loi.xlsx:9", "answer_not_in_choices"),
        ("loi.xlsx:10", "text_empty"),
        ("loi.xlsx:11", "text_empty"),  # Lựa chọn B
        ("loi.xlsx:12", "answer_not_in_choices"),
    ]
    assert not (content / "courses" / ATTT / "questions.yml").read_text(encoding="utf-8").count("attt-01-y01")


def test_a_sheet_without_the_answer_column_is_refused_at_its_header_row(tmp_path, capsys):
    book = Workbook()
    book.active.append(["Câu hỏi", "Lựa chọn A", "Lựa chọn B"])
    book.active.append(["Câu hỏi?", "Một", "Hai"])
    book.save(tmp_path / "thieu-cot.xlsx")
    assert refused(capsys, tmp_path / "c", tmp_path / "thieu-cot.xlsx") == [("thieu-cot.xlsx:1", "bank_header_missing")]


def test_files_that_are_not_banks_are_refused(tmp_path, capsys):
    (tmp_path / "cau-hoi.docx").write_bytes(b"PK")
    (tmp_path / "gia.xlsx").write_text("không phải Excel", encoding="utf-8")
    (tmp_path / "cp1258.txt").write_bytes(b"C\xe2u h\xf4i?\nA. M\xf4t\nB. Hai\nANSWER: A\n")  # a legacy code page
    assert refused(capsys, tmp_path / "a", tmp_path / "cau-hoi.docx") == [("cau-hoi.docx", "bank_format_unknown")]
    assert refused(capsys, tmp_path / "b", tmp_path / "gia.xlsx") == [("gia.xlsx", "file_unreadable")]
    assert refused(capsys, tmp_path / "c", tmp_path / "cp1258.txt") == [("cp1258.txt:1", "file_unreadable")]


def test_replacing_a_bank_may_not_drop_a_question_id(tmp_path, capsys):
    content = copy_courses(tmp_path / "c")
    exported = tmp_path / "attt.gift"
    assert (
        hocso(
            capsys,
            "export-questions",
            "--course",
            "attt",
            "--format",
            "gift",
            "--out",
            str(exported),
            "--content",
            str(content),
        )[0]
        == 0
    )
    text = exported.read_text(encoding="utf-8")
    kept = text.split("::attt-10-q10::")[0]  # the last question left out
    exported.write_text(kept, encoding="utf-8")
    lines = (content / "courses" / ATTT / "questions.yml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  - id: attt-10-q10") + 1
    assert refused(capsys, tmp_path / "d", exported, "--replace") == [(f"questions.yml:{line}", "question_dropped")]
