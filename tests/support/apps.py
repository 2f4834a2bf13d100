"""Each function's FastAPI app in process, its dependencies answering the test's stores, clock and settings."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from functions.api.deps.accounts import get_accounts
from functions.api.deps.attempts import get_store
from functions.api.deps.audit import get_audit
from functions.api.deps.certificates import get_certificates
from functions.api.deps.classes import get_classes
from functions.api.deps.focal import get_focal
from functions.api.deps.questions import get_question_sums
from functions.api.deps.tally import get_tally
from functions.stores.sqlite.accounts import SQLiteAccounts
from functions.stores.sqlite.attempts import SQLiteStore
from functions.stores.sqlite.audit import SQLiteAudit
from functions.stores.sqlite.certificates import SQLiteCertificates
from functions.stores.sqlite.classes import SQLiteClasses
from functions.stores.sqlite.focal import SQLiteFocal
from functions.stores.sqlite.questions import SQLiteQuestionSums
from functions.stores.sqlite.tally import SQLiteTally


def api_routes(app: FastAPI) -> Iterator[APIRoute]:
    """Every API route of an app, those of its included routers too (FastAPI keeps an included router as one entry of
    `app.routes`; its routes are reached through `iter_route_contexts`)."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            yield context.original_route


def returning(value):
    """A dependency override that returns `value` (a closure: a default argument would become a query parameter)."""
    return lambda: value


class SQLiteStores:
    """The functions' stores on one SQLite file, as `hocso serve` opens them."""

    def __init__(self, db: Path) -> None:
        self.attempts, self.accounts = SQLiteStore(db), SQLiteAccounts(db)
        self.certificates, self.tally, self.audit = SQLiteCertificates(db), SQLiteTally(db), SQLiteAudit(db)
        self.focal, self.classes, self.questions = SQLiteFocal(db), SQLiteClasses(db), SQLiteQuestionSums(db)

    def overrides(self) -> dict:
        """Each store's dependency, answering this store (an app ignores those it does not ask for)."""
        return {
            get_store: self.attempts,
            get_accounts: self.accounts,
            get_certificates: self.certificates,
            get_tally: self.tally,
            get_audit: self.audit,
            get_focal: self.focal,
            get_classes: self.classes,
            get_question_sums: self.questions,
        }

    def close(self) -> None:
        """Close every store."""
        stores = (self.attempts, self.accounts, self.certificates, self.tally, self.audit, self.focal)
        for store in (*stores, self.classes, self.questions):
            store.close()


@contextmanager
def app_client(
    app: FastAPI, overrides: Mapping, raise_server_exceptions: bool = False, **attached
) -> Iterator[TestClient]:
    """A TestClient of `app`, each dependency in `overrides` answering its value; `attached` become attributes of the
    client, so tests reach the stores behind it. Unless asked, a server error is an answer (a 500), not a raise."""
    for dependency, value in overrides.items():
        app.dependency_overrides[dependency] = returning(value)
    with TestClient(app, raise_server_exceptions=raise_server_exceptions) as client:
        for name, value in attached.items():
            setattr(client, name, value)
        yield client


def filename_of(header: str) -> str:
    """The name a browser saves under (RFC 6266 section 4.3: `filename*` wins over `filename`)."""
    kind, *params = [part.strip() for part in header.split(";")]
    assert kind == "attachment"
    found = dict(param.split("=", 1) for param in params)
    charset, _, encoded = found["filename*"].partition("''")
    assert charset == "UTF-8" and re.fullmatch(r'"[A-Za-z0-9._-]+"', found["filename"])
    return unquote(encoded, encoding="utf-8", errors="strict")
