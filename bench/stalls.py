"""Whether work beside a page-open stalls it: the p99 of opening a static page while 16 sign-ins run at once and an
administrator imports a list, against the p99 of page-opens alone, on one local server (`hocso serve`, one process).

Everything a route does synchronously inside an `async` function runs on the server's one event loop, and every
other request waits for it; work moved to a thread does not stall the page. The import and the sign-ins are also
measured apart, so a ratio can be traced to its cause.

Each sign-in thread signs in as a learner of its own, as an office's learners do from one address. Threads sharing a
few usernames, as this bench once did, tried each name more often at once than its counter lets through
(`functions.accounts.throttle`): each refusal spent the address's allowance, the address was soon paused, and from
then on the "sign-ins" were cheap refusals and the administrator's own sign-in for the import was refused too, so
the import never ran. The figures are now refused unless every sign-in and every import succeeded.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPENS = 400
SIGNING_IN = 16
IMPORTED = 10_000
PASSWORD = "hocso-demo-2026"


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def _opens(client) -> list[float]:
    times = []
    for _ in range(OPENS):
        start = time.perf_counter()
        assert client.get("/").status_code == 200
        times.append(time.perf_counter() - start)
        time.sleep(0.005)  # a reader's pace, not a flood: the page competes with the work, not with itself
    return times


def _beside(url: str, admin: str, learners: list[str], units: list[str], sign_ins: bool, imports: bool) -> list[float]:
    """Page-open latencies while the chosen work runs in other threads, each with its own connection; refused unless
    every sign-in and import the work sent succeeded (a refusal is cheaper than the work)."""
    import httpx2 as httpx

    stop = threading.Event()
    answers: Counter[str] = Counter()

    def sign_in(username: str) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            while not stop.is_set():
                answer = client.post("/api/accounts/signin", json={"username": username, "password": PASSWORD})
                answers[f"sign-in {answer.status_code}"] += 1

    def import_learners() -> None:
        lines = ["Họ và tên,Mã đơn vị,Số điện thoại"] + [
            f"Người thứ {n},{units[n % len(units)]},09{n:08d}" for n in range(IMPORTED)
        ]
        body = "\n".join(lines).encode("utf-8-sig")
        with httpx.Client(base_url=url, timeout=300) as client:
            signed = client.post("/api/accounts/signin", json={"username": admin, "password": PASSWORD})
            answers[f"administrator's sign-in {signed.status_code}"] += 1
            if signed.status_code != 200:
                return
            while not stop.is_set():
                answer = client.post(
                    "/api/admin/learners/import",
                    params={"filename": "bench.csv"},
                    content=body,
                    headers={"Authorization": f"Bearer {signed.json()['token']}"},
                )
                answers[f"import {answer.status_code}"] += 1

    workers = [threading.Thread(target=sign_in, args=(learner,)) for learner in (learners if sign_ins else [])]
    workers += [threading.Thread(target=import_learners)] if imports else []
    for worker in workers:
        worker.start()
    time.sleep(1.0 if workers else 0)  # the work is under way before the first page-open
    with httpx.Client(base_url=url, timeout=120) as client:
        times = _opens(client)
    stop.set()
    for worker in workers:
        worker.join()
    failed = {answer: n for answer, n in answers.items() if not answer.endswith(" 200")}
    if failed or (sign_ins and not answers["sign-in 200"]) or (imports and not answers["import 200"]):
        raise RuntimeError(f"the work beside the page failed, the figures would not be its: {dict(answers)}")
    return times


def _learners(data: Path) -> list[str]:
    """`SIGNING_IN` learners of the demo province, each signing in as themselves with the demo password."""
    from functions.stores.sqlite.accounts import SQLiteAccounts
    from hocso.demo import person

    store = SQLiteAccounts(data / "hocso.sqlite3")
    try:
        units = {unit.code: unit for unit in store.units()}
        commune = next(code for code, unit in units.items() if unit.parent_code)
        return [
            person(store, units, f"Học viên đăng nhập {n}", commune, cohort="Đợt 1", today=date.today()).username
            for n in range(SIGNING_IN)
        ]
    finally:
        store.close()


def bench_stalls() -> None:
    from bench.http import free_port

    with tempfile.TemporaryDirectory() as tmp:
        site, data = Path(tmp) / "site", Path(tmp) / "data"
        site.mkdir()
        (site / "index.html").write_text(
            "<!doctype html><title>hocso</title><h1>Trang chủ</h1>" + "<p>Bài học.</p>" * 200
        )
        env = {**os.environ, "HOCSO_DATA_DIR": str(data), "NO_MKDOCS_2_WARNING": "1"}
        hocso = [sys.executable, "-m", "hocso.cli"]
        printed = subprocess.run([*hocso, "demo"], env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout
        admin = re.search(r"Quản trị tỉnh:\s+(\S+)", printed)[1]
        learners = _learners(data)
        port = free_port()
        server = subprocess.Popen(
            [*hocso, "serve", "--site", str(site), "--port", str(port)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL
        )
        url = f"http://127.0.0.1:{port}"
        try:
            import httpx2 as httpx

            for _ in range(200):
                try:
                    httpx.get(url + "/api/health", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            with httpx.Client(base_url=url) as client:
                token = client.post("/api/accounts/signin", json={"username": admin, "password": PASSWORD}).json()[
                    "token"
                ]
                units = [
                    u["code"]
                    for u in client.get("/api/admin/units", headers={"Authorization": f"Bearer {token}"}).json()
                ]
            alone = _p99(_beside(url, admin, learners, units, sign_ins=False, imports=False))
            imports = _p99(_beside(url, admin, learners, units, sign_ins=False, imports=True))
            sign_ins = _p99(_beside(url, admin, learners, units, sign_ins=True, imports=False))
            both = _p99(_beside(url, admin, learners, units, sign_ins=True, imports=True))
        finally:
            server.terminate()
            server.wait()
    print(
        f"stalls: p99 of a page-open alone {alone * 1e3:.1f} ms; beside {SIGNING_IN} concurrent sign-ins and an import "
        f"of {IMPORTED:,} learners {both * 1e3:.1f} ms, ratio {both / alone:.1f}x (beside the import only: "
        f"{imports * 1e3:.1f} ms, {imports / alone:.1f}x; beside the sign-ins only: {sign_ins * 1e3:.1f} ms, "
        f"{sign_ins / alone:.1f}x; {OPENS} opens each)"
    )


if __name__ == "__main__":
    bench_stalls()
