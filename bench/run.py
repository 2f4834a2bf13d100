"""`make bench`: hocso's budgets measured as ratios against a baseline run in the same command.

Each figure is printed; nothing is asserted (timings belong here, not in tests).
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
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
    """A submission graded and stored in process, against a bare SQLite insert of the same size; and the same with
    its question sums added (`functions.questions.sums.observe`, the one extra write a submission makes)."""
    from functions.accounts.tokens import Claims
    from functions.attempts import Attempt
    from functions.bank import Bank, BankQuestion, QuizRules
    from functions.grading import draw, grade
    from functions.questions.sums import observe
    from functions.stores.sqlite.attempts import SQLiteStore
    from functions.stores.sqlite.questions import SQLiteQuestionSums

    bank = Bank(
        course_id="bench",
        title="Bench",
        rules=QuizRules(questions=20),
        questions=[
            BankQuestion(
                id=f"q{n}",
                lesson=f"l{n % 10}",
                text=f"Câu hỏi số {n} về chuyển đổi số?",
                choices=[f"Lựa chọn {k} của câu {n}" for k in range(4)],
                answer=[n % 4],
                explanation="",
            )
            for n in range(100)
        ],
    )
    rng = random.Random(1)
    now = datetime(2026, 11, 23, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "a.sqlite3")
        attempts = []
        for n in range(3500):
            attempt = Attempt(
                id=f"a{n}",
                learner_id=f"learner-{n:012d}",
                course_id="bench",
                bank_version=bank.version,
                pass_percent=80,
                started_at=now,
                deadline=now + timedelta(minutes=30),
                questions=draw(bank, rng),
            )
            store.start(attempt, max_attempts=3)
            attempts.append(attempt)
        pending = iter(attempts)

        def submit_one():
            attempt = next(pending)
            answers = {q.id: q.key for q in attempt.questions}
            return store.finish(
                attempt.model_copy(
                    update={"submitted_at": now, "answers": answers, "grade": grade(attempt.questions, answers, 80)}
                )
            )

        graded = _best(submit_one, repeat=5, number=300)
        sums = SQLiteQuestionSums(Path(tmp) / "a.sqlite3")
        learner = Claims("learner-bench", "learner", "40/16813/", 0)

        def submit_and_count():
            finished = submit_one()
            observe(sums, learner, "bench", finished.grade, now)

        counted = _best(submit_and_count, repeat=5, number=300)
        sums.close()
        body = attempts[0].model_dump_json()
        raw = sqlite3.connect(Path(tmp) / "raw.sqlite3", isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=NORMAL")
        raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
        baseline = _best(lambda: raw.execute("INSERT INTO t (body) VALUES (?)", (body,)), repeat=5, number=300)
        store.close()
    print(
        f"grading: one submission graded and stored in {graded * 1e3:.3f} ms (budget 0.5 ms); bare SQLite insert of "
        f"the same document {baseline * 1e3:.3f} ms; ratio {graded / baseline:.1f}x; with its 20 questions' sums "
        f"added (one upsert) {counted * 1e3:.3f} ms, {counted / graded:.2f}x the submission alone"
    )


def bench_cold_start() -> None:
    """Importing the quiz handler, against the bare framework floor and a bare interpreter, runs interleaved."""
    one_route = "import fastapi, mangum; app = fastapi.FastAPI(); app.get('/x')(lambda: 1)"
    statements = {
        "json": "import json",
        "framework": "import fastapi, mangum",
        "app": one_route,
        "handler": "import functions.api.quiz.handler",
    }
    times: dict[str, list[float]] = {name: [] for name in statements}
    for _ in range(9):
        for name, statement in statements.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", statement], check=True, cwd=ROOT)
            times[name].append((time.perf_counter() - start) * 1e3)
    floor, framework, app, handler = (statistics.median(times[name]) for name in statements)
    print(
        f"cold start: interpreter {floor:.0f} ms; fastapi+mangum add {framework - floor:.0f} ms; the quiz handler adds "
        f"{handler - framework:.0f} ms over that floor (budget 100 ms), {handler - app:.0f} ms over a one-route "
        "FastAPI app (FastAPI's first route imports pydantic.v1) (medians of 9, interleaved)"
    )


PIECES = (
    "grading",
    "certificates",
    "reports",
    "import",
    "province_job",
    "cold_start",
    "http",
    "stalls",
    "wave",
    "build",
    "build_scale",
    "page_weight",
    "slow_data",
)


def _piece(name: str):
    """The bench function called `name`; imported only when run, so one piece alone loads only what it needs."""
    from importlib import import_module

    homes = {
        "grading": "bench.run",
        "cold_start": "bench.run",
        "certificates": "bench.certificates",
        "reports": "bench.reports",
        "import": "bench.imports",
        "province_job": "bench.jobs",
        "http": "bench.http",
        "stalls": "bench.stalls",
        "wave": "bench.wave",
        "build": "bench.build",
        "build_scale": "bench.build",
        "page_weight": "bench.page",
        "slow_data": "bench.slowdata",
    }
    return getattr(import_module(homes[name]), f"bench_{name}")


def main(argv: list[str] | None = None) -> None:
    """Run every piece in order, or only those named (`python -m bench.run certificates reports`,
    `make bench ONLY="certificates reports"`); `--runs N` repeats the chosen pieces N times."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("pieces", nargs="*", metavar="PIECE", help="any of: " + ", ".join(PIECES))
    parser.add_argument("--runs", type=int, default=1, help="repeat the chosen pieces this many times")
    args = parser.parse_args(argv)
    unknown = [name for name in args.pieces if name not in PIECES]
    if unknown:
        parser.error(f"unknown piece(s) {', '.join(unknown)}; choose from {', '.join(PIECES)}")
    chosen = args.pieces or list(PIECES)
    for run in range(1, args.runs + 1):
        if args.runs > 1:
            print(f"--- run {run} of {args.runs}", flush=True)
        for name in chosen:
            _piece(name)()
            sys.stdout.flush()


if __name__ == "__main__":
    main()
