"""What the accounts need from storage, as one Protocol; `functions.stores` has a SQLite and a DynamoDB adapter."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from functions.accounts.account import Account, Unit
from functions.rounds import Rounds

DETAILS = ("full_name", "position", "phone", "email", "external_id", "cohort", "category", "unit_path")
"""What a re-import may change of an account that already exists; its sign-in state stays as it was."""
RENEWED = ("issued_on", "deadline", "round")
"""What a later round's import changes of an account found again (`AccountStore.renew`)."""
SIGNIN = ("activation_hash", "password_hash", "activated_at", "failures", "locked_until", "token_version")
"""The sign-in state `set_signin` writes back, and nothing else."""


class UsernameTaken(Exception):
    """Another account already has this username; the caller picks another."""


def check_distinct(accounts: list[Account]) -> None:
    """Refuse a batch that names one person twice: which row's details should win is the import's call, not ours."""
    seen: set[tuple[str, str]] = set()
    for account in accounts:
        person = (account.unit_code, account.identity)
        if person in seen:
            raise ValueError(f"{account.identity!r} appears twice in unit {account.unit_code} of one batch")
        seen.add(person)


def moved(account: Account, unit: Unit, identity: str) -> Account:
    """An account moved into `unit` by a merge (`functions.accounts.merges`), known there by `identity` (its own, or
    marked with its old unit's code when the unit already has someone by it); an administrator's token version moves
    on, so no token keeps the old unit as their scope."""
    bump = int(account.role == "admin")
    return account.model_copy(
        update={
            "unit_code": unit.code,
            "unit_path": unit.path,
            "identity": identity,
            "token_version": account.token_version + bump,
        }
    )


def taken_identity(account: Account) -> str:
    """The identity a moved account takes when its new unit already has someone by its own."""
    return f"{account.identity}@{account.unit_code}"


class AccountStore(Protocol):
    def put_units(self, units: list[Unit]) -> None:
        """Add units or update them in place, matched by code."""

    def replace_units(self, units: list[Unit]) -> None:
        """`put_units` all at once or not at all (a merge's units, at most 100)."""

    def move_accounts(self, accounts: list[Account], unit: Unit) -> int:
        """Move accounts (as read) into `unit` (`moved`), each only while it is still in the unit it was read in, so
        that running a merge again moves only those it had not; how many this call moved."""

    def units(self) -> list[Unit]:
        """Every unit, in code order."""

    def unit(self, code: str) -> Unit | None: ...

    def rounds(self, top: str) -> Rounds:
        """The training rounds of a top-level unit (a province), version 0 and none when it has set none."""

    def put_rounds(self, top: str, rounds: Rounds) -> bool:
        """Keep a province's rounds if its stored list is still the version before `rounds.version` (0: none yet);
        False, writing nothing, when another change came first (the caller reads again and checks again)."""

    def add_account(self, account: Account) -> tuple[Account, bool]:
        """Store a new account, or, when the unit already has this person (same `identity`), update their details
        and return the stored account with False: re-importing a list creates no duplicates and keeps credentials."""

    def add_accounts(self, accounts: list[Account]) -> list[tuple[Account, bool] | None]:
        """`add_account` for each, in few writes (an import's thousands): the same pair per account, in order, or
        None where another person has the username (nothing is written for it; the caller draws another).

        The accounts must be distinct people: no two with the same unit and `identity` (an import drops repeated
        rows first); a repeat is refused with ValueError. Of two new accounts drawing one username, the first has it."""

    def account(self, learner_id: str) -> Account | None: ...

    def by_username(self, username: str) -> Account | None: ...

    def token_version(self, learner_id: str) -> int | None:
        """The account's current token version, or None when there is no such account: the one small read every
        request with a token makes, so a token ended by sign-out, a password change or a reset is refused at once."""

    def accounts_under(self, unit_path: str, cohort: str | None = None) -> list[Account]:
        """Accounts in a unit's subtree (path prefix), optionally of one cohort, by username."""

    def activate(self, learner_id: str, password_hash: str, at: datetime) -> bool:
        """Set the first password; False when the account was activated meanwhile (the code is single use)."""

    def set_signin(self, account: Account) -> None:
        """Write back the sign-in state (failures, lock, password, activation code, token version) of an account."""

    def reissue_codes(self, codes: dict[str, tuple[str, str]]) -> set[str]:
        """Give new activation codes (learner id → (old hash, new hash)) to accounts still awaiting their slip and
        never activated, whose code is still the old hash; the ids so changed. Nothing is written for the others: a
        printed slip's code, or a used one, is never replaced."""

    def renew(self, renewals: dict[str, tuple[Account, Account]]) -> set[str]:
        """Issue accounts again for a later round: learner id → (the account as read, the same renewed). Writes the
        renewed one's `RENEWED` fields where the stored account still has the read one's (of two imports racing,
        one renews) and moves its token version on, so no token keeps last round's claims. The ids renewed."""
        ...

    def slips_kept(self, codes: dict[str, str]) -> set[str]:
        """Record that the codes of these accounts (learner id → activation hash) are on a durable slip: each whose
        code is still that hash stops awaiting its slip. The ids whose code is that hash (recorded now or before); an id
        left out had its code re-issued meanwhile, by another import."""

    def strike(self, key: str, now: datetime, waits: list[int], expires_at: datetime) -> int | None:
        """Count one failure on the counter `key`, atomically, and return the count; or None, counting nothing, when
        the counter must still wait: `waits[n]` seconds since its last failure after n failures (the last value
        repeats). A new counter starts at 1 and is kept until `expires_at`."""

    def strikes(self, key: str) -> tuple[int, datetime] | None:
        """A counter's failures and the time of its last one; None when there is none (or it has expired)."""

    def pardon(self, key: str) -> None:
        """Take one failure back from a counter (a try that turned out right); its wait is left as it was."""

    def forgive(self, key: str) -> None:
        """Forget a counter."""

    def close(self) -> None: ...
