"""Each concern's two store adapters, opened fresh for the contract suites that run against both."""

from __future__ import annotations

import importlib
import sqlite3
import uuid
from pathlib import Path

import pytest

ADAPTERS = {
    "attempts": ("functions.stores.sqlite.attempts:SQLiteStore", "functions.stores.dynamodb.attempts:DynamoDBStore"),
    "accounts": (
        "functions.stores.sqlite.accounts:SQLiteAccounts",
        "functions.stores.dynamodb.accounts:DynamoDBAccounts",
    ),
    "certificates": (
        "functions.stores.sqlite.certificates:SQLiteCertificates",
        "functions.stores.dynamodb.certificates:DynamoDBCertificates",
    ),
    "tally": ("functions.stores.sqlite.tally:SQLiteTally", "functions.stores.dynamodb.tally:DynamoDBTally"),
    "audit": ("functions.stores.sqlite.audit:SQLiteAudit", "functions.stores.dynamodb.audit:DynamoDBAudit"),
    "reach": ("functions.stores.sqlite.reach:SQLiteReach", "functions.stores.dynamodb.reach:DynamoDBReach"),
    "focal": ("functions.stores.sqlite.focal:SQLiteFocal", "functions.stores.dynamodb.focal:DynamoDBFocal"),
    "classes": (
        "functions.stores.sqlite.classes:SQLiteClasses",
        "functions.stores.dynamodb.classes:DynamoDBClasses",
    ),
    "questions": (
        "functions.stores.sqlite.questions:SQLiteQuestionSums",
        "functions.stores.dynamodb.questions:DynamoDBQuestionSums",
    ),
}
"""Each concern's two adapters, for contract suites that run against both."""


def open_test_adapter(concern: str, kind: str, tmp_path: Path, request):
    """A fresh, empty store of a concern: `kind` "sqlite" (a file in tmp_path) or "dynamodb" (a new table on the
    DynamoDB-API server process the session runs, the `dynamodb_endpoint` fixture)."""
    module, name = ADAPTERS[concern][kind == "dynamodb"].split(":")
    adapter = getattr(importlib.import_module(module), name)
    if kind == "sqlite":
        return adapter(tmp_path / "hocso.sqlite3")
    request.getfixturevalue("aws_env")
    store = adapter(f"hocso-{uuid.uuid4().hex[:12]}", endpoint_url=request.getfixturevalue("dynamodb_endpoint"))
    store.create_table()
    return store


def contract_fixture(concern: str):
    """A fixture giving each adapter of a concern in turn, closed after the test."""

    @pytest.fixture(params=["sqlite", "dynamodb"])
    def fixture(request, tmp_path):
        store = open_test_adapter(concern, request.param, tmp_path, request)
        yield store
        store.close()

    return fixture


def written(store) -> None:
    """Write what the store keeps pending in the process (SQLite's question sums); nothing for a store that keeps
    nothing pending."""
    flush = getattr(store, "flush", None)
    if flush is not None:
        flush()


def count_writes(store):
    """A counter of the writes the store sends: SQLite statements that change rows, DynamoDB write calls."""
    seen: list[str] = []
    if hasattr(store, "_db"):
        store._db.set_trace_callback(seen.append)
        return lambda: sum(1 for sql in seen if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")))
    store._client._client.meta.events.register("before-call.dynamodb", lambda model, **_: seen.append(model.name))
    return lambda: sum(1 for name in seen if name in {"PutItem", "UpdateItem", "BatchWriteItem", "TransactWriteItems"})


class FailingCommit:
    """The store's connection, whose first COMMIT fails as a full or failing disk makes it fail."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db, self.failed = db, False

    def execute(self, sql, *parameters):
        if sql == "COMMIT" and not self.failed:
            self.failed = True
            raise sqlite3.OperationalError("disk I/O error")
        return self.db.execute(sql, *parameters)

    @property
    def in_transaction(self) -> bool:
        return self.db.in_transaction
