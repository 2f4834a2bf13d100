"""An administrator's import of a unit or learner list: the file's rows checked, then kept inside their subtree.

`functions.enrolment.imports` checks each row on its own; here each good row is also checked against the importing
administrator's subtree, and the administrator's choice is applied: everything or nothing (`all`), the good rows
only (`good`), or nothing at all (a dry run). Activation codes exist only when an account is created, so the slips of
a learner import are printed at once and kept in the blob store as a batch, with a manifest naming whose it is.

The accounts are stored before their slips exist, so a crash in between would leave accounts whose codes are
nowhere: they stay marked as awaiting their slip until `settle` records the batch kept, and re-running the same
import re-issues their codes onto its own slips (`roster.enrol`). The order is: accounts, slips, manifest, the audit
entry naming the batch, then `settle`; a crash at any point leaves each account either on a kept batch that the
audit trail names, or awaiting a slip that a re-import will print.
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel

from functions import categories, headcounts
from functions.accounts.account import unit_path
from functions.accounts.calendar import WorkingCalendar
from functions.accounts.issuing import ascii_fold
from functions.accounts.store import AccountStore
from functions.blobs import Blobs
from functions.enrolment import imports, roster
from functions.enrolment.imports import LEARNER_COLUMNS, UNIT_COLUMNS, LearnerRow, RowProblem, UnitRow
from functions.reports import staffing
from functions.reports.tally import TallyStore
from functions.scope import refusal

T = TypeVar("T")
Mode = Literal["all", "good"]

MESSAGES = {
    "unit_outside_scope": "Đơn vị cha nằm ngoài phạm vi bạn quản lý: chỉ thêm được đơn vị trực thuộc đơn vị của bạn",
    "unit_moved": "Đơn vị này đã có, thuộc đơn vị cha {parent}: không chuyển đơn vị sang đơn vị cha khác bằng tệp nhập",
    "learner_outside_scope": "Đơn vị này không thuộc phạm vi bạn quản lý",
    "unit_merged": "Đơn vị {unit} đã sáp nhập vào đơn vị {into}: ghi mã đơn vị {into}",
    "province_below_unit": "Đơn vị cấp tỉnh phải là đơn vị gốc, không có đơn vị cha: mỗi tỉnh giữ dữ liệu của mình "
    "riêng, đặt các tỉnh dưới một đơn vị chung sẽ dồn dữ liệu cả nước vào một chỗ",
    "tree_too_wide": "Đơn vị gốc {top} đã có {limit} đơn vị, mức tối đa của một cây: mỗi đơn vị gốc nên là một tỉnh; "
    "hãy nhập mỗi tỉnh thành một cây riêng",
}
"""Row problems found against the administrator's subtree, beside those of `functions.enrolment.imports`."""
MAX_UNITS_UNDER_TOP = 10_000
"""Units one top-level unit may hold, itself included. Each top-level unit (a province) is one partition of the
DynamoDB index for its accounts, certificates, counters and audit (`functions.stores.dynamodb.table`): a province is a
few thousand units at most (communes and their teams), a nation tens of thousands, whose every write would then land
in one partition."""
PROVINCE_KINDS = ("tinh", "thanh pho")
"""The kinds of a province-level unit, accents and case aside ("Tỉnh", "Thành phố trực thuộc trung ương"): since the
2025 reform abolished districts, a city is province-level."""
SLIP_TITLE = {"plain": "{issuer}", "cohort": "{issuer} · {cohort}"}
"""What heads every slip of a batch."""


@dataclass(frozen=True)
class Checked(Generic[T]):
    """A file's rows checked: how many were read, those that may be kept, and what is wrong with the others."""

    rows: int
    good: list[T]
    problems: list[RowProblem]

    def to_apply(self, mode: Mode, dry_run: bool) -> list[T]:
        """The rows to keep: none in a dry run, none under `all` when any row has a problem."""
        if dry_run or (mode == "all" and self.problems):
            return []
        return self.good


@dataclass(frozen=True)
class Applied:
    """What keeping the rows did: whether anything was kept, records created and updated, and the batch holding new
    accounts' slips."""

    applied: bool = False
    created: int = 0
    updated: int = 0
    batch: Batch | None = None
    reissued: int = 0
    renewed: int = 0
    """People found again from an earlier round, issued again for this import's round (`roster.Enrolled.renewed`)."""
    round: str | None = None
    """The training round the import issued accounts for (its day's, by the province's rounds)."""
    printed: list[roster.Enrolled] = field(default_factory=list)
    """The accounts on the batch's slips, with their codes, for `settle`."""
    title: str = ""
    login_url: str = ""


class Batch(BaseModel):
    """The manifest kept beside a batch's slips: who may download them is whoever's subtree holds `unit_path`."""

    id: str
    unit_path: str
    admin_id: str
    created_at: datetime
    accounts: int
    cohort: str | None = None

    def key(self, kind: str) -> str:
        return blob_key(self.id, kind)


def blob_key(batch_id: str, kind: str) -> str:
    """Where a batch's `pdf`, `csv` or `json` (manifest) is kept."""
    return f"imports/{batch_id}.{kind}"


def _problem(row: int, column: str, code: str, **values: object) -> RowProblem:
    text = MESSAGES[code] if code in MESSAGES else imports.MESSAGES[code]
    return RowProblem(row, column, code, text.format(**values))


def check_units(
    store: AccountStore,
    scope: str,
    rows: list[imports.Row],
    *,
    year: int | None = None,
    tally: TallyStore | None = None,
) -> Checked[UnitRow]:
    """Unit rows that are sound and lie strictly below the administrator's unit (`scope`, a unit path), by the rule
    of `functions.scope`: one's own unit and those above it belong to colleagues and superiors.

    A unit already stored keeps its parent: a file cannot move a unit, whose subtree's paths would go stale. Its
    headcounts (of `year` unless a row says) may not fall below the accounts already issued to it (`tally`).
    """
    stored = {unit.code: unit for unit in store.units()}  # parents may be anywhere; new units may not
    parsed = imports.parse_units(rows, set(stored), year)
    parsed = _not_below_issued(parsed, stored, scope, tally)
    paths = {code: unit.path for code, unit in stored.items()}
    column = UNIT_COLUMNS["parent_code"][0]
    refused: dict[str, int] = {}
    good, problems = [], list(parsed.problems)
    sizes = Counter(unit.path.split("/", 1)[0] for unit in stored.values())
    for row in parsed.good:  # parents come before their children
        path = unit_path(row.code, paths.get(row.parent_code) if row.parent_code else None)
        before, top = stored.get(row.code), path.split("/", 1)[0]
        merged = next((stored[c] for c in (row.code, row.parent_code) if c in stored and stored[c].merged_into), None)
        if merged is not None:  # a merged unit takes no more changes, nor sub-units
            values = {"unit": merged.code, "into": merged.merged_into}
            problems.append(_problem(row.row, UNIT_COLUMNS["code"][0], "unit_merged", **values))
        elif row.parent_code in refused:
            problems.append(_problem(row.row, column, "parent_has_problem", other=refused[row.parent_code]))
        elif before is not None and before.path != path:
            problems.append(_problem(row.row, column, "unit_moved", parent=before.parent_code or "—"))
        elif row.parent_code and ascii_fold(row.kind).startswith(PROVINCE_KINDS):
            problems.append(_problem(row.row, UNIT_COLUMNS["kind"][0], "province_below_unit"))
        elif before is None and sizes[top] >= MAX_UNITS_UNDER_TOP:
            problems.append(_problem(row.row, column, "tree_too_wide", top=top, limit=f"{MAX_UNITS_UNDER_TOP:,}"))
        elif refusal(scope, "unit", path):
            problems.append(_problem(row.row, column, "unit_outside_scope"))
            if before is not None:
                continue  # a file listing the administrator's own unit above its new ones: those still have a parent
        else:
            paths[row.code] = path
            sizes[top] += before is None
            good.append(row)
            continue
        refused[row.code] = row.row
    return Checked(len(rows), good, sorted(problems, key=lambda problem: problem.row))


def _not_below_issued(
    parsed: imports.Parsed[UnitRow], stored: dict, scope: str, tally: TallyStore | None
) -> imports.Parsed[UnitRow]:
    """`parsed` with a row refused whose headcount is below the accounts its stored unit was issued that year."""
    rows = [row for row in parsed.good if row.headcounts and row.code in stored]
    if tally is None or not rows:
        return parsed
    counts = tally.split(scope)[1]  # one read for the whole file: the categories' shares of its counters
    column = {code: f"{imports.HEADCOUNT_PREFIX} {categories.SHORT[code]}" for code in categories.CATEGORIES}
    good, problems = [], list(parsed.problems)
    wrong: dict[str, list[RowProblem]] = {}
    for row in rows:
        for count, issued in headcounts.below_issued(row.headcounts, staffing.issued(counts, row.code)):
            values = {"staff": count.staff, "year": count.year, "issued": issued}
            wrong.setdefault(row.code, []).append(
                _problem(row.row, column[count.category], "headcount_below_issued", **values)
            )
    for row in parsed.good:
        if row.code in wrong:
            problems += wrong[row.code]
        else:
            good.append(row)
    # A refused row's children are checked on: they keep their parent, which is stored already.
    return imports.Parsed(good, sorted(problems, key=lambda problem: problem.row))


def check_learners(store: AccountStore, scope: str, rows: list[imports.Row]) -> Checked[LearnerRow]:
    """Learner rows that are sound and belong to units of the administrator's subtree (`functions.scope`).

    A row cannot reach an administrator's account: a re-imported person is matched by `<UNIT CODE>:id|phone|email:...`
    within the unit, an administrator's identity is `quantri:<name>` (`hocso add-admin`), and no unit code (upper case,
    `[A-Z0-9_-]`) spells `quantri`."""
    units = {unit.code: unit for unit in store.units()}
    parsed = imports.parse_learners(rows, set(units))
    column = LEARNER_COLUMNS["unit_code"][0]
    good, problems = [], list(parsed.problems)
    for row in parsed.good:
        unit = units[row.unit_code]
        if unit.merged_into:  # its people moved to the successor: a row must name that one
            problems.append(_problem(row.row, column, "unit_merged", unit=unit.code, into=unit.merged_into))
        elif refusal(scope, "learner", unit.path) is None:
            good.append(row)
        else:
            problems.append(_problem(row.row, column, "learner_outside_scope"))
    return Checked(len(rows), good, sorted(problems, key=lambda problem: problem.row))


def apply_units(store: AccountStore, rows: list[UnitRow]) -> Applied:
    """Add or update the units."""
    if not rows:
        return Applied()
    existing = {unit.code for unit in store.units()}
    roster.apply_units(store, rows)
    updated = sum(row.code in existing for row in rows)
    return Applied(True, created=len(rows) - updated, updated=updated)


def enrol(
    store: AccountStore,
    blobs: Blobs,
    rows: list[LearnerRow],
    *,
    admin_id: str,
    scope: str,
    cohort: str | None,
    now: datetime,
    issued_on: date,
    calendar: WorkingCalendar,
    working_days: int,
    login_url: str,
    issuer: str,
    tally: TallyStore | None = None,
    advance: Callable[[], None] = lambda: None,
    drawing: Callable[[], None] = lambda: None,
) -> Applied:
    """Create the learners' accounts (finding again those already there) and keep the new ones' slips as a batch,
    with those of accounts found again whose code was on no slip (re-issued). The caller then calls `settle`.
    `advance` is called after each row is kept, `drawing` before the slips are drawn (for a job's progress)."""
    if not rows:
        return Applied()
    enrolled = roster.enrol(
        store,
        rows,
        cohort=cohort,
        issued_on=issued_on,
        calendar=calendar,
        working_days=working_days,
        tally=tally,
        advance=advance,
    )
    printed = [e for e in enrolled if e.code is not None]
    reissued = sum(e.reissued for e in printed)
    title = SLIP_TITLE["cohort" if cohort else "plain"].format(issuer=issuer, cohort=cohort)
    outcome = Applied(
        True,
        created=len(printed) - reissued,
        updated=len(enrolled) - len(printed),
        reissued=reissued,
        renewed=sum(e.renewed for e in enrolled),
        round=next((e.account.round for e in enrolled if e.issued and e.account.round), None),
        printed=printed,
        title=title,
        login_url=login_url,
    )
    if not printed:
        return outcome
    batch = Batch(
        id=secrets.token_hex(10),
        unit_path=scope,
        admin_id=admin_id,
        created_at=now,
        accounts=len(printed),
        cohort=cohort,
    )
    drawing()
    _keep(blobs, batch, outcome)
    return replace(outcome, batch=batch)


def _keep(blobs: Blobs, batch: Batch, outcome: Applied) -> None:
    """Draw the batch's slips and keep them, the manifest last: a batch is downloadable only once both files are."""
    # The PDF library loads here, on an import that creates accounts, not with the function.
    from functions.enrolment.slips import Slip, slips_csv, slips_pdf

    slips = [
        Slip(e.account.full_name, e.unit.name, e.account.username, e.code or "", e.account.deadline, outcome.login_url)
        for e in outcome.printed
    ]
    blobs.put(batch.key("pdf"), slips_pdf(slips, title=outcome.title), "application/pdf")
    blobs.put(batch.key("csv"), slips_csv(slips), "text/csv; charset=utf-8")
    blobs.put(batch.key("json"), batch.model_dump_json().encode(), "application/json")


def settle(store: AccountStore, blobs: Blobs, outcome: Applied) -> Applied:
    """Record the batch's slips kept: its accounts stop awaiting a slip, so no re-import will replace their codes.
    Called once the batch can be found (its manifest kept, the audit entry naming it written)."""
    if not outcome.printed or outcome.batch is None:
        return outcome
    printed = roster.keep_slips(store, outcome.printed)
    if len(printed) == len(outcome.printed):
        return outcome
    # Another import of the same people, at the same time, re-issued some of these codes after they were drawn here:
    # the working codes are on its slips, so this batch is drawn again without them, before anyone sees it.
    reissued = sum(e.reissued for e in printed)
    batch = outcome.batch.model_copy(update={"accounts": len(printed)})
    settled = replace(
        outcome,
        created=len(printed) - reissued,
        reissued=reissued,
        printed=printed,
        updated=outcome.updated + len(outcome.printed) - len(printed),
        batch=batch,
    )
    _keep(blobs, batch, settled)
    return settled


def find_batch(blobs: Blobs, batch_id: str, scope: str) -> Batch | None:
    """The batch's manifest, if the administrator's subtree (`scope`) holds the batch; None otherwise."""
    data = blobs.get(blob_key(batch_id, "json"))
    if data is None:
        return None
    batch = Batch.model_validate(json.loads(data))
    return batch if batch.unit_path.startswith(scope) else None
