"""A crash during an import never loses an activation code (docs/security.md, section 7).

An account keeps only a hash of its code, so a code not yet on a kept slip when the process dies is gone. The attack
(or the accident: an out-of-memory kill, a deploy, a power cut) is killing the process at a chosen point of an
import; the defence is that re-running the same import re-issues the code of every account that never got a slip
and was never activated, and prints it. Each test kills or fails a real process (the functions under uvicorn, or the
`hocso` command line) at a point counted in calls (`tests/support/crashpoint.py`), re-runs the import, then checks
that every learner of the file has a code on a slip (the first import's batch, found through the audit trail, or the
re-import's) and that each of those codes activates its account over HTTP.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import httpx2 as httpx
import pytest

from functions.accounts import signin
from functions.settings import settings_from
from functions.stores.accounts import open_accounts
from tests.support.paths import ROOT
from tests.support.servers import free_port
from tests.support.world import PROVINCE, UNITS, VINH, XEN, issue

PEOPLE = 25
CHUNK = 10
"""Rows stored per call in these tests (`roster.CHUNK`): the 25 learners go in three calls of 10, 10 and 5."""
PASSWORD = "Nui-rung-Tay-Bac-2026"
CLIENT, SECRET = signin.Client("127.0.0.1"), "s" * 48
SQLITE = "functions.stores.sqlite.accounts:SQLiteAccounts"
DYNAMODB = "functions.stores.dynamodb.accounts:DynamoDBAccounts"


def learner_list() -> bytes:
    lines = ["Họ và tên,Mã đơn vị,Số điện thoại"]
    lines += [f"Nguyễn Văn Học {n},{(XEN, VINH)[n % 2].code},09{n:08d}" for n in range(PEOPLE)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def world(request, tmp_path):
    """A data folder (SQLite, or a fresh DynamoDB table on moto's server) with the units and an activated province
    administrator; `world.env` is the environment every process of the test runs with."""
    env = {
        **os.environ,
        "HOCSO_DATA_DIR": str(tmp_path / "data"),
        "HOCSO_BANK_DIR": str(tmp_path / "bank"),
        "HOCSO_SITE_URL": "https://hoc.example.vn/",
        "HOCSO_CRASH_CHUNK": str(CHUNK),
    }
    env.pop("HOCSO_CRASH", None)
    if getattr(request, "param", "sqlite") == "dynamodb":
        from functions.stores.dynamodb.attempts import DynamoDBStore

        endpoint = request.getfixturevalue("dynamodb_endpoint")
        env.update(
            request.getfixturevalue("aws_env"),
            HOCSO_STORE="dynamodb",
            HOCSO_TABLE=f"hocso-{uuid.uuid4().hex[:12]}",
            HOCSO_DYNAMODB_ENDPOINT=endpoint,
            HOCSO_TOKEN_SECRET="t" * 48,
        )
        DynamoDBStore(env["HOCSO_TABLE"], endpoint_url=endpoint).create_table()
    store = open_accounts(settings_from(env))
    store.put_units(UNITS)
    admin, code = issue(store, "Lê Văn Quản", PROVINCE, "admin", identity="quantri:1")
    world = type("World", (), {})()
    world.env, world.store, world.tmp = env, store, tmp_path
    world.admin = (admin.username, code)
    yield world
    store.close()


class Running:
    """The functions in a process of their own, dying at `crash` if one is named."""

    def __init__(self, env: dict, crash: str | None = None):
        port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.crashpoint", "server", str(port)],
            cwd=ROOT,
            env={**env, **({"HOCSO_CRASH": crash} if crash else {})},
        )
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.client.get("/health").status_code == 200:
                    return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the functions did not start") from None
                time.sleep(0.1)

    def reconnect(self) -> None:
        self.client.close()
        self.client = httpx.Client(base_url=self.client.base_url, timeout=60)

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def running():
    started: list[Running] = []

    def start(env: dict, crash: str | None = None) -> Running:
        started.append(Running(env, crash))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def sign_in_admin(server: Running, world) -> dict:
    username, code = world.admin
    if code is not None:  # the first server of the test activates the administrator; later ones sign in
        reply = server.client.post(
            "/accounts/activate", json={"username": username, "code": code, "password": PASSWORD}
        )
        world.admin = (username, None)
    else:
        reply = server.client.post("/accounts/signin", json={"username": username, "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    return {"Authorization": f"Bearer {reply.json()['token']}"}


def import_learners(server: Running, admin: dict) -> httpx.Response:
    return server.client.post(
        "/admin/learners/import",
        content=learner_list(),
        headers=admin,
        params={"filename": "danh-sach.csv", "cohort": "Đợt 1"},
    )


def codes_on_slips(server: Running, admin: dict) -> dict[str, str]:
    """Username → code, from every batch the audit trail names, oldest first: a later slip's code replaces an
    earlier one's (the re-import re-issued it)."""
    trail = server.client.get("/admin/audit", headers=admin).json()
    batches = [
        e["target"] for e in reversed(trail) if e["action"] == "learners.import" and e["target"] != PROVINCE.code
    ]
    codes: dict[str, str] = {}
    for batch in batches:
        sheet = server.client.get(f"/admin/imports/{batch}/slips.csv", headers=admin)
        assert sheet.status_code == 200
        _, *rows = csv.reader(io.StringIO(sheet.content.decode("utf-8-sig")))
        codes.update({row[2]: row[3] for row in rows})
    return codes


def learners(server: Running, admin: dict) -> dict[str, dict]:
    page = server.client.get("/admin/learners", headers=admin, params={"limit": 200}).json()
    return {learner["username"]: learner for learner in page["learners"]}


def activate(server: Running, username: str, code: str) -> int:
    reply = server.client.post("/accounts/activate", json={"username": username, "code": code, "password": PASSWORD})
    return reply.status_code


def assert_every_learner_has_a_working_code(server: Running, admin: dict) -> None:
    codes, people = codes_on_slips(server, admin), learners(server, admin)
    assert len(people) == PEOPLE
    assert set(codes) == set(people)
    assert {username: activate(server, username, code) for username, code in codes.items()} == dict.fromkeys(codes, 200)


KILLS = {
    # point: (where the process dies, learners' accounts stored by then, of which without a kept slip)
    "after the second chunk of accounts": (f"{SQLITE}.add_accounts:after:2:kill", 20, 20),
    "after every account, before the slips": ("functions.enrolment.slips:slips_pdf:before:1:kill", PEOPLE, PEOPLE),
    "after the slips and the audit entry, before they are recorded kept": (
        f"{SQLITE}.slips_kept:before:1:kill",
        PEOPLE,
        PEOPLE,
    ),
    "after the slips are recorded kept": (f"{SQLITE}.slips_kept:after:1:kill", PEOPLE, 0),
}


@pytest.mark.parametrize("point", KILLS)
def test_a_server_killed_during_an_import_loses_no_code(world, running, point):
    crash, stored, lost = KILLS[point]
    doomed = running(world.env, crash)
    admin = sign_in_admin(doomed, world)
    with pytest.raises(httpx.TransportError):
        import_learners(doomed, admin)
    assert doomed.process.wait(timeout=20) == -9  # SIGKILL: nothing after the point ran
    assert sum(a.role == "learner" for a in world.store.accounts_under(PROVINCE.path)) == stored
    server = running(world.env)
    admin = sign_in_admin(server, world)
    again = import_learners(server, admin).json()
    assert (again["created"], again["reissued"], again["updated"]) == (PEOPLE - stored, lost, stored - lost)
    assert (again["batch"] is None) == (stored == PEOPLE and lost == 0)
    assert_every_learner_has_a_working_code(server, admin)


@pytest.mark.parametrize("world", ["dynamodb"], indirect=True)
@pytest.mark.parametrize(
    "failure, lost", [(f"{DYNAMODB}._transact:before:2:fail", 10), (f"{DYNAMODB}.slips_kept:before:1:fail", PEOPLE)]
)
def test_a_store_failing_mid_import_on_dynamodb_loses_no_code(world, running, failure, lost):
    server = running(world.env, failure)
    admin = sign_in_admin(server, world)
    assert import_learners(server, admin).status_code == 500
    server.reconnect()  # uvicorn drops the connection of a request that raised
    again = import_learners(server, admin).json()
    assert (again["created"] + again["reissued"], again["reissued"]) == (PEOPLE, lost)
    assert_every_learner_has_a_working_code(server, admin)


def test_an_activated_account_or_one_whose_code_was_handed_out_is_never_reissued(world, running):
    doomed = running(world.env, f"{SQLITE}.add_accounts:after:2:kill")
    admin = sign_in_admin(doomed, world)
    with pytest.raises(httpx.TransportError):
        import_learners(doomed, admin)
    server = running(world.env)
    admin = sign_in_admin(server, world)
    first, second = sorted(learners(server, admin).values(), key=lambda learner: learner["username"])[:2]
    # An administrator's reset hands a code out, as a slip does; the second learner then activates with theirs.
    handed = server.client.post(f"/accounts/{first['learner_id']}/reset", headers=admin).json()["activation_code"]
    used = server.client.post(f"/accounts/{second['learner_id']}/reset", headers=admin).json()["activation_code"]
    assert activate(server, second["username"], used) == 200
    again = import_learners(server, admin).json()
    assert (again["created"], again["reissued"], again["updated"]) == (5, 18, 2)
    codes = codes_on_slips(server, admin)
    assert first["username"] not in codes and second["username"] not in codes
    assert activate(server, first["username"], handed) == 200
    assert (
        server.client.post("/accounts/signin", json={"username": second["username"], "password": PASSWORD}).status_code
        == 200
    )
    assert import_learners(server, admin).json()["reissued"] == 0


CLI_KILLS = {
    "after the second chunk of accounts": (f"{SQLITE}.add_accounts:after:2:kill", 20),
    "after the slip files, before they are recorded kept": (f"{SQLITE}.slips_kept:before:1:kill", PEOPLE),
}


@pytest.mark.parametrize("point", CLI_KILLS)
def test_the_command_line_killed_during_an_import_loses_no_code(world, point):
    crash, lost = CLI_KILLS[point]
    (world.tmp / "danh-sach.csv").write_bytes(learner_list())
    command = [
        sys.executable,
        "-m",
        "tests.support.crashpoint",
        "cli",
        "import-learners",
        str(world.tmp / "danh-sach.csv"),
        "--slips",
        str(world.tmp / "phieu"),
        "--issued-on",
        "2026-11-23",
    ]
    killed = subprocess.run(command, cwd=ROOT, env={**world.env, "HOCSO_CRASH": crash}, capture_output=True, text=True)
    assert killed.returncode == -9
    again = subprocess.run(command, cwd=ROOT, env=world.env, capture_output=True, text=True, check=True)
    assert f"{lost} tài khoản chưa có phiếu: đã cấp lại mã" in again.stdout
    codes: dict[str, str] = {}
    for sheet in sorted(world.tmp.glob("phieu*.csv"), key=lambda path: (len(path.name), path.name)):  # phieu, phieu-2
        _, *rows = csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig")))
        codes.update({row[2]: row[3] for row in rows})
    people = [a for a in world.store.accounts_under(PROVINCE.path) if a.role == "learner"]
    assert set(codes) == {a.username for a in people} and len(people) == PEOPLE
    assert not any(a.awaiting_slip for a in people)
    from functions.stores.sqlite.tally import SQLiteTally

    tally = SQLiteTally(world.tmp / "data" / "hocso.sqlite3")  # the chunk stored but never counted is counted now
    assert sum(count.n for count in tally.counts(PROVINCE.path) if count.flag == "issued") == PEOPLE
    tally.close()
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    assert all(
        signin.activate(world.store, username, code, PASSWORD, CLIENT, SECRET, now)[0].activated
        for username, code in codes.items()
    )


def test_the_crash_tests_reach_the_modules_they_name():
    """The crash points name attributes that exist: a renamed method would otherwise make a test pass vacuously."""
    from tests.support import crashpoint

    for spec in [*(kill[0] for kill in KILLS.values()), *(kill[0] for kill in CLI_KILLS.values())]:
        module, path = spec.split(":")[:2]
        owner = __import__(module, fromlist=["_"])
        for part in path.split("."):
            owner = getattr(owner, part)
    assert Path(crashpoint.__file__).is_file()


def test_two_imports_of_one_list_at_once_hand_out_only_working_codes(tmp_path):
    """The second re-issues the codes of the first's accounts still awaiting their slips; the first, settling last,
    draws its batch again without them, before its report is sent."""
    from functions.accounts.calendar import WorkingCalendar
    from functions.blobs import LocalBlobs
    from functions.enrolment import batches
    from functions.enrolment.imports import parse_learners, read_table
    from functions.stores.sqlite.accounts import SQLiteAccounts

    store, blobs = SQLiteAccounts(tmp_path / "db"), LocalBlobs(tmp_path / "blobs")
    store.put_units([PROVINCE, XEN, VINH])
    rows = parse_learners(read_table(learner_list(), "danh-sach.csv"), {"40", XEN.code, VINH.code}).good
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    same = {
        "admin_id": "u.admin",
        "scope": PROVINCE.path,
        "cohort": None,
        "now": now,
        "issued_on": date(2026, 11, 23),
        "calendar": WorkingCalendar(),
        "working_days": 10,
        "login_url": "https://hoc.example.vn/tai-khoan/",
        "issuer": "Sở Khoa học và Công nghệ",
    }
    first = batches.enrol(store, blobs, rows, **same)
    second = batches.settle(store, blobs, batches.enrol(store, blobs, rows, **same))
    first = batches.settle(store, blobs, first)
    assert (second.created, second.reissued, second.batch.accounts) == (0, PEOPLE, PEOPLE)
    assert (first.created, first.updated, first.batch.accounts) == (0, PEOPLE, 0)

    def sheet(outcome) -> dict[str, str]:
        _, *lines = csv.reader(io.StringIO(blobs.get(outcome.batch.key("csv")).decode("utf-8-sig")))
        return {line[2]: line[3] for line in lines}

    assert sheet(first) == {}
    assert all(
        signin.activate(store, username, code, PASSWORD, CLIENT, SECRET, now)[0].activated
        for username, code in sheet(second).items()
    )
    store.close()
