"""The people of the attack tests, made over HTTP against `make run`'s server (the `server` fixture of
`tests.support.browser`): demo logins it printed, administrators added with `hocso add-admin` on its data folder,
learners imported by an administrator and activated with their slip's code, and a certificate earned by sitting the
test.

Each actor gets a fresh account, so no demo login another test relies on changes its password or its state.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import secrets
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.support.banks import bank_of
from tests.support.paths import ROOT

COURSE = "tong-quan-chuyen-doi-so"
DEMO_PASSWORD = "hocso-demo-2026"
HOCSO = Path(sys.executable).parent / "hocso"


@dataclass
class Actor:
    """A signed-in person: their account id, username, password and current token."""

    learner_id: str
    username: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Answer:
    """What the server answered: status, content type and body."""

    status_code: int
    content_type: str
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.content)


def api(
    server: str,
    method: str,
    path: str,
    token: str | None = None,
    *,
    json_body: object = None,
    content: bytes | None = None,
    params: dict | None = None,
    headers: dict | None = None,
) -> Answer:
    """One call to `/api<path>` over HTTP, with the bearer `token` when given."""
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    if json_body is not None:
        content, sent["Content-Type"] = json.dumps(json_body).encode(), "application/json"
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    request = urllib.request.Request(f"{server}api{path}{query}", data=content, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Answer(response.status, response.headers.get("Content-Type", ""), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get("Content-Type", ""), error.read())


def refusal(response: Answer) -> tuple[int, str | None]:
    """The status and error code of an answer (the code is None for a success)."""
    if response.status_code < 400:
        return response.status_code, None
    return response.status_code, response.json()["error"]["code"]


def printed_login(server, label: str) -> str:
    return re.search(rf"{label}:\s+(\S+)", server.printed()).group(1)


def sign_in(server: str, username: str, password: str) -> Actor:
    response = api(server, "POST", "/accounts/signin", json_body={"username": username, "password": password})
    assert response.status_code == 200, response.text
    session = response.json()
    return Actor(session["me"]["learner_id"], username, password, session["token"])


def activate(server: str, username: str, code: str) -> Actor:
    """Activate with the slip's code and a fresh password; signed in. The password's random part is digits: random
    letters now and then spelled a part of the person's name (`tri`, `hai`...), which the policy rightly refuses."""
    password = "hs-" + "".join(secrets.choice("0123456789") for _ in range(16))
    response = api(
        server, "POST", "/accounts/activate", json_body={"username": username, "code": code, "password": password}
    )
    assert response.status_code == 200, response.text
    session = response.json()
    return Actor(session["me"]["learner_id"], username, password, session["token"])


def add_admin(server, name: str, unit: str) -> Actor:
    """A new administrator of `unit`, made as an operator does (`hocso add-admin` on the server's data folder)."""
    env = {**os.environ, "HOCSO_DATA_DIR": str(server.data)}
    done = subprocess.run(
        [str(HOCSO), "add-admin", "--name", name, "--unit", unit],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    username, code = re.search(r"tên đăng nhập (\S+), mã kích hoạt (\S+)", done.stdout).groups()
    return activate(server, username, code)


def issue_learner(server: str, admin: Actor, name: str, unit: str) -> dict[str, str]:
    """A learner of `unit` imported by `admin` (a CSV upload) and left unactivated: their row of the batch's slips."""
    phone = "09" + "".join(secrets.choice("0123456789") for _ in range(8))
    rows = f"Họ và tên,Mã đơn vị,Số điện thoại\n{name},{unit},{phone}\n".encode()
    report = api(
        server,
        "POST",
        "/admin/learners/import",
        admin.token,
        content=rows,
        params={"filename": "hoc-vien.csv"},
        headers={"Content-Type": "text/csv"},
    )
    assert report.status_code == 200 and report.json()["created"] == 1, report.text
    slips = api(server, "GET", f"/admin/imports/{report.json()['batch']}/slips.csv", admin.token)
    [slip] = list(csv.DictReader(io.StringIO(slips.content.decode("utf-8-sig"))))
    return slip


def import_learner(server: str, admin: Actor, name: str, unit: str) -> Actor:
    """A learner of `unit` imported by `admin` (a CSV upload), activated with the code on the batch's slips."""
    slip = issue_learner(server, admin, name, unit)
    return activate(server, slip["Tên đăng nhập"], slip["Mã kích hoạt"])


def bank() -> dict:
    """The published bank with its keys, as the server's functions read it (`build/bank`)."""
    return bank_of(COURSE)


def study(server: str, actor: Actor) -> None:
    """Mark every lesson of the course done."""
    lessons = api(server, "GET", f"/progress/courses/{COURSE}", actor.token).json()["lessons"]
    for lesson in lessons:
        assert api(server, "PUT", f"/progress/courses/{COURSE}/lessons/{lesson}", actor.token).status_code == 200


def right_answers(attempt: dict) -> dict[str, list[int]]:
    """The right choices of an attempt's questions, as shown (choices are shuffled per attempt), from the bank."""
    questions = {question["id"]: question for question in bank()["questions"]}
    answers = {}
    for shown in attempt["questions"]:
        question = questions[shown["id"]]
        right = {question["choices"][i] for i in question["answer"]}
        answers[shown["id"]] = [n for n, choice in enumerate(shown["choices"]) if choice in right]
    return answers


def earn_certificate(server: str, actor: Actor) -> str:
    """Study, sit the test answering rightly, and claim the certificate: its number."""
    study(server, actor)
    attempt = api(server, "POST", f"/quiz/courses/{COURSE}/attempts", actor.token)
    assert attempt.status_code in (200, 201), attempt.text
    graded = api(
        server,
        "POST",
        f"/quiz/attempts/{attempt.json()['id']}/submit",
        actor.token,
        json_body={"answers": right_answers(attempt.json())},
    )
    assert graded.status_code == 200, graded.text
    claimed = api(server, "POST", f"/certificates/courses/{COURSE}", actor.token)
    assert claimed.status_code == 201, claimed.text
    return claimed.json()["certificate"]["number"]


def run_job(server: str, token: str, body: dict, upload: tuple[str, bytes] | None = None) -> dict:
    """A background job as the administrators' pages run it over HTTP: the list (if any) uploaded with its signed
    form, the job started, then asked after until it has ended; the job as last seen."""
    import time

    import httpx2 as httpx

    if upload is not None:
        filename, data = upload
        form = api(server, "POST", "/admin/uploads", token, json_body={"filename": filename, "size": len(data)}).json()
        posted = httpx.post(f"{server}{form['url'].lstrip('/')}", data=form["fields"], files={"file": (filename, data)})
        assert posted.status_code == 204, posted.text
        body = {**body, "upload_id": form["upload_id"]}
    started = api(server, "POST", "/admin/jobs", token, json_body=body)
    assert started.status_code == 202, started.json()
    until = time.monotonic() + 60
    while True:
        job = api(server, "GET", f"/admin/jobs/{started.json()['id']}", token).json()
        if job["state"] in ("done", "failed") or time.monotonic() > until:
            return job
        time.sleep(0.1)
