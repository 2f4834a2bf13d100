"""An attempt's sheet and its learner's token version read together (`functions.stores.joint`): one SQLite statement
on one file, one DynamoDB call on one table, the same answers as the two reads it stands for; each read on its own
where the stores do not share a file or a table; unread keys and throttles handled as every batch read handles them."""

import uuid
from datetime import timedelta

import boto3
import pytest

from functions.attempts import Sheet
from functions.stores.dynamodb.accounts import DynamoDBAccounts
from functions.stores.dynamodb.attempts import DynamoDBStore
from functions.stores.dynamodb.retry import Backoff, client_config
from functions.stores.joint import sheet_and_version
from functions.stores.sqlite.accounts import SQLiteAccounts
from functions.stores.sqlite.attempts import SQLiteStore
from tests.stores.test_dynamodb_faults import account
from tests.stores.test_store_contract import NOW, finished, new_attempt
from tests.support.clock import SleepingClock
from tests.support.faults import Faults

LEARNER = "u.learner1"


@pytest.fixture(params=["sqlite", "dynamodb"])
def pair(request, tmp_path):
    """An attempt store and an account store on one SQLite file or one DynamoDB table, and a counter of the reads
    each sends (SQLite statements by connection, DynamoDB calls by operation)."""
    seen: list[tuple[str, str]] = []
    if request.param == "sqlite":
        store, accounts = SQLiteStore(tmp_path / "hocso.sqlite3"), SQLiteAccounts(tmp_path / "hocso.sqlite3")
        store._db.set_trace_callback(lambda sql: seen.append(("attempts", sql)))
        accounts._db.set_trace_callback(lambda sql: seen.append(("accounts", sql)))
    else:
        request.getfixturevalue("aws_env")
        endpoint = request.getfixturevalue("dynamodb_endpoint")
        client = boto3.client("dynamodb", endpoint_url=endpoint, config=client_config(endpoint))
        client.meta.events.register("before-call.dynamodb", lambda model, **_: seen.append(("dynamodb", model.name)))
        table = f"hocso-{uuid.uuid4().hex[:12]}"
        store, accounts = DynamoDBStore(table, client=client), DynamoDBAccounts(table, client=client)
        store.create_table()
    yield store, accounts, seen
    store.close()
    accounts.close()


def apart(store, accounts, attempt_id: str, learner_id: str) -> tuple[Sheet | None, int | None]:
    """The two reads the joint one stands for."""
    return store.sheet(attempt_id), accounts.token_version(learner_id)


def test_the_joint_read_answers_what_the_two_reads_answer(pair):
    store, accounts, _ = pair
    attempt = new_attempt("a1", learner=LEARNER)
    cases = [("a1", LEARNER), ("missing", LEARNER), ("a1", "u.nobody"), ("missing", "u.nobody")]
    for attempt_id, learner_id in cases:  # nothing stored yet
        assert sheet_and_version(store, accounts, attempt_id, learner_id) == (None, None)
    accounts.add_account(account(1))
    store.start(attempt, max_attempts=3)
    sheet, version = sheet_and_version(store, accounts, "a1", LEARNER)
    assert (sheet, version) == (attempt.sheet(), 0)
    question = attempt.questions[0].id
    store.save("a1", {question: [2]}, NOW + timedelta(minutes=1))  # the answers saved so far come with it
    signed_out = accounts.account(LEARNER).model_copy(update={"token_version": 3})
    accounts.set_signin(signed_out)  # the account moved on: a sign-out, a password change, a reset
    sheet, version = sheet_and_version(store, accounts, "a1", LEARNER)
    assert (sheet.saved, sheet.saved_at, version) == ({question: [2]}, NOW + timedelta(minutes=1), 3)
    store.finish(finished(store.get("a1"), correct=True))  # and the outcome once submitted
    sheet, version = sheet_and_version(store, accounts, "a1", LEARNER)
    assert sheet.submitted and sheet.grade.passed and version == 3
    for attempt_id, learner_id in cases:
        assert sheet_and_version(store, accounts, attempt_id, learner_id) == apart(
            store, accounts, attempt_id, learner_id
        )


def test_it_is_one_statement_or_one_call(pair):
    store, accounts, seen = pair
    accounts.add_account(account(1))
    store.start(new_attempt("a1", learner=LEARNER), max_attempts=3)
    seen.clear()
    assert sheet_and_version(store, accounts, "a1", LEARNER)[1] == 0
    if isinstance(store, SQLiteStore):
        assert [(connection, sql.split()[0]) for connection, sql in seen] == [("attempts", "SELECT")]
    else:
        assert seen == [("dynamodb", "BatchGetItem")]
    seen.clear()
    apart(store, accounts, "a1", LEARNER)
    assert len(seen) == 2  # what it replaces


def test_stores_of_two_files_or_two_tables_are_read_each_on_its_own(tmp_path, aws_env, dynamodb_endpoint):
    store, elsewhere = SQLiteStore(tmp_path / "a.sqlite3"), SQLiteAccounts(tmp_path / "b.sqlite3")
    store.start(new_attempt("a1", learner=LEARNER), max_attempts=3)
    elsewhere.add_account(account(1))
    assert store.sheet_with_version(elsewhere, "a1", LEARNER) is None
    assert store.sheet_with_version(object(), "a1", LEARNER) is None  # a stand-in of another kind
    assert sheet_and_version(store, elsewhere, "a1", LEARNER) == (store.sheet("a1"), 0)
    tables = [f"hocso-{uuid.uuid4().hex[:12]}" for _ in range(2)]
    remote = DynamoDBStore(tables[0], endpoint_url=dynamodb_endpoint)
    remote.create_table()
    other = DynamoDBAccounts(tables[1], endpoint_url=dynamodb_endpoint)
    other.create_table()
    other.add_account(account(1))
    remote.start(new_attempt("a1", learner=LEARNER), max_attempts=3)
    assert remote.sheet_with_version(other, "a1", LEARNER) is None
    assert remote.sheet_with_version(elsewhere, "a1", LEARNER) is None
    assert store.sheet_with_version(other, "a1", LEARNER) is None
    assert sheet_and_version(remote, other, "a1", LEARNER) == (remote.sheet("a1"), 0)
    for opened in (store, elsewhere, remote, other):
        opened.close()


def test_an_attempt_started_before_sheets_is_read_from_its_start_record(tmp_path):
    store, accounts = SQLiteStore(tmp_path / "hocso.sqlite3"), SQLiteAccounts(tmp_path / "hocso.sqlite3")
    attempt = new_attempt("a1", learner=LEARNER)
    store.start(attempt, max_attempts=3)
    accounts.add_account(account(1))
    with store._transaction() as db:
        db.execute("UPDATE attempt_starts SET sheet = NULL")
    assert sheet_and_version(store, accounts, "a1", LEARNER) == (attempt.sheet(), 0)
    store.close()
    accounts.close()


def test_unread_keys_and_throttles_are_asked_again_and_a_lasting_throttle_reaches_the_caller(
    aws_env, dynamodb_endpoint
):
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, config=client_config(dynamodb_endpoint))
    faults, time = Faults(client), SleepingClock()
    table = f"hocso-{uuid.uuid4().hex[:12]}"
    store, accounts = (
        kind(table, client=client, backoff=Backoff(clock=time, sleep=time.sleep))
        for kind in (DynamoDBStore, DynamoDBAccounts)
    )
    store.create_table()
    attempt = new_attempt("a1", learner=LEARNER)
    store.start(attempt, max_attempts=3)
    accounts.add_account(account(1))
    faults.inject("BatchGetItem", "unprocessed", "throttled")  # half the keys unread, then a throttle
    assert sheet_and_version(store, accounts, "a1", LEARNER) == (attempt.sheet(), 0)
    assert faults.count("BatchGetItem", "unprocessed") == 1 and faults.count("BatchGetItem", "throttled") == 1
    assert len(time.slept) == 2  # it waited before each call after the first
    faults.cycle("BatchGetItem", "throttled")  # the partition refuses longer than the retries last
    with pytest.raises(store._errors.ClientError) as refused:
        sheet_and_version(store, accounts, "a1", LEARNER)
    assert refused.value.response["Error"]["Code"] == "ThrottlingException"
