"""The quiz function over HTTP (in process): an account's certified test, start, submit, read back; every bad request
a 4xx with a code. Guests' practice is in tests/api/test_quiz_practice.py."""

from datetime import timedelta

import pytest

from functions.accounts import tokens
from functions.accounts.account import Account
from functions.api.deps.attempts import get_store
from tests.support.banks import make_bank
from tests.support.clock import Clock
from tests.support.quiz import (
    LEARNER,
    LEARNER_ID,
    OTHER,
    SECRET,
    assert_error,
    quiz_client,
    right_answers,
    start,
    submit_empty,
)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def client(tmp_path, clock):
    with quiz_client(tmp_path, clock) as client:
        yield client


def test_course_quiz_reports_rules_and_attempts_left(client):
    body = client.get("/quiz/courses/mini", headers=LEARNER).json()
    assert body["rules"] == {
        "questions": 6,
        "pass_percent": 50,
        "time_limit_minutes": 30,
        "max_attempts": 2,
        "wait_minutes": 0,
        "score": "best",
        "review": "score",
        "require_lessons": False,
    }
    assert (body["attempts_used"], body["attempts_left"], body["open_attempt_id"], body["result"], body["passed"]) == (
        0,
        2,
        None,
        None,
        False,
    )
    assert (body["practice"], body["practice_questions"]) == (False, None)


def test_start_returns_questions_without_any_key(client):
    attempt = start(client)
    assert len(attempt["questions"]) == 6
    assert set(attempt["questions"][0]) == {"id", "text", "choices", "multiple"}
    assert attempt["result"] is None
    assert attempt["deadline"] == "2026-11-23T08:30:00Z"
    assert "key" not in str(attempt) and "explanation" not in str(attempt) and "order" not in str(attempt)


def test_submitting_the_right_answers_scores_full_marks_and_passes(client):
    attempt = start(client)
    response = client.post(
        f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": right_answers(client, attempt)}
    )
    assert response.status_code == 200
    result = response.json()["result"]
    assert (result["correct"], result["total"], result["percent"], result["passed"], result["pass_percent"]) == (
        6,
        6,
        100.0,
        True,
        50,
    )


def test_a_partly_wrong_submission_scores_what_is_right(client):
    attempt = start(client)
    answers = right_answers(client, attempt)
    for question_id in list(answers)[:4]:
        answers[question_id] = [(answers[question_id][0] + 1) % 4]
    result = client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": answers}).json()[
        "result"
    ]
    assert (result["correct"], result["percent"], result["passed"]) == (2, 33.3, False)


def test_an_attempt_started_before_sheets_were_kept_is_saved_and_graded_from_its_start_record(client):
    attempt = start(client)
    store = client.app.dependency_overrides[get_store]()
    with store._lock:  # as a file from before sheets holds it: the start record alone
        store._db.execute("UPDATE attempt_starts SET sheet = NULL WHERE id = ?", (attempt["id"],))
    right = right_answers(client, attempt)
    saved = client.put(f"/quiz/attempts/{attempt['id']}/answers", headers=LEARNER, json={"answers": right})
    assert saved.status_code == 200 and saved.json()["answered"] == 6
    url = f"/quiz/attempts/{attempt['id']}/submit"
    first = client.post(url, headers=LEARNER, json={"answers": right})
    assert first.status_code == 200 and first.json()["result"]["correct"] == 6
    assert client.get(f"/quiz/attempts/{attempt['id']}", headers=LEARNER).json()["result"] == first.json()["result"]


def test_resubmitting_returns_the_first_result(client):
    attempt = start(client)
    url = f"/quiz/attempts/{attempt['id']}/submit"
    first = client.post(url, headers=LEARNER, json={"answers": right_answers(client, attempt)}).json()
    again = client.post(url, headers=LEARNER, json={"answers": {}}).json()
    assert again == first and first["result"]["correct"] == 6


def test_reading_an_attempt_back_resumes_it_and_shows_its_result_once_submitted(client):
    attempt = start(client)
    assert client.get(f"/quiz/attempts/{attempt['id']}", headers=LEARNER).json() == attempt
    client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": {}})
    assert client.get(f"/quiz/attempts/{attempt['id']}", headers=LEARNER).json()["result"]["correct"] == 0


def test_another_learners_attempt_is_not_found(client):
    attempt = start(client)
    assert_error(client.get(f"/quiz/attempts/{attempt['id']}", headers=OTHER), 404, "attempt_not_found")
    assert_error(
        client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=OTHER, json={"answers": {}}),
        404,
        "attempt_not_found",
    )
    assert client.store.get(attempt["id"]).submitted_at is None


def test_a_made_up_attempt_id_is_not_found(client):
    assert_error(
        client.post("/quiz/attempts/abcdefabcdef/submit", headers=LEARNER, json={"answers": {}}),
        404,
        "attempt_not_found",
    )


def test_answers_to_questions_not_in_the_attempt_are_refused_and_nothing_is_stored(client):
    attempt = start(client)
    shown = {q["id"] for q in attempt["questions"]}
    foreign = next(q.id for q in make_bank().questions if q.id not in shown)
    body = assert_error(
        client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": {foreign: [0]}}),
        422,
        "unknown_question",
    )
    assert body["error"]["details"] == [{"field": f"answers.{foreign}", "problem": "unknown"}]
    assert client.store.get(attempt["id"]).submitted_at is None


def test_choice_out_of_range_and_two_choices_for_a_single_answer_question_are_refused(client):
    attempt = start(client)
    question = attempt["questions"][0]["id"]
    url = f"/quiz/attempts/{attempt['id']}/submit"
    assert_error(client.post(url, headers=LEARNER, json={"answers": {question: [7]}}), 422, "choice_out_of_range")
    assert_error(client.post(url, headers=LEARNER, json={"answers": {question: [0, 1]}}), 422, "too_many_choices")


def test_a_submission_after_the_deadline_is_graded_on_the_answers_saved_in_time(client, clock):
    attempt = start(client)
    right = right_answers(client, attempt)
    first_three = dict(list(right.items())[:3])
    assert (
        client.put(f"/quiz/attempts/{attempt['id']}/answers", headers=LEARNER, json={"answers": first_three}).json()[
            "answered"
        ]
        == 3
    )
    clock.now += timedelta(minutes=31, seconds=1)
    response = client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": right})
    result = response.json()["result"]
    assert (response.status_code, result["correct"], result["late"]) == (200, 3, True)
    assert result["submitted_at"] == "2026-11-23T08:30:00Z"


def test_a_submission_in_the_grace_minute_after_the_deadline_is_graded(client, clock):
    attempt = start(client)
    clock.now += timedelta(minutes=30, seconds=50)
    assert (
        client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": {}}).status_code == 200
    )


def test_attempts_beyond_the_course_limit_are_refused(client):
    submit_empty(client, start(client))
    submit_empty(client, start(client))
    assert_error(client.post("/quiz/courses/mini/attempts", headers=LEARNER), 409, "attempt_limit_reached")
    assert client.get("/quiz/courses/mini", headers=LEARNER).json()["attempts_left"] == 0
    start(client, headers=OTHER)


def test_starting_again_resumes_the_attempt_in_progress(client):
    attempt = start(client)
    again = client.post("/quiz/courses/mini/attempts", headers=LEARNER)
    assert (again.status_code, again.json()) == (200, attempt)
    assert client.get("/quiz/courses/mini", headers=LEARNER).json()["open_attempt_id"] == attempt["id"]


def test_saved_answers_come_back_with_the_attempt(client, clock):
    attempt = start(client)
    question = attempt["questions"][0]["id"]
    clock.now += timedelta(minutes=2)
    saved = client.put(f"/quiz/attempts/{attempt['id']}/answers", headers=LEARNER, json={"answers": {question: [3, 3]}})
    assert saved.json() == {"attempt_id": attempt["id"], "saved_at": "2026-11-23T08:02:00Z", "answered": 1}
    back = client.get(f"/quiz/attempts/{attempt['id']}", headers=LEARNER).json()
    assert (back["saved"], back["saved_at"]) == ({question: [3]}, "2026-11-23T08:02:00Z")


def test_saving_after_submission_or_after_the_deadline_is_refused(client, clock):
    attempt = start(client)
    submit_empty(client, attempt)
    url = f"/quiz/attempts/{attempt['id']}/answers"
    assert_error(client.put(url, headers=LEARNER, json={"answers": {}}), 409, "attempt_submitted")
    late = start(client)
    clock.now += timedelta(minutes=40)
    assert_error(
        client.put(f"/quiz/attempts/{late['id']}/answers", headers=LEARNER, json={"answers": {}}),
        409,
        "attempt_expired",
    )


def test_saving_answers_to_foreign_questions_is_refused_and_nothing_is_stored(client):
    attempt = start(client)
    response = client.put(f"/quiz/attempts/{attempt['id']}/answers", headers=LEARNER, json={"answers": {"l9-q9": [0]}})
    assert_error(response, 422, "unknown_question")
    assert client.store.get(attempt["id"]).saved == {}


def test_unknown_course_is_not_found(client):
    assert_error(client.post("/quiz/courses/khong-co/attempts", headers=LEARNER), 404, "course_not_found")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Hocso-Learner": "short"},
        {"X-Hocso-Learner": "x" * 65},
        {"X-Hocso-Learner": "có-dấu-không-hợp-lệ-aaa".encode()},
    ],
)
def test_a_missing_or_malformed_learner_id_is_refused(client, headers):
    assert_error(client.post("/quiz/courses/mini/attempts", headers=headers), 401, "learner_required")


@pytest.mark.parametrize(
    "payload, status, code",
    [
        ("{not json", 400, "malformed_json"),
        ('{"answers": [1, 2]}', 422, "invalid_request"),
        ('{"answers": {"q": ["a"]}}', 422, "invalid_request"),
        ('{"answers": {"q": [-1]}}', 422, "invalid_request"),
        ('{"answers": {}, "extra": 1}', 422, "invalid_request"),
        ("{}", 422, "invalid_request"),
    ],
)
@pytest.mark.parametrize("method, route", [("POST", "submit"), ("PUT", "answers")])
def test_malformed_submissions_and_saves_get_a_4xx_with_a_stable_code(client, payload, status, code, method, route):
    attempt = start(client)
    response = client.request(
        method,
        f"/quiz/attempts/{attempt['id']}/{route}",
        headers={**LEARNER, "Content-Type": "application/json"},
        content=payload,
    )
    assert_error(response, status, code)
    stored = client.store.get(attempt["id"])
    assert stored.submitted_at is None and stored.saved == {}


def test_unknown_routes_and_methods_answer_in_the_error_shape(client):
    assert (
        assert_error(client.get("/khong-co"), 404, "not_found")["error"]["message"] == "Không tìm thấy địa chỉ yêu cầu."
    )
    assert_error(client.delete("/quiz/courses/mini"), 405, "method_not_allowed")
    assert_error(client.get("/quiz/courses/CHU-HOA", headers=LEARNER), 422, "invalid_request")


def test_an_unexpected_failure_is_a_json_500_without_internals(client):
    def broken():
        raise RuntimeError("database on fire")

    client.app.dependency_overrides[get_store] = broken
    response = client.get("/quiz/courses/mini", headers=LEARNER)
    assert_error(response, 500, "internal_error")
    assert "fire" not in response.text


def test_openapi_documents_every_route_and_its_error_codes(client):
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/quiz/courses/{course_id}",
        "/quiz/courses/{course_id}/attempts",
        "/quiz/attempts/{attempt_id}",
        "/quiz/attempts/{attempt_id}/answers",
        "/quiz/attempts/{attempt_id}/submit",
    }
    save = spec["paths"]["/quiz/attempts/{attempt_id}/answers"]["put"]["responses"]
    assert "attempt_expired" in save["409"]["description"] and "malformed_json" in save["400"]["description"]


def test_a_token_ended_elsewhere_cannot_start_or_submit(client, clock):
    """Signing out, a password change or a reset raise the account's token version: the quiz reads it per request."""
    account, _ = client.accounts.add_account(
        Account(
            learner_id="u.abc",
            username="abc",
            full_name="Đặng Hữu Phước",
            unit_code="16813",
            unit_path="40/16813/",
            identity="16813:phone:0912345678",
            issued_on=clock.now.date(),
        )
    )
    token = tokens.issue(tokens.Claims("u.abc", "learner", "40/16813/", 0), SECRET, clock.now)
    signed = {"Authorization": f"Bearer {token}"}
    attempt = start(client, signed)
    client.accounts.set_signin(account.model_copy(update={"token_version": 1}))  # signed out elsewhere
    assert_error(
        client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=signed, json={"answers": {}}),
        401,
        "session_ended",
    )
    assert_error(client.post("/quiz/courses/mini/attempts", headers=signed), 401, "session_ended")
    assert (
        client.post("/quiz/courses/mini/attempts", headers=LEARNER).status_code == 201
    )  # another account is not affected


def test_a_new_round_of_the_province_counts_attempts_afresh_and_keeps_the_old_ones(client, clock):
    from datetime import date

    from functions.rounds import Round, with_round

    kept = client.accounts.rounds("T01")
    for code, first, last in (
        ("2026", date(2026, 1, 5), date(2026, 11, 30)),
        ("2027", date(2026, 12, 1), date(2027, 11, 30)),
    ):
        kept = with_round(kept, Round(code=code, name=f"Đợt {code}", first=first, last=last))
        assert client.accounts.put_rounds("T01", kept)
    submit_empty(client, start(client))
    submit_empty(client, start(client))
    assert_error(client.post("/quiz/courses/mini/attempts", headers=LEARNER), 409, "attempt_limit_reached")
    # 2 December 2026 is in the province's round 2027, though still in calendar year 2026.
    clock.now += timedelta(days=9)
    token = tokens.issue(tokens.Claims(LEARNER_ID, "learner", "T01/X01/", 0), SECRET, clock.now)
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get("/quiz/courses/mini", headers=headers).json()
    assert (body["attempts_used"], body["attempts_left"], body["result"]) == (0, 2, None)
    submit_empty(client, start(client, headers), headers)
    submit_empty(client, start(client, headers), headers)
    assert_error(client.post("/quiz/courses/mini/attempts", headers=headers), 409, "attempt_limit_reached")
    assert client.get("/quiz/courses/mini", headers=headers).json()["attempts_left"] == 0
    assert len(client.store.attempts(LEARNER_ID, "mini")) == 4  # last round's attempts are kept


def test_a_pass_counts_once_in_each_round_the_learners_account_is_issued_for(client, clock):
    """The token carries the round of the learner's account: renewed for a later round by an import, the learner signs
    in again and their pass counts there too; a pass in the same round again counts nothing more."""

    def headers(round: str | None) -> dict[str, str]:
        claims = tokens.Claims(LEARNER_ID, "learner", "T01/X01/", 0, None, None, "cbccvc", round)
        return {"Authorization": f"Bearer {tokens.issue(claims, SECRET, clock.now)}"}

    def passes(round: str | None) -> None:
        attempt = start(client, headers(round))
        answers = {"answers": right_answers(client, attempt)}
        assert client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=headers(round), json=answers).json()[
            "result"
        ]["passed"]

    passes("2026")
    passes("2027")  # renewed: the second of the two attempts this (calendar) round allows
    passed = [c for c in client.tally.counts("T01/") if c.flag == "passed"]
    assert sum(c.n for c in passed) == 2
    clock.now += timedelta(days=40)  # next calendar year: attempts afresh, but the account is still of round 2027
    passes("2027")
    assert sum(c.n for c in client.tally.counts("T01/") if c.flag == "passed") == 2
    _, shares = client.tally.split("T01/")
    assert sum(c.n for c in shares if c.flag == "passed" and c.category == "cbccvc") == 2
