"""The cohort list of a subtree over both tally stores (`TallyStore.cohorts`): the cohorts its counters carry, and on
DynamoDB the one query of the subtree's counters a report makes, sending a cohort an account counter, never a scan
and never a read of the accounts."""

from __future__ import annotations

import uuid

import boto3
import pytest

from functions.reports.filters import cohorts
from functions.stores.dynamodb.tally import DynamoDBTally
from tests.support.tally import COMMUNE, mark, open_test_tally

OTHER = "40/16684/"
TEAM = "40/16813/16813-T1/"


@pytest.fixture(params=["sqlite", "dynamodb"])
def any_tally(request, tmp_path):
    store = open_test_tally(request.param, tmp_path, request)
    yield store
    store.close()


def issue(store, learners: int, path: str, cohort: str | None) -> None:
    store.mark_many([mark(f"{path}{cohort}.{n}", "issued", path, course=None, cohort=cohort) for n in range(learners)])


def test_a_subtrees_cohorts_are_those_its_counters_carry_and_no_other_units(any_tally):
    issue(any_tally, 3, COMMUNE, "Đợt 10")
    issue(any_tally, 2, TEAM, "Đợt 2")
    issue(any_tally, 1, COMMUNE, None)
    issue(any_tally, 2, OTHER, "Phường 2026")
    any_tally.mark(mark("passed-only", "passed", COMMUNE, cohort="Đợt 10"))  # course steps add no other cohort
    assert any_tally.cohorts(COMMUNE) == {"Đợt 2", "Đợt 10"}
    assert any_tally.cohorts(TEAM) == {"Đợt 2"}
    assert cohorts(any_tally, "40/") == cohorts(any_tally, "") == ["Đợt 2", "Đợt 10", "Phường 2026"]
    assert any_tally.cohorts("41/") == set()
    assert {count.cohort for count in any_tally.counts("40/") if count.cohort} == any_tally.cohorts("40/")


def test_on_dynamodb_a_communes_cohorts_are_one_query_of_its_counters(aws_env, dynamodb_endpoint):
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    store = DynamoDBTally(f"hocso-{uuid.uuid4().hex[:12]}", client=client)
    store.create_table()
    issue(store, 300, COMMUNE, "Đợt 1")  # 300 accounts, one counter sharded eight ways: eight items, not 300
    issue(store, 40, OTHER, "Đợt 1")
    sent: list[tuple[str, dict]] = []
    client.meta.events.register(
        "provide-client-params.dynamodb.*", lambda params, model, **kwargs: sent.append((model.name, dict(params)))
    )
    assert cohorts(store, COMMUNE) == ["Đợt 1"]
    assert [operation for operation, _ in sent] == ["Query"]
    assert sent[0][1]["KeyConditionExpression"] == "pk = :pk AND begins_with(sk, :path)"
    assert sent[0][1]["ProjectionExpression"] == "#cohort"
    store.close()
