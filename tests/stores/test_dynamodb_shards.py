"""A counter spread over shards by learner (DynamoDB): a room passing together writes to several items, its count
reads back whole, and a learner's mark is undone on the shard it was counted on."""

from __future__ import annotations

import boto3
import pytest

from functions.reports.tally import Count
from functions.stores.dynamodb.shards import SHARDS, shard
from tests.support.tally import COMMUNE, DAY, DEADLINE, mark, open_test_tally

ROOM = [f"hv.{n:012d}" for n in range(40)]


@pytest.fixture
def tally(request, tmp_path):
    store = open_test_tally("dynamodb", tmp_path, request)
    yield store
    store.close()


def counter_items(store, endpoint: str) -> list[dict]:
    client = boto3.client("dynamodb", endpoint_url=endpoint)
    reply = client.query(
        TableName=store._table,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :path)",
        ExpressionAttributeValues={":pk": {"S": "TALLY#40"}, ":path": {"S": COMMUNE}},
    )
    return reply["Items"]


def test_a_room_passing_together_spreads_over_shards_and_counts_whole(tally, dynamodb_endpoint):
    for learner in ROOM[:20]:
        assert tally.mark(mark(learner))
    assert tally.mark_many([mark(learner) for learner in ROOM[20:]]) == 20
    items = counter_items(tally, dynamodb_endpoint)
    assert len(items) == len({shard(learner) for learner in ROOM}) > 1
    assert sum(int(item["passed"]["N"]) for item in items) == 40
    assert tally.counts(COMMUNE) == [Count("16813", "Đợt 1", "cds", "passed", DAY, DEADLINE, 40)]


def test_a_mark_is_undone_on_its_own_shard(tally, dynamodb_endpoint):
    for learner in ROOM[:10]:
        tally.mark(mark(learner))
    assert tally.unmark(mark(ROOM[3]))
    assert tally.counts(COMMUNE) == [Count("16813", "Đợt 1", "cds", "passed", DAY, DEADLINE, 9)]
    assert not tally.unmark(mark(ROOM[3])) and not tally.mark(mark(ROOM[3]))  # undone once; the guard stays


def test_a_learner_keeps_one_shard_and_the_shards_cover_the_range():
    assert all(shard(learner) == shard(learner) for learner in ROOM)
    assert {shard(f"hv.{n:012d}") for n in range(400)} == set(range(SHARDS))
