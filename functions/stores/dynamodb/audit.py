"""The audit trail in the DynamoDB table (item kinds and keys in `functions.stores.dynamodb.table`).

Entries of a province live in one partition sorted by time, so the newest come first from one backward query; an
administrator below the province filters that query by their path and stops once they have enough. Administrators
act a few times a minute at most, far below what one partition takes. Only a reader of the whole country ("" path)
scans, and sorts what it read.
"""

from __future__ import annotations

import secrets
from itertools import islice

from functions.audit import AuditEntry, stamp
from functions.stores.dynamodb.table import DynamoDBTable


class DynamoDBAudit(DynamoDBTable):
    """Audit entries in the shared DynamoDB table."""

    def record(self, entry: AuditEntry) -> None:
        top = entry.admin_unit_path.split("/", 1)[0]
        # The random tail keeps two entries of the same microsecond apart; a put never overwrites.
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": {"S": f"AUDIT#{top}"},
                "sk": {"S": f"{stamp(entry.at)}#{secrets.token_hex(4)}"},
                "path": {"S": entry.admin_unit_path},
                "body": {"S": entry.model_dump_json()},
            },
            ConditionExpression="attribute_not_exists(pk)",
        )

    def entries(self, unit_path: str, limit: int = 100) -> list[AuditEntry]:
        top = unit_path.split("/", 1)[0]
        if not top:
            items = self._items(
                "scan",
                FilterExpression="begins_with(pk, :audit)",
                ExpressionAttributeValues={":audit": {"S": "AUDIT#"}},
            )
            newest = sorted(items, key=lambda item: item["sk"]["S"], reverse=True)[:limit]
        else:
            newest = list(
                islice(
                    self._items(
                        KeyConditionExpression="pk = :pk",
                        FilterExpression="begins_with(#path, :path)",
                        ExpressionAttributeNames={"#path": "path"},
                        ScanIndexForward=False,
                        ConsistentRead=True,
                        ExpressionAttributeValues={":pk": {"S": f"AUDIT#{top}"}, ":path": {"S": unit_path}},
                    ),
                    limit,
                )
            )
        return [AuditEntry.model_validate_json(item["body"]["S"]) for item in newest]
