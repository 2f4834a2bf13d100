"""The course's test rules over HTTP (in process): time running out, waits between attempts, which score counts,
what review shows, lessons first, a bank published mid-attempt."""

from datetime import timedelta

import pytest

from functions.bank import write_bank
from tests.support.banks import make_bank
from tests.support.clock import Clock
from tests.support.quiz import (
    LEARNER,
    LEARNER_ID,
    assert_error,
    publish,
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
