"""Export then import keeps every question: ids, lesson, text, choices, answers (several too) and explanation, in
GIFT, Moodle XML and the Excel layout; the template shipped in docs/ is the one `hocso question-template` writes."""

import pytest
from defusedxml import ElementTree
from openpyxl import load_workbook

from tests.support.bankfiles import ATTT, CDS, FIXTURES, bank, copy_courses, hocso
from tests.support.paths import CONTENT, ROOT

SUFFIX = {"gift": "gift", "moodle-xml": "xml", "xlsx": "xlsx"}


def round_trip(capsys, content, folder: str, fmt: str, tmp_path):
    """The bank of `folder` exported in `fmt`, imported back into a new file with --replace: (before, after)."""
    exported = tmp_path / f"{folder}.{SUFFIX[fmt]}"
    status, out, err = hocso(
        capsys,
        "export-questions",
        "--course",
        folder,
        "--format",
        fmt,
        "--out",
        str(exported),
        "--content",
        str(content),
    )
    assert status == 0, err
    assert out == f"Đã xuất {len(bank(content / 'courses' / folder / 'questions.yml'))} câu hỏi của khóa " + (
        f"{out.split('của khóa ')[1]}"
    )
    again = tmp_path / f"{folder}-{fmt}.yml"
    status, _, err = hocso(
        capsys,
        "import-questions",
        str(exported),
        "--course",
        folder,
        "--replace",
        "--out",
        str(again),
        "--content",
        str(content),
    )
    assert status == 0, err
    return bank(content / "courses" / folder / "questions.yml"), bank(again)


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "xlsx"])
@pytest.mark.parametrize("folder", [ATTT, CDS])
def test_each_real_bank_survives_export_and_import(tmp_path, capsys, folder, fmt):
    content = copy_courses(tmp_path / "c")
    before, after = round_trip(capsys, content, folder, fmt, tmp_path)
    assert len(before) >= 100
    assert after == before


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "xlsx"])
def test_several_right_answers_escapes_and_made_ids_survive_each_format(tmp_path, capsys, fmt):
    content = copy_courses(tmp_path / "c")
    for sample in ("attt-bo-sung.gift", "attt-bo-sung-moodle.xml"):  # several right answers, '=#:{}' in a choice
        assert (
            hocso(capsys, "import-questions", str(FIXTURES / sample), "--course", "attt", "--content", str(content))[0]
            == 0
        )
    before, after = round_trip(capsys, content, ATTT, fmt, tmp_path)
    assert [q.answer for q in before[100:]] == ["C", ["A", "B"], "A", "A", ["A", "B"]]
    assert after == before


def test_the_moodle_xml_export_is_what_moodle_imports(tmp_path, capsys):
    content = copy_courses(tmp_path / "c")
    assert (
        hocso(
            capsys,
            "import-questions",
            str(FIXTURES / "attt-bo-sung.gift"),
            "--course",
            "attt",
            "--content",
            str(content),
        )[0]
        == 0
    )
    out = tmp_path / "attt.xml"
    assert (
        hocso(
            capsys,
            "export-questions",
            "--course",
            "attt",
            "--format",
            "moodle-xml",
            "--out",
            str(out),
            "--content",
            str(content),
        )[0]
        == 0
    )
    quiz = ElementTree.parse(out).getroot()
    categories = [q.findtext("category/text") for q in quiz.iter("question") if q.get("type") == "category"]
    # one category a run of questions of a lesson, in the bank's order: the added questions come last
    assert categories == [f"$course$/attt/attt-{n:02d}" for n in (*range(1, 11), 2, 6)]
    multiple = next(q for q in quiz.iter("question") if q.findtext("name/text") == "attt-02-b02")
    assert multiple.findtext("single") == "false"
    assert [a.get("fraction") for a in multiple.iter("answer")] == ["50", "50", "-100", "-100"]
    assert multiple.findtext("questiontext/text") == (
        "<p>Những cách nào giúp nhận ra trang đăng nhập giả mạo? (chọn tất cả đáp án đúng)</p>"
    )


def cells(path):
    book = load_workbook(path)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def test_the_template_in_docs_is_the_one_the_command_writes(tmp_path, capsys):
    written = tmp_path / "mau.xlsx"
    status, out, _ = hocso(capsys, "question-template", "--out", str(written))
    assert status == 0
    assert out.startswith(f"Đã ghi tệp mẫu {written}")
    shipped = cells(ROOT / "docs" / "mau-ngan-hang-cau-hoi.xlsx")
    assert shipped == cells(written)
    assert shipped["Câu hỏi"][0] == [
        "Mã câu",
        "Bài học",
        "Câu hỏi",
        *(f"Lựa chọn {letter}" for letter in "ABCDEFGH"),
        "Đáp án",
        "Giải thích",
    ]
    assert "mau-ngan-hang-cau-hoi.xlsx" in (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")


def test_a_real_bank_exported_to_excel_has_one_row_a_question(tmp_path, capsys):
    out = tmp_path / "attt.xlsx"
    assert (
        hocso(
            capsys,
            "export-questions",
            "--course",
            "attt",
            "--format",
            "xlsx",
            "--out",
            str(out),
            "--content",
            str(CONTENT),
        )[0]
        == 0
    )
    rows = cells(out)["Câu hỏi"]
    first = bank(CONTENT / "courses" / ATTT / "questions.yml")[0]
    assert rows[1][:4] == [first.id, first.lesson, first.text, first.choices[0]]
    assert len(rows) == 1 + len(bank(CONTENT / "courses" / ATTT / "questions.yml"))


def test_a_choice_a_spreadsheet_would_run_is_written_as_text_and_read_back_as_written(tmp_path, capsys):
    content = copy_courses(tmp_path / "c")
    path = content / "courses" / ATTT / "questions.yml"
    first = bank(path)[0]
    formula = '=HYPERLINK("http://vi-du.invalid","Bấm vào đây")'
    path.write_text(
        path.read_text(encoding="utf-8").replace(first.choices[1], formula.replace('"', '\\"'), 1), encoding="utf-8"
    )
    exported = tmp_path / "attt.xlsx"
    assert (
        hocso(
            capsys,
            "export-questions",
            "--course",
            "attt",
            "--format",
            "xlsx",
            "--out",
            str(exported),
            "--content",
            str(content),
        )[0]
        == 0
    )
    sheet = load_workbook(exported)["Câu hỏi"]
    cell = sheet.cell(row=2, column=5)
    assert (cell.value, cell.data_type) == ("'" + formula, "s")  # a string with the quote Excel shows as text
    before, after = round_trip(capsys, content, ATTT, "xlsx", tmp_path)
    assert before[0].choices[1] == formula
    assert after == before
