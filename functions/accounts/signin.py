"""Activation, sign-in, password change and reset as plain functions over an account store and a clock.

Every failure on an account counts towards its lock, whatever the address: a commune office shares one public
address, so a lock per address would lock out the whole commune, and a per-address limit would let one guesser
try every account.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from functions.accounts import passwords
from functions.accounts.account import Account
from functions.accounts.store import AccountStore
from functions.errors import ApiError


def _usable(store: AccountStore, username: str, now: datetime) -> Account | None:
    account = store.by_username(username.strip().lower())
    if account is not None and account.locked_until is not None and account.locked_until > now:
        # A pause (failures still counting) is short; a lock (the count started again) lasts a quarter hour.
        raise ApiError("signin_paused" if account.failures else "account_locked")
    return account


def _failed(store: AccountStore, account: Account, now: datetime, code: str) -> ApiError:
    failures, locked_until = passwords.after_failure(account.failures, now)
    store.set_signin(account.model_copy(update={"failures": failures, "locked_until": locked_until}))
    return ApiError("account_locked" if locked_until and not failures else code)


def _succeeded(store: AccountStore, account: Account) -> Account:
    if account.failures or account.locked_until:
        account = account.model_copy(update={"failures": 0, "locked_until": None})
        store.set_signin(account)
    return account


def activate(store: AccountStore, username: str, code: str, password: str, now: datetime) -> Account:
    """Set the first password with the one-time code from the slip; the code stops working once used."""
    problem = passwords.password_problem(password)
    if problem:
        raise ApiError(problem)
    account = _usable(store, username, now)
    if account is None:
        raise ApiError("activation_failed")
    if account.activation_hash is None or not passwords.check_code(account.activation_hash, code):
        raise _failed(store, account, now, "activation_failed")
    if not store.activate(account.learner_id, passwords.hash_password(password), now):
        raise ApiError("activation_failed")
    return store.account(account.learner_id)  # type: ignore[return-value]


def sign_in(store: AccountStore, username: str, password: str, now: datetime) -> Account:
    """The account whose password this is; an unknown name and a wrong password answer alike."""
    account = _usable(store, username, now)
    if account is None or account.password_hash is None:
        # Same cost as a real check, so timing does not tell which usernames exist.
        passwords.check_password(_dummy(), password)
        raise ApiError("signin_failed")
    if not passwords.check_password(account.password_hash, password):
        raise _failed(store, account, now, "signin_failed")
    return _succeeded(store, account)


def change_password(store: AccountStore, account: Account, current: str, new: str, now: datetime) -> Account:
    """A signed-in learner's new password; other sessions end (their tokens' version is now stale)."""
    if account.locked_until is not None and account.locked_until > now:
        raise ApiError("signin_paused" if account.failures else "account_locked")
    if account.password_hash is None or not passwords.check_password(account.password_hash, current):
        raise _failed(store, account, now, "signin_failed")
    problem = passwords.password_problem(new)
    if problem:
        raise ApiError(problem)
    changed = account.model_copy(
        update={"password_hash": passwords.hash_password(new), "failures": 0, "locked_until": None,
                "token_version": account.token_version + 1}
    )
    store.set_signin(changed)
    return changed


def sign_out(store: AccountStore, account: Account) -> None:
    """End every session of the account: tokens issued before now stop passing the version check."""
    store.set_signin(account.model_copy(update={"token_version": account.token_version + 1}))


def reset(store: AccountStore, account: Account) -> str:
    """An administrator's reset: the password is cleared, a new activation code returned (to print on a slip)."""
    code = passwords.new_activation_code()
    hashed = passwords.hash_code(code)
    store.set_signin(
        account.model_copy(
            update={"password_hash": None, "activation_hash": hashed, "failures": 0,
                    "locked_until": None, "token_version": account.token_version + 1}
        )
    )
    if account.awaiting_slip:  # the administrator holds this code now: no re-import may replace it
        store.slips_kept({account.learner_id: hashed})
    return code


@cache
def _dummy() -> str:
    return passwords.hash_password("hocso-dummy-password")
