"""`hocso validate` on a copy of the real content, edited as an editor who missed a change in the law would: the
register and the cue thresholds refuse what they must, at the file and line to fix. Dated with `--on`, so the
outcome does not depend on the day the test runs."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.paths import ROOT

ON = "2026-12-06"
COURSE = "courses/an-toan-thong-tin-co-ban"
OTHER = "courses/tong-quan-chuyen-doi-so"


@pytest.fixture
def content(tmp_path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy, ignore=shutil.ignore_patterns("site"))
    return copy


def validate(content: Path) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "hocso.cli", "validate", "--content", str(content), "--on", ON]
    return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=120)


def append(path: Path, text: str) -> int:
    """Append `text` to `path` after a blank line; the line its first line is written on."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before.rstrip("\n") + "\n\n" + text, encoding="utf-8")
    return len(before.rstrip("\n").splitlines()) + 2


def add_question(bank: Path, qid: str, stem: str) -> tuple[int, int]:
    """Append a question citing nothing but its stem to `bank`; (its index, the line of its stem)."""
    index = len(yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"])
    lesson = yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"][0]["lesson"]
    line = append(
        bank,
        f'  - id: {qid}\n    lesson: {lesson}\n    text: "{stem}"\n    choices:\n'
        '      - "Người có dữ liệu"\n      - "Người thu thập dữ liệu"\n      - "Cơ quan quản lý"\n'
        '      - "Doanh nghiệp viễn thông"\n    answer: A\n    explanation: "Người có dữ liệu quyết định."\n',
    )
    return index, line + 2


def lines_of(done: subprocess.CompletedProcess) -> list[str]:
    return done.stderr.splitlines()


def test_a_decree_cited_as_current_refuses_the_question_and_warns_on_the_lesson(content):
    lesson = sorted((content / COURSE).glob("0*.md"))[0]
    paragraph = append(lesson, "Nghị định 13/2023/NĐ-CP quy định cách xử lý dữ liệu cá nhân của người học.\n")
    bank = content / COURSE / "questions.yml"
    index, stem = add_question(
        bank, "thu-nd13", "Theo Nghị định 13/2023/NĐ-CP, ai được quyết định về dữ liệu của mình?"
    )
    done = validate(content)
    assert done.returncode == 1
    refused = f"{bank}:{stem}: questions.{index}.text: Vào ngày 06/12/2026, văn bản '13/2023/NĐ-CP' hết hiệu lực"
    assert any(line.startswith(refused) and line.endswith("[question_law_not_in_force]") for line in lines_of(done))
    warned = f"{lesson}:{paragraph}: cảnh báo: Vào ngày 06/12/2026, văn bản '13/2023/NĐ-CP' hết hiệu lực"
    assert any(line.startswith(warned) and line.endswith("[law_not_in_force]") for line in lines_of(done))
    assert re.fullmatch(r"Nội dung có \d+ lỗi cần sửa\. Ngoài ra có \d+ cảnh báo\.", lines_of(done)[-1])
    assert "Traceback" not in done.stderr


def test_a_register_entry_without_its_dates_is_refused_at_its_line(content):
    register = content / "laws.yml"
    text = register.read_text(encoding="utf-8")
    entry = text.splitlines().index("749/QĐ-TTg:") + 1
    register.write_text(text.replace("  in_force: 2020-06-03\n", "", 1), encoding="utf-8")
    done = validate(content)
    assert done.returncode == 1
    assert f"{register}:{entry}: 749/QĐ-TTg.in_force: Thiếu trường bắt buộc. [field_missing]" in lines_of(done)


def test_a_citation_missing_from_the_register_is_refused_at_its_line(content):
    guide = sorted((content / "guides").glob("*.md"))[0]
    at = append(guide, "Xem thêm Quyết định 999/QĐ-TTg về việc này.\n")
    done = validate(content)
    assert done.returncode == 1
    refused = f"{guide}:{at}: Văn bản '999/QĐ-TTg' chưa có trong sổ văn bản"
    assert any(line.startswith(refused) and line.endswith("[law_unknown]") for line in lines_of(done))


def test_a_stem_near_a_stem_of_another_course_is_refused_with_both_places(content):
    first = content / OTHER / "questions.yml"
    original = yaml.safe_load(first.read_text(encoding="utf-8"))["questions"][0]
    bank = content / COURSE / "questions.yml"
    add_question(bank, "thu-trung", original["text"].rstrip("?") + " nhất?")
    done = validate(content)
    assert done.returncode == 1
    # courses load in name order: the later question (the other course's) is refused, naming the added one
    refused = f"{first}:"
    named = f"Đề câu '{original['id']}' gần trùng đề câu thu-trung ({bank}:"
    assert any(
        line.startswith(refused) and named in line and line.endswith("[question_near_duplicate]")
        for line in lines_of(done)
    )


def test_validate_prints_the_cue_figures_of_every_question_file(content):
    done = validate(content)
    files = sorted(str(path) for path in content.glob("courses/*/*.yml") if path.name != "course.yml")
    printed = sorted(line.split(": ", 1)[0] for line in done.stdout.splitlines() if "đáp án đúng dài nhất" in line)
    assert printed == files


STEMS = [
    "Mật khẩu mạnh cần có những gì?",
    "Khi nhận thư lạ, việc đầu tiên nên làm là gì?",
    "Dịch vụ công trực tuyến toàn trình là gì?",
    "Ai được xem dữ liệu dân cư của một người?",
    "Vì sao nên bật xác thực hai lớp cho tài khoản?",
    "Sao lưu dữ liệu của cơ quan nên làm bao lâu một lần?",
]


def test_a_warning_alone_lets_validate_succeed_and_is_printed_with_its_line(tmp_path):
    from tests.support.content import question_yaml, register_ids, write_course

    content = tmp_path / "content"
    folder = write_course(content, "mini", lessons=2, questions_per_lesson=3)
    bank = ["questions:\n"] + [
        question_yaml(f"mini-{1 + k // 3}-q{k}", f"mini-{1 + k // 3}", answer="ABCD"[k % 4], text=stem)
        for k, stem in enumerate(STEMS)
    ]
    (folder / "questions.yml").write_text("".join(bank), encoding="utf-8")
    shutil.copy(ROOT / "content" / "laws.yml", content / "laws.yml")
    register_ids(content)
    line = append(folder / "01-bai-1.md", "Luật An ninh mạng 2018 quy định việc này.\n")
    done = validate(content)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"{folder / '01-bai-1.md'}:{line}: cảnh báo: Vào ngày 06/12/2026, văn bản 'Luật An ninh mạng 2018' hết hiệu "
        "lực từ 01/07/2026, thay bằng 116/2025/QH15: đoạn này phải nói rõ văn bản đã 'hết hiệu lực' hoặc 'được thay "
        "thế', hoặc dẫn văn bản đang có hiệu lực. [law_not_in_force]"
    ]
    *figures, summary = done.stdout.splitlines()
    assert figures[0].startswith(f"{folder / 'questions.yml'}: 6 câu; đáp án đúng dài nhất 0% (tối đa 35%)")
    assert summary.startswith("Nội dung hợp lệ (1 cảnh báo): 1 khóa học, 2 bài học, 6 câu hỏi kiểm tra")
