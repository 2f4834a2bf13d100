"""The AWS store: one DynamoDB table through boto3, every check-then-write a conditional write or a transaction.

Key design (single table, on-demand; `TABLE` below is the one definition the tests and the infra template use):

    pk                        sk             what
    ATTEMPT#<attempt id>      A              the attempt: `body` (JSON start record, written once),
                                             `saved`/`saved_at` (answers so far), then `outcome` (JSON answers
                                             and grade) and `submitted_at` once graded
    LC#<learner>#<course>     #LEDGER        `started` (attempts begun), `ids` (their ids, in order),
                                             `open` (the attempt in progress, absent when none)
    LC#<learner>#<course>     LESSON#<id>    a lesson the learner has done, `done_at`

Starting an attempt is one transaction: the ledger update (condition: fewer than the allowed attempts and none open)
with the attempt's put (condition: new id). Finishing is one transaction too: the attempt's update (condition: not yet
submitted) with the ledger's `open` removed, so one grade wins however many submissions race.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from functions.attempts import Attempt, AttemptLimitReached, AttemptOpen, assemble, outcome_json

TABLE: dict[str, Any] = {
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}


def _attempt_key(attempt_id: str) -> dict:
    return {"pk": {"S": f"ATTEMPT#{attempt_id}"}, "sk": {"S": "A"}}


def _ledger_key(learner_id: str, course_id: str) -> dict:
    return {"pk": {"S": f"LC#{learner_id}#{course_id}"}, "sk": {"S": "#LEDGER"}}


class DynamoDBStore:
    """Attempts and lesson progress in one DynamoDB table."""

    def __init__(self, table: str, client: Any = None, endpoint_url: str | None = None) -> None:
        if client is None:
            import boto3

            client = boto3.client("dynamodb", endpoint_url=endpoint_url)
        self._client = client
        self._table = table
        self._errors = client.exceptions

    def create_table(self) -> None:
        """Create the table (tests and local runs; on AWS the infra template creates it)."""
        self._client.create_table(TableName=self._table, **TABLE)
        self._client.get_waiter("table_exists").wait(TableName=self._table)

    @staticmethod
    def _attempt(item: dict) -> Attempt:
        text = {name: item[name]["S"] if name in item else None for name in ("body", "saved", "saved_at", "outcome")}
        return assemble(**text)

    def start(self, attempt: Attempt, max_attempts: int) -> None:
        ledger = _ledger_key(attempt.learner_id, attempt.course_id)
        try:
            self._client.transact_write_items(
                TransactItems=[
                    {
                        "Update": {
                            "TableName": self._table,
                            "Key": ledger,
                            "UpdateExpression": "SET started = if_not_exists(started, :zero) + :one, #open = :id, "
                            "ids = list_append(if_not_exists(ids, :none), :ids)",
                            "ConditionExpression": "(attribute_not_exists(started) OR started < :max) AND attribute_not_exists(#open)",
                            "ExpressionAttributeNames": {"#open": "open"},
                            "ExpressionAttributeValues": {
                                ":zero": {"N": "0"}, ":one": {"N": "1"}, ":max": {"N": str(max_attempts)},
                                ":id": {"S": attempt.id}, ":ids": {"L": [{"S": attempt.id}]}, ":none": {"L": []},
                            },
                        }
                    },
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": {
                                **_attempt_key(attempt.id),
                                "learner_id": {"S": attempt.learner_id},
                                "course_id": {"S": attempt.course_id},
                                "body": {"S": attempt.model_dump_json()},
                            },
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    },
                ]
            )
        except self._errors.TransactionCanceledException:
            item = self._client.get_item(TableName=self._table, Key=ledger, ConsistentRead=True).get("Item", {})
            if "open" in item:
                raise AttemptOpen(item["open"]["S"]) from None
            if int(item.get("started", {"N": "0"})["N"]) >= max_attempts:
                raise AttemptLimitReached from None
            raise

    def get(self, attempt_id: str) -> Attempt | None:
        item = self._client.get_item(TableName=self._table, Key=_attempt_key(attempt_id), ConsistentRead=True).get("Item")
        return self._attempt(item) if item else None

    def save(self, attempt_id: str, answers: dict[str, list[int]], saved_at: datetime) -> bool:
        try:
            self._client.update_item(
                TableName=self._table,
                Key=_attempt_key(attempt_id),
                UpdateExpression="SET saved = :saved, saved_at = :at",
                ConditionExpression="attribute_exists(pk) AND attribute_not_exists(submitted_at)",
                ExpressionAttributeValues={":saved": {"S": json.dumps(answers)}, ":at": {"S": saved_at.isoformat()}},
            )
        except self._errors.ConditionalCheckFailedException:
            return False
        return True

    def finish(self, attempt: Attempt) -> Attempt:
        finished = attempt.model_copy(update={"saved": {}, "saved_at": None})
        try:
            self._client.transact_write_items(
                TransactItems=[
                    {
                        "Update": {
                            "TableName": self._table,
                            "Key": _attempt_key(attempt.id),
                            "UpdateExpression": "SET outcome = :outcome, submitted_at = :at REMOVE saved, saved_at",
                            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(submitted_at)",
                            "ExpressionAttributeValues": {
                                ":outcome": {"S": outcome_json(finished)},
                                ":at": {"S": finished.submitted_at.isoformat()},
                            },
                        }
                    },
                    {
                        "Update": {
                            "TableName": self._table,
                            "Key": _ledger_key(attempt.learner_id, attempt.course_id),
                            "UpdateExpression": "REMOVE #open",
                            "ConditionExpression": "#open = :id",
                            "ExpressionAttributeNames": {"#open": "open"},
                            "ExpressionAttributeValues": {":id": {"S": attempt.id}},
                        }
                    },
                ]
            )
        except self._errors.TransactionCanceledException:
            stored = self.get(attempt.id)
            if stored is None or not stored.submitted:
                raise
            return stored
        return finished

    def attempts(self, learner_id: str, course_id: str) -> list[Attempt]:
        ledger = self._client.get_item(
            TableName=self._table, Key=_ledger_key(learner_id, course_id), ConsistentRead=True
        ).get("Item", {})
        ids = [value["S"] for value in ledger.get("ids", {"L": []})["L"]]
        found: dict[str, Attempt] = {}
        for start in range(0, len(ids), 100):
            request = {self._table: {"Keys": [_attempt_key(i) for i in ids[start : start + 100]], "ConsistentRead": True}}
            while request:
                reply = self._client.batch_get_item(RequestItems=request)
                for item in reply["Responses"].get(self._table, []):
                    attempt = self._attempt(item)
                    found[attempt.id] = attempt
                request = reply.get("UnprocessedKeys") or None
        return [found[i] for i in ids if i in found]

    def mark_done(self, learner_id: str, course_id: str, lesson_id: str, at: datetime) -> None:
        try:
            self._client.put_item(
                TableName=self._table,
                Item={"pk": {"S": f"LC#{learner_id}#{course_id}"}, "sk": {"S": f"LESSON#{lesson_id}"}, "done_at": {"S": at.isoformat()}},
                ConditionExpression="attribute_not_exists(pk)",
            )
        except self._errors.ConditionalCheckFailedException:
            pass

    def lessons_done(self, learner_id: str, course_id: str) -> set[str]:
        done: set[str] = set()
        request = {
            "TableName": self._table,
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :lesson)",
            "ExpressionAttributeValues": {":pk": {"S": f"LC#{learner_id}#{course_id}"}, ":lesson": {"S": "LESSON#"}},
            "ConsistentRead": True,
        }
        while True:
            reply = self._client.query(**request)
            done.update(item["sk"]["S"].removeprefix("LESSON#") for item in reply["Items"])
            if "LastEvaluatedKey" not in reply:
                return done
            request["ExclusiveStartKey"] = reply["LastEvaluatedKey"]

    def close(self) -> None:
        """Nothing to release: boto3 clients pool their own connections."""
