"""Schemathesis against the functions' OpenAPI document: no 5xx, every response as documented."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from starlette.applications import Starlette
from starlette.routing import Mount

from functions.accounts import tokens
from functions.api.deps.accounts import get_accounts
from functions.api.deps.attempts import get_store
from functions.api.deps.audit import get_audit
from functions.api.deps.blobs import get_blobs
from functions.api.deps.certificates import get_certificates
from functions.api.deps.classes import get_classes
from functions.api.deps.core import get_banks, get_settings_dep
from functions.api.deps.focal import get_focal
from functions.api.deps.keys import get_keys
from functions.api.deps.tally import get_tally
from functions.api.deps.tokens import get_token_secret
from functions.api.events.app import get_reach
from functions.api.server import create_functions
from functions.bank import BankShelf, write_bank
from functions.blobs import LocalBlobs
from functions.certificates.keys import add_key
from functions.settings import settings_from
from functions.stores.sqlite.accounts import SQLiteAccounts
from functions.stores.sqlite.attempts import SQLiteStore
from functions.stores.sqlite.audit import SQLiteAudit
from functions.stores.sqlite.certificates import SQLiteCertificates
from functions.stores.sqlite.classes import SQLiteClasses
from functions.stores.sqlite.focal import SQLiteFocal
from functions.stores.sqlite.reach import SQLiteReach
from functions.stores.sqlite.tally import SQLiteTally
from tests.support.apps import returning
from tests.support.banks import make_bank
from tests.support.world import PROVINCE, issue

LEARNER = re.compile(r"[A-Za-z0-9_-]{16,64}")
SECRET = "s" * 48


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    """The merged document, served by the functions themselves, on a store of its own."""
    tmp = tmp_path_factory.mktemp("schema")
    write_bank(make_bank(draw=6), tmp / "bank")
    db = tmp / "hocso.sqlite3"
    store, accounts, certificates = SQLiteStore(db), SQLiteAccounts(db), SQLiteCertificates(db)
    accounts.put_units([PROVINCE])
    admin, _ = issue(accounts, "Quản trị viên", PROVINCE, "admin", identity="x")
    values = {
        get_store: store,
        get_banks: BankShelf(tmp / "bank"),
        get_accounts: accounts,
        get_certificates: certificates,
        get_blobs: LocalBlobs(tmp / "blobs"),
        get_keys: add_key(tmp / "keys", date(2026, 11, 23)),
        get_settings_dep: settings_from({"HOCSO_DATA_DIR": str(tmp)}),
        get_token_secret: lambda: SECRET,
        get_tally: SQLiteTally(db),
        get_reach: SQLiteReach(db),
        get_audit: SQLiteAudit(db),
        get_focal: SQLiteFocal(db),
        get_classes: SQLiteClasses(db),
    }
    dispatcher = create_functions()
    for app in {id(a): a for a in dispatcher.apps.values() if isinstance(a, FastAPI)}.values():
        for dependency, value in values.items():
            app.dependency_overrides[dependency] = returning(value)
    token = tokens.issue(tokens.Claims(admin.learner_id, "admin", PROVINCE.path, 0), SECRET, datetime.now(UTC))
    yield schemathesis.openapi.from_asgi("/api/openapi.json", Starlette(routes=[Mount("/api", app=dispatcher)])), token
    for opened in (store, accounts, certificates):
        opened.close()


def test_the_api_answers_every_generated_request_as_documented(api_schema):
    """Each operation gets generated requests (valid and not); every answer is checked against the document."""
    schema, token = api_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 58

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def answers_as_documented(case):
            headers = case.headers or {}
            if case.path.startswith(("/accounts/", "/certificates/", "/admin/")):
                # A signed-in administrator, so the generated requests reach past the sign-in check.
                if not str(headers.get("Authorization", "")).startswith("Bearer ") or "." not in str(
                    headers["Authorization"]
                ):
                    case.headers = {**headers, "Authorization": f"Bearer {token}"}
            elif headers.get("X-Hocso-Learner") is None or not LEARNER.fullmatch(str(headers["X-Hocso-Learner"])):
                case.headers = {**headers, "X-Hocso-Learner": "learner-schemathesis01"}
            case.call_and_validate()

        answers_as_documented()
