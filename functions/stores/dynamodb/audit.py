"""The audit trail in the DynamoDB table (item kinds and keys in `functions.stores.dynamodb.table`).

Entries of a province live in one partition sorted by time, so the newest come first from one backward query, a page
of `limit` entries at a time; an administrator below the province filters that query by their path and stops once
they have enough. Administrators act a few times a minute at most, far below what one partition takes. A reader of
the whole country ("" path) queries each province listed under `AUDIT` the same way and merges them, newest first:
every read is a query on a partition key, none a scan, so each role is held to its item kinds (dynamodb:LeadingKeys).

Entries recorded before the `AUDIT` list existed are in no list until their province records another. That is no loss
today: no administrator reads the whole country through the API (each belongs to a province's tree, and a national
root is refused), and a province's reads never consult the list.
"""

from __future__ import annotations

import heapq
import secrets
from collections.abc import Iterator
from itertools import islice
from typing import Any

from functions.audit import AuditEntry, stamp
from functions.stores.dynamodb.retry import Backoff
from functions.stores.dynamodb.table import DynamoDBTable

REGISTRY = "AUDIT"
"""The partition listing each province's audit partition key as a sort key."""
FILTERED_PAGE = 10
"""A filtered read's pages hold this many times `limit` entries: a unit below the province has a fraction of its
province's entries, so a page of `limit` would seldom fill the answer."""


class DynamoDBAudit(DynamoDBTable):
    """Audit entries in the shared DynamoDB table."""

    def __init__(
        self, table: str, client: Any = None, endpoint_url: str | None = None, backoff: Backoff | None = None
    ) -> None:
        super().__init__(table, client, endpoint_url, backoff)
        self._listed: set[str] = set()  # partitions this process has put under REGISTRY

    def record(self, entry: AuditEntry) -> None:
        partition = f"AUDIT#{entry.admin_unit_path.split('/', 1)[0]}"
        # Listed before the first entry, so no entry sits in an unlisted partition; a put again is harmless.
        if partition not in self._listed:
            self._client.put_item(TableName=self._table, Item={"pk": {"S": REGISTRY}, "sk": {"S": partition}})
            self._listed.add(partition)
        # The random tail keeps two entries of the same microsecond apart; a put never overwrites.
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": {"S": partition},
                "sk": {"S": f"{stamp(entry.at)}#{secrets.token_hex(4)}"},
                "path": {"S": entry.admin_unit_path},
                "body": {"S": entry.model_dump_json()},
            },
            ConditionExpression="attribute_not_exists(pk)",
        )

    def entries(self, unit_path: str, limit: int = 100) -> list[AuditEntry]:
        top = unit_path.split("/", 1)[0]
        if top:
            partitions = [f"AUDIT#{top}"]
        else:
            listed = self._items(
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": REGISTRY}},
                ConsistentRead=True,
            )
            partitions = [item["sk"]["S"] for item in listed]
        # A province's partition holds its own subtree only: a filter is needed below it.
        below = unit_path if top and unit_path != f"{top}/" else None
        # Each partition answers newest first; merged, the first `limit` are the newest of all, and a partition is
        # read no further than the merge needs.
        newest = heapq.merge(
            *(self._newest(partition, below, limit) for partition in partitions),
            key=lambda item: item["sk"]["S"],
            reverse=True,
        )
        return [AuditEntry.model_validate_json(item["body"]["S"]) for item in islice(newest, limit)]

    def _newest(self, partition: str, below: str | None, limit: int) -> Iterator[dict]:
        """A partition's entries, newest first, page by page; only those by administrators of the subtree `below`
        when given."""
        request: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": partition}},
            "ScanIndexForward": False,
            "ConsistentRead": True,
            "Limit": limit,
        }
        if below is not None:
            request["FilterExpression"] = "begins_with(#path, :path)"
            request["ExpressionAttributeNames"] = {"#path": "path"}
            request["ExpressionAttributeValues"][":path"] = {"S": below}
            request["Limit"] = FILTERED_PAGE * limit
        return self._items(**request)
