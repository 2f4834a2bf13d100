"""Making accounts: ids, usernames a learner can type on a cheap phone, and one-time activation codes."""

from __future__ import annotations

import random
import secrets
import unicodedata
from datetime import date
from functools import lru_cache

from functions.accounts import passwords
from functions.accounts.account import Account, Role, Unit
from functions.accounts.store import AccountStore, UsernameTaken


def ascii_fold(text: str) -> str:
    """Vietnamese letters without their marks, lower case: "Đặng Hữu Phước" -> "dang huu phuoc"."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=4096)  # a province's list repeats its common names: each folded once, not once a learner
def username_stem(full_name: str) -> str:
    """Given name, then the initials of the others, as Vietnamese offices write e-mail names: "phuocdh"."""
    words = [word for word in ascii_fold(full_name).split() if word.isalnum()]
    if not words:
        return "hocvien"
    return (words[-1] + "".join(word[0] for word in words[:-1]))[:20]


def new_learner_id() -> str:
    """An account's id; the `.` keeps it apart from guests' ids, which may not contain one."""
    return "u." + secrets.token_urlsafe(12)


TRIES = 20
"""Usernames drawn for one account before giving up; a stem has 9,000, so even a common one rarely needs two."""


def new_account(
    *,
    full_name: str,
    unit: Unit,
    identity: str,
    issued_on: date,
    deadline: date | None = None,
    role: Role = "learner",
    cohort: str | None = None,
    category: str | None = None,
    position: str = "",
    phone: str = "",
    email: str = "",
    external_id: str = "",
    awaiting_slip: bool = False,
    round: str | None = None,
    rng: random.Random,
) -> tuple[Account, str]:
    """An account not stored yet, its username drawn, and its activation code: the account keeps only the hash.
    `awaiting_slip` when the code is to be printed later, by an import: until then a re-import may re-issue it."""
    code, hashed = passwords.new_activation()
    account = Account(
        learner_id=new_learner_id(),
        username=f"{username_stem(full_name)}{rng.randrange(1000, 10000)}",
        full_name=full_name,
        unit_code=unit.code,
        unit_path=unit.path,
        role=role,
        cohort=cohort,
        category=category,
        position=position,
        phone=phone,
        email=email,
        external_id=external_id,
        identity=identity,
        issued_on=issued_on,
        deadline=deadline,
        round=round,
        activation_hash=hashed,
        awaiting_slip=awaiting_slip,
    )
    return account, code


def redraw(account: Account, rng: random.Random) -> Account:
    """The same account with another username drawn, its first one being someone else's."""
    return account.model_copy(update={"username": f"{username_stem(account.full_name)}{rng.randrange(1000, 10000)}"})


def issue_account(
    store: AccountStore,
    *,
    full_name: str,
    unit: Unit,
    identity: str,
    issued_on: date,
    deadline: date | None = None,
    role: Role = "learner",
    cohort: str | None = None,
    category: str | None = None,
    position: str = "",
    phone: str = "",
    email: str = "",
    external_id: str = "",
    rng: random.Random | None = None,
) -> tuple[Account, str | None]:
    """Store the account (or find the same person already there) and return it with its new activation code;
    the code is None when the person already had an account, whose credentials are left as they were."""
    rng = rng or random.SystemRandom()
    account, code = new_account(
        full_name=full_name,
        unit=unit,
        identity=identity,
        issued_on=issued_on,
        deadline=deadline,
        role=role,
        cohort=cohort,
        category=category,
        position=position,
        phone=phone,
        email=email,
        external_id=external_id,
        rng=rng,
    )
    for _ in range(TRIES):
        try:
            stored, created = store.add_account(account)
        except UsernameTaken:
            account = redraw(account, rng)
            continue
        return stored, code if created else None
    raise RuntimeError(f"no free username for {username_stem(full_name)}")
