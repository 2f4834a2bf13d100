"""The quiz function over HTTP (in process): an account's certified test, start, submit, read back; every bad request
a 4xx with a code. Guests' practice is in tests/api/test_quiz_practice.py."""

from datetime import UTC, date, datetime, timedelta

import pytest

from functions.accounts import tokens
from functions.accounts.account import Account
from functions.api.deps.attempts import get_store
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


@pytest.fixture
def clock():
    return Clock()


RULES = dict(lessons=3, per_lesson=4, draw=6, pass_percent=50, max_attempts=2, time_limit_minutes=30)


def publish(tmp_path, **rules):
    """Write the course's bank as the build does; `rules` override the defaults above."""
    bank = make_bank(**{**RULES, **rules})
    write_bank(bank, tmp_path / "bank")
    return bank


@pytest.fixture
def client(tmp_path, clock):
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
    with app_client(create_app(), overrides, store=stores.attempts, accounts=stores.accounts, tmp=tmp_path) as client:
        yield client
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


def submit_empty(client, attempt, headers=LEARNER):
    return client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=headers, json={"answers": {}})


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


def test_an_attempt_whose_time_ran_out_is_settled_and_a_new_one_can_start(client, clock):
    attempt = start(client)
    clock.now += timedelta(minutes=45)
    summary = client.get("/quiz/courses/mini", headers=LEARNER).json()
    assert (summary["open_attempt_id"], summary["result"]["late"], summary["attempts_left"]) == (None, True, 1)
    assert start(client)["id"] != attempt["id"]


def test_a_wait_between_attempts_is_enforced(tmp_path, client, clock):
    publish(tmp_path, wait_minutes=60)
    submit_empty(client, start(client))
    body = assert_error(client.post("/quiz/courses/mini/attempts", headers=LEARNER), 409, "attempt_wait")
    assert body["error"]["details"] == [{"field": "next_attempt_at", "problem": "2026-11-23T09:00:00+00:00"}]
    assert client.get("/quiz/courses/mini", headers=LEARNER).json()["next_attempt_at"] == "2026-11-23T09:00:00Z"
    clock.now += timedelta(minutes=61)
    start(client)


@pytest.mark.parametrize("rule, counted", [("best", 6), ("last", 0)])
def test_the_course_rule_decides_which_score_counts(tmp_path, client, clock, rule, counted):
    publish(tmp_path, score=rule)
    attempt = start(client)
    client.post(
        f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": right_answers(client, attempt)}
    )
    clock.now += timedelta(minutes=1)
    submit_empty(client, start(client))
    summary = client.get("/quiz/courses/mini", headers=LEARNER).json()
    assert (summary["result"]["correct"], summary["passed"]) == (counted, counted == 6)


def test_review_shows_keys_and_explanations_only_after_submission_and_only_when_allowed(tmp_path, client):
    attempt = start(client)
    done = submit_empty(client, attempt).json()
    assert (done["review"], done["revisit"]) == (None, None)  # the default shows the score only
    publish(tmp_path, review="answers", max_attempts=3)
    attempt = start(client)
    assert attempt["review"] is None
    right = right_answers(client, attempt)
    first = attempt["questions"][0]["id"]
    done = client.post(
        f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": {first: right[first]}}
    ).json()
    review = {item["id"]: item for item in done["review"]}
    assert review[first] == {
        "id": first,
        "chosen": right[first],
        "correct": right[first],
        "right": True,
        "explanation": "Vì vậy.",
    }
    second = attempt["questions"][1]["id"]
    assert (review[second]["chosen"], review[second]["correct"], review[second]["right"]) == ([], right[second], False)


def test_review_lessons_names_the_lessons_to_revisit_and_no_question(tmp_path, client):
    publish(tmp_path, review="lessons")
    attempt = start(client)
    right = right_answers(client, attempt)
    stored = {question.id: question.lesson for question in client.store.get(attempt["id"]).questions}
    wrong = attempt["questions"][0]["id"]
    answers = {question_id: key for question_id, key in right.items() if stored[question_id] != stored[wrong]}
    done = client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": answers}).json()
    assert (done["review"], done["revisit"]) == (None, [stored[wrong]])
    assert client.get(f"/quiz/attempts/{attempt['id']}", headers=LEARNER).json()["review"] is None


def test_review_as_written_before_it_had_three_values_still_reads():
    assert make_bank(review=True).rules.review == "answers"
    assert make_bank(review=False).rules.review == "score"


def test_the_test_opens_only_after_every_lesson_when_the_course_asks(tmp_path, client, clock):
    publish(tmp_path, require_lessons=True)
    body = assert_error(client.post("/quiz/courses/mini/attempts", headers=LEARNER), 409, "lessons_incomplete")
    assert [detail["field"] for detail in body["error"]["details"]] == ["lessons.l1", "lessons.l2", "lessons.l3"]
    for lesson in ("l1", "l2", "l3"):
        client.store.mark_done(LEARNER_ID, "mini", lesson, clock())
    start(client)


def test_a_new_bank_published_mid_attempt_does_not_change_its_grade(tmp_path, client):
    attempt = start(client)
    right = right_answers(client, attempt)
    changed = publish(tmp_path, pass_percent=90)
    for question in changed.questions:
        question.answer = [0]
    changed.version = changed.content_hash()
    write_bank(changed, tmp_path / "bank")
    assert changed.version != attempt["bank_version"]
    done = client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=LEARNER, json={"answers": right}).json()
    assert (done["bank_version"], done["result"]["correct"], done["result"]["pass_percent"]) == (
        attempt["bank_version"],
        6,
        50,
    )
    assert start(client)["bank_version"] == changed.version


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
def test_malformed_submissions_get_a_4xx_with_a_stable_code(client, payload, status, code):
    attempt = start(client)
    response = client.post(
        f"/quiz/attempts/{attempt['id']}/submit",
        headers={**LEARNER, "Content-Type": "application/json"},
        content=payload,
    )
    assert_error(response, status, code)
    assert client.store.get(attempt["id"]).submitted_at is None


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
