"""The demo-like world most tests share: Nghệ An province, the remote commune of Mường Xén and the ward of Vinh Phú,
and accounts issued in them."""

from __future__ import annotations

from datetime import date, datetime

from functions.accounts import tokens
from functions.accounts.account import Account, Unit, unit_path
from functions.accounts.issuing import issue_account

PROVINCE = Unit(code="40", name="Tỉnh Nghệ An", kind="Tỉnh", path=unit_path("40", None))
XEN = Unit(
    code="16813", name="Xã Mường Xén", parent_code="40", kind="Xã", remote=True, path=unit_path("16813", PROVINCE.path)
)
"""A remote commune (an 80% target)."""

VINH = Unit(
    code="16684", name="Phường Vinh Phú", parent_code="40", kind="Phường", path=unit_path("16684", PROVINCE.path)
)
"""A ward (a 100% target)."""

UNITS = (PROVINCE, XEN, VINH)
ISSUED_ON = date(2026, 11, 23)
PASSWORD = "kq7-river-stone-42"
"""A password every policy accepts."""


def issue(
    accounts, name: str, unit: Unit, role: str = "learner", issued_on: date = ISSUED_ON, **fields
) -> tuple[Account, str]:
    """An account issued to `name` in `unit` (identity `ten:<name>` unless `identity` is given), and its one-time
    activation code; `fields` are the rest of `issue_account`'s (deadline, phone, cohort...)."""
    fields.setdefault("identity", f"ten:{name}")
    return issue_account(accounts, full_name=name, unit=unit, role=role, issued_on=issued_on, **fields)


def bearer(account: Account, secret: str, now: datetime) -> dict[str, str]:
    """The Authorization header of a session `account` signed in to at `now` (its account's token version 0)."""
    claims = tokens.Claims(account.learner_id, account.role, account.unit_path, 0)
    return {"Authorization": f"Bearer {tokens.issue(claims, secret, now)}"}
