"""Question statistics kept as learners submit: a signed-in learner's graded attempt adds each drawn question's sums
to its unit's cell of the month, in one write; a repeated submission, a guest's practice and a failed write add
nothing, and a write DynamoDB refuses never fails the submission."""

import logging
import uuid
from datetime import timedelta

import boto3
import pytest

from functions.api.deps.questions import get_question_sums
from functions.questions.sums import UNKEPT, Cell, Sums, logged, replay
from functions.stores.dynamodb.questions import DynamoDBQuestionSums
from functions.stores.dynamodb.retry import Backoff, client_config
from tests.support.clock import Clock, SleepingClock
from tests.support.faults import Faults
from tests.support.quiz import LEARNER, OTHER, publish, quiz_client, right_answers, start
from tests.support.stores import count_writes, written


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def client(tmp_path, clock):
    with quiz_client(tmp_path, clock) as client:
        yield client


def submit(client, attempt, answers, headers=LEARNER):
    response = client.post(f"/quiz/attempts/{attempt['id']}/submit", headers=headers, json={"answers": answers})
    assert response.status_code == 200, response.text
    return response.json()["result"]


def four_right(client, attempt) -> tuple[dict, set[str]]:
    """Answers with the first four questions right and the last two wrong, and the ids of those right."""
    keys = right_answers(client, attempt)
    ids = [question["id"] for question in attempt["questions"]]
    answers = {
        q: keys[q] if n < 4 else [(keys[q][0] + 1) % len(attempt["questions"][n]["choices"])] for n, q in enumerate(ids)
    }
    return answers, set(ids[:4])


def test_a_submission_adds_each_drawn_questions_sums_to_its_units_month_in_one_write(client):
    store = client.app.dependency_overrides[get_question_sums]()
    writes = count_writes(store)
    attempt = start(client)
    answers, right = four_right(client, attempt)
    assert submit(client, attempt, answers)["correct"] == 4
    written(store)
    assert writes() == 1
    [cell] = store.cells("T01/", "mini")
    assert (cell.unit_path, cell.unit_code, cell.month) == ("T01/X01/", "X01", "2026-11")
    # x right (1/0); s the other questions right: 3 for a right one, 4 for a wrong one.
    assert cell.questions == {q: Sums(1, 1, 3, 9, 3) if q in right else Sums(1, 0, 4, 16, 0) for q in answers}
    submit(client, attempt, {})  # the same attempt again: the first result, nothing added
    assert writes() == 1 and store.cells("T01/", "mini") == [cell]


def test_two_learners_submissions_add_up_and_a_guests_practice_adds_nothing(client, tmp_path):
    store = client.app.dependency_overrides[get_question_sums]()
    publish(tmp_path, practice_per_lesson=2, practice_draw=4)  # the course now offers guests practice
    for headers in (LEARNER, OTHER):
        attempt = start(client, headers)
        submit(client, attempt, right_answers(client, attempt), headers)
    guest = {"X-Hocso-Learner": "guest-aaaaaaaaaaaaaaaa"}
    practice = start(client, guest)
    assert practice["practice"] is True
    submit(client, practice, {}, headers=guest)
    [cell] = store.cells("T01/", "mini")
    assert sum(sums.n for sums in cell.questions.values()) == 12
    assert all(sums.right == sums.n and sums.rest == 5 * sums.n for sums in cell.questions.values())


def test_an_attempt_graded_on_its_deadline_adds_nothing(client, clock):
    store = client.app.dependency_overrides[get_question_sums]()
    late = start(client)
    clock.now += timedelta(minutes=31, seconds=1)  # past the deadline and its grace: graded on what was saved
    assert client.post(f"/quiz/attempts/{late['id']}/submit", headers=LEARNER, json={"answers": {}}).status_code == 200
    assert store.cells("T01/", "mini") == []
    attempt = start(client, OTHER)  # a submission in time still counts
    submit(client, attempt, right_answers(client, attempt), OTHER)
    assert sum(sums.n for sums in store.cells("T01/", "mini")[0].questions.values()) == 6


@pytest.fixture
def failing_sums(aws_env, dynamodb_endpoint):
    """A DynamoDB question store whose every UpdateItem is throttled past the retries, and its faults."""
    raw = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, config=client_config(dynamodb_endpoint))
    time = SleepingClock()
    store = DynamoDBQuestionSums(
        f"hocso-{uuid.uuid4().hex[:12]}", client=raw, backoff=Backoff(clock=time, sleep=time.sleep)
    )
    store.create_table()
    faults = Faults(raw)
    faults.cycle("UpdateItem", "throttled")
    return store, faults


def test_a_throttled_statistics_write_never_fails_the_submission_and_is_logged_to_be_added_later(
    client, failing_sums, caplog
):
    store, faults = failing_sums
    client.app.dependency_overrides[get_question_sums] = lambda: store
    attempt = start(client)
    answers, right = four_right(client, attempt)
    with caplog.at_level(logging.WARNING, logger="hocso.questions"):
        result = submit(client, attempt, answers)
    assert (result["correct"], result["passed"]) == (4, True)
    assert client.store.get(attempt["id"]).submitted  # the grade is kept
    assert faults.count("UpdateItem", "throttled") >= 2 and store.cells("T01/", "mini") == []
    [unkept] = logged(caplog.text)
    assert UNKEPT in caplog.text and unkept.attempt_id == attempt["id"]
    cell = unkept.cell
    assert (cell.unit_path, cell.course_id, cell.month, set(cell.questions)) == (
        "T01/X01/",
        "mini",
        "2026-11",
        set(answers),
    )
    faults.inject("UpdateItem")  # the throttling is over: the logged sums are added, once however often replayed
    assert replay(store, logged(caplog.text)) == (1, 0)
    assert replay(store, logged(caplog.text)) == (0, 1)
    assert store.cells("T01/", "mini") == [Cell("T01/X01/", "X01", "mini", "2026-11", cell.questions)]
    assert cell.questions == {q: Sums(1, 1, 3, 9, 3) if q in right else Sums(1, 0, 4, 16, 0) for q in answers}
