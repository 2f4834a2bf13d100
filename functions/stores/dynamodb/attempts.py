"""Attempts, lesson progress and guests' practice counts in the DynamoDB table (keys ATTEMPT#, LC#, GUESTS#: see
`functions.stores.dynamodb.table`)."""

from __future__ import annotations

import json
from datetime import datetime

from functions.attempts import (
    Attempt,
    AttemptLimitReached,
    AttemptOpen,
    Read,
    Sheet,
    assemble,
    outcome_of,
    with_outcome,
)
from functions.stores.dynamodb.accountitems import account_key, token_version_of
from functions.stores.dynamodb.accounts import DynamoDBAccounts
from functions.stores.dynamodb.retry import ONCE
from functions.stores.dynamodb.table import DynamoDBTable, expiry


def _attempt_key(attempt_id: str) -> dict:
    return {"pk": {"S": f"ATTEMPT#{attempt_id}"}, "sk": {"S": "A"}}


def _parts(item: dict) -> tuple[str | None, str | None, str | None]:
    """An attempt item's saved answers, their time and its outcome, each None when absent."""
    saved, saved_at, outcome = (item[name]["S"] if name in item else None for name in ("saved", "saved_at", "outcome"))
    return saved, saved_at, outcome


def _ledger_key(learner_id: str, course_id: str) -> dict:
    return {"pk": {"S": f"LC#{learner_id}#{course_id}"}, "sk": {"S": "#LEDGER"}}


class DynamoDBStore(DynamoDBTable):
    """Attempts and lesson progress in one DynamoDB table."""

    @staticmethod
    def _attempt(item: dict) -> Attempt:
        return assemble(Attempt, item["body"]["S"], *_parts(item))

    def start(self, attempt: Attempt, max_attempts: int) -> None:
        ledger = _ledger_key(attempt.learner_id, attempt.course_id)
        update = (
            "SET started = if_not_exists(started, :zero) + :one, #open = :id,"
            " ids = list_append(if_not_exists(ids, :none), :ids)"
        )
        values = {
            ":zero": {"N": "0"},
            ":one": {"N": "1"},
            ":max": {"N": str(max_attempts)},
            ":id": {"S": attempt.id},
            ":ids": {"L": [{"S": attempt.id}]},
            ":none": {"L": []},
        }
        item = {
            **_attempt_key(attempt.id),
            "learner_id": {"S": attempt.learner_id},
            "course_id": {"S": attempt.course_id},
            "body": {"S": attempt.model_dump_json()},
        }
        if attempt.expires_at is not None:
            # The ledger lives as long as the guest's latest attempt; both go by the table's time to live.
            update += ", expires = :expires"
            values[":expires"] = item["expires"] = expiry(attempt.expires_at)
        try:
            self._client.transact_write_items(
                TransactItems=[
                    {
                        "Update": {
                            "TableName": self._table,
                            "Key": ledger,
                            "UpdateExpression": update,
                            "ConditionExpression": (
                                "(attribute_not_exists(started) OR started < :max) AND attribute_not_exists(#open)"
                            ),
                            "ExpressionAttributeNames": {"#open": "open"},
                            "ExpressionAttributeValues": values,
                        }
                    },
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": item,
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    },
                ]
            )
        except self._errors.TransactionCanceledException:
            item = self._get(ledger) or {}
            if "open" in item:
                raise AttemptOpen(item["open"]["S"]) from None
            if int(item.get("started", {"N": "0"})["N"]) >= max_attempts:
                raise AttemptLimitReached from None
            raise

    def get(self, attempt_id: str) -> Attempt | None:
        item = self._get(_attempt_key(attempt_id))
        return self._attempt(item) if item else None

    def sheet(self, attempt_id: str) -> Sheet | None:
        """Drawn from the whole attempt. DynamoDB bills an item's whole size on every read and write of it, projected
        or not: a sheet kept in the item would add a write unit to each of the ~22 writes a learner's test makes of it
        (docs/scale.md, section 4), to save the Lambda a few tens of microseconds of parsing."""
        attempt = self.get(attempt_id)
        return attempt.sheet() if attempt else None

    def sheet_with_version(
        self, accounts: object, attempt_id: str, learner_id: str
    ) -> tuple[Sheet | None, int | None] | None:
        """The attempt's sheet and the learner's token version in one call (BatchGetItem, strongly consistent, unread
        keys asked again as a throttle is), when `accounts` keeps its accounts in this store's table
        (`functions.stores.joint`); None when it does not."""
        if not (isinstance(accounts, DynamoDBAccounts) and self.shares_table(accounts)):
            return None
        keys = _attempt_key(attempt_id), account_key(learner_id)
        items = {item["pk"]["S"]: item for item in self._batch_get(list(keys))}
        attempt, account = (items.get(key["pk"]["S"]) for key in keys)
        return (
            None if attempt is None else self._attempt(attempt).sheet(),
            None if account is None else token_version_of(account),
        )

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

    def finish(self, attempt: Read) -> Read:
        finished = attempt.model_copy(update={"saved": {}, "saved_at": None})
        at, outcome = outcome_of(finished)
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
                                ":outcome": {"S": outcome},
                                ":at": {"S": at},
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
            stored = self._get(_attempt_key(attempt.id), "outcome") or {}
            if "outcome" not in stored:
                raise
            return with_outcome(attempt, stored["outcome"]["S"])
        return finished

    def attempts(self, learner_id: str, course_id: str) -> list[Attempt]:
        ledger = self._get(_ledger_key(learner_id, course_id)) or {}
        ids = [value["S"] for value in ledger.get("ids", {"L": []})["L"]]
        items = self._batch_get([_attempt_key(i) for i in ids])
        found = {attempt.id: attempt for attempt in map(self._attempt, items)}
        return [found[i] for i in ids if i in found]

    def count_start(self, client: str, window: datetime, limit: int, expires_at: datetime) -> bool:
        """Applied once (`update_once`): a start counted twice would refuse a guest a practice attempt they were
        allowed. The condition lets at most `limit` starts into a window's item, so its token set stays that small."""
        try:
            self._client.update_once(
                {
                    "TableName": self._table,
                    "Key": {"pk": {"S": f"GUESTS#{client}"}, "sk": {"S": window.isoformat()}},
                    "UpdateExpression": f"ADD n :one, {ONCE} SET expires = :expires",
                    "ConditionExpression": "attribute_not_exists(n) OR n < :limit",
                    "ExpressionAttributeValues": {
                        ":one": {"N": "1"},
                        ":limit": {"N": str(limit)},
                        ":expires": expiry(expires_at),
                    },
                },
                "applied",
            )
        except self._errors.ConditionalCheckFailedException:
            return False
        return True

    def purge(self, now: datetime) -> int:
        """Nothing to do: the table's time to live deletes expired items (`expires`) by itself."""
        return 0

    def mark_done(self, learner_id: str, course_id: str, lesson_id: str, at: datetime) -> None:
        try:
            self._client.put_item(
                TableName=self._table,
                Item={
                    "pk": {"S": f"LC#{learner_id}#{course_id}"},
                    "sk": {"S": f"LESSON#{lesson_id}"},
                    "done_at": {"S": at.isoformat()},
                },
                ConditionExpression="attribute_not_exists(pk)",
            )
        except self._errors.ConditionalCheckFailedException:
            pass

    def lessons_done(self, learner_id: str, course_id: str) -> set[str]:
        items = self._items(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :lesson)",
            ExpressionAttributeValues={":pk": {"S": f"LC#{learner_id}#{course_id}"}, ":lesson": {"S": "LESSON#"}},
            ConsistentRead=True,
        )
        return {item["sk"]["S"].removeprefix("LESSON#") for item in items}
