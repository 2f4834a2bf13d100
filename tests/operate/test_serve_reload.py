"""`mkdocs serve` rebuilds when an editor saves a file under content/."""

import os
import shutil
import subprocess
import sys
import time
import urllib.request

from tests.support.content import register_ids, write_course
from tests.support.paths import ROOT
from tests.support.servers import free_port


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, process, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if text in fetch(url):
            return True
        time.sleep(0.3)
    return False


def small_project(tmp_path):
    """A project folder with the repository's mkdocs.yml and one small course; the course folder."""
    project = tmp_path / "project"
    (project / "content" / "site").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    folder = write_course(project / "content")
    register_ids(project / "content")
    return project, folder


def test_serve_picks_up_a_changed_lesson(tmp_path):
    project, folder = small_project(tmp_path)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HOCSO_BANK_DIR": str(tmp_path / "bank")}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/khoa-hoc/mini/bai-1/"
        assert wait_for(url, "Bài 1", process)
        lesson = folder / "01-bai-1.md"
        lesson.write_text(
            lesson.read_text(encoding="utf-8").replace("title: Bài 1", "title: Bài một đã sửa"), encoding="utf-8"
        )
        assert wait_for(url, "Bài một đã sửa", process)
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_content_mistake_during_serve_is_reported_with_file_and_line_and_the_server_keeps_running(tmp_path):
    project, folder = small_project(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HOCSO_BANK_DIR": str(tmp_path / "bank")}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}/khoa-hoc/mini/bai-1/"
            assert wait_for(url, "Bài 1", process)
            bank = folder / "questions.yml"
            good = bank.read_text(encoding="utf-8")
            bank.write_text(good.replace("answer: B", "answer: G", 1), encoding="utf-8")
            deadline = time.monotonic() + 60
            while "answer_not_in_choices" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.3)
            assert f"{bank}:10: questions.0.answer:" in log.read_text()
            # mkdocs holds requests while the content is broken; the server stays up and says why, without a traceback.
            assert process.poll() is None and "Traceback" not in log.read_text()
            lesson = folder / "01-bai-1.md"
            bank.write_text(good, encoding="utf-8")
            lesson.write_text(
                lesson.read_text(encoding="utf-8").replace("title: Bài 1", "title: Bài đã sửa lỗi"), encoding="utf-8"
            )
            assert wait_for(url, "Bài đã sửa lỗi", process)
        finally:
            process.terminate()
            process.wait(timeout=20)
