"""The quiz app as its tests drive it: a course's bank published, two signed-in learners, a settable clock, and the
calls and checks the tests repeat."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from functions.accounts import tokens
from functions.accounts.account import Account
from functions.api.deps.core import get_banks, get_clock
from functions.api.deps.tokens import get_token_secret
from functions.api.quiz.app import create_app
from functions.bank import BankShelf, write_bank
from tests.support.apps import SQLiteStores, app_client
from tests.support.banks import make_bank
from tests.support.clock import Clock

SECRET = "bí-mật-của-bài-kiểm-tra-" * 2
SIGNED = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LEARNER_ID = "hv.aaaaaaaaaaaa"


def account(learner_id: str) -> dict[str, str]:
    """The headers of a signed-in learner: only accounts sit the certified test."""
    token = tokens.issue(tokens.Claims(learner_id, "learner", "T01/X01/", 0), SECRET, SIGNED)
    return {"Authorization": f"Bearer {token}"}


SIGNED_IN = (LEARNER_ID, "hv.bbbbbbbbbbbb")
LEARNER, OTHER = (account(learner_id) for learner_id in SIGNED_IN)


RULES = dict(lessons=3, per_lesson=4, draw=6, pass_percent=50, max_attempts=2, time_limit_minutes=30)


def publish(tmp_path, **rules):
    """Write the course's bank as the build does; `rules` override the defaults above."""
    bank = make_bank(**{**RULES, **rules})
    write_bank(bank, tmp_path / "bank")
    return bank


@contextmanager
def quiz_client(tmp_path: Path, clock: Clock) -> Iterator:
    """The quiz app over its own SQLite stores and the course's bank, two learners' accounts, the clock given."""
    publish(tmp_path)
    stores = SQLiteStores(tmp_path / "hocso.sqlite3")
    for learner_id in SIGNED_IN:  # a token is honoured while its version is the account's
        stores.accounts.add_account(
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
    overrides = {
        **stores.overrides(),
        get_banks: BankShelf(tmp_path / "bank"),
        get_clock: clock,
        get_token_secret: lambda: SECRET,
    }
    try:
        with app_client(
            create_app(), overrides, store=stores.attempts, accounts=stores.accounts, tally=stores.tally, tmp=tmp_path
        ) as client:
            yield client
    finally:
        stores.close()


def start(client, headers=LEARNER):
    response = client.post("/quiz/courses/mini/attempts", headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def right_answers(client, attempt):
    stored = client.store.get(attempt["id"])
    return {question.id: question.key for question in stored.questions}


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body


def submit_empty(client, attempt, headers=LEARNER):
    return client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=headers, json={"answers": {}})
