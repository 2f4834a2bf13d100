"""Fixtures the enrolment tests share (`test_roster`, `test_renewal`): each account store with the world's units,
and a SQLite tally to count in."""

import pytest

from functions.stores.sqlite.tally import SQLiteTally
from tests.support.world import UNITS


@pytest.fixture
def store(any_accounts):
    any_accounts.put_units(list(UNITS))
    return any_accounts


@pytest.fixture
def tally(tmp_path):
    kept = SQLiteTally(tmp_path / "tally.sqlite3")
    yield kept
    kept.close()
