"""Guests' practice over HTTP (in process): drawn from the practice set only, reviewed in full, rate-limited per
client address, forgotten after its expiry; a course without a practice set offers guests none."""

from datetime import UTC, datetime, timedelta

import pytest

from functions import practice
from functions.api.deps.core import get_banks, get_clock, get_settings_dep
from functions.api.quiz.app import create_app
from functions.bank import BankShelf, write_bank
from functions.settings import settings_from
from tests.support.apps import SQLiteStores, app_client
from tests.support.banks import make_bank
from tests.support.clock import Clock

GUEST = {"X-Hocso-Learner": "guest-aaaaaaaaaaaaaaaa"}
LIMIT = 5


@pytest.fixture
def clock():
    return Clock()


def publish(tmp_path, **rules):
    bank = make_bank(
        **{"lessons": 3, "per_lesson": 4, "draw": 6, "practice_per_lesson": 2, "practice_draw": 4, **rules}
    )
    write_bank(bank, tmp_path / "bank")
    return bank


@pytest.fixture
def client(tmp_path, clock):
    publish(tmp_path)
    stores = SQLiteStores(tmp_path / "hocso.sqlite3")
    settings = settings_from({"HOCSO_DATA_DIR": str(tmp_path), "HOCSO_GUEST_STARTS_PER_HOUR": str(LIMIT)})
    overrides = {**stores.overrides(), get_banks: BankShelf(tmp_path / "bank"), get_clock: clock}
    with app_client(create_app(), {**overrides, get_settings_dep: settings}, store=stores.attempts) as client:
        yield client
    stores.close()


def guest(n: int) -> dict[str, str]:
    return {"X-Hocso-Learner": f"guest-{n:016d}"}


def start(client, headers=GUEST):
    response = client.post("/quiz/courses/mini/attempts", headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_guest_draws_only_practice_questions_and_sees_their_review(client):
    attempt = start(client)
    ids = {question["id"] for question in attempt["questions"]}
    assert attempt["practice"] is True and len(ids) == 4
    assert all(question_id.startswith("p") for question_id in ids)
    stored = client.store.get(attempt["id"])
    right = {question.id: question.key for question in stored.questions}
    done = client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=GUEST, json={"answers": right}).json()
    assert (done["result"]["correct"], done["practice"]) == (4, True)
    assert {item["id"] for item in done["review"]} == ids


def test_a_guest_never_meets_a_certified_question_however_often_they_practise(client):
    certified = {question.id for question in make_bank().questions}
    seen: set[str] = set()
    for n in range(LIMIT):
        seen |= {question["id"] for question in start(client, guest(n))["questions"]}
    assert seen and not seen & certified


def test_a_guest_cannot_answer_a_certified_question_in_a_practice_attempt(client):
    attempt = start(client)
    response = client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=GUEST, json={"answers": {"l1-q1": [1]}})
    assert (response.status_code, response.json()["error"]["code"]) == (422, "unknown_question")


def test_the_guest_summary_offers_practice_and_no_certified_score(client):
    body = client.get("/quiz/courses/mini", headers=GUEST).json()
    assert (body["practice"], body["practice_questions"], body["result"], body["attempts_left"]) == (True, 4, None, 0)


def test_a_course_without_a_practice_set_offers_guests_none(tmp_path, client):
    publish(tmp_path, practice_per_lesson=0)
    assert client.get("/quiz/courses/mini", headers=GUEST).json()["practice_questions"] is None
    response = client.post("/quiz/courses/mini/attempts", headers=GUEST)
    assert (response.status_code, response.json()["error"]["code"]) == (409, "practice_unavailable")
    assert "đăng nhập" in response.json()["error"]["message"]


def test_guest_starts_are_limited_per_client_address_and_window(client, clock):
    for n in range(LIMIT):
        start(client, guest(n))
    refused = client.post("/quiz/courses/mini/attempts", headers=guest(99))
    assert (refused.status_code, refused.json()["error"]["code"]) == (429, "practice_rate_limited")
    assert refused.json()["error"]["details"] == [{"field": "retry_after", "problem": "2026-11-23T09:00:00+00:00"}]
    assert client.post("/quiz/courses/mini/attempts", headers=guest(0)).status_code == 200  # resuming is free
    clock.now += timedelta(hours=1)
    start(client, guest(99))


def test_a_practice_attempt_expires_and_is_purged(client, clock):
    attempt = start(client)
    assert client.store.get(attempt["id"]).expires_at == datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    clock.now += practice.KEEP + timedelta(minutes=31)
    response = client.get(f"/quiz/attempts/{attempt['id']}", headers=GUEST)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "attempt_not_found")
    start(client, guest(1))  # a start purges what has expired
    assert client.store.get(attempt["id"]) is None


def test_a_certified_attempt_a_guest_id_made_before_practice_sets_is_hidden_from_it(client, clock):
    import random

    from functions.attempts import Attempt
    from functions.grading import draw

    bank = make_bank()
    old = Attempt(
        id="old-certified",
        learner_id=GUEST["X-Hocso-Learner"],
        course_id="mini",
        bank_version=bank.version,
        pass_percent=50,
        review=True,
        started_at=clock.now,
        deadline=clock.now + timedelta(minutes=30),
        questions=draw(bank, random.Random(1)),
    )
    client.store.start(old, max_attempts=3)
    assert client.get("/quiz/attempts/old-certified", headers=GUEST).status_code == 404
    assert client.get("/quiz/courses/mini", headers=GUEST).json()["open_attempt_id"] is None
    assert all(question["id"].startswith("p") for question in start(client)["questions"])


def test_the_client_address_comes_from_the_edge_header_when_the_settings_name_one(tmp_path, client):
    settings = settings_from(
        {
            "HOCSO_DATA_DIR": str(tmp_path),
            "HOCSO_GUEST_STARTS_PER_HOUR": "1",
            "HOCSO_CLIENT_HEADER": "CloudFront-Viewer-Address",
        }
    )
    client.app.dependency_overrides[get_settings_dep] = lambda: settings
    start(client, {**guest(1), "CloudFront-Viewer-Address": "203.0.113.7:50123"})
    start(client, {**guest(2), "CloudFront-Viewer-Address": "2001:db8::7:50124"})
    refused = client.post(
        "/quiz/courses/mini/attempts", headers={**guest(3), "CloudFront-Viewer-Address": "203.0.113.7:61000"}
    )
    assert refused.status_code == 429


def test_client_keys_hold_no_address():
    key = practice.client_key("203.0.113.7")
    assert "203" not in key and len(key) == 32 and key == practice.client_key("203.0.113.7")


def test_an_ipv6_client_counts_by_its_64_network():
    assert practice.client_key("2001:db8:1:2::7") == practice.client_key("2001:db8:1:2:ffff::1")
    assert practice.client_key("2001:db8:1:3::7") != practice.client_key("2001:db8:1:2::7")
    assert practice.client_key("::ffff:203.0.113.7") == practice.client_key("203.0.113.7")


def test_one_guest_id_keeps_at_most_the_cap_of_practice_attempts(tmp_path, client):
    settings = settings_from({"HOCSO_DATA_DIR": str(tmp_path), "HOCSO_GUEST_STARTS_PER_HOUR": str(practice.CAP + 10)})
    client.app.dependency_overrides[get_settings_dep] = lambda: settings
    for _ in range(practice.CAP):
        attempt = start(client)
        client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=GUEST, json={"answers": {}})
    refused = client.post("/quiz/courses/mini/attempts", headers=GUEST)
    assert (refused.status_code, refused.json()["error"]["code"]) == (429, "practice_rate_limited")
