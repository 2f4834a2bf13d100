"""Real parallel requests against the functions served by uvicorn on 127.0.0.1, on each store."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, date, datetime

import httpx2 as httpx
import pytest

from functions.accounts import tokens
from functions.accounts.account import Account
from functions.bank import write_bank
from functions.settings import settings_from
from functions.stores.accounts import open_accounts
from tests.support.banks import make_bank
from tests.support.servers import free_port, functions_server, run_together, running

SECRET = "khóa-ký-thử-cho-các-yêu-cầu-song-song-" * 2


def account(learner_id: str) -> dict[str, str]:
    """A signed-in learner's headers (only accounts sit the certified test), signed with the server's secret."""
    token = tokens.issue(tokens.Claims(learner_id, "learner", "T01/X01/", 0), SECRET, datetime.now(UTC))
    return {"Authorization": f"Bearer {token}"}


LEARNER = account("hv.aaaaaaaaaaaa")
SIGNED_IN = ("hv.aaaaaaaaaaaa", "hv.bbbbbbbbbbbb")


def enrol(env: dict[str, str]) -> None:
    """The accounts the tokens above name, in the server's own store: a token is honoured while its version is the
    account's."""
    accounts = open_accounts(settings_from(env))
    for learner_id in SIGNED_IN:
        accounts.add_account(
            Account(
                learner_id=learner_id,
                username=learner_id[3:],
                full_name="Lò Thị Mai",
                unit_code="X01",
                unit_path="T01/X01/",
                identity=f"X01:staff:{learner_id}",
                issued_on=date(2026, 11, 23),
            )
        )


@pytest.fixture(params=["sqlite", "dynamodb"])
def api(request, tmp_path):
    """The functions in their own uvicorn process, on the store named by the parameter."""
    write_bank(make_bank(draw=6, max_attempts=3), tmp_path / "bank")
    env = {
        **os.environ,
        "HOCSO_BANK_DIR": str(tmp_path / "bank"),
        "HOCSO_DATA_DIR": str(tmp_path / "data"),
        "HOCSO_TOKEN_SECRET": SECRET,
    }
    if request.param == "dynamodb":
        from functions.stores.dynamodb.attempts import DynamoDBStore

        aws = request.getfixturevalue("aws_env")
        endpoint = request.getfixturevalue("dynamodb_endpoint")
        table = f"hocso-{uuid.uuid4().hex[:12]}"
        DynamoDBStore(table, endpoint_url=endpoint).create_table()
        env.update(aws, HOCSO_STORE="dynamodb", HOCSO_TABLE=table, HOCSO_DYNAMODB_ENDPOINT=endpoint)
    enrol(env)
    port = free_port()
    with running(functions_server(port), env, f"http://127.0.0.1:{port}/health"):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client


def test_parallel_starts_open_one_attempt(api):
    responses = run_together(8, lambda n: api.post("/quiz/courses/mini/attempts", headers=LEARNER))
    assert sorted(response.status_code for response in responses) == [200] * 7 + [201]
    assert len({response.json()["id"] for response in responses}) == 1
    assert api.get("/quiz/courses/mini", headers=LEARNER).json()["attempts_used"] == 1


def test_parallel_submissions_of_one_attempt_produce_one_grade(api):
    attempt = api.post("/quiz/courses/mini/attempts", headers=LEARNER).json()
    ids = [question["id"] for question in attempt["questions"]]

    def submit(n):
        answers = {question_id: [n % 4] for question_id in ids}
        return api.post(f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": answers})

    responses = run_together(10, submit)
    assert {response.status_code for response in responses} == {200}
    bodies = {response.text for response in responses}
    assert len(bodies) == 1
    assert api.get(f"/quiz/attempts/{attempt['id']}", headers=LEARNER).json()["result"] == responses[0].json()["result"]
    retried = submit(3)
    assert retried.json()["result"] == responses[0].json()["result"]


def test_tampered_and_foreign_attempts_are_refused(api):
    attempt = api.post("/quiz/courses/mini/attempts", headers=LEARNER).json()
    tampered = attempt["id"][:-1] + ("A" if attempt["id"][-1] != "A" else "B")
    assert (
        api.post(f"/quiz/attempts/{tampered}/submit", headers=LEARNER, json={"answers": {}}).json()["error"]["code"]
        == "attempt_not_found"
    )
    other = account("hv.bbbbbbbbbbbb")
    response = api.post(f"/quiz/attempts/{attempt['id']}/submit", headers=other, json={"answers": {}})
    assert (response.status_code, response.json()["error"]["code"]) == (404, "attempt_not_found")
    assert api.get(f"/quiz/attempts/{attempt['id']}", headers=LEARNER).json()["result"] is None
