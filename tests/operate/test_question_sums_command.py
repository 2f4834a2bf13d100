"""`hocso add-question-sums`, run as a user runs it (a subprocess): a submission's sums the store refused, read back
from the function's log, are added to the question statistics once, however often the command is run."""

import logging
import os
import subprocess
import sys
from datetime import UTC, datetime

from functions.accounts.tokens import Claims
from functions.grading import Grade
from functions.questions.sums import Cell, Sums, observe
from functions.stores.sqlite.questions import SQLiteQuestionSums

LEARNER = Claims("u.an", "learner", "40/16813/", 0)
GRADE = Grade(correct=2, total=3, percent=66.7, passed=False, right={"q1": True, "q2": False, "q3": True})


def hocso(tmp_path, *args):
    env = {**os.environ, "HOCSO_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-m", "hocso.cli", *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )


def test_sums_only_logged_are_added_once_from_the_log(tmp_path, caplog):
    closed = SQLiteQuestionSums(tmp_path / "gone.sqlite3")
    closed.close()  # a store that refuses every write, as a throttled table past its retries
    with caplog.at_level(logging.ERROR, logger="hocso.questions"):
        observe(closed, LEARNER, "cds", GRADE, datetime(2026, 11, 23, 8, tzinfo=UTC), "attempt-1")
    (tmp_path / "quiz.log").write_text(f"START RequestId: x\n{caplog.text}END RequestId: x\n", encoding="utf-8")

    done = hocso(tmp_path, "add-question-sums", "--log", "quiz.log")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Đã cộng số liệu câu hỏi của 1 bài nộp; 0 bài đã được cộng từ trước."
    again = hocso(tmp_path, "add-question-sums", "--log", "quiz.log")
    assert again.stdout.strip() == "Đã cộng số liệu câu hỏi của 0 bài nộp; 1 bài đã được cộng từ trước."
    store = SQLiteQuestionSums(tmp_path / "data" / "hocso.sqlite3")
    assert store.cells("40/", "cds") == [
        Cell(
            "40/16813/",
            "16813",
            "cds",
            "2026-11",
            {"q1": Sums(1, 1, 1, 1, 1), "q2": Sums(1, 0, 2, 4, 0), "q3": Sums(1, 1, 1, 1, 1)},
        )
    ]
    store.close()
