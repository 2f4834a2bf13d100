"""Units and accounts in the DynamoDB table (item kinds and keys in `functions.stores.dynamodb`).

An account keeps its details as `body` JSON and its sign-in state as attributes of their own, so a re-import (the
details), a sign-in (failures, lock, token version) and the activation (a conditional update: a code still pending,
no password yet) each write only their own part and never undo one another. A new account is one transaction of
three puts that each need a new key: the account, its USERNAME guard and its IDENTITY guard. When it is cancelled,
the guards tell a re-import racing with itself (the person now exists: update them) from a username already taken.
"""

from __future__ import annotations

import json
from datetime import datetime

from functions.accounts.account import Account, Unit
from functions.accounts.store import DETAILS, SIGNIN, UsernameTaken
from functions.stores.dynamodb import DynamoDBTable, subtree_keys


def _unit_key(code: str) -> dict:
    return {"pk": {"S": "UNITS"}, "sk": {"S": f"UNIT#{code}"}}


def _account_key(learner_id: str) -> dict:
    return {"pk": {"S": f"ACCOUNT#{learner_id}"}, "sk": {"S": "A"}}


def _username_key(username: str) -> dict:
    return {"pk": {"S": f"USERNAME#{username}"}, "sk": {"S": "A"}}


def _identity_key(unit_code: str, identity: str) -> dict:
    # The identity is the sort key, so no code or identity can run into the other, whatever characters they hold.
    return {"pk": {"S": f"IDENTITY#{unit_code}"}, "sk": {"S": identity}}


def _signin(account: Account) -> dict[str, dict | None]:
    """The sign-in state as attribute values; None for an empty field, which the item then does not have."""
    values = account.model_dump(mode="json", include=set(SIGNIN))
    return {name: None if value is None else {"N": str(value)} if isinstance(value, int) else {"S": value}
            for name, value in values.items()}


def _account(item: dict) -> Account:
    data = json.loads(item["body"]["S"])
    for name in SIGNIN:
        value = item.get(name)
        data[name] = None if value is None else int(value["N"]) if "N" in value else value["S"]
    return Account.model_validate(data)


class DynamoDBAccounts(DynamoDBTable):
    """Units and accounts in the shared DynamoDB table."""

    def put_units(self, units: list[Unit]) -> None:
        # A batch may not name a key twice; the last row of a code wins, as in the SQLite upsert.
        latest = {unit.code: unit for unit in units}
        puts = [{"PutRequest": {"Item": {**_unit_key(code), "body": {"S": unit.model_dump_json()}}}}
                for code, unit in latest.items()]
        for start in range(0, len(puts), 25):
            pending = {self._table: puts[start : start + 25]}
            while pending:
                pending = self._client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or None

    def units(self) -> list[Unit]:
        items = self._items(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": "UNITS"}}, ConsistentRead=True
        )
        return [Unit.model_validate_json(item["body"]["S"]) for item in items]

    def unit(self, code: str) -> Unit | None:
        item = self._get(_unit_key(code))
        return Unit.model_validate_json(item["body"]["S"]) if item else None

    def add_account(self, account: Account) -> tuple[Account, bool]:
        identity = _identity_key(account.unit_code, account.identity)
        guard = self._get(identity)
        if guard is None:
            item = {
                **_account_key(account.learner_id),
                **subtree_keys("ACCOUNTS", account.unit_path, account.username),
                "body": {"S": account.model_dump_json(exclude=set(SIGNIN))},
                **{name: value for name, value in _signin(account).items() if value is not None},
            }
            owner = {"learner_id": {"S": account.learner_id}}
            try:
                self._transact(
                    [self._put_new(item), self._put_new({**_username_key(account.username), **owner}),
                     self._put_new({**identity, **owner})]
                )
                return account, True
            except self._errors.TransactionCanceledException:
                guard = self._get(identity)
                if guard is None:
                    if self._get(_username_key(account.username)) is not None:
                        raise UsernameTaken(account.username) from None
                    raise
        return self._update_details(guard["learner_id"]["S"], account), False

    def _update_details(self, learner_id: str, account: Account) -> Account:
        """Write a re-imported person's details over the stored ones; sign-in state is other attributes, untouched."""
        stored = json.loads(self._get(_account_key(learner_id))["body"]["S"])
        stored.update(account.model_dump(mode="json", include=set(DETAILS)))
        keys = subtree_keys("ACCOUNTS", stored["unit_path"], stored["username"])
        reply = self._client.update_item(
            TableName=self._table,
            Key=_account_key(learner_id),
            UpdateExpression="SET body = :body, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeValues={
                ":body": {"S": json.dumps(stored, ensure_ascii=False)},
                ":gsi1pk": keys["gsi1pk"], ":gsi1sk": keys["gsi1sk"],
            },
            ReturnValues="ALL_NEW",
        )
        return _account(reply["Attributes"])

    def account(self, learner_id: str) -> Account | None:
        item = self._get(_account_key(learner_id))
        return _account(item) if item else None

    def by_username(self, username: str) -> Account | None:
        guard = self._get(_username_key(username))
        return self.account(guard["learner_id"]["S"]) if guard else None

    def accounts_under(self, unit_path: str, cohort: str | None = None) -> list[Account]:
        # Filtering here rather than with a FilterExpression costs the same reads and keeps `cohort` only in `body`.
        accounts = [_account(item) for item in self._under("ACCOUNTS", unit_path)]
        return sorted((a for a in accounts if cohort is None or a.cohort == cohort), key=lambda a: a.username)

    def activate(self, learner_id: str, password_hash: str, at: datetime) -> bool:
        try:
            self._client.update_item(
                TableName=self._table,
                Key=_account_key(learner_id),
                UpdateExpression="SET password_hash = :hash, activated_at = :at, failures = :zero "
                "REMOVE activation_hash, locked_until",
                ConditionExpression="attribute_exists(activation_hash) AND attribute_not_exists(password_hash)",
                ExpressionAttributeValues={
                    ":hash": {"S": password_hash}, ":at": {"S": at.isoformat()}, ":zero": {"N": "0"},
                },
            )
        except self._errors.ConditionalCheckFailedException:
            return False
        return True

    def set_signin(self, account: Account) -> None:
        values = _signin(account)
        sets = ", ".join(f"{name} = :{name}" for name, value in values.items() if value is not None)
        removes = ", ".join(name for name, value in values.items() if value is None)
        try:
            self._client.update_item(
                TableName=self._table,
                Key=_account_key(account.learner_id),
                UpdateExpression=f"SET {sets}" + (f" REMOVE {removes}" if removes else ""),
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={f":{name}": value for name, value in values.items() if value is not None},
            )
        except self._errors.ConditionalCheckFailedException:
            raise LookupError(account.learner_id) from None
