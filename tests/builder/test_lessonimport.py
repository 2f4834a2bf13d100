"""`hocso import-lessons`: a folder of Word or Markdown lectures becomes lessons of a course, all or nothing."""

import yaml

from site_builder.catalog import load_course
from site_builder.lessonimport import slug
from tests.support.bankfiles import ATTT, copy_courses, hocso, snapshot, untouched
from tests.support.wordfiles import PICTURE, paragraph, run, table, write_docx


def lectures(folder):
    folder.mkdir()
    write_docx(
        folder / "bai-11.docx",
        paragraph("Sao lưu dữ liệu ở cơ quan", style="Title"),
        paragraph("Mất dữ liệu vì mã độc tống tiền hay hỏng ổ cứng là chuyện ", run("có thể tránh", bold=True), "."),
        paragraph("Quy tắc 3-2-1", style="u1"),
        paragraph("Giữ ba bản sao của dữ liệu quan trọng.", listed=True),
        paragraph("Lưu trên hai loại thiết bị khác nhau.", style="oancuaDanhsach"),
        paragraph("Để một bản ở nơi khác, không nối mạng thường xuyên.", listed=True),
        PICTURE,
        table([["Dữ liệu", "Sao lưu"], ["Hồ sơ một cửa", "Hằng ngày"]]),
    )
    (folder / "bai-12.md").write_text(
        "# Báo cáo sự cố đúng lúc\n\nBáo sớm giúp cán bộ kỹ thuật khoanh vùng sự cố trước khi nó lan rộng.\n\n"
        "## Báo cho ai\n\n- Người phụ trách công nghệ thông tin của cơ quan.\n",
        encoding="utf-8",
    )
    (folder / "~$bai-11.docx").write_bytes(b"Word's lock file")  # left by Word while the file is open
    return folder


def test_a_folder_of_word_and_markdown_lectures_becomes_lessons_listed_in_the_course(tmp_path, capsys):
    content = copy_courses(tmp_path)
    status, out, err = hocso(
        capsys, "import-lessons", str(lectures(tmp_path / "bai-giang")), "--course", "attt", "--content", str(content)
    )
    assert status == 0, err
    folder = content / "courses" / ATTT
    assert (
        out.splitlines()[0]
        == f"bai-11.docx → {folder / '11-sao-luu-du-lieu-o-co-quan.md'} (mã attt-11, 1 phút; 1 hình chưa được chép)"
    )
    listed = yaml.safe_load((folder / "course.yml").read_text(encoding="utf-8"))["lessons"]
    assert listed[-2:] == ["11-sao-luu-du-lieu-o-co-quan.md", "12-bao-cao-su-co-dung-luc.md"]
    course, problems = load_course(folder)
    assert problems == [] and course is not None
    word, markdown = course.lessons[-2:]
    assert (word.id, word.meta.title, markdown.id, markdown.meta.title) == (
        "attt-11",
        "Sao lưu dữ liệu ở cơ quan",
        "attt-12",
        "Báo cáo sự cố đúng lúc",
    )
    assert word.meta.summary == "Mất dữ liệu vì mã độc tống tiền hay hỏng ổ cứng là chuyện có thể tránh."
    assert word.body.strip().split("\n\n") == [
        "Mất dữ liệu vì mã độc tống tiền hay hỏng ổ cứng là chuyện **có thể tránh**.",
        "## Quy tắc 3-2-1",
        "- Giữ ba bản sao của dữ liệu quan trọng.\n- Lưu trên hai loại thiết bị khác nhau.\n"
        "- Để một bản ở nơi khác, không nối mạng thường xuyên.",
        "| Dữ liệu | Sao lưu |\n|---|---|\n| Hồ sơ một cửa | Hằng ngày |",
    ]
    assert markdown.body.lstrip().startswith("Báo sớm giúp")  # the heading 1 became the title, not a heading
    assert "hình chưa được chép" in word.path.read_text(encoding="utf-8").split("---")[1]


def test_nothing_is_written_when_one_file_cannot_become_a_lesson(tmp_path, capsys):
    content = copy_courses(tmp_path)
    source = lectures(tmp_path / "bai-giang")
    (source / "bai-13.docx").write_text("không phải tệp Word", encoding="utf-8")
    (source / "bai-14.md").write_text("# Chỉ có tiêu đề\n", encoding="utf-8")
    folder = content / "courses" / ATTT
    before = snapshot(folder)
    status, out, err = hocso(capsys, "import-lessons", str(source), "--course", "attt", "--content", str(content))
    assert status == 1 and out == ""
    assert [line.rsplit("[", 1)[1] for line in err.splitlines()[:-1]] == ["file_unreadable]", "lesson_empty]"]
    assert err.splitlines()[-1] == "Có 2 lỗi cần sửa. Chưa ghi tệp nào."
    assert untouched(folder, before)


def test_an_empty_folder_is_refused(tmp_path, capsys):
    content = copy_courses(tmp_path)
    (tmp_path / "trong").mkdir()
    status, _, err = hocso(
        capsys, "import-lessons", str(tmp_path / "trong"), "--course", "attt", "--content", str(content)
    )
    assert status == 1 and "[folder_empty]" in err


def test_file_names_drop_vietnamese_diacritics():
    assert slug("Đề án 06: định danh và xác thực điện tử") == "de-an-06-dinh-danh-va-xac-thuc-dien-tu"
    assert slug("???") == "bai-hoc"
