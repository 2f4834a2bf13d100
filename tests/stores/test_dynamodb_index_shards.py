"""The index spread over shards (DynamoDB): an import's index writes go to every shard of its province rather than one
partition, a subtree still lists each account once in order (and the administrators' pages over it hold every
learner once), and what was written under the unsharded key before is still found."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

import boto3
import pytest

from functions.accounts.account import Account, Unit
from functions.api.admin.app import create_app
from functions.api.deps.accounts import get_accounts
from functions.api.deps.audit import get_audit
from functions.api.deps.certificates import get_certificates
from functions.api.deps.core import get_banks, get_clock, get_settings_dep
from functions.api.deps.tokens import get_token_secret
from functions.bank import BankShelf, write_bank
from functions.certificates.record import IssuedCertificate
from functions.settings import settings_from
from functions.stores.dynamodb.accounts import DynamoDBAccounts
from functions.stores.dynamodb.audit import DynamoDBAudit
from functions.stores.dynamodb.certificates import DynamoDBCertificates
from functions.stores.dynamodb.table import INDEX_SHARDS, index_partitions, index_shard
from tests.support.admin import NOW, SECRET
from tests.support.apps import app_client
from tests.support.banks import make_bank
from tests.support.certificates import STATED
from tests.support.world import PROVINCE, UNITS, VINH, XEN, bearer, issue

IMPORTED = 198
"""Six transactions of 33 new accounts: moto copies the table for each item of a transaction, so a few hundred keep
the suite fast; the shards a learner falls in do not depend on how many are imported."""
SHARD_KEYS = {f"ACCOUNTS#{PROVINCE.code}#{shard}" for shard in range(INDEX_SHARDS)}


def account(n: int, unit: Unit = XEN) -> Account:
    return Account(
        learner_id=f"u.{uuid.uuid5(uuid.NAMESPACE_URL, str(n)).hex[:12]}",  # random-looking, as issued
        username=f"hocvien{n:04d}",
        full_name=f"Nguyễn Văn {n}",
        unit_code=unit.code,
        unit_path=unit.path,
        identity=f"cccd:0400{n:08d}",
        issued_on=date(2026, 11, 23),
        activation_hash="ab" * 32,
    )


@pytest.fixture
def table(aws_env, dynamodb_endpoint):
    """A new table and a client on it whose index writes (the gsi1 partition key of each item or update) are kept."""
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    name = f"hocso-{uuid.uuid4().hex[:12]}"
    DynamoDBAccounts(name, client=client).create_table()
    written: list[tuple[str, str]] = []  # (operation, gsi1pk)

    def keep(params: dict, model, **kwargs) -> None:
        for write in params.get("TransactItems", []):
            body = next(iter(write.values()))
            key = body.get("Item", {}).get("gsi1pk") or body.get("ExpressionAttributeValues", {}).get(":gsi1pk")
            if key:
                written.append((model.name, key["S"]))

    client.meta.events.register("provide-client-params.dynamodb.TransactWriteItems", keep)
    return name, client, written


def test_an_imports_index_writes_spread_over_every_shard_of_its_province(table):
    name, client, written = table
    accounts = DynamoDBAccounts(name, client=client)
    people = [account(n, XEN if n % 3 else VINH) for n in range(IMPORTED)]
    assert all(created for _, created in filter(None, accounts.add_accounts(people)))
    per_key = Counter(key for _, key in written)
    assert set(per_key) == SHARD_KEYS and sum(per_key.values()) == IMPORTED
    # No shard takes much more than its eighth: a province's import writes each partition at an eighth of the rate.
    assert max(per_key.values()) <= 2 * IMPORTED / INDEX_SHARDS
    # A re-import rewrites each account's index entry on the shard it was written on.
    written.clear()
    assert not any(created for _, created in filter(None, accounts.add_accounts(people)))
    expected = Counter(f"ACCOUNTS#{PROVINCE.code}#{index_shard(person.learner_id)}" for person in people)
    assert Counter(key for _, key in written) == expected == per_key


def test_a_subtree_lists_each_account_once_by_username_across_the_shards(table):
    name, client, _ = table
    accounts = DynamoDBAccounts(name, client=client)
    people = [account(n, XEN if n % 3 else VINH) for n in range(80)]
    accounts.add_accounts(people)
    asked: list[str] = []
    client.meta.events.register(
        "provide-client-params.dynamodb.Query",
        lambda params, **kwargs: asked.append(params["ExpressionAttributeValues"][":pk"]["S"]),
    )
    assert [a.username for a in accounts.accounts_under(PROVINCE.path)] == sorted(p.username for p in people)
    assert sorted(asked) == sorted(index_partitions("ACCOUNTS", PROVINCE.code))  # each shard once, and the old key
    assert [a.username for a in accounts.accounts_under(VINH.path)] == sorted(
        p.username for p in people if p.unit_code == VINH.code
    )
    assert accounts.accounts_under("40/1681/") == []


def test_the_learner_pages_over_the_shards_hold_every_learner_once_in_username_order(table, tmp_path):
    name, client, _ = table
    accounts = DynamoDBAccounts(name, client=client)
    accounts.put_units(list(UNITS))
    admin, _ = issue(accounts, "Quản Trị Tỉnh", PROVINCE, role="admin")
    people = [account(n, XEN if n % 3 else VINH) for n in range(1, 67)]
    accounts.add_accounts(people)
    bank = make_bank(pass_percent=50)
    write_bank(bank, tmp_path / "bank")
    overrides = {
        get_accounts: accounts,
        get_certificates: DynamoDBCertificates(name, client=client),
        get_audit: DynamoDBAudit(name, client=client),
        get_banks: BankShelf(tmp_path / "bank"),
        get_settings_dep: settings_from({"HOCSO_DATA_DIR": str(tmp_path), "HOCSO_SITE_URL": "https://hoc.example.vn"}),
        get_clock: (lambda: NOW),
        get_token_secret: (lambda: SECRET),
    }
    seen: list[str] = []
    with app_client(create_app(), overrides) as http:
        for offset in range(0, 70, 9):
            page = http.get(
                "/admin/learners", params={"limit": 9, "offset": offset}, headers=bearer(admin, SECRET, NOW)
            )
            assert page.status_code == 200 and page.json()["total"] == len(people)
            seen += [line["username"] for line in page.json()["learners"]]
    assert seen == sorted(p.username for p in people)


def test_accounts_and_certificates_indexed_before_the_shards_are_still_listed(table):
    name, client, _ = table
    accounts, certificates = DynamoDBAccounts(name, client=client), DynamoDBCertificates(name, client=client)
    old, new = account(1), account(2)
    accounts.add_accounts([old, new])
    issued = IssuedCertificate(
        certificate=STATED,
        signature="—",
        learner_id=old.learner_id,
        unit_code=XEN.code,
        unit_path=XEN.path,
        issued_at=NOW,
    )
    certificates.issue(issued)
    # As the previous release wrote them: the province's unsharded index key.
    for pk, kind in ((f"ACCOUNT#{old.learner_id}", "ACCOUNTS"), (f"CERT#{issued.number}", "CERTS")):
        client.update_item(
            TableName=name,
            Key={"pk": {"S": pk}, "sk": {"S": "A" if kind == "ACCOUNTS" else "C"}},
            UpdateExpression="SET gsi1pk = :pk",
            ExpressionAttributeValues={":pk": {"S": f"{kind}#{PROVINCE.code}"}},
        )
    assert [a.username for a in accounts.accounts_under(XEN.path)] == [old.username, new.username]
    assert [r.number for r in certificates.under(PROVINCE.path)] == [issued.number]
    # A re-import writes the old account on its shard, where it is listed once.
    accounts.add_accounts([old])
    item = client.get_item(TableName=name, Key={"pk": {"S": f"ACCOUNT#{old.learner_id}"}, "sk": {"S": "A"}})["Item"]
    assert item["gsi1pk"]["S"] == f"ACCOUNTS#{PROVINCE.code}#{index_shard(old.learner_id)}"
    assert [a.username for a in accounts.accounts_under(PROVINCE.path)] == [old.username, new.username]


def test_a_province_is_read_from_each_shard_and_the_unsharded_key():
    assert index_partitions("CERTS", "40") == [f"CERTS#40#{shard}" for shard in range(INDEX_SHARDS)] + ["CERTS#40"]
    assert {index_shard(f"u.{n:012d}") for n in range(400)} == set(range(INDEX_SHARDS))
