"""Activation, sign-in, password change and reset as plain functions over an account store and a clock.

Nobody's failures can stop an account's owner: a browser that has signed in to the account before proves it with its
device cookie and is counted on its own; every other try is slowed per address and per username, with waits that
grow but never lock (`functions.accounts.throttle`). A known and an unknown username take the same path: the same
counters, an argon2 check (against a dummy hash when there is no password), the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from functions.accounts import devices, password_policy, passwords, throttle, tokens
from functions.accounts.account import Account
from functions.accounts.store import AccountStore
from functions.accounts.throttle import ADDRESS, CHANGE, DEVICE, USERNAME, Counter
from functions.errors import ApiError


@dataclass(frozen=True)
class Client:
    """Who is trying: their address (see `functions.api.accounts.app`) and the device cookie their browser sent."""

    address: str
    cookie: str | None = None


def _counters(
    client: Client, username: str, secret: str, now: datetime, *, per_username: bool
) -> tuple[str | None, list[Counter]]:
    """The device entry the client holds for `username` (None for a stranger) and the counters its try goes on."""
    item = devices.trusted(client.cookie, username, secret)
    if item is not None:
        return item, throttle.counters(now, (DEVICE, devices.nonce(item)))
    pairs = [(ADDRESS, client.address)] + ([(USERNAME, username)] if per_username else [])
    return None, throttle.counters(now, *pairs)


def _take_back(store: AccountStore, tried: list[Counter]) -> None:
    """A try that proved the secret: the address gets its strike back, the username and device counters start again."""
    for counter in tried:
        if counter.rule is ADDRESS:
            store.pardon(counter.key)
        else:
            store.forgive(counter.key)


def _name(username: str) -> str:
    return username.strip().lower()


def sign_in(
    store: AccountStore, username: str, password: str, client: Client, secret: str, now: datetime
) -> tuple[Account, str]:
    """The account whose password this is, and the device cookie to send back; unknown names answer alike."""
    name = _name(username)
    item, tried = _counters(client, name, secret, now, per_username=True)
    throttle.admit(store, tried, now)
    account = store.by_username(name)
    stored = account.password_hash if account is not None else None
    # Always one argon2 check, against a dummy hash when there is nothing to check: the time tells nothing.
    right = passwords.check_password(stored or _dummy(), password)
    if account is None or stored is None or not right:
        raise ApiError("signin_failed")
    _take_back(store, tried)
    return account, devices.remember(client.cookie, item or devices.entry(name, secret))


def activate(
    store: AccountStore, username: str, code: str, password: str, client: Client, secret: str, now: datetime
) -> tuple[Account, str]:
    """Set the first password with the one-time code from the slip; the code stops working once used.

    Wrong codes count only against the client (its address, or its device): a code has 60 random bits, so no
    per-account pause is needed to keep it safe, and none can be used to keep the slip's holder out. An activated
    account has no code, so codes tried on it change nothing of its sign-in."""
    name = _name(username)
    item, tried = _counters(client, name, secret, now, per_username=False)
    throttle.admit(store, tried, now)
    account = store.by_username(name)
    pending = account.activation_hash if account is not None else None
    if not passwords.check_code(pending or _DUMMY_CODE, code) or account is None or pending is None:
        raise ApiError("activation_failed")
    _take_back(store, tried)
    # Only the slip's holder reaches this point, so a refusal naming their own name reveals nothing; the code stays
    # unspent for their next choice.
    problem = password_policy.problem(password, name, account.full_name)
    if problem:
        raise ApiError(problem)
    if not store.activate(account.learner_id, passwords.hash_password(password), now):
        raise ApiError("activation_failed")
    activated = store.account(account.learner_id)
    assert activated is not None  # it was just activated; accounts are never deleted
    return activated, devices.remember(client.cookie, item or devices.entry(name, secret))


def change_password(store: AccountStore, account: Account, current: str, new: str, now: datetime) -> Account:
    """A signed-in learner's new password; other sessions end (their tokens' version is now stale)."""
    tried = throttle.counters(now, (CHANGE, account.learner_id))
    throttle.admit(store, tried, now)
    if account.password_hash is None or not passwords.check_password(account.password_hash, current):
        raise ApiError("signin_failed")
    _take_back(store, tried)
    problem = password_policy.problem(new, account.username, account.full_name)
    if problem:
        raise ApiError(problem)
    changed = account.model_copy(
        update={"password_hash": passwords.hash_password(new), "token_version": account.token_version + 1}
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
            update={
                "password_hash": None,
                "activation_hash": hashed,
                "failures": 0,
                "locked_until": None,
                "token_version": account.token_version + 1,
            }
        )
    )
    if account.awaiting_slip:  # the administrator holds this code now: no re-import may replace it
        store.slips_kept({account.learner_id: hashed})
    return code


_DUMMY_CODE = passwords.hash_code("0000-0000-0000")
"""Compared against when the name has no pending code, so that path costs what a real check does."""


@cache
def _dummy() -> str:
    return passwords.hash_password("hocso-dummy-password")


def current_account(store: AccountStore, claims: tokens.Claims) -> Account:
    """The account behind a live token (`functions.api.identity` has checked its version; checked again against the
    account read here, in case it ended in between)."""
    account = store.account(claims.learner_id)
    if account is None:
        raise ApiError("account_required")
    if account.token_version != claims.version:
        raise ApiError("session_ended")
    return account
