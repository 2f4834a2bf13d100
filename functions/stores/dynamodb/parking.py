"""Counts parked in the DynamoDB table: a mark that failed past the retries is kept as an item
`PARKED#<shard>` / `<learner id>#<guard sort key>` holding it as JSON, in a partition of its own (a throttled
counter's partition does not stop it), until `functions.reports.tally.reconcile` counts and deletes it; one whose
step is taken back meanwhile is kept, marked `dropped`, and never counted."""

from __future__ import annotations

from functions.reports.tally import Mark
from functions.stores.dynamodb.shards import SHARDS, guard_sk, shard
from functions.stores.dynamodb.table import DynamoDBTable


def _parked_key(mark: Mark) -> dict:
    return {"pk": {"S": f"PARKED#{shard(mark.learner_id)}"}, "sk": {"S": f"{mark.learner_id}#{guard_sk(mark)}"}}


class Parking(DynamoDBTable):
    """The parked marks of the tally store: part of `DynamoDBTally`."""

    def park(self, marks: list[Mark]) -> None:
        # A batch may not name a key twice: a step parked twice in one call is kept once, as across calls.
        items = {_parked_key(mark)["sk"]["S"]: {**_parked_key(mark), "mark": {"S": mark.to_json()}} for mark in marks}
        if len(items) == 1:  # a learner's step: a put, which every function that counts may make (no batch writes)
            self._client.put_item(TableName=self._table, Item=next(iter(items.values())))
        else:  # an import's chunk, from the administrators' function
            self._batch_put(list(items.values()))

    def parked(self) -> list[Mark]:
        return [
            Mark.from_json(item["mark"]["S"])
            for part in range(SHARDS)
            for item in self._items(
                KeyConditionExpression="pk = :pk",
                FilterExpression="attribute_not_exists(dropped)",
                ExpressionAttributeValues={":pk": {"S": f"PARKED#{part}"}},
                ConsistentRead=True,
            )
        ]

    def unpark(self, mark: Mark) -> None:
        """Delete the parked item: `reconcile` does, run by an operator (`hocso reconcile-counts`); no function's role
        may delete (infra/template.yaml), so `unmark` drops a parked mark by an update (`_drop`)."""
        self._client.delete_item(TableName=self._table, Key=_parked_key(mark))

    def _drop(self, mark: Mark) -> None:
        """Mark a parked item of the step dropped, if there is one: `parked` leaves it out from now on."""
        try:
            self._client.update_item(
                TableName=self._table,
                Key=_parked_key(mark),
                UpdateExpression="SET dropped = :yes",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={":yes": {"BOOL": True}},
            )
        except self._errors.ConditionalCheckFailedException:
            pass  # nothing parked
