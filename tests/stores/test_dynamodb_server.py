"""The test server's rollback: a cancelled transaction leaves every item it named as it was, written, updated or
deleted, as DynamoDB does (the server keeps a journal of those items instead of moto's copy of the table)."""

import uuid

import boto3
import pytest


@pytest.fixture
def table(aws_env, dynamodb_endpoint):
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    name = f"rollback-{uuid.uuid4().hex[:8]}"
    client.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName=name, Item={"pk": {"S": "kept"}, "n": {"N": "1"}})
    client.put_item(TableName=name, Item={"pk": {"S": "gone"}, "n": {"N": "2"}})
    return client, name


def test_a_cancelled_transaction_leaves_each_item_it_named_as_it_was(table):
    client, name = table
    with pytest.raises(client.exceptions.TransactionCanceledException):
        client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": name, "Item": {"pk": {"S": "new"}}}},
                {
                    "Update": {
                        "TableName": name,
                        "Key": {"pk": {"S": "kept"}},
                        "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
                {"Delete": {"TableName": name, "Key": {"pk": {"S": "gone"}}}},
                {
                    "ConditionCheck": {
                        "TableName": name,
                        "Key": {"pk": {"S": "other"}},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
            ]
        )
    items = {item["pk"]["S"]: item for item in client.scan(TableName=name)["Items"]}
    assert sorted(items) == ["gone", "kept"]
    assert (items["kept"]["n"], items["gone"]["n"]) == ({"N": "1"}, {"N": "2"})
    client.transact_write_items(TransactItems=[{"Put": {"TableName": name, "Item": {"pk": {"S": "new"}}}}])
    assert len(client.scan(TableName=name)["Items"]) == 3  # and one that passes is kept
