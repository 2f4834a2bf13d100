"""The deployment's template, read once per test module that asks for it."""

import pytest

from infra import cfnyaml


@pytest.fixture(scope="module")
def template() -> dict:
    return cfnyaml.load()
