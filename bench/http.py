"""Submissions per second through one local uvicorn worker on loopback, against a bare FastAPI + SQLite endpoint.

wrk (Debian's package) drives both servers with the same connections for the same time; each request submits a
different attempt, created beforehand directly in the store, as its signed-in learner (only accounts sit the
certified test, so each submission carries a bearer token the function reads, and each learner has an account whose
token version the function checks). A run where any answer is not a success is refused: an error is cheaper than the
work, and a learner without an account once made every submission a 401 that the figures counted as served.

Fairness: both servers are the same uvicorn (asyncio's loop, as `hocso serve` runs it, and httptools), one worker,
the same FastAPI, the same SQLite settings (WAL, `synchronous=NORMAL`), the same requests (path, bearer token, 20
answers) and the same connections. The bare endpoint reads the body and inserts it as one row with one autocommit
statement, and answers the id. It does not read or check the token, look the account up, parse or validate the JSON,
read the attempt, check ownership or the deadline, grade, guard against a second submission, write the sums of the
questions or count the step; its one row (the request's 220 bytes) is one page in the log, where a submission writes
about 5 (the attempt's small row with its outcome, about 3 as rows grow and split, its 5 KB start record untouched;
and the 20 questions' sums, 2). The ratio is what those checks and writes cost on top of the framework; the server's
CPU a request (from /proc, wrk's own excluded) is printed beside it, as the figure a shared, busy machine disturbs
least.

Latency is read over `DURATION` seconds of steady load, not the first few. wrk opens its 32 connections at once. On
uvloop, which served these runs until asyncio's loop replaced it (`functions.api.server.LOOP`), libuv took in one
waiting connection a turn: while 0.7 ms requests filled each turn, the last connections' first requests waited up to
half a second, and over 15 seconds the slowest 0.5-1% (50-460 ms, while no request but the first took 5 ms in the
app) still sat at the edge of the p99. asyncio's loop takes them all in one turn: its slowest request took 54 ms, and
its p99 is the queue's, 1.2-1.5 times the mean wait, against uvloop's 2.0 at the same rate (docs/scale.md, 2.8). A
request that just missed a turn waits for it and then for its own. The median is printed beside the p99, and the
mean wait the rate alone implies (Little's law: 32 connections, each waiting for its answer before it asks again,
wait 32 / rate on average). A p99 under that mean would need the slowest 1% to carry most of all the waiting, which a
queue served in turns does not do: a p99 in milliseconds is a rate in disguise.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DURATION = 15
CONNECTIONS = 32
ATTEMPTS = 60_000
"""Attempts prepared for the SQLite run: 4,000 a second for `DURATION`, so no request submits one again (cheaper).
A faster machine served 2,800 a second, near the 3,000 once prepared for."""
SECRET = "bench-token-secret-not-for-production-use-0123456789"

BARE_APP = textwrap.dedent(
    """
    import os, sqlite3
    from fastapi import FastAPI, Request
    db = sqlite3.connect(os.environ["BARE_DB"], isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body TEXT)")
    app = FastAPI()

    @app.get("/health")
    async def health():
        return {"status": "ok"}

    @app.post("/quiz/attempts/{attempt_id}/submit")
    async def insert(attempt_id: str, request: Request):
        db.execute("INSERT INTO t (body) VALUES (?)", (await request.body(),))
        return {"id": attempt_id}
    """
)

LUA = textwrap.dedent(
    """
    local requests = {}
    local i = 0
    init = function(args)
      for line in io.lines(args[1]) do
        local id, token, body = line:match("^(%S+) (%S+) (.*)$")
        requests[#requests + 1] = wrk.format("POST", "/quiz/attempts/" .. id .. "/submit",
          {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
      end
    end
    request = function()
      i = i % #requests + 1
      return requests[i]
    end
    """
)


def bench_bank():
    from functions.bank import Bank, BankQuestion, QuizRules

    return Bank(
        course_id="bench",
        title="Bench",
        rules=QuizRules(questions=20, max_attempts=3),
        lessons=[f"l{n}" for n in range(10)],
        questions=[
            BankQuestion(
                id=f"q{n}",
                lesson=f"l{n % 10}",
                text=f"Câu hỏi số {n} về chuyển đổi số?",
                choices=[f"Lựa chọn {k} của câu {n}" for k in range(4)],
                answer=[n % 4],
                explanation="Vì vậy.",
            )
            for n in range(100)
        ],
    )


def prepare(store, accounts, count: int, requests_file: Path) -> None:
    """`count` attempts by as many learners, each with an account (every request that carries a token reads its
    account's token version, so a learner without one is refused), and a line per submission (attempt, token,
    answers) for wrk."""
    from functions.accounts import tokens
    from functions.accounts.account import Account
    from functions.attempts import Attempt
    from functions.grading import draw

    bank = bench_bank()
    rng = random.Random(7)
    now = datetime.now(UTC)
    accounts.add_accounts(
        [
            Account(
                learner_id=f"hv.{n:012d}",
                username=f"hv{n:06d}",
                full_name=f"Học viên {n}",
                unit_code="B01",
                unit_path="B01/",
                identity=f"bench-{n}",
                issued_on=now.date(),
            )
            for n in range(count)
        ]
    )
    with requests_file.open("w") as out:
        for n in range(count):
            attempt = Attempt(
                id=f"bench{n:06d}",
                learner_id=f"hv.{n:012d}",
                course_id="bench",
                bank_version=bank.version,
                pass_percent=80,
                started_at=now,
                deadline=now + timedelta(hours=2),
                questions=draw(bank, rng),
            )
            store.start(attempt, max_attempts=3)
            answers = {q.id: [rng.randrange(4)] for q in attempt.questions}
            token = tokens.issue(tokens.Claims(attempt.learner_id, "learner", "B01/", 0), SECRET, now)
            out.write(f"{attempt.id} {token} {json.dumps({'answers': answers}, separators=(',', ':'))}\n")


def serve(command: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        command + ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start: {command}")


def cpu_seconds(pid: int) -> float:
    """The user and system CPU time a process has used so far (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(
    port: int,
    lua: Path,
    requests_file: Path,
    server: subprocess.Popen,
    connections: int = CONNECTIONS,
    duration: int = DURATION,
    distinct: bool = True,
) -> tuple[float, str, str, float]:
    """Requests a second, the median and 99th percentile latencies, and the server's CPU milliseconds a request (what
    a shared, busy machine disturbs least). Refused unless every response was a success (errors are cheaper than
    work) and, when the requests must be `distinct`, unless each was sent once (a second submission is cheaper)."""
    before = cpu_seconds(server.pid)
    done = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "--latency",
            "-s",
            str(lua),
            f"http://127.0.0.1:{port}",
            "--",
            str(requests_file),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    cpu = cpu_seconds(server.pid) - before
    sent_once = None
    if distinct:
        with requests_file.open() as lines:
            sent_once = sum(1 for _ in lines)
    rate, p50, p99, count = figures(done.stdout, sent_once)
    return rate, p50, p99, cpu * 1e3 / count


def figures(report: str, distinct: int | None = None) -> tuple[float, str, str, int]:
    """Requests a second, the median and 99th percentile latencies, and the requests sent, from wrk's report.
    Refused when any request failed (errors are cheaper than work), or when more were sent than the `distinct`
    requests the file holds (wrk goes round the file again, and a second submission is cheaper)."""
    if "Non-2xx" in report or "Socket errors" in report:
        raise RuntimeError(f"some requests failed, the figures would not be the work's:\n{report}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
    count = int(re.search(r"(\d+) requests in", report).group(1))
    if distinct is not None and count > distinct:
        raise RuntimeError(f"{count} requests sent for {distinct} attempts: some submitted one again; prepare more")
    # The latency distribution's rows, not a "+/- Stdev" column that happens to end in 99% (57.99%).
    p50, p99 = (re.search(rf"^\s+{n}%\s+(\S+)", report, re.MULTILINE).group(1) for n in (50, 99))
    return rate, p50, p99, count


def milliseconds(latency: str) -> float:
    """A latency as wrk prints it (`812.00us`, `44.82ms`, `1.02s`), in milliseconds."""
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", latency)
    if found is None:
        raise ValueError(f"not a latency wrk prints: {latency!r}")
    return float(found.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[found.group(2)]


def over_mean(p99: str, rate: float) -> float:
    """The p99 as a multiple of the mean wait the rate implies (`CONNECTIONS` / rate, Little's law): the latency's
    shape, which the proposed budget of at most 2.5 bounds whatever the machine's speed (docs/scale.md, 2.8)."""
    return milliseconds(p99) / (CONNECTIONS / rate * 1e3)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_http() -> None:
    from functions.bank import write_bank
    from functions.stores.sqlite.accounts import SQLiteAccounts
    from functions.stores.sqlite.attempts import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        write_bank(bench_bank(), tmp_path / "bank")
        lua = tmp_path / "submit.lua"
        lua.write_text(LUA)
        requests_file = tmp_path / "requests.txt"
        store = SQLiteStore(tmp_path / "data" / "hocso.sqlite3")
        accounts = SQLiteAccounts(tmp_path / "data" / "hocso.sqlite3")
        prepare(store, accounts, ATTEMPTS, requests_file)
        store.close()
        accounts.close()
        env = {
            **os.environ,
            "HOCSO_BANK_DIR": str(tmp_path / "bank"),
            "HOCSO_DATA_DIR": str(tmp_path / "data"),
            "HOCSO_TOKEN_SECRET": SECRET,
        }
        from functions.api.server import LOOP

        uvicorn = [sys.executable, "-m", "uvicorn", "--loop", LOOP]

        port = free_port()
        ours = serve(uvicorn + ["--factory", "functions.api.server:create_functions"], env, port)
        try:
            rate, p50, p99, cpu = wrk(port, lua, requests_file, ours)
        finally:
            ours.terminate()
            ours.wait()
        (tmp_path / "bare.py").write_text(BARE_APP)
        port = free_port()
        bare = serve(
            uvicorn + ["--app-dir", str(tmp_path), "bare:app"], {**env, "BARE_DB": str(tmp_path / "bare.sqlite3")}, port
        )
        try:
            base, base_p50, base_p99, base_cpu = wrk(port, lua, requests_file, bare, distinct=False)
        finally:
            bare.terminate()
            bare.wait()
    print(
        f"http (SQLite): {rate:,.0f} submissions/s, p99 {p99} (median {p50}; {CONNECTIONS} connections at this rate "
        f"wait {CONNECTIONS / rate * 1e3:.0f} ms on average, whatever the order they are served in) through one "
        f"uvicorn worker over {DURATION} s (budget 1,000/s); bare FastAPI + one SQLite insert {base:,.0f}/s, "
        f"p99 {base_p99} (median {base_p50}); "
        f"ratio {rate / base:.2f} (budget >= 0.5); server CPU a request {cpu:.2f} ms against {base_cpu:.2f} ms "
        f"(ratio {base_cpu / cpu:.2f}; {cpu / base_cpu:.1f}x, proposed: <= 3x); "
        f"p99 {over_mean(p99, rate):.1f}x the mean wait, bare "
        f"{over_mean(base_p99, base):.1f}x (proposed: <= 2.5x)"
    )
    from bench.country import with_moto

    if with_moto():
        bench_http_dynamodb()


def bench_http_dynamodb() -> None:
    """The same load with the DynamoDB store against a local DynamoDB-API server (moto, one request at a time)."""
    from functions.bank import write_bank
    from functions.stores.dynamodb.accounts import DynamoDBAccounts
    from functions.stores.dynamodb.attempts import DynamoDBStore

    aws = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "ap-southeast-1"}
    os.environ.update(aws)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        write_bank(bench_bank(), tmp_path / "bank")
        lua = tmp_path / "submit.lua"
        lua.write_text(LUA)
        moto_port = free_port()
        moto = subprocess.Popen(
            [sys.executable, "-m", "tests.support.dynamodb_server", str(moto_port)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        endpoint = f"http://127.0.0.1:{moto_port}"
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            store = DynamoDBStore("bench", endpoint_url=endpoint)
            store.create_table()
            requests_file = tmp_path / "requests.txt"
            prepare(store, DynamoDBAccounts("bench", endpoint_url=endpoint), 300, requests_file)
            env = {
                **os.environ,
                "HOCSO_BANK_DIR": str(tmp_path / "bank"),
                "HOCSO_STORE": "dynamodb",
                "HOCSO_TABLE": "bench",
                "HOCSO_DYNAMODB_ENDPOINT": endpoint,
                "HOCSO_TOKEN_SECRET": SECRET,
            }
            port = free_port()
            ours = serve(
                [sys.executable, "-m", "uvicorn", "--factory", "functions.api.server:create_functions"], env, port
            )
            try:
                # moto answers one request at a time: a few connections, or most would wait past any timeout.
                rate, _, p99, _ = wrk(port, lua, requests_file, ours, connections=4, duration=5, distinct=False)
            finally:
                ours.terminate()
                ours.wait()
        finally:
            moto.terminate()
            moto.wait()
    print(
        f"http (DynamoDB API, local moto server): {rate:,.0f} submissions/s, p99 {p99} "
        f"with 4 connections (moto, a single-threaded test double: a functional check, not a DynamoDB figure)"
    )
