"""Issue 15 over HTTP against real servers: the first requests of a fresh server racing for the secrets it makes on
first use, and an administrator trying to put a province under another province, which would put two provinces'
writes in one DynamoDB partition.

Found by the wave (`bench/wave.py`): on a fresh local run, sign-ins arriving together got a 500 as one thread
removed the token secret's temporary file while another was still writing it, and the first certificates claimed
together could each make a different key under one id.
"""

from __future__ import annotations

import contextlib
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import wave
from tests.support.actors import DEMO_PASSWORD, api, printed_login, sign_in
from tests.support.servers import free_port

RACERS = 12


@pytest.fixture
def fresh(tmp_path):
    """A fresh `hocso serve` (no token secret, no signing key yet) with RACERS activated learners."""
    logins = wave.local(tmp_path, RACERS)
    port = free_port()
    server = wave.serve_locally(tmp_path, port)
    try:
        yield f"http://127.0.0.1:{port}/", logins, tmp_path
    finally:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=10)


def test_racing_first_sign_ins_and_certificates_of_a_fresh_server_all_succeed_with_one_key(fresh):
    base_url, logins, data = fresh
    done = wave.replay(base_url, "wave", logins, concurrency=RACERS, max_seconds=120)
    assert done.errors() == 0, dict(done.statuses)
    assert done.statuses["signin"] == {200: RACERS} and done.statuses["certificate"] == {201: RACERS}
    assert len(list((data / "keys").glob("*.pem"))) == 1  # one key signed every certificate
    assert sorted(path.name for path in data.glob("token-secret*")) == ["token-secret"]


def test_racing_first_sign_ins_get_tokens_signed_alike(fresh):
    base_url, logins, _ = fresh

    def one(login):
        answer = api(base_url, "POST", "/accounts/signin", json_body={"username": login[0], "password": login[1]})
        token = answer.json().get("token") if answer.status_code == 200 else None
        return answer.status_code, token and api(base_url, "GET", "/accounts/me", token).status_code

    with ThreadPoolExecutor(RACERS) as pool:
        answers = list(pool.map(one, logins))
    assert answers == [(200, 200)] * RACERS  # every token checks against the one secret the server kept


def test_a_province_cannot_be_imported_under_another_unit(server):
    province = sign_in(server, printed_login(server, "Quản trị tỉnh"), DEMO_PASSWORD)
    rows = "Mã đơn vị,Tên đơn vị,Mã đơn vị cha,Loại\n99,Tỉnh Giả,40,Tỉnh\n98,Thành phố Giả,40,Thành phố\n"
    answer = api(
        server,
        "POST",
        "/admin/units/import",
        province.token,
        content=rows.encode(),
        params={"filename": "don-vi.csv", "mode": "good"},
        headers={"Content-Type": "text/csv"},
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert [(p["row"], p["code"]) for p in report["problems"]] == [
        (2, "province_below_unit"),
        (3, "province_below_unit"),
    ]
    assert report["created"] == 0
    units = {u["code"] for u in api(server, "GET", "/admin/units", province.token).json()}
    assert not {"99", "98"} & units
