"""Attacks on sign-in and activation, performed over HTTP against `hocso serve` (the server `make run` starts).

These tests have their own server and data folder: the attacks pause the address they come from, and the session-wide
`make run` server of the browser tests serves every test from 127.0.0.1. Each test here comes from an address of its
own (127.0.0.2, 127.0.0.3, ...: all loopback) and attacks accounts of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime

import httpx2 as httpx
import pytest

from functions.accounts import devices, passwords
from functions.accounts.throttle import ADDRESS, USERNAME
from functions.stores.sqlite.accounts import SQLiteAccounts
from tests.support.servers import free_port, functions_server, run_together, running
from tests.support.world import PASSWORD, UNITS, XEN, issue

OWNERS = 6
"""Activated accounts, one per test, so that no test meets another's counters."""


class Served:
    """The server's address, the usernames of its activated owners, and one learner still to activate."""

    def __init__(self, url: str, owners: list[str], newcomer: str, code: str) -> None:
        self.url, self.owners, self.newcomer, self.code = url, owners, newcomer, code
        self._addresses = iter(range(2, 250))

    def address(self) -> str:
        """A loopback address no other test has come from."""
        return f"127.0.0.{next(self._addresses)}"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`hocso serve` on a free port, its store holding activated owners and a learner still to activate."""
    root = tmp_path_factory.mktemp("attack-signin")
    data, site = root / "data", root / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>hocso</title>", encoding="utf-8")
    store = SQLiteAccounts(data / "hocso.sqlite3")
    store.put_units(UNITS)
    owners = []
    for n in range(OWNERS):
        owner, _ = issue(store, f"Đặng Hữu Phước {n}", XEN, identity=f"cccd:{n}")
        store.activate(owner.learner_id, passwords.hash_password(PASSWORD), datetime.now(UTC))
        owners.append(owner.username)
    newcomer, code = issue(store, "Hà Thị Ngọc", XEN, identity="cccd:new")
    store.close()
    port = free_port()
    env = {**os.environ, "HOCSO_DATA_DIR": str(data), "HOCSO_BANK_DIR": str(root / "bank")}
    argv = [sys.executable, "-m", "hocso.cli", "serve", "--site", str(site), "--port", str(port)]
    url = f"http://127.0.0.1:{port}/api"
    with running(argv, env, url + "/health", stdout=subprocess.DEVNULL):
        yield Served(url, owners, newcomer.username, code)


def browser(served: Served, address: str) -> httpx.Client:
    """A browser (its own cookie jar) on the machine at `address`."""
    return httpx.Client(base_url=served.url, timeout=60, transport=httpx.HTTPTransport(local_address=address))


def sign_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    return client.post("/accounts/signin", json={"username": username, "password": password})


def answer(response: httpx.Response) -> tuple:
    """What a client can tell from an answer: status, body, and how long it is told to wait."""
    return response.status_code, response.text, response.headers.get("retry-after")


def test_a_strangers_hundred_wrong_guesses_leave_the_owner_signing_in_from_their_device(served):
    owner_name, office = served.owners[0], served.address()
    with browser(served, office) as owner, browser(served, office) as stranger, browser(served, office) as new_phone:
        assert sign_in(owner, owner_name, PASSWORD).status_code == 200
        assert owner.cookies.get(devices.COOKIE)
        statuses = [sign_in(stranger, owner_name, f"doan-{n}").status_code for n in range(100)]
        assert statuses == [401] * USERNAME.free + [429] * (100 - USERNAME.free)
        # A browser the account has never seen waits, as the stranger does (in the same office)...
        assert sign_in(new_phone, owner_name, PASSWORD).status_code == 429
        # ...but the owner's own browser signs in, even after a typo of its own.
        assert sign_in(owner, owner_name, "go-nham-mot-lan").status_code == 401
        assert sign_in(owner, owner_name, PASSWORD).status_code == 200


def test_a_thousand_guesses_from_one_client_are_slowed_to_the_stated_rate(served):
    office = served.address()
    with browser(served, office) as stranger, browser(served, office) as colleague:
        assert sign_in(colleague, served.owners[4], PASSWORD).status_code == 200
        began = time.monotonic()
        answers = [sign_in(stranger, f"nguoi{n:04d}", "12345678") for n in range(1000)]
        elapsed = time.monotonic() - began
        # A colleague in the same office, on the browser they signed in with before, is not held up.
        assert sign_in(colleague, served.owners[4], PASSWORD).status_code == 200
    checked = [a for a in answers if a.status_code == 401]
    refused = [a for a in answers if a.status_code == 429]
    assert len(checked) + len(refused) == 1000
    # At most the address's free failures, plus one per wait that had run out by the end (the waits are the docs').
    schedule, spent, allowed = ADDRESS.schedule(), 0.0, ADDRESS.free
    while spent + schedule[min(allowed, len(schedule) - 1)] <= elapsed:
        spent += schedule[min(allowed, len(schedule) - 1)]
        allowed += 1
    assert ADDRESS.free <= len(checked) <= allowed
    assert answers[ADDRESS.free].status_code == 429
    assert {a.json()["error"]["code"] for a in refused} == {"signin_paused"}
    assert all(1 <= int(a.headers["retry-after"]) <= max(ADDRESS.waits) for a in refused)


def test_known_and_unknown_usernames_get_identical_answers(served):
    owner_name, newcomer_name, runs = served.owners[1], served.newcomer, {}
    for username in (owner_name, newcomer_name, "khongco1234"):
        with browser(served, served.address()) as client:
            runs[username] = [answer(sign_in(client, username, "doan-mo-thoi")) for _ in range(USERNAME.free + 2)]
    assert runs[owner_name] == runs[newcomer_name] == runs["khongco1234"]
    assert [status for status, _, _ in runs[owner_name]] == [401] * USERNAME.free + [429, 429]


def test_fifty_parallel_guesses_get_no_more_tries_than_guesses_in_a_row(served):
    owner_name = served.owners[2]
    with browser(served, served.address()) as stranger:
        statuses = run_together(50, lambda n: sign_in(stranger, owner_name, f"song-song-{n}").status_code)
        assert sorted(statuses) == [401] * USERNAME.free + [429] * (50 - USERNAME.free)


def test_wrong_activation_codes_do_not_lock_an_activated_account(served):
    owner_name, office = served.owners[3], served.address()
    with browser(served, office) as stranger, browser(served, office) as owner:
        for n in range(20):
            response = stranger.post(
                "/accounts/activate", json={"username": owner_name, "code": f"AAAA-AAAA-{n:04d}", "password": PASSWORD}
            )
            assert response.status_code == 401
        assert (
            sign_in(owner, owner_name, PASSWORD).status_code == 200
        )  # no device cookie needed: nothing was counted on it


def test_weak_passwords_are_refused_with_a_code(served):
    newcomer_name, code = served.newcomer, served.code
    weak = {
        "1234567": "password_too_short",
        "12345678": "password_common",
        "123456a@": "password_common",
        "anhyeuem": "password_common",
        "Matkhau@2026": "password_common",
        newcomer_name + "1": "password_has_username",
        "ngoc-ha-2026": "password_has_name",
        "HaThiNgoc": "password_has_name",
    }
    with browser(served, served.address()) as newcomer:
        for password, expected in weak.items():
            response = newcomer.post(
                "/accounts/activate", json={"username": newcomer_name, "code": code, "password": password}
            )
            assert (response.status_code, response.json()["error"]["code"]) == (422, expected), password
        assert (
            newcomer.post(
                "/accounts/activate", json={"username": newcomer_name, "code": code, "password": PASSWORD}
            ).status_code
            == 200
        )


@pytest.fixture
def functions_on_dynamodb(tmp_path, aws_env, dynamodb_endpoint):
    """The functions in uvicorn as deployed (DynamoDB, behind CloudFront's `X-Forwarded-For`), with one owner."""
    import uuid

    from functions.stores.dynamodb.accounts import DynamoDBAccounts

    table = f"hocso-{uuid.uuid4().hex[:12]}"
    store = DynamoDBAccounts(table, endpoint_url=dynamodb_endpoint)
    store.create_table()
    store.put_units(UNITS)
    owner, _ = issue(store, "Đặng Hữu Phước", XEN, identity="cccd:1")
    store.activate(owner.learner_id, passwords.hash_password(PASSWORD), datetime.now(UTC))
    port = free_port()
    env = {
        **os.environ,
        **aws_env,
        "HOCSO_STORE": "dynamodb",
        "HOCSO_TABLE": table,
        "HOCSO_DYNAMODB_ENDPOINT": dynamodb_endpoint,
        "HOCSO_TOKEN_SECRET": "t" * 48,
        "HOCSO_DATA_DIR": str(tmp_path / "data"),
        "HOCSO_BANK_DIR": str(tmp_path / "bank"),
    }
    # Without uvicorn's own reading of X-Forwarded-For: on Lambda the peer is API Gateway's sourceIp, as is.
    with running([*functions_server(port), "--no-proxy-headers"], env, f"http://127.0.0.1:{port}/health"):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            yield client, owner.username


def test_parallel_guesses_with_forged_addresses_count_on_dynamodb(functions_on_dynamodb):
    client, owner_name = functions_on_dynamodb

    def guess(n: int) -> int:
        # What CloudFront sends on: whatever the client wrote, then the address it saw. Only the last one counts.
        forwarded = {"X-Forwarded-For": f"10.{n}.0.1, 203.0.113.9"}
        return client.post(
            "/accounts/signin", json={"username": owner_name, "password": f"song-song-{n}"}, headers=forwarded
        ).status_code

    assert sorted(run_together(50, guess)) == [401] * USERNAME.free + [429] * (50 - USERNAME.free)
    statuses = [
        client.post(
            "/accounts/signin",
            json={"username": f"nguoi{n:03d}", "password": "doan-mo"},
            headers={"X-Forwarded-For": f"10.{n}.9.9, 203.0.113.9"},
        ).status_code
        for n in range(40)
    ]
    # 50 tries already struck the address (45 of them refused on the username): it is waiting.
    assert statuses.count(401) <= 1 and statuses.count(429) >= 39
