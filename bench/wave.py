"""A wave of learners, replayed over HTTP against any hocso: sign in, open the course's test, mark each lesson done,
start an attempt, save answers twice, submit, claim the certificate. Bounded by a request count and a time.

Against a deployed dev stage (never production: it signs real accounts in and writes their attempts):

    .venv/bin/python -m bench.wave --base-url https://dev.example.vn/ --course tong-quan-chuyen-doi-so \\
        --logins logins.csv --concurrency 20 --max-requests 5000 --max-seconds 300

`logins.csv` holds `username,password` of activated test learners (a test cohort imported for the purpose). Without
the answer key, a learner over HTTP answers by choosing every choice of each question, which passes only a bank whose
questions accept them all (the local run's bank); on a real bank the submit is graded a fail and the certificate claim
answers 409, which still exercises both. `make bench` runs it against a local server (`bench_wave`).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

STEPS = ("signin", "course", "lesson", "start", "save", "submit", "certificate")


class Exhausted(Exception):
    """The wave's request count or time is spent: the learner stops where they are."""


@dataclass
class Wave:
    """What a wave did: each step's latencies, and its answers by status."""

    base_url: str
    max_requests: int
    max_seconds: float
    started: float = field(default_factory=time.monotonic)
    sent: int = 0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    journeys: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, step: str, method: str, path: str, body: object = None, token: str | None = None) -> dict:
        """One request, counted against the bounds; the JSON answer ({} when it was an error)."""
        with self._lock:
            if self.sent >= self.max_requests or time.monotonic() - self.started > self.max_seconds:
                raise Exhausted
            self.sent += 1
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, payload = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, b""
        except OSError:
            status, payload = 0, b""  # no answer at all: refused, reset or timed out
        elapsed = time.perf_counter() - began
        with self._lock:
            self.latencies[step].append(elapsed)
            self.statuses[step][status] += 1
        return json.loads(payload) if payload and 200 <= status < 300 else {}

    def lines(self) -> Iterator[str]:
        """The report: per step, how many, how they were answered, and p50/p95/p99 in ms."""
        took = time.monotonic() - self.started
        yield (
            f"wave: {self.journeys} learners, {self.sent:,} requests in {took:.1f} s ({self.sent / took:,.0f}/s) "
            f"against {self.base_url}"
        )
        for step in STEPS:
            times = sorted(self.latencies.get(step, []))
            if not times:
                continue
            cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
            answers = ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(self.statuses[step].items()))
            yield (
                f"  {step:<11} {len(times):>6}  p50 {cuts[49] * 1e3:7.1f} ms  p95 {cuts[94] * 1e3:7.1f} ms  "
                f"p99 {cuts[98] * 1e3:7.1f} ms  ({answers})"
            )

    def errors(self) -> int:
        """Answers that a learner would see as a failure of the system: 5xx and no answer (429 counted apart)."""
        return sum(
            n for counts in self.statuses.values() for status, n in counts.items() if status == 0 or status >= 500
        )


def journey(wave: Wave, course: str, username: str, password: str) -> None:
    """One learner's visit, from sign-in to the certificate; stops quietly when the wave's bounds are spent."""
    session = wave.call("signin", "POST", "api/accounts/signin", {"username": username, "password": password})
    token = session.get("token")
    if not token:
        return
    wave.call("course", "GET", f"api/quiz/courses/{course}", token=token)
    progress = wave.call("course", "GET", f"api/progress/courses/{course}", token=token)
    for lesson in progress.get("lessons", []):
        wave.call("lesson", "PUT", f"api/progress/courses/{course}/lessons/{lesson}", token=token)
    attempt = wave.call("start", "POST", f"api/quiz/courses/{course}/attempts", token=token)
    questions = attempt.get("questions", [])
    if not questions:
        return
    every = {question["id"]: list(range(len(question["choices"]))) for question in questions}
    half = dict(list(every.items())[: len(every) // 2])
    wave.call("save", "PUT", f"api/quiz/attempts/{attempt['id']}/answers", {"answers": half}, token=token)
    wave.call("save", "PUT", f"api/quiz/attempts/{attempt['id']}/answers", {"answers": every}, token=token)
    wave.call("submit", "POST", f"api/quiz/attempts/{attempt['id']}/submit", {"answers": every}, token=token)
    wave.call("certificate", "POST", f"api/certificates/courses/{course}", token=token)
    with wave._lock:
        wave.journeys += 1


def replay(
    base_url: str,
    course: str,
    logins: list[tuple[str, str]],
    *,
    concurrency: int = 16,
    max_requests: int = 10_000,
    max_seconds: float = 120.0,
) -> Wave:
    """Every login's journey, `concurrency` at a time, within the bounds."""
    wave = Wave(base_url.rstrip("/") + "/", max_requests, max_seconds)

    def one(login: tuple[str, str]) -> None:
        try:
            journey(wave, course, *login)
        except Exhausted:
            pass

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, logins))
    return wave


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.wave", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="the site's address; the API is under /api")
    parser.add_argument("--course", required=True, help="the course whose test the learners sit")
    parser.add_argument("--logins", required=True, type=Path, help="CSV of username,password (activated learners)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--max-requests", type=int, default=10_000)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    with args.logins.open(encoding="utf-8-sig", newline="") as rows:
        logins = [(row[0], row[1]) for row in csv.reader(rows) if len(row) >= 2 and row[0] != "username"]
    wave = replay(
        args.base_url,
        args.course,
        logins,
        concurrency=args.concurrency,
        max_requests=args.max_requests,
        max_seconds=args.max_seconds,
    )
    for line in wave.lines():
        print(line)
    return 1 if wave.errors() else 0


def wave_bank():
    """A course of 10 lessons and 100 questions whose every choice is right, so that a learner answering over HTTP
    without the key (choosing all) passes and claims a certificate."""
    from functions.bank import Bank, BankQuestion, QuizRules

    return Bank(
        course_id="wave",
        title="Làn sóng thử tải",
        rules=QuizRules(questions=20, max_attempts=3),
        lessons=[f"bai-{n}" for n in range(1, 11)],
        questions=[
            BankQuestion(
                id=f"q{n}",
                lesson=f"bai-{n % 10 + 1}",
                text=f"Câu hỏi số {n} về chuyển đổi số?",
                choices=[f"Lựa chọn {k} của câu {n}" for k in range(4)],
                answer=[0, 1, 2, 3],
                explanation="Mọi lựa chọn đều đúng: bài này chỉ để thử tải.",
            )
            for n in range(100)
        ],
    )


PASSWORD = "Song-thu-tai-2026"


def local(data: Path, learners: int) -> list[tuple[str, str]]:
    """A data folder with the wave's bank, one commune and `learners` activated accounts; their logins."""
    from datetime import UTC, date, datetime

    from functions.accounts import passwords
    from functions.accounts.account import Unit
    from functions.accounts.issuing import issue_account
    from functions.bank import write_bank
    from functions.stores.sqlite.accounts import SQLiteAccounts

    write_bank(wave_bank(), data / "bank")
    store = SQLiteAccounts(data / "hocso.sqlite3")
    unit = Unit(code="99001", name="Xã Thử Tải", kind="Xã", path="99/99001/")
    store.put_units([Unit(code="99", name="Tỉnh Thử Tải", kind="Tỉnh", path="99/"), unit])
    hashed = passwords.hash_password(PASSWORD)  # one hash for all: argon2 per account would take minutes
    now = datetime.now(UTC)
    logins = []
    for n in range(learners):
        account, _ = issue_account(
            store, full_name=f"Học Viên Thử {n}", unit=unit, identity=f"wave:{n}", issued_on=date.today()
        )
        store.activate(account.learner_id, hashed, now)
        logins.append((account.username, PASSWORD))
    store.close()
    return logins


def serve_locally(data: Path, port: int) -> subprocess.Popen:
    """`hocso serve` on the folder (a one-page site beside the API), waited for."""
    site = data / "site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("<!doctype html><title>hocso</title>", encoding="utf-8")
    env = {
        **os.environ,
        "HOCSO_DATA_DIR": str(data),
        "HOCSO_BANK_DIR": str(data / "bank"),
        "HOCSO_SITE_URL": f"http://127.0.0.1:{port}/",
    }
    command = [sys.executable, "-m", "hocso.cli", "serve", "--site", str(site), "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("hocso serve did not start")


def bench_wave(learners: int = 200, concurrency: int = 16) -> None:
    """`make bench`: a wave against `hocso serve` on SQLite, one process, this machine."""
    import socket
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        logins = local(Path(tmp), learners)
        server = serve_locally(Path(tmp), port)
        try:
            wave = replay(f"http://127.0.0.1:{port}/", "wave", logins, concurrency=concurrency, max_seconds=300)
        finally:
            server.terminate()
            server.wait()
    for line in wave.lines():
        print(line)


if __name__ == "__main__":
    sys.exit(main())
