"""A merge of units on DynamoDB under what moto never does (tests/support/faults.py): transactions throttled,
cancelled and answered too late to be heard. Every account ends in the new unit, once, with its guard there; a call
the faults stopped half way says so, and the same merge sent again finishes it."""

import uuid
from datetime import date

import boto3
import pytest

from functions.accounts import merges
from functions.accounts.account import Account
from functions.stores.dynamodb.accounts import DynamoDBAccounts
from functions.stores.dynamodb.retry import Backoff, client_config
from tests.support.clock import SleepingClock
from tests.support.faults import Faults
from tests.support.world import PROVINCE, VINH, XEN

ON = date(2026, 7, 1)
PEOPLE = 240
"""Accounts merged: five transactions of 50, faults cycling over them."""


@pytest.fixture
def world(aws_env, dynamodb_endpoint):
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, config=client_config(dynamodb_endpoint))
    time = SleepingClock()
    store = DynamoDBAccounts(
        f"hocso-{uuid.uuid4().hex[:12]}", client=client, backoff=Backoff(clock=time, sleep=time.sleep)
    )
    store.create_table()
    return store, Faults(client)


def person(n: int) -> Account:
    return Account(
        learner_id=f"u.learner{n}",
        username=f"hocvien{n}",
        full_name=f"Nguyễn Văn {n}",
        unit_code=XEN.code,
        unit_path=XEN.path,
        identity=f"cccd:0400{n:08d}",
        issued_on=date(2026, 6, 1),
        activation_hash="ab" * 32,
    )


def test_a_merge_under_throttles_and_lost_answers_moves_every_account_once(world):
    store, faults = world
    store.put_units([PROVINCE, XEN, VINH])
    store.add_accounts([person(n) for n in range(PEOPLE)])
    faults.cycle("TransactWriteItems", "cancelled-throttled", "throttled", None, "lost", None)
    faults.cycle("BatchGetItem", "unprocessed")
    checked = merges.plan(store.units(), PROVINCE.path, [XEN.code], VINH.code, ON, ON)
    moved, done = merges.merge(store, checked)
    while not done:  # what the faults stopped, the same merge sent again moves
        again, done = merges.merge(store, merges.plan(store.units(), PROVINCE.path, [XEN.code], VINH.code, ON, ON))
        moved += again
    assert moved == PEOPLE
    assert faults.count("TransactWriteItems", "lost") >= 1
    faults.cycle("TransactWriteItems", None)
    assert store.accounts_under(XEN.path) == []
    assert sorted(a.learner_id for a in store.accounts_under(VINH.path)) == sorted(
        f"u.learner{n}" for n in range(PEOPLE)
    )
    assert all(a.identity == f"cccd:0400{int(a.learner_id[9:]):08d}" for a in store.accounts_under(VINH.path))
    # Each one's guard is in the new unit: re-importing them there finds them, and makes nobody twice.
    again = [p.model_copy(update={"unit_code": VINH.code, "unit_path": VINH.path}) for p in map(person, range(5))]
    assert [created for _, created in store.add_accounts(again)] == [False] * 5
    assert store.unit(XEN.code).merged_into == VINH.code
