"""A province's training rounds in the DynamoDB table (`ROUNDS#<top unit code>` items, keys in
`functions.stores.dynamodb.table`): the list as JSON with its version, written only over the version it follows."""

from __future__ import annotations

from functions.rounds import Rounds
from functions.stores.dynamodb.table import DynamoDBTable


def _rounds_key(top: str) -> dict:
    return {"pk": {"S": f"ROUNDS#{top}"}, "sk": {"S": "R"}}


class DynamoDBRoundsMixin(DynamoDBTable):
    """The rounds half of the accounts store (`AccountStore.rounds`, `put_rounds`)."""

    def rounds(self, top: str) -> Rounds:
        item = self._get(_rounds_key(top))
        return Rounds.model_validate_json(item["body"]["S"]) if item else Rounds()

    def put_rounds(self, top: str, rounds: Rounds) -> bool:
        # One conditional put: two changes read the same version, the first written wins, the other is told so.
        if rounds.version == 1:
            condition, values = "attribute_not_exists(pk)", None
        else:
            condition, values = "version = :kept", {":kept": {"N": str(rounds.version - 1)}}
        request = {
            "TableName": self._table,
            "Item": {
                **_rounds_key(top),
                "version": {"N": str(rounds.version)},
                "body": {"S": rounds.model_dump_json()},
            },
            "ConditionExpression": condition,
        }
        if values:
            request["ExpressionAttributeValues"] = values
        try:
            self._client.put_item(**request)
        except self._errors.ConditionalCheckFailedException:
            return False
        return True
