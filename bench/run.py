"""`make bench`: hocso's budgets measured as ratios against a baseline run in the same command.

Each figure is printed; nothing is asserted (timings belong here, not in tests).
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _best(fn, repeat: int = 5, number: int = 1) -> float:
    """Best mean seconds per call over `repeat` rounds of `number` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return min(rounds)


def bench_grading() -> None:
    """A submission graded and stored in process, against a bare SQLite insert of the same size."""
    from functions.attempts import Attempt
    from functions.bank import Bank, BankQuestion, QuizRules
    from functions.grading import draw, grade
    from functions.stores.sqlite import SQLiteAttemptStore

    bank = Bank(
        course_id="bench", title="Bench", rules=QuizRules(questions=20),
        questions=[BankQuestion(id=f"q{n}", lesson=f"l{n % 10}", text=f"Câu hỏi số {n} về chuyển đổi số?",
                                choices=[f"Lựa chọn {k} của câu {n}" for k in range(4)], answer=[n % 4], explanation="")
                   for n in range(100)],
    )
    rng = random.Random(1)
    now = datetime(2026, 11, 23, tzinfo=timezone.utc)
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteAttemptStore(Path(tmp) / "a.sqlite3")
        attempts = []
        for n in range(2000):
            attempt = Attempt(id=f"a{n}", learner_id=f"learner-{n:012d}", course_id="bench", bank_version=bank.version,
                              pass_percent=80, started_at=now, deadline=now + timedelta(minutes=30), questions=draw(bank, rng))
            store.add(attempt, max_attempts=3)
            attempts.append(attempt)
        pending = iter(attempts)

        def submit_one():
            attempt = next(pending)
            answers = {q.id: q.key for q in attempt.questions}
            store.finish(attempt.model_copy(update={"submitted_at": now, "answers": answers,
                                                    "grade": grade(attempt.questions, answers, 80)}))

        graded = _best(submit_one, repeat=5, number=300)
        body = attempts[0].model_dump_json()
        raw = sqlite3.connect(Path(tmp) / "raw.sqlite3", isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=NORMAL")
        raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
        baseline = _best(lambda: raw.execute("INSERT INTO t (body) VALUES (?)", (body,)), repeat=5, number=300)
        store.close()
    print(f"grading: one submission graded and stored in {graded * 1e3:.3f} ms "
          f"(budget 0.5 ms); bare SQLite insert of the same document {baseline * 1e3:.3f} ms; ratio {graded / baseline:.1f}x")


def _import_ms(statement: str) -> float:
    """Median wall time of a fresh interpreter running `statement`, in ms."""
    times = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True, cwd=ROOT)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def bench_cold_start() -> None:
    """Importing the quiz handler, against the bare framework floor and a bare interpreter."""
    floor = _import_ms("import json")
    framework = _import_ms("import fastapi, mangum")
    handler = _import_ms("import functions.quiz.handler")
    print(f"cold start: interpreter {floor:.0f} ms; +fastapi+mangum {framework - floor:.0f} ms; "
          f"quiz handler adds {handler - framework:.0f} ms over the framework floor (budget 100 ms)")


def bench_build() -> None:
    """The plugin's build against plain mkdocs-material building the same generated pages."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env["HOCSO_BANK_DIR"] = str(tmp_path / "bank")

        def with_plugin():
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "a")],
                           check=True, env=env, cwd=ROOT)

        from site_builder.catalog import load_catalog
        from site_builder.pages import build_pages

        pages, _ = build_pages(load_catalog(ROOT / "content"), "/api")
        plain = tmp_path / "plain"
        for page in pages:
            target = plain / "docs" / page.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("docs_dir: content/site", "docs_dir: docs")
        config = config.split("  - hocso:")[0] + "\nmarkdown_extensions:" + config.split("markdown_extensions:")[1]
        (plain / "mkdocs.yml").write_text(config, encoding="utf-8")

        def without_plugin():
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml"), "-d", str(tmp_path / "b")],
                           check=True, env=env, cwd=plain)

        ours = _best(with_plugin, repeat=3)
        base = _best(without_plugin, repeat=3)
    print(f"build: {len(pages)} pages in {ours:.2f} s with the plugin, {base:.2f} s plain mkdocs-material; "
          f"plugin adds {100 * (ours / base - 1):+.0f}% (budget +25%)")


def main() -> None:
    from bench.http import bench_http

    bench_grading()
    bench_cold_start()
    bench_http()
    bench_build()


if __name__ == "__main__":
    main()
