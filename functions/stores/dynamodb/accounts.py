"""Units and accounts in the DynamoDB table (item kinds and keys in `functions.stores.dynamodb.table`).

An account keeps its details as `body` JSON and its sign-in state as attributes of their own, so a re-import (the
details), a sign-in (failures, lock, token version) and the activation (a conditional update: a code still pending,
no password yet) each write only their own part and never undo one another. A new account is one transaction of
three puts that each need a new key: the account, its USERNAME guard and its IDENTITY guard. When it is cancelled,
the guards tell a re-import racing with itself (the person now exists: update them) from a username already taken.

An import (`add_accounts`) reads the IDENTITY guards 100 a call to tell people already there from new ones, then
writes 33 new accounts a transaction (99 puts; DynamoDB takes 100 items) and the others' details 100 a transaction:
a province's 36,000 learners are about 1,500 calls rather than 108,000. A cancelled transaction (a username someone
has, or an import racing with this one) is done again one account at a time, which sorts out which it was.
"""

from __future__ import annotations

import json
from datetime import datetime

from functions.accounts.account import Account, Unit
from functions.accounts.store import DETAILS, RENEWED, SIGNIN, UsernameTaken, check_distinct
from functions.stores.dynamodb.accountitems import (
    AWAITING,
    account_key,
    account_of,
    identity_key,
    signin,
    token_version_of,
    unit_key,
    username_key,
)
from functions.stores.dynamodb.moves import UnitMoves
from functions.stores.dynamodb.rounds import DynamoDBRoundsMixin
from functions.stores.dynamodb.strikes import Strikes
from functions.stores.dynamodb.table import DynamoDBTable, subtree_keys

NEW_PER_TRANSACTION = 33
"""New accounts in one `add_accounts` transaction: three puts each, and DynamoDB takes at most 100 items."""


class DynamoDBAccounts(Strikes, DynamoDBRoundsMixin, UnitMoves, DynamoDBTable):
    """Units and accounts in the shared DynamoDB table."""

    def put_units(self, units: list[Unit]) -> None:
        # A batch may not name a key twice; the last row of a code wins, as in the SQLite upsert.
        latest = {unit.code: unit for unit in units}
        self._batch_put([{**unit_key(code), "body": {"S": unit.model_dump_json()}} for code, unit in latest.items()])

    def units(self) -> list[Unit]:
        items = self._items(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": "UNITS"}}, ConsistentRead=True
        )
        return [Unit.model_validate_json(item["body"]["S"]) for item in items]

    def unit(self, code: str) -> Unit | None:
        item = self._get(unit_key(code))
        return Unit.model_validate_json(item["body"]["S"]) if item else None

    def add_account(self, account: Account) -> tuple[Account, bool]:
        identity = identity_key(account.unit_code, account.identity)
        guard = self._get(identity)
        if guard is None:
            try:
                self._transact(self._new(account))
                return account, True
            except self._errors.TransactionCanceledException:
                guard = self._get(identity)
                if guard is None:
                    if self._get(username_key(account.username)) is not None:
                        raise UsernameTaken(account.username) from None
                    raise
        return self._update_details(guard["learner_id"]["S"], account), False

    def add_accounts(self, accounts: list[Account]) -> list[tuple[Account, bool] | None]:
        check_distinct(accounts)
        out: list[tuple[Account, bool] | None] = [None] * len(accounts)
        guards = self._batch_get([identity_key(a.unit_code, a.identity) for a in accounts])
        known = {(g["pk"]["S"].removeprefix("IDENTITY#"), g["sk"]["S"]): g["learner_id"]["S"] for g in guards}
        existing = [
            (n, known[a.unit_code, a.identity]) for n, a in enumerate(accounts) if (a.unit_code, a.identity) in known
        ]
        self._update_many(accounts, existing, out)
        # A transaction may not touch one key twice: of two new accounts drawing one username, the later gets None.
        fresh, usernames = [], set()
        for n, account in enumerate(accounts):
            if (account.unit_code, account.identity) not in known and account.username not in usernames:
                usernames.add(account.username)
                fresh.append(n)
        for start in range(0, len(fresh), NEW_PER_TRANSACTION):
            chunk = fresh[start : start + NEW_PER_TRANSACTION]
            try:
                self._transact([item for n in chunk for item in self._new(accounts[n])])
                for n in chunk:
                    out[n] = accounts[n], True
            except self._errors.TransactionCanceledException:
                # A username someone has, or a racing import of the same people: one by one sorts out which.
                for n in chunk:
                    try:
                        out[n] = self.add_account(accounts[n])
                    except UsernameTaken:
                        out[n] = None
        return out

    def _new(self, account: Account) -> list[dict]:
        """The puts of a new account: the account itself and its two guards, each needing a key not yet there."""
        item = {
            **account_key(account.learner_id),
            **subtree_keys("ACCOUNTS", account.unit_path, account.username, account.learner_id),
            "body": {"S": account.model_dump_json(exclude={*SIGNIN, AWAITING})},
            **{name: value for name, value in signin(account).items() if value is not None},
            **({AWAITING: {"BOOL": True}} if account.awaiting_slip else {}),
        }
        owner = {"learner_id": {"S": account.learner_id}}
        return [
            self._put_new(item),
            self._put_new({**username_key(account.username), **owner}),
            self._put_new({**identity_key(account.unit_code, account.identity), **owner}),
        ]

    def _details(self, stored: dict, account: Account) -> tuple[dict, Account]:
        """The update writing a re-imported person's details over a stored account item, and the account after it;
        sign-in state is other attributes, untouched."""
        body = json.loads(stored["body"]["S"])
        body.update(account.model_dump(mode="json", include=set(DETAILS)))
        # Written again on its learner's shard: an account written before the shards moves to its own.
        learner_id = stored["pk"]["S"].removeprefix("ACCOUNT#")
        keys = subtree_keys("ACCOUNTS", body["unit_path"], body["username"], learner_id)
        text = {"S": json.dumps(body, ensure_ascii=False)}
        update = {
            "TableName": self._table,
            "Key": {"pk": stored["pk"], "sk": stored["sk"]},
            "UpdateExpression": "SET body = :body, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk",
            "ConditionExpression": "attribute_exists(pk)",
            "ExpressionAttributeValues": {":body": text, ":gsi1pk": keys["gsi1pk"], ":gsi1sk": keys["gsi1sk"]},
        }
        return update, account_of({**stored, **keys, "body": text})

    def _update_details(self, learner_id: str, account: Account) -> Account:
        stored = self._get(account_key(learner_id))
        assert stored is not None  # an identity guard and its account are written in one transaction
        update, _ = self._details(stored, account)
        return account_of(self._client.update_item(**update, ReturnValues="ALL_NEW")["Attributes"])

    def _update_many(self, accounts: list[Account], existing: list[tuple[int, str]], out: list) -> None:
        """Re-imported people's details, in transactions of 100 updates: the only way DynamoDB batches updates, and a
        re-import of a province is 36,000 of them. The accounts returned carry the sign-in state as read just before."""
        stored = {
            item["pk"]["S"]: item for item in self._batch_get([account_key(learner_id) for _, learner_id in existing])
        }
        for start in range(0, len(existing), 100):
            chunk = existing[start : start + 100]
            updates = [
                self._details(stored[account_key(learner_id)["pk"]["S"]], accounts[n]) for n, learner_id in chunk
            ]
            try:
                self._transact([{"Update": update} for update, _ in updates])
                for (n, _), (_, updated) in zip(chunk, updates, strict=True):
                    out[n] = updated, False
            except self._errors.TransactionCanceledException:
                for n, learner_id in chunk:
                    out[n] = self._update_details(learner_id, accounts[n]), False

    def account(self, learner_id: str) -> Account | None:
        item = self._get(account_key(learner_id))
        return account_of(item) if item else None

    def by_username(self, username: str) -> Account | None:
        guard = self._get(username_key(username))
        return self.account(guard["learner_id"]["S"]) if guard else None

    def token_version(self, learner_id: str) -> int | None:
        # A strongly consistent read (1 capacity unit) of two attributes: a sign-out is seen by the very next request.
        item = self._client.get_item(
            TableName=self._table,
            Key=account_key(learner_id),
            ConsistentRead=True,
            ProjectionExpression="pk, token_version",
        ).get("Item")
        return None if item is None else token_version_of(item)

    def accounts_under(self, unit_path: str, cohort: str | None = None) -> list[Account]:
        # Filtering here rather than with a FilterExpression costs the same reads and keeps `cohort` only in `body`.
        accounts = [account_of(item) for item in self._under("ACCOUNTS", unit_path)]
        return sorted((a for a in accounts if cohort is None or a.cohort == cohort), key=lambda a: a.username)

    def activate(self, learner_id: str, password_hash: str, at: datetime) -> bool:
        try:
            self._client.update_item(
                TableName=self._table,
                Key=account_key(learner_id),
                UpdateExpression="SET password_hash = :hash, activated_at = :at, failures = :zero "
                "REMOVE activation_hash, locked_until",
                ConditionExpression="attribute_exists(activation_hash) AND attribute_not_exists(password_hash)",
                ExpressionAttributeValues={
                    ":hash": {"S": password_hash},
                    ":at": {"S": at.isoformat()},
                    ":zero": {"N": "0"},
                },
            )
        except self._errors.ConditionalCheckFailedException:
            return False
        return True

    def set_signin(self, account: Account) -> None:
        values = signin(account)
        sets = ", ".join(f"{name} = :{name}" for name, value in values.items() if value is not None)
        removes = ", ".join(name for name, value in values.items() if value is None)
        try:
            self._client.update_item(
                TableName=self._table,
                Key=account_key(account.learner_id),
                UpdateExpression=f"SET {sets}" + (f" REMOVE {removes}" if removes else ""),
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={f":{name}": value for name, value in values.items() if value is not None},
            )
        except self._errors.ConditionalCheckFailedException:
            raise LookupError(account.learner_id) from None

    def reissue_codes(self, codes: dict[str, tuple[str, str]]) -> set[str]:
        return self._conditionally(
            {
                learner_id: {
                    "TableName": self._table,
                    "Key": account_key(learner_id),
                    "UpdateExpression": "SET activation_hash = :new",
                    "ConditionExpression": "activation_hash = :old AND attribute_not_exists(password_hash) "
                    f"AND attribute_exists({AWAITING})",
                    "ExpressionAttributeValues": {":new": {"S": new}, ":old": {"S": old}},
                }
                for learner_id, (old, new) in codes.items()
            }
        )

    def renew(self, renewals: dict[str, tuple[Account, Account]]) -> set[str]:
        # Conditional on the body as read here: a details update racing this one is kept, this renewal then skipped.
        stored = self._batch_get([account_key(learner_id) for learner_id in renewals])
        updates = {}
        for item in stored:
            learner_id = item["pk"]["S"].removeprefix("ACCOUNT#")
            read, new = renewals[learner_id]
            body = json.loads(item["body"]["S"])
            if any(
                body.get(name) != value for name, value in read.model_dump(mode="json", include=set(RENEWED)).items()
            ):
                continue
            body.update(new.model_dump(mode="json", include=set(RENEWED)))
            updates[learner_id] = {
                "TableName": self._table,
                "Key": account_key(learner_id),
                "UpdateExpression": "SET body = :new ADD token_version :one",
                "ConditionExpression": "body = :read",
                "ExpressionAttributeValues": {
                    ":new": {"S": json.dumps(body, ensure_ascii=False)},
                    ":read": item["body"],
                    ":one": {"N": "1"},
                },
            }
        return self._conditionally(updates)

    def slips_kept(self, codes: dict[str, str]) -> set[str]:
        return self._conditionally(
            {
                learner_id: {
                    "TableName": self._table,
                    "Key": account_key(learner_id),
                    "UpdateExpression": f"REMOVE {AWAITING}",
                    "ConditionExpression": "activation_hash = :hash",
                    "ExpressionAttributeValues": {":hash": {"S": activation_hash}},
                }
                for learner_id, activation_hash in codes.items()
            }
        )

    def _conditionally(self, updates: dict[str, dict]) -> set[str]:
        """Conditional updates (learner id → update), 100 a transaction as for a re-import's details; the ids whose
        condition held. One failing condition cancels its transaction, whose updates then go one at a time."""
        ids, done = list(updates), set()
        for start in range(0, len(ids), 100):
            chunk = ids[start : start + 100]
            try:
                self._transact([{"Update": updates[learner_id]} for learner_id in chunk])
                done.update(chunk)
            except self._errors.TransactionCanceledException:
                for learner_id in chunk:
                    try:
                        self._client.update_item(**updates[learner_id])
                        done.add(learner_id)
                    except self._errors.ConditionalCheckFailedException:
                        pass
        return done
