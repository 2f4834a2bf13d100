"""The DynamoDB stores under what moto never does: throttles, transaction conflicts, answers lost on the way back and
unprocessed batches, injected into a real client (tests/support/faults.py) talking to the DynamoDB-API server.
The backoff's sleep is a fake clock's: the waits are recorded, not slept."""

import logging
import random
import uuid
from datetime import UTC, date, datetime, timedelta

import boto3
import pytest

from functions.accounts.account import Account, Unit
from functions.accounts.tokens import Claims
from functions.attempts import Attempt, AttemptOpen
from functions.grading import draw, grade
from functions.reports.tally import UNPARKED, Count, Mark, Reconciled, count_or_park, logged, reached, reconcile
from functions.stores.dynamodb.accounts import DynamoDBAccounts
from functions.stores.dynamodb.attempts import DynamoDBStore
from functions.stores.dynamodb.retry import Backoff, client_config
from functions.stores.dynamodb.tally import DynamoDBTally
from tests.support.banks import make_bank
from tests.support.clock import Clock, SleepingClock
from tests.support.faults import Faults
from tests.support.servers import run_together
from tests.support.world import PROVINCE, XEN

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
DAY = date(2026, 11, 23)
IMPORTED = 4_500
"""Learners in the throttled import, a wave's commune-sized share of a province: 137 transactions of up to 33 new
accounts, then a commune's 500 again, 5 transactions of 100 updates. The test server rolls a failed transaction
back from a journal of its own items (tests/support/dynamodb_server.py), so this takes seconds, not minutes."""


@pytest.fixture
def world(aws_env, dynamodb_endpoint):
    """A new table, a client with faults to inject, and the fake time the stores' backoff uses."""
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, config=client_config(dynamodb_endpoint))
    time = SleepingClock()
    table = f"hocso-{uuid.uuid4().hex[:12]}"

    def open_store(kind):
        return kind(table, client=client, backoff=Backoff(clock=time, sleep=time.sleep))

    open_store(DynamoDBStore).create_table()
    return open_store, Faults(client), time


def account(n: int, unit: Unit = XEN) -> Account:
    return Account(
        learner_id=f"u.learner{n}",
        username=f"hocvien{n}",
        full_name=f"Nguyễn Văn {n}",
        unit_code=unit.code,
        unit_path=unit.path,
        identity=f"cccd:0400{n:08d}",
        issued_on=date(2026, 11, 23),
        activation_hash="ab" * 32,
    )


def mark(learner: str, flag: str = "passed") -> Mark:
    return Mark(
        learner_id=learner,
        unit_code=XEN.code,
        unit_path=XEN.path,
        cohort="Đợt 1",
        course_id="cds",
        flag=flag,
        day=DAY,
        deadline=None,
    )


def new_attempt(attempt_id: str) -> Attempt:
    bank = make_bank()
    return Attempt(
        id=attempt_id,
        learner_id="learner-aaaaaaaaaaaa",
        course_id="mini",
        bank_version=bank.version,
        pass_percent=50,
        started_at=NOW,
        deadline=NOW + timedelta(minutes=30),
        questions=draw(bank, random.Random(attempt_id)),
    )


def test_an_import_completes_with_every_account_under_throttled_transactions(world):
    open_store, faults, time = world
    accounts = open_store(DynamoDBAccounts)
    accounts.put_units([PROVINCE, XEN])
    people = [account(n) for n in range(IMPORTED)]
    # Every other transaction is refused twice (a throttled cancellation, then a throttle botocore gave up on) before
    # it passes; the others pass but their answer is lost, and their retry must not find its own accounts "taken".
    # The identity guards' batch reads come back half unprocessed.
    faults.cycle("TransactWriteItems", "cancelled-throttled", "throttled", None, "lost", None)
    faults.cycle("BatchGetItem", "unprocessed")
    assert accounts.add_accounts(people) == [(person, True) for person in people]
    # A third of the transactions were throttled at first, a third answered too late to be heard.
    assert faults.count("TransactWriteItems", "cancelled-throttled") >= IMPORTED // 33 // 3
    assert faults.count("TransactWriteItems", "lost") >= IMPORTED // 33 // 3
    assert faults.count("BatchGetItem", "unprocessed") >= IMPORTED // 100
    faults.cycle("TransactWriteItems", "cancelled-provisioned", None)
    again = accounts.add_accounts(people[:500])  # a commune re-imported: details updates, 100 a transaction, throttled
    assert [(updated.learner_id, created) for updated, created in again] == [
        (p.learner_id, False) for p in people[:500]
    ]
    faults.cycle("TransactWriteItems", None)
    assert [a.username for a in accounts.accounts_under(XEN.path)] == sorted(p.username for p in people)
    assert all(accounts.by_username(p.username) == p for p in people[:: IMPORTED // 10])
    assert all(0 <= wait <= 1.0 for wait in time.slept) and time.slept


def test_racing_submits_under_conflicts_give_one_grade(world):
    open_store, faults, _ = world
    store = open_store(DynamoDBStore)
    attempt = new_attempt("a1")
    faults.inject("TransactWriteItems", "cancelled-conflict", "cancelled-throttled")
    store.start(attempt, max_attempts=3)
    faults.cycle("UpdateItem", "conflict", None)  # saves meeting the submit's transaction
    assert store.save("a1", {attempt.questions[0].id: [0]}, NOW)
    faults.cycle("TransactWriteItems", "cancelled-conflict", "cancelled-conflict", None)

    def submit(n):
        answers = {q.id: (q.key if n % 2 else [(q.key[0] + 1) % 4]) for q in attempt.questions}
        graded = grade(attempt.questions, answers, 50)
        return store.finish(attempt.model_copy(update={"submitted_at": NOW, "answers": answers, "grade": graded}))

    results = run_together(10, submit)
    assert not [r for r in results if isinstance(r, Exception)]
    assert len({result.model_dump_json() for result in results}) == 1
    assert store.get("a1") == results[0]
    assert faults.count("TransactWriteItems", "cancelled-conflict") >= 2


def test_racing_starts_under_conflicts_open_one_attempt_and_refuse_the_others(world):
    open_store, faults, _ = world
    store = open_store(DynamoDBStore)
    faults.cycle("TransactWriteItems", "cancelled-conflict", "cancelled-throttled", None)
    outcomes = run_together(8, lambda n: store.start(new_attempt(f"c{n}"), max_attempts=3))
    assert sum(outcome is None for outcome in outcomes) == 1
    assert all(isinstance(outcome, AttemptOpen) for outcome in outcomes if outcome is not None)
    assert len(store.attempts("learner-aaaaaaaaaaaa", "mini")) == 1


def test_a_sign_in_failure_is_counted_under_throttling(world):
    open_store, faults, _ = world
    accounts = open_store(DynamoDBAccounts)
    faults.inject("UpdateItem", "throttled", "provisioned", "conflict")
    expires = NOW + timedelta(hours=1)
    assert accounts.strike("user#hocvien1", NOW, [0, 0, 60], expires) == 1
    faults.cycle("UpdateItem", "throttled", None)
    assert accounts.strike("user#hocvien1", NOW, [0, 0, 60], expires) == 2
    assert accounts.strikes("user#hocvien1") == (2, NOW)
    assert faults.count("UpdateItem", "throttled") == 2


def test_a_counter_is_never_lost_under_throttles_and_conflicts(world):
    open_store, faults, _ = world
    tally = open_store(DynamoDBTally)
    faults.cycle("TransactWriteItems", "cancelled-throttled", "cancelled-conflict", None, "throttled", None)
    # A room passing together: 40 marks racing on one counter item, then 60 more in one bulk call.
    assert run_together(40, lambda n: tally.mark(mark(f"u.r{n}"))) == [True] * 40
    assert tally.mark_many([mark(f"u.b{n}") for n in range(60)]) == 60
    assert tally.mark(mark("u.r0")) is False  # counted already: the business answer, not a fault
    faults.cycle("TransactWriteItems", None)
    assert tally.counts(XEN.path) == [Count(XEN.code, "Đợt 1", "cds", "passed", DAY, None, 100)]


def test_a_transaction_whose_answer_was_lost_is_applied_once(world):
    open_store, faults, _ = world
    tally, accounts = open_store(DynamoDBTally), open_store(DynamoDBAccounts)
    faults.inject("TransactWriteItems", "lost")
    assert tally.mark(mark("u.learner1")) is True
    assert tally.counts(XEN.path)[0].n == 1
    faults.inject("TransactWriteItems", "lost")
    assert accounts.add_account(account(1)) == (account(1), True)  # not "taken" by its own first try
    tries = [(fault, token) for operation, fault, token in faults.calls if operation == "TransactWriteItems"]
    assert [fault for fault, _ in tries] == ["lost", None, "lost", None]
    assert tries[0][1] == tries[1][1] != tries[2][1] == tries[3][1]  # one token per logical write, on every try


def test_a_counter_update_whose_answer_was_lost_counts_once(world):
    open_store, faults, _ = world
    accounts, attempts = open_store(DynamoDBAccounts), open_store(DynamoDBStore)
    expires = NOW + timedelta(hours=1)
    # Each first try is applied by the server, then answered with a throttle; the store tries it again.
    faults.inject("UpdateItem", "lost")
    assert accounts.strike("user#hocvien1", NOW, [0, 0, 60], expires) == 1
    assert accounts.strikes("user#hocvien1") == (1, NOW)
    faults.inject("UpdateItem", None, "lost")
    assert accounts.strike("user#hocvien1", NOW, [0, 0, 60], expires) == 2
    accounts.pardon("user#hocvien1")
    assert accounts.strikes("user#hocvien1") == (1, NOW)  # one pardon takes back one strike, not two
    faults.inject("UpdateItem", "lost", None, "lost")
    assert [attempts.count_start("guest-a", NOW, 2, expires) for _ in range(3)] == [True, True, False]
    assert faults.count("UpdateItem", "lost") == 4


def test_strike_tokens_are_kept_for_two_minutes_at_most(aws_env, dynamodb_endpoint):
    wall = Clock(1_800_000_000.0)  # a turn's start
    accounts = DynamoDBAccounts(
        f"hocso-{uuid.uuid4().hex[:12]}", endpoint_url=dynamodb_endpoint, backoff=Backoff(epoch=wall)
    )
    accounts.create_table()
    expires = NOW + timedelta(days=1)

    def held() -> dict[str, int]:
        item = accounts._get({"pk": {"S": "STRIKE#address#x"}, "sk": {"S": "S"}})
        return {name: len(item[name]["SS"]) for name in sorted(item) if name.startswith("applied")}

    for minute in range(4):
        wall.now = 1_800_000_000.0 + 60 * minute
        assert accounts.strike("address#x", NOW, [0], expires) == minute + 1
        accounts.strike("address#x", NOW, [0], expires)
        accounts.pardon("address#x")
    assert held() == {"applied0": 3, "applied2": 3}  # minutes 3 and 2; minute 1's went with minute 3's first strike
    assert accounts.strikes("address#x") == (4, NOW)


def learner(n: int) -> Claims:
    return Claims(f"u.r{n}", "learner", XEN.path, 1, "Đợt 1", None)


def test_a_count_that_outlasts_the_budget_is_parked_and_reconciled_once(world):
    open_store, faults, _ = world
    tally = open_store(DynamoDBTally)
    reached(tally, learner(0), "passed", "cds", DAY)
    faults.cycle("TransactWriteItems", "throttled")  # the counters' partition refuses longer than the retries last
    reached(tally, learner(1), "passed", "cds", DAY)  # the learner's request goes on: the mark is parked
    # The next mark lands but its answer is lost, then every try is throttled: it is parked, yet already counted.
    faults.inject("TransactWriteItems", "lost", *["throttled"] * 200)
    reached(tally, learner(2), "passed", "cds", DAY)
    assert faults.count("TransactWriteItems", "lost") == 1
    faults.cycle("TransactWriteItems", None)
    assert sorted(m.learner_id for m in tally.parked()) == ["u.r1", "u.r2"]
    assert tally.counts(XEN.path)[0].n == 2  # the report undercounts: u.r1's pass is parked
    assert reconcile(tally) == Reconciled(counted=1, already=1)
    assert tally.counts(XEN.path) == [Count(XEN.code, "Đợt 1", "cds", "passed", DAY, None, 3)]
    assert reconcile(tally) == Reconciled(counted=0, already=0)
    assert tally.counts(XEN.path)[0].n == 3 and tally.parked() == []


def test_an_imports_counts_that_outlast_the_budget_are_parked_together(world):
    open_store, faults, _ = world
    tally = open_store(DynamoDBTally)
    issued = [Mark(f"u.i{n:03d}", XEN.code, XEN.path, "Đợt 1", None, "issued", DAY, None) for n in range(150)]
    # Two transactions (as many guards as fit beside the counter's shards, then the rest): the first lands, the
    # second is throttled throughout.
    faults.inject("TransactWriteItems", None, *["throttled"] * 300)
    count_or_park(tally, issued)  # the import goes on
    faults.cycle("TransactWriteItems", None)
    assert len(tally.parked()) == 150
    [first] = tally.counts(XEN.path)
    assert 50 < first.n < 100  # the report undercounts
    assert reconcile(tally) == Reconciled(counted=150 - first.n, already=first.n)
    assert tally.counts(XEN.path) == [Count(XEN.code, "Đợt 1", None, "issued", DAY, None, 150)]
    assert reconcile(tally) == Reconciled(counted=0, already=0)


def test_a_count_that_cannot_be_parked_either_is_logged_and_reconciled_from_the_log(world, caplog):
    open_store, faults, _ = world
    tally = open_store(DynamoDBTally)
    faults.cycle("TransactWriteItems", "throttled")
    faults.cycle("PutItem", "throttled")  # the whole table refuses: parking fails too
    with caplog.at_level(logging.WARNING, logger="hocso.reports"):
        reached(tally, learner(1), "passed", "cds", DAY)
    faults.cycle("TransactWriteItems", None)
    faults.cycle("PutItem", None)
    assert tally.parked() == [] and tally.counts(XEN.path) == []
    assert UNPARKED in caplog.text
    assert reconcile(tally, logged(caplog.text)) == Reconciled(counted=1, already=0)
    assert reconcile(tally, logged(caplog.text)) == Reconciled(counted=0, already=1)
    assert tally.counts(XEN.path) == [Count(XEN.code, "Đợt 1", "cds", "passed", DAY, None, 1)]


def test_unprocessed_batch_items_are_retried_with_backoff_until_done(world):
    open_store, faults, time = world
    accounts = open_store(DynamoDBAccounts)
    communes = [XEN.model_copy(update={"code": f"{n:05d}", "path": f"40/{n:05d}/"}) for n in range(50)]
    faults.cycle("BatchWriteItem", "unprocessed")
    accounts.put_units(communes)
    # Each call of 25 writes half: 25, 12, 6, 3, 1 sent, so five calls a batch and a wait before each but the first.
    assert faults.count("BatchWriteItem", "unprocessed") == 10
    assert len(time.slept) == 8
    assert sorted(unit.code for unit in accounts.units()) == [unit.code for unit in communes]


def test_a_throttle_that_outlasts_the_budget_reaches_the_caller(world):
    open_store, faults, time = world
    accounts = open_store(DynamoDBAccounts)
    faults.cycle("GetItem", "throttled")
    with pytest.raises(accounts._errors.ClientError) as refused:
        accounts.account("u.learner1")
    assert refused.value.response["Error"]["Code"] == "ThrottlingException"
    assert sum(time.slept) <= 5.0 and max(time.slept) <= 1.0 and len(time.slept) >= 5
