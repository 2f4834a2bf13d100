"""Schemathesis against the functions' OpenAPI document: no 5xx, every response as documented."""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from starlette.applications import Starlette
from starlette.routing import Mount

from functions.bank import BankShelf, write_bank
from functions.deps import get_banks, get_store
from functions.server import create_functions
from functions.stores.sqlite import SQLiteStore
from tests.conftest import make_bank

LEARNER = re.compile(r"[A-Za-z0-9_-]{16,64}")


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    """The merged document, served by the functions themselves, on a store of its own."""
    tmp = tmp_path_factory.mktemp("schema")
    write_bank(make_bank(draw=6), tmp / "bank")
    store = SQLiteStore(tmp / "hocso.sqlite3")
    banks = BankShelf(tmp / "bank")
    dispatcher = create_functions()
    for app in {id(a): a for a in dispatcher.apps.values()}.values():
        app.dependency_overrides[get_store] = lambda: store
        app.dependency_overrides[get_banks] = lambda: banks
    yield schemathesis.openapi.from_asgi("/api/openapi.json", Starlette(routes=[Mount("/api", app=dispatcher)]))
    store.close()


def test_the_api_answers_every_generated_request_as_documented(api_schema):
    """Each operation gets generated requests (valid and not); every answer is checked against the document."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 7

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def answers_as_documented(case):
            header = (case.headers or {}).get("X-Hocso-Learner")
            if header is None or not LEARNER.fullmatch(str(header)):
                case.headers = {**(case.headers or {}), "X-Hocso-Learner": "learner-schemathesis01"}
            case.call_and_validate()

        answers_as_documented()
