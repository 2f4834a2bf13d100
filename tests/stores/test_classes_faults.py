"""The classroom training store on DynamoDB under what moto never does (tests/support/faults.py): a registration whose
answer was lost on the way back, attendance written while batches come back half unprocessed and reads are
throttled. Each keeps every learner and mark once. The backoff's sleep is a fake clock's."""

import uuid
from datetime import date

import boto3
import pytest

from functions.classes import TrainingClass
from functions.stores.dynamodb.classes import DynamoDBClasses
from functions.stores.dynamodb.retry import Backoff, client_config
from tests.support.clock import SleepingClock
from tests.support.faults import Faults
from tests.support.world import XEN

DAYS = [date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)]


@pytest.fixture
def world(aws_env, dynamodb_endpoint):
    """A class in a new table, the store over a client with faults to inject, and the fake time of its backoff."""
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, config=client_config(dynamodb_endpoint))
    time = SleepingClock()
    store = DynamoDBClasses(
        f"hocso-{uuid.uuid4().hex[:12]}", client=client, backoff=Backoff(clock=time, sleep=time.sleep)
    )
    store.create_table()
    store.add(
        TrainingClass(
            class_id="lop-1",
            title="Tập huấn chuyển đổi số",
            place="Hội trường",
            first_day=DAYS[0],
            last_day=DAYS[-1],
            trainer="Giảng viên",
            course_id="cds",
            unit_code=XEN.code,
            unit_path=XEN.path,
        )
    )
    return store, Faults(client), time


def test_a_registration_whose_answer_was_lost_keeps_each_learner_once(world):
    store, faults, _ = world
    store.register("lop-1", ["u.a"])
    faults.inject("PutItem", "lost")  # written, then the answer lost: tried again, its condition now fails
    assert store.register("lop-1", ["u.b", "u.c"]).learner_ids == ("u.a", "u.b", "u.c")
    assert store.get("lop-1").learner_ids == ("u.a", "u.b", "u.c")
    assert faults.count("PutItem", "lost") == 1


def test_attendance_under_unprocessed_batches_and_throttled_reads_is_kept_whole_and_once(world):
    store, faults, time = world
    sheet = [(f"u.{n:03d}", day) for n in range(40) for day in DAYS]  # 120 marks: five batches of 25
    faults.inject("Query", "throttled", "throttled")
    faults.cycle("BatchWriteItem", "unprocessed")
    assert store.attend("lop-1", sheet) == 120
    assert faults.count("BatchWriteItem", "unprocessed") > 5 and time.slept
    assert store.attendance("lop-1") == sorted(sheet)
    assert store.attend("lop-1", sheet) == 0


def test_paper_scores_under_unprocessed_batches_and_throttled_reads_are_kept_whole(world):
    store, faults, time = world
    scores = {f"u.{n:03d}": (n % 21, 20) for n in range(60)}  # three batches of 25 at most
    faults.cycle("BatchWriteItem", "unprocessed")
    store.record_scores("lop-1", scores)
    assert faults.count("BatchWriteItem", "unprocessed") >= 3 and time.slept
    faults.inject("Query", "throttled", "throttled")
    assert store.scores("lop-1") == scores
