"""Applying checked import rows to the store: units into the tree, learners into accounts with their deadlines.

The rows come from `functions.accounts.imports`, which has already refused bad ones; whether to apply the good rows
of a file that also had bad ones is the administrator's choice, made before anything here runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from functions.accounts.account import Account, Unit, unit_path
from functions.accounts.calendar import WorkingCalendar
from functions.accounts.imports import LearnerRow, UnitRow
from functions.accounts.issuing import issue_account
from functions.accounts.store import AccountStore
from functions.reports.tally import Mark, TallyStore


@dataclass(frozen=True)
class Enrolled:
    """An account after an import: `code` is its new activation code, None when the person was there already."""

    account: Account
    code: str | None
    unit: Unit


def apply_units(store: AccountStore, rows: list[UnitRow]) -> list[Unit]:
    """Add or update units; paths are worked out from the parents, in the file (parents first) or already stored."""
    known = {unit.code: unit for unit in store.units()}
    units = []
    for row in rows:
        parent = known.get(row.parent_code) if row.parent_code else None
        unit = Unit(code=row.code, name=row.name, parent_code=row.parent_code, kind=row.kind, remote=row.remote,
                    path=unit_path(row.code, parent.path if parent else None))
        known[row.code] = unit
        units.append(unit)
    store.put_units(units)
    return units


def enrol(
    store: AccountStore, rows: Iterable[LearnerRow], *, cohort: str | None, issued_on: date, calendar: WorkingCalendar,
    working_days: int = 10, advance: Callable[[], None] = lambda: None, tally: TallyStore | None = None,
) -> list[Enrolled]:
    """Create (or find again) an account per row; its deadline is `working_days` working days from `issued_on`.
    New accounts are counted as issued for the reports when a tally is given."""
    units = {unit.code: unit for unit in store.units()}
    deadline = calendar.deadline(issued_on, working_days)
    out = []
    for row in rows:
        unit = units[row.unit_code]
        account, code = issue_account(
            store, full_name=row.full_name, unit=unit, identity=row.identity, issued_on=issued_on, deadline=deadline,
            cohort=row.cohort or cohort, position=row.position, phone=row.phone, email=row.email,
            external_id=row.external_id,
        )
        out.append(Enrolled(account, code, unit))
        if code is not None and tally is not None:
            tally.mark(Mark(account.learner_id, unit.code, unit.path, account.cohort, None, "issued", issued_on, account.deadline))
        advance()
    return out
