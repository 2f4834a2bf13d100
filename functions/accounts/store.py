"""What the accounts need from storage, as one Protocol; `functions.stores` has a SQLite and a DynamoDB adapter."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from functions.accounts.account import Account, Unit


DETAILS = ("full_name", "position", "phone", "email", "external_id", "cohort", "unit_path")
"""What a re-import may change of an account that already exists; its sign-in state stays as it was."""
SIGNIN = ("activation_hash", "password_hash", "activated_at", "failures", "locked_until", "token_version")
"""The sign-in state `set_signin` writes back, and nothing else."""


class UsernameTaken(Exception):
    """Another account already has this username; the caller picks another."""


class AccountStore(Protocol):
    def put_units(self, units: list[Unit]) -> None:
        """Add units or update them in place, matched by code."""

    def units(self) -> list[Unit]:
        """Every unit, in code order."""

    def unit(self, code: str) -> Unit | None: ...

    def add_account(self, account: Account) -> tuple[Account, bool]:
        """Store a new account, or, when the unit already has this person (same `identity`), update their details
        and return the stored account with False: re-importing a list creates no duplicates and keeps credentials."""

    def account(self, learner_id: str) -> Account | None: ...

    def by_username(self, username: str) -> Account | None: ...

    def accounts_under(self, unit_path: str, cohort: str | None = None) -> list[Account]:
        """Accounts in a unit's subtree (path prefix), optionally of one cohort, by username."""

    def activate(self, learner_id: str, password_hash: str, at: datetime) -> bool:
        """Set the first password; False when the account was activated meanwhile (the code is single use)."""

    def set_signin(self, account: Account) -> None:
        """Write back the sign-in state (failures, lock, password, activation code, token version) of an account."""

    def close(self) -> None: ...
