"""Accounts moved by a merge of units (`functions.accounts.merges`) in the DynamoDB table: the units written at once,
then each account's body and index keys moved to its new unit with a new IDENTITY guard there."""

from __future__ import annotations

import json

from functions.accounts.account import Account, Unit
from functions.accounts.store import taken_identity
from functions.stores.dynamodb.accountitems import account_key, account_of, identity_key, unit_key
from functions.stores.dynamodb.table import DynamoDBTable, subtree_keys

MOVED_PER_TRANSACTION = 50
"""Accounts one `move_accounts` transaction moves: an update and a guard's put each."""


class UnitMoves(DynamoDBTable):
    """The merge half of the accounts store (`AccountStore.replace_units`, `move_accounts`)."""

    def replace_units(self, units: list[Unit]) -> None:
        self._transact(
            [
                {"Put": {"TableName": self._table, "Item": {**unit_key(u.code), "body": {"S": u.model_dump_json()}}}}
                for u in units
            ]
        )

    def move_accounts(self, accounts: list[Account], unit: Unit) -> int:
        # Each account is one update (its body, and its index keys to the new unit's path) with the put of its
        # IDENTITY guard in the new unit, 50 accounts a transaction; the old unit's guard stays (the functions may
        # not delete), naming a unit that takes no more imports. A cancelled transaction goes one account at a time.
        items = [
            item
            for item in self._batch_get([account_key(a.learner_id) for a in accounts])
            if json.loads(item["body"]["S"])["unit_code"] != unit.code
        ]
        count = 0
        for start in range(0, len(items), MOVED_PER_TRANSACTION):
            chunk = items[start : start + MOVED_PER_TRANSACTION]
            identities = [json.loads(item["body"]["S"])["identity"] for item in chunk]
            if len(set(identities)) == len(identities):  # two puts of one guard would fail the whole call
                try:
                    self._transact([write for item in chunk for write in self._move(item, unit, None)])
                    count += len(chunk)
                    continue
                except self._errors.TransactionCanceledException:
                    pass
            count += sum(self._move_one(item, unit) for item in chunk)
        return count

    def _move(self, item: dict, unit: Unit, identity: str | None) -> list[dict]:
        """An account item's move into `unit`, known there by `identity` (its own when None): the account's update,
        on condition that its body is still as read, and the put of its new IDENTITY guard."""
        body = json.loads(item["body"]["S"])
        account = account_of(item)
        body.update(unit_code=unit.code, unit_path=unit.path, identity=identity or account.identity)
        learner_id = account.learner_id
        keys = subtree_keys("ACCOUNTS", unit.path, account.username, learner_id)
        bump = " ADD token_version :one" if account.role == "admin" else ""
        update = {
            "TableName": self._table,
            "Key": account_key(learner_id),
            "UpdateExpression": f"SET body = :body, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk{bump}",
            "ConditionExpression": "body = :read",
            "ExpressionAttributeValues": {
                ":body": {"S": json.dumps(body, ensure_ascii=False)},
                ":read": item["body"],
                ":gsi1pk": keys["gsi1pk"],
                ":gsi1sk": keys["gsi1sk"],
                **({":one": {"N": "1"}} if bump else {}),
            },
        }
        guard = {**identity_key(unit.code, body["identity"]), "learner_id": {"S": learner_id}}
        return [{"Update": update}, self._put_new(guard)]

    def _move_one(self, item: dict, unit: Unit) -> bool:
        """One account's move; when the new unit has someone by its identity already, by `taken_identity`. False when
        it changed since it was read (a re-import racing the merge: the merge, run again, moves it)."""
        account = account_of(item)
        for identity in (None, taken_identity(account)):
            try:
                self._transact(self._move(item, unit, identity))
                return True
            except self._errors.TransactionCanceledException:
                guard = self._get(identity_key(unit.code, identity or account.identity))
                if guard is None or guard["learner_id"]["S"] == account.learner_id:
                    return False
        return False
