"""The real `mkdocs build --strict` checks citations too: a lesson presenting a replaced decree as current is logged
and built; a question resting on it stops the build. Nghị định 13/2023/NĐ-CP lost effect on 1/1/2026, before any day
these tests run on."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.content import mkdocs_build, register_ids, write_course
from tests.support.paths import ROOT


def project(tmp_path: Path) -> tuple[Path, Path]:
    """A project with the repository's mkdocs.yml and register of legal texts, and one small course."""
    root = tmp_path / "project"
    (root / "content" / "site").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(ROOT / "content" / "laws.yml", root / "content" / "laws.yml")
    folder = write_course(root / "content")
    register_ids(root / "content")
    return root, folder


def test_a_lesson_citing_a_replaced_decree_as_current_is_logged_and_the_strict_build_goes_on(tmp_path):
    root, folder = project(tmp_path)
    lesson = folder / "01-bai-1.md"
    text = lesson.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 2  # after a blank line
    lesson.write_text(text + "\nNghị định 13/2023/NĐ-CP quy định việc này.\n")
    done = mkdocs_build(root / "mkdocs.yml", tmp_path / "site", tmp_path / "bank")
    assert done.returncode == 0, done.stderr
    assert f"hocso: {lesson}:{line}: cảnh báo: Vào ngày " in done.stderr
    assert "[law_not_in_force]" in done.stderr
    register = (tmp_path / "site" / "van-ban" / "index.html").read_text(encoding="utf-8")
    current, ended = register.split('<h2 id="dang-co-hieu-luc"', 1)[1].split('<h2 id="da-het-hieu-luc"', 1)
    assert "13/2023/NĐ-CP" in ended and "thay bằng 356/2025/NĐ-CP" in ended
    assert "749/QĐ-TTg" in current and "13/2023/NĐ-CP" not in current


def test_a_question_resting_on_a_replaced_decree_stops_the_build_at_its_line(tmp_path):
    root, folder = project(tmp_path)
    bank = folder / "questions.yml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace('"Câu hỏi mini-1-q1?"', '"Nghị định 13/2023/NĐ-CP cho phép gì?"'),
        encoding="utf-8",
    )
    done = mkdocs_build(root / "mkdocs.yml", tmp_path / "site", tmp_path / "bank")
    assert done.returncode == 1
    assert f"{bank}:4: questions.0.text: Vào ngày " in done.stderr
    assert "[question_law_not_in_force]" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "bank").exists()
