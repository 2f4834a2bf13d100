"""What each function's role lets it touch in the table by partition key (`dynamodb:LeadingKeys` in
infra/template.yaml), and the partition keys a boto3 DynamoDB client really sends, as IAM reads them.

moto checks no IAM, so the template tests compare the keys a function's stores send against the patterns its role
allows, with IAM's StringLike (`*` any run of characters, `?` one), which `fnmatchcase` matches alike for these
patterns (they hold no `[`)."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

TABLE_ARN = {"Fn::GetAtt": ["Table", "Arn"]}


def statements(template: dict, function: str) -> dict[str, dict]:
    """The statements of a function's role, by Sid."""
    role = template["Resources"][f"{function.capitalize()}Role"]["Properties"]
    return {
        statement["Sid"]: statement
        for policy in role["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    }


def leading_keys(template: dict, function: str) -> set[str] | None:
    """The partition key patterns every keyed table statement of the function's role is held to; None when one is
    not held. A Scan names no key, so a statement of Scan alone is left out: it reads and cannot be held."""
    found: set[str] = set()
    for statement in statements(template, function).values():
        if statement["Resource"] != TABLE_ARN or statement["Action"] == ["dynamodb:Scan"]:
            continue
        condition = statement.get("Condition", {})
        if condition.get("Null") != {"dynamodb:LeadingKeys": "false"}:
            return None  # a request naming no key would pass a bare ForAllValues test
        found |= set(condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"])
    return found


def allowed(key: str, patterns: set[str]) -> bool:
    """Whether a partition key passes one of the patterns."""
    return any(fnmatchcase(key, pattern) for pattern in patterns)


class KeyRecorder:
    """Records (function, operation, partition key) of every request of the clients whose events it is registered
    on; `function` is whatever the test set last (which handler is running)."""

    def __init__(self) -> None:
        self.function = ""
        self.keys: list[tuple[str, str, str]] = []

    def register(self, events: Any) -> None:
        """Listen on a client's (or a session's, for clients made after) event emitter."""
        events.register("provide-client-params.dynamodb.*", self._record)

    def unregister(self, events: Any) -> None:
        events.unregister("provide-client-params.dynamodb.*", self._record)

    def _record(self, params: dict, model: Any, **kwargs: Any) -> None:
        self.keys += [(self.function, model.name, key) for key in partition_keys(params)]


def partition_keys(params: dict) -> list[str]:
    """The partition keys a DynamoDB request names: an item's, a query's, each of a transaction or a batch."""
    if "TransactItems" in params:
        return [key for item in params["TransactItems"] for key in partition_keys(next(iter(item.values())))]
    if "RequestItems" in params:
        found = []
        for request in params["RequestItems"].values():
            entries = request if isinstance(request, list) else [{"Key": key} for key in request["Keys"]]
            for entry in entries:
                found += partition_keys(entry.get("PutRequest") or entry.get("DeleteRequest") or entry)
        return found
    for field in ("Key", "Item"):
        if field in params:
            return [params[field]["pk"]["S"]]
    if "KeyConditionExpression" in params and "IndexName" not in params:
        return [params["ExpressionAttributeValues"][":pk"]["S"]]
    return []
