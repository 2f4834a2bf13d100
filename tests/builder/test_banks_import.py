"""`hocso import-questions` on well-formed Vietnamese samples of each format, as a training department runs it."""

import unicodedata

import pytest
from openpyxl import Workbook

from site_builder.banks.draft import letters
from site_builder.catalog import load_course
from tests.support.bankfiles import ATTT, FIXTURES, bank, copy_courses, hocso
from tests.support.paths import CONTENT


def lesson_title(number: int) -> str:
    """The title of the real course's lesson `number`, as a sheet may name the lesson."""
    course, _ = load_course(CONTENT / "courses" / ATTT)
    assert course is not None
    return course.lessons[number - 1].meta.title


def test_gift_questions_are_added_after_the_bank_with_titles_escapes_weights_and_categories(tmp_path, capsys):
    content = copy_courses(tmp_path)
    target = content / "courses" / ATTT / "questions.yml"
    before = target.read_text(encoding="utf-8")
    status, out, err = hocso(
        capsys, "import-questions", str(FIXTURES / "attt-bo-sung.gift"), "--course", "attt", "--content", str(content)
    )
    assert status == 0, err
    assert out == f"Đã ghi 3 câu hỏi (thêm vào) vào {target}. Chạy 'hocso validate' để kiểm tra.\n"
    after = target.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # the bank and its comments untouched
    added = bank(target)[100:]
    assert [(q.id, q.lesson, q.answer) for q in added] == [
        ("attt-02-q11", "attt-02", "C"),  # "Câu mật khẩu 1" is no id: one is made after attt-02-q10
        ("attt-02-b02", "attt-02", ["A", "B"]),  # two positive weights: two right answers
        ("attt-06-b01", "attt-06", "A"),
    ]
    assert added[0].choices[2] == "Một cụm từ dài tự nghĩ ra, ví dụ Trau=Vang#Ganh:Lua{2024}"
    assert added[2].text == (
        'Một người lạ nhắn tin qua Zalo, tự xưng nhân viên ngân hàng, xin mã OTP để "hủy giao dịch nhầm". Nên làm gì?'
    )
    assert (
        added[2].explanation == "Mã OTP dùng để xác nhận giao dịch; nhân viên ngân hàng không xin mã này qua tin nhắn."
    )
    assert '  # attt-bo-sung.gift:6; mã tự đặt, tên trong tệp nguồn: "Câu mật khẩu 1"\n  - id: attt-02-q11\n' in after


def test_moodle_xml_text_loses_its_html_and_feedback_becomes_the_explanation(tmp_path, capsys):
    content = copy_courses(tmp_path)
    status, _, err = hocso(
        capsys,
        "import-questions",
        str(FIXTURES / "attt-bo-sung-moodle.xml"),
        "--course",
        ATTT,
        "--content",
        str(content),
    )
    assert status == 0, err
    first, second = bank(content / "courses" / ATTT / "questions.yml")[100:]
    assert (first.id, first.lesson, first.answer) == ("attt-04-q11", "attt-04", "A")  # category "Bài 4"
    assert first.text == (
        "Máy tính ở bộ phận một cửa bỗng hiện thông báo đòi tiền chuộc & mọi tệp đều bị đổi đuôi. "
        "Việc cần làm ngay là gì?"
    )
    assert first.explanation.startswith("Tách máy khỏi mạng")
    assert (second.id, second.answer) == ("attt-04-b02", ["A", "B"])
    assert second.explanation == "Bản vá bịt lỗ hổng mà mã độc lợi dụng; phần mềm bẻ khóa thường bị cài sẵn mã độc."


def test_aiken_questions_take_the_lesson_given_on_the_command_line_and_arrive_in_nfc(tmp_path, capsys):
    source = (FIXTURES / "attt-bo-sung-aiken.txt").read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", source)  # the sample's first stem is typed decomposed
    content = copy_courses(tmp_path)
    status, _, err = hocso(
        capsys,
        "import-questions",
        str(FIXTURES / "attt-bo-sung-aiken.txt"),
        "--course",
        "attt",
        "--lesson",
        "3",  # the lesson's number in the course
        "--content",
        str(content),
    )
    assert status == 0, err
    first, second = bank(content / "courses" / ATTT / "questions.yml")[100:]
    assert (first.id, first.lesson, first.answer, second.id, second.answer) == (
        "attt-03-q11",
        "attt-03",
        "B",
        "attt-03-q12",
        "A",
    )
    assert first.text == unicodedata.normalize("NFC", first.text)
    assert first.text.startswith("Khi nhận thư điện tử có tệp đính kèm lạ")
    assert second.text.startswith('Thư báo "hộp thư sắp đầy, bấm vào đây để nâng cấp" gửi từ một địa chỉ lạ thường')
    assert second.explanation.startswith("Thư dọa hộp thư đầy")


def test_the_excel_template_imports_as_it_is_downloaded(tmp_path, capsys):
    content = copy_courses(tmp_path)
    template = tmp_path / "mau.xlsx"
    assert hocso(capsys, "question-template", "--out", str(template))[0] == 0
    status, _, err = hocso(capsys, "import-questions", str(template), "--course", "attt", "--content", str(content))
    assert status == 0, err
    first, second = bank(content / "courses" / ATTT / "questions.yml")[100:]
    assert (first.id, first.lesson, first.answer) == ("attt-02-mau-01", "attt-02", "A")
    assert (second.id, second.lesson, second.answer) == ("attt-02-q11", "attt-02", ["A", "C"])


def test_an_excel_sheet_as_a_department_fills_it_title_row_lesson_numbers_and_typed_numbers(tmp_path, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append(["NGÂN HÀNG CÂU HỎI BỔ SUNG - TRUNG TÂM CNTT&TT"])  # a title above the headers
    sheet.append(
        ["mã câu", "BÀI HỌC", "Câu hỏi", "Lựa chọn A", "Lựa chọn B", "Lựa chọn C", "Đáp án đúng", "Lời giải thích"]
    )
    sheet.append(
        [
            None,
            9,
            unicodedata.normalize("NFD", "Mã OTP có hiệu lực trong bao lâu?"),
            30,
            "Cả ngày",
            "Không giới hạn",
            "a",
            "Mã OTP chỉ dùng được một lần, trong thời gian ngắn.",
        ]
    )
    sheet.append(
        [
            None,
            lesson_title(6),
            "Tin nhắn trúng thưởng đòi phí nhận quà là gì?",
            "Lừa đảo",
            "Khuyến mại thật",
            None,
            "A",
            "Quà thật không bắt trả phí trước.",
        ]
    )
    book.save(tmp_path / "bo-sung.xlsx")
    content = copy_courses(tmp_path)
    status, _, err = hocso(
        capsys, "import-questions", str(tmp_path / "bo-sung.xlsx"), "--course", "attt", "--content", str(content)
    )
    assert status == 0, err
    first, second = bank(content / "courses" / ATTT / "questions.yml")[100:]
    assert (first.id, first.lesson, first.choices, first.answer) == (
        "attt-09-q11",
        "attt-09",
        ["30", "Cả ngày", "Không giới hạn"],
        "A",
    )
    assert first.text == "Mã OTP có hiệu lực trong bao lâu?"  # NFC again
    assert (second.id, second.lesson, second.choices) == ("attt-06-q11", "attt-06", ["Lừa đảo", "Khuyến mại thật"])


def test_a_lesson_map_names_the_lesson_of_a_foreign_category_and_a_new_course_gets_its_first_bank(tmp_path, capsys):
    content = copy_courses(tmp_path)
    course = content / "courses" / ATTT
    (course / "questions.yml").unlink()
    (course / "practice.yml").unlink()
    (course / "course.yml").write_text(
        (course / "course.yml").read_text(encoding="utf-8").split("# Luyện tập cho khách")[0], encoding="utf-8"
    )
    source = FIXTURES / "attt-bo-sung-moodle.xml"
    status, _, err = hocso(
        capsys,
        "import-questions",
        str(source),
        "--course",
        str(course),
        "--content",
        str(content),
        "--lesson-map",
        "Bài 4=attt-05",
    )
    assert status == 0, err
    written = (course / "questions.yml").read_text(encoding="utf-8")
    assert written.startswith('# Ngân hàng câu hỏi của khóa "An toàn thông tin cơ bản cho cán bộ, công chức".\n')
    assert [(q.id, q.lesson) for q in bank(course / "questions.yml")] == [
        ("attt-05-q01", "attt-05"),
        ("attt-04-b02", "attt-05"),
    ]


def test_a_txt_file_with_answers_in_braces_is_read_as_gift(tmp_path, capsys):
    content = copy_courses(tmp_path)
    text = tmp_path / "cau-hoi.txt"
    text.write_text((FIXTURES / "attt-bo-sung.gift").read_text(encoding="utf-8"), encoding="utf-8")
    status, out, err = hocso(capsys, "import-questions", str(text), "--course", "attt", "--content", str(content))
    assert status == 0, err
    assert out.startswith("Đã ghi 3 câu hỏi")


@pytest.mark.parametrize("written", ["A, C", "a;c", "AC", "A và C", "a + c", " A / C "])
def test_an_answer_cell_with_several_letters_is_read_however_they_are_separated(written):
    assert letters(written) == ["A", "C"]


@pytest.mark.parametrize("written", ["1", "A hoặc C", "Đáp án A", ""])
def test_an_answer_cell_that_is_not_letters_is_kept_for_the_checks_to_name(written):
    assert letters(written) is None


def test_gift_without_general_feedback_takes_the_right_answer_s_feedback_as_explanation(tmp_path, capsys):
    source = tmp_path / "phan-hoi.gift"
    source.write_text(
        "::attt-05-c01::Nên cài ứng dụng cho điện thoại từ đâu? {\n"
        "=Kho ứng dụng chính thức của điện thoại#Ứng dụng ở đó được kiểm tra trước khi đăng.\n"
        "~Đường liên kết gửi qua tin nhắn#Tệp cài đặt gửi qua tin nhắn hay chứa mã độc.\n"
        "}\n",
        encoding="utf-8",
    )
    content = copy_courses(tmp_path)
    status, _, err = hocso(
        capsys, "import-questions", str(source), "--course", "attt", "--lesson", "attt-05", "--content", str(content)
    )
    assert status == 0, err
    added = bank(content / "courses" / ATTT / "questions.yml")[-1]
    assert (added.id, added.choices) == (
        "attt-05-c01",
        ["Kho ứng dụng chính thức của điện thoại", "Đường liên kết gửi qua tin nhắn"],
    )
    assert added.explanation == "Ứng dụng ở đó được kiểm tra trước khi đăng."


def test_a_text_file_saved_by_windows_notepad_with_a_byte_order_mark_and_crlf_reads_the_same(tmp_path, capsys):
    sample = (FIXTURES / "attt-bo-sung-aiken.txt").read_text(encoding="utf-8")
    source = tmp_path / "notepad.txt"
    source.write_bytes(b"\xef\xbb\xbf" + sample.replace("\n", "\r\n").encode("utf-8"))
    content = copy_courses(tmp_path)
    status, _, err = hocso(
        capsys, "import-questions", str(source), "--course", "attt", "--lesson", "attt-03", "--content", str(content)
    )
    assert status == 0, err
    first, second = bank(content / "courses" / ATTT / "questions.yml")[100:]
    assert first.text.startswith("Khi nhận thư điện tử")
    assert second.explanation.endswith("thường gặp.")
