"""The items of the accounts store in the DynamoDB table (kinds and keys in `functions.stores.dynamodb.table`): their
keys, and an account read back from its item. Shared by the accounts store and the moves a merge makes."""

from __future__ import annotations

import json

from functions.accounts.account import Account
from functions.accounts.store import SIGNIN

AWAITING = "awaiting_slip"
"""An attribute of its own, present while the account's code is on no durable slip: a re-import's details update
rewrites `body`, and must not bring back a mark that the import's slips being kept has removed."""


def unit_key(code: str) -> dict:
    return {"pk": {"S": "UNITS"}, "sk": {"S": f"UNIT#{code}"}}


def account_key(learner_id: str) -> dict:
    return {"pk": {"S": f"ACCOUNT#{learner_id}"}, "sk": {"S": "A"}}


def token_version_of(item: dict) -> int:
    """An account item's token version (0 until it first moves)."""
    return int(item["token_version"]["N"]) if "token_version" in item else 0


def username_key(username: str) -> dict:
    return {"pk": {"S": f"USERNAME#{username}"}, "sk": {"S": "A"}}


def identity_key(unit_code: str, identity: str) -> dict:
    # The identity is the sort key, so no code or identity can run into the other, whatever characters they hold.
    return {"pk": {"S": f"IDENTITY#{unit_code}"}, "sk": {"S": identity}}


def signin(account: Account) -> dict[str, dict | None]:
    """The sign-in state as attribute values; None for an empty field, which the item then does not have."""
    values = account.model_dump(mode="json", include=set(SIGNIN))
    return {
        name: None if value is None else {"N": str(value)} if isinstance(value, int) else {"S": value}
        for name, value in values.items()
    }


def account_of(item: dict) -> Account:
    data = json.loads(item["body"]["S"])
    for name in SIGNIN:
        value = item.get(name)
        data[name] = None if value is None else int(value["N"]) if "N" in value else value["S"]
    data["awaiting_slip"] = AWAITING in item
    return Account.model_validate(data)
