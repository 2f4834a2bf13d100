"""The progress function over HTTP (in process)."""

from datetime import UTC, date, datetime

import pytest

from functions.accounts import tokens
from functions.accounts.account import Account
from functions.api.deps.core import get_banks, get_clock
from functions.api.deps.tally import get_tally
from functions.api.deps.tokens import get_token_secret
from functions.api.progress.app import create_app
from functions.bank import BankShelf, write_bank
from tests.support.apps import SQLiteStores, app_client
from tests.support.banks import make_bank

LEARNER = {"X-Hocso-Learner": "learner-aaaaaaaaaaaa"}
SECRET = "t" * 48
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
def client(tmp_path):
    write_bank(make_bank(required_for=("cbccvc", "cnscd")), tmp_path / "bank")
    stores = SQLiteStores(tmp_path / "hocso.sqlite3")
    # The signed-in learner of the tests below: a token is honoured while its version is the account's.
    stores.accounts.add_account(
        Account(
            learner_id="u.abc",
            username="abc",
            full_name="Đặng Hữu Phước",
            unit_code="16813",
            unit_path="40/16813/",
            identity="16813:phone:0912345678",
            issued_on=date(2026, 11, 23),
        )
    )
    overrides = {
        **stores.overrides(),
        get_banks: BankShelf(tmp_path / "bank"),
        get_token_secret: lambda: SECRET,
        get_clock: lambda: NOW,
    }
    with app_client(create_app(), overrides, raise_server_exceptions=True, tally=stores.tally) as client:
        yield client
    stores.close()


def test_marking_lessons_done_builds_the_course_progress_in_course_order(client):
    assert client.get("/progress/courses/mini", headers=LEARNER).json()["done"] == []
    client.put("/progress/courses/mini/lessons/l3", headers=LEARNER)
    body = client.put("/progress/courses/mini/lessons/l1", headers=LEARNER).json()
    assert body == {
        "course_id": "mini",
        "lessons": ["l1", "l2", "l3"],
        "done": ["l1", "l3"],
        "complete": False,
        "required": False,  # a guest has no category
    }
    client.put("/progress/courses/mini/lessons/l2", headers=LEARNER)
    assert client.put("/progress/courses/mini/lessons/l2", headers=LEARNER).json()["complete"] is True


def test_progress_is_per_learner(client):
    client.put("/progress/courses/mini/lessons/l1", headers=LEARNER)
    other = {"X-Hocso-Learner": "learner-bbbbbbbbbbbb"}
    assert client.get("/progress/courses/mini", headers=other).json()["done"] == []


def test_unknown_lessons_and_courses_are_refused_and_nothing_is_stored(client):
    response = client.put("/progress/courses/mini/lessons/l9", headers=LEARNER)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "lesson_not_found")
    response = client.put("/progress/courses/khac/lessons/l1", headers=LEARNER)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "course_not_found")
    assert client.get("/progress/courses/mini", headers=LEARNER).json()["done"] == []
    assert client.get("/progress/courses/mini").json()["error"]["code"] == "learner_required"


def test_a_signed_in_learners_steps_are_counted_and_a_guests_are_not(client):
    claims = tokens.Claims("u.abc", "learner", "40/16813/", 0, "Đợt 1", date(2026, 12, 7))
    signed = {"Authorization": f"Bearer {tokens.issue(claims, SECRET, NOW)}"}
    lessons = client.get("/progress/courses/mini", headers=LEARNER).json()["lessons"]
    for lesson in lessons:
        client.put(f"/progress/courses/mini/lessons/{lesson}", headers=LEARNER)
        assert client.put(f"/progress/courses/mini/lessons/{lesson}", headers=signed).status_code == 200
    counted = sorted((c.unit_code, c.cohort, c.course_id, c.flag, c.n) for c in client.tally.counts("40/"))
    assert counted == [("16813", "Đợt 1", "mini", "lessons_done", 1), ("16813", "Đợt 1", "mini", "started", 1)]


def test_a_counter_that_cannot_be_written_does_not_fail_the_learners_step(client):
    class Jammed:
        def mark(self, mark):
            raise RuntimeError("counter item contended")

    client.app.dependency_overrides[get_tally] = lambda: Jammed()
    claims = tokens.Claims("u.abc", "learner", "40/16813/", 0, "Đợt 1", date(2026, 12, 7))
    signed = {"Authorization": f"Bearer {tokens.issue(claims, SECRET, NOW)}"}
    lesson = client.get("/progress/courses/mini", headers=LEARNER).json()["lessons"][0]
    response = client.put(f"/progress/courses/mini/lessons/{lesson}", headers=signed)
    assert response.status_code == 200 and response.json()["done"] == [lesson]


def test_the_progress_says_whether_the_course_is_required_for_the_signed_in_learners_category(client):
    def progress(category: str | None) -> dict:
        claims = tokens.Claims("u.abc", "learner", "40/16813/", 0, "Đợt 1", date(2026, 12, 7), category)
        signed = {"Authorization": f"Bearer {tokens.issue(claims, SECRET, NOW)}"}
        return client.get("/progress/courses/mini", headers=signed).json()

    assert progress("cnscd")["required"] is True
    assert progress("dan")["required"] is False
    assert progress(None)["required"] is False
