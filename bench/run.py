"""`make bench`: hocso's budgets measured as ratios against a baseline run in the same command.

Each figure is printed; nothing is asserted (timings belong here, not in tests).
"""

from __future__ import annotations

import itertools
import os
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
    its question sums added (`functions.questions.sums.observe`), their write included."""
    from functions.accounts.tokens import Claims
    from functions.attempts import Attempt
    from functions.bank import Bank, BankQuestion, QuizRules
    from functions.grading import draw, grade
    from functions.questions.sums import observe
    from functions.stores.sqlite import questions as questions_module
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
        # The store's thread writes the pending sums every 0.1 s (140 submissions' at 1,400/s); here the timed code
        # writes them itself, at the end of each round of 300, so the write is in the figure.
        interval, questions_module.FLUSH_INTERVAL = questions_module.FLUSH_INTERVAL, 3600
        sums = SQLiteQuestionSums(Path(tmp) / "a.sqlite3")
        learner = Claims("learner-bench", "learner", "40/16813/", 0)
        calls = itertools.count(1)

        def submit_and_count():
            finished = submit_one()
            observe(sums, learner, "bench", finished.grade, now)
            if next(calls) % 300 == 0:
                sums.flush()

        counted = _best(submit_and_count, repeat=5, number=300)
        sums.close()
        questions_module.FLUSH_INTERVAL = interval  # for any store this process opens after
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
        f"added (summed in the process, written 300 submissions' at a time) {counted * 1e3:.3f} ms, "
        f"{counted / graded:.2f}x the submission alone"
    )


def bench_cold_start() -> None:
    """Importing the quiz handler, against the framework floor (`import fastapi, mangum`) and a one-route FastAPI
    app, each in a fresh interpreter, interleaved round by round so a busy moment of a shared machine falls on all of
    them alike; medians of 9.

    Each child times its own import statement, so the interpreter's start and its teardown are left out: a Lambda
    container pays the import before its first request and is never torn down in between (a teardown also walks
    every object the collector tracks, which a frozen handler skips and the floor does not: timing whole processes
    flattered the handler). The figure is CPU time (an import runs on one thread, so on an idle machine it is the
    wall time, and it is what other people's work on a shared machine disturbs least); wall-clock medians beside it.

    Fairness: pip compiled the framework's bytecode when it installed it; the project's own modules are compiled the
    same way first (`compileall`, into their `__pycache__`), so both sides load bytecode rather than the handler alone
    paying to compile its sources (an environment with PYTHONDONTWRITEBYTECODE set never writes them otherwise). On
    Lambda neither side has bytecode (the packages ship none), so a dev-stage cold start compiles both. The one-route
    app shows what FastAPI adds on a first route (it imports `pydantic.v1` to check route types); the budget is over
    the floor."""
    import compileall

    compileall.compile_dir(ROOT / "functions", quiet=1)
    statements = {
        "framework": "import fastapi, mangum",
        "app": "import fastapi, mangum; app = fastapi.FastAPI(); app.get('/x')(lambda: 1)",
        "handler": "import functions.api.quiz.handler",
    }
    timed = "import time; w, c = time.perf_counter(), time.process_time(); {}; " + (
        "print(time.process_time() - c, time.perf_counter() - w)"
    )
    cpu: dict[str, list[float]] = {name: [] for name in statements}
    wall: dict[str, list[float]] = {name: [] for name in statements}
    for _ in range(9):
        for name, statement in statements.items():
            done = subprocess.run(
                [sys.executable, "-c", timed.format(statement)], check=True, cwd=ROOT, capture_output=True, text=True
            )
            spent, waited = (float(field) * 1e3 for field in done.stdout.split())
            cpu[name].append(spent)
            wall[name].append(waited)
    framework, app, handler = (statistics.median(cpu[name]) for name in statements)
    wall_framework, wall_handler = (statistics.median(wall[name]) for name in ("framework", "handler"))
    print(
        f"cold start: the quiz handler adds {handler - framework:.0f} ms of CPU to `import fastapi, mangum` "
        f"({handler:.0f} ms against {framework:.0f} ms; budget +100 ms), {handler - app:.0f} ms over a one-route "
        f"FastAPI app ({app:.0f} ms); wall clock {wall_handler:.0f} ms against {wall_framework:.0f} ms "
        f"(+{wall_handler - wall_framework:.0f} ms) (medians of 9, interleaved, from bytecode)"
    )


PIECES = {
    "grading": "bench.run",
    "certificates": "bench.certificates",
    "reports": "bench.reports",
    "import": "bench.imports",
    "province_job": "bench.jobs",
    "cold_start": "bench.run",
    "http": "bench.http",
    "stalls": "bench.stalls",
    "wave": "bench.wave",
    "build": "bench.build",
    "build_scale": "bench.build",
    "page_weight": "bench.page",
    "slow_data": "bench.slowdata",
}
"""Each piece, in the order `make bench` runs them, and the module holding its `bench_<piece>`."""


def _piece(name: str):
    """The bench function called `name`; imported only when run, so one piece alone loads only what it needs."""
    from importlib import import_module

    return getattr(import_module(PIECES[name]), f"bench_{name}")


def main(argv: list[str] | None = None) -> None:
    """Run every piece in order, or only those named (`python -m bench.run certificates reports`,
    `make bench ONLY="certificates reports"`); `--runs N` repeats the chosen pieces N times."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("pieces", nargs="*", metavar="PIECE", help="any of: " + ", ".join(PIECES))
    parser.add_argument("--runs", type=int, default=1, help="repeat the chosen pieces this many times")
    parser.add_argument("--no-moto", action="store_true", help="leave out the DynamoDB-API server parts (minutes each)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.pieces if name not in PIECES]
    if unknown:
        parser.error(f"unknown piece(s) {', '.join(unknown)}; choose from {', '.join(PIECES)}")
    chosen = args.pieces or list(PIECES)
    if args.no_moto:
        os.environ["HOCSO_BENCH_MOTO"] = "0"
    for run in range(1, args.runs + 1):
        if args.runs > 1:
            print(f"--- run {run} of {args.runs}", flush=True)
        for name in chosen:
            _piece(name)()
            sys.stdout.flush()


if __name__ == "__main__":
    main()
