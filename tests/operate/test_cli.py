"""The `hocso` command as an editor runs it."""

import os
import subprocess
import sys

from tests.support.content import write_course
from tests.support.paths import ROOT


def hocso(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "hocso.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def test_validate_accepts_the_repository_content():
    done = hocso("validate")
    assert done.returncode == 0, done.stderr
    *figures, summary = done.stdout.splitlines()
    assert summary.startswith("Nội dung hợp lệ")
    assert len(figures) == len(list(ROOT.glob("content/courses/*/questions.yml"))) + len(
        list(ROOT.glob("content/courses/*/practice.yml"))
    )


def test_validate_lists_every_problem_with_file_and_line_and_exits_1(tmp_path):
    folder = write_course(tmp_path / "content")
    (folder / "02-bai-2.md").unlink()
    (folder / "course.yml").write_text(
        (folder / "course.yml").read_text().replace("group: chuyen-doi-so", "group: sai")
    )
    done = hocso("validate", "--content", str(tmp_path / "content"))
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"{folder}/course.yml:2: group: Giá trị không hợp lệ") and lines[0].endswith(
        "[field_invalid]"
    )
    assert lines[-1] == "Nội dung có 1 lỗi cần sửa."
    assert "Traceback" not in done.stderr


def test_export_bank_writes_one_file_per_course(tmp_path):
    write_course(tmp_path / "content")
    done = hocso("export-bank", "--content", str(tmp_path / "content"), "--out", str(tmp_path / "bank"))
    assert done.returncode == 0
    assert (tmp_path / "bank" / "mini.json").is_file()


def test_serve_without_a_built_site_explains_what_to_do(tmp_path):
    done = hocso("serve", "--site", str(tmp_path / "none"))
    assert done.returncode == 1
    assert "mkdocs build" in done.stderr


def test_serve_runs_on_asyncios_loop(tmp_path):
    """`hocso serve` asks uvicorn for asyncio's own event loop, which takes in every waiting connection a turn: on
    uvloop the last of 32 connections opened at once waited up to half a second (`functions.api.server.LOOP`)."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<!doctype html><title>hocso</title>", encoding="utf-8")
    probe = (
        "import sys, uvicorn\n"
        "uvicorn.run = lambda app, **options: print(sorted(options.items()))\n"
        "from hocso.cli import main\n"
        f"sys.exit(main(['serve', '--site', {str(tmp_path / 'site')!r}, '--port', '8123']))\n"
    )
    env = {**os.environ, "HOCSO_DATA_DIR": str(tmp_path / "data"), "HOCSO_BANK_DIR": str(tmp_path / "bank")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    options = done.stdout.splitlines()[-1]
    expected = {"host": "127.0.0.1", "port": 8123, "log_level": "warning", "loop": "asyncio"}
    assert options == str(sorted(expected.items()))
