"""Applying checked import rows to the store: units into the tree, learners into accounts with their deadlines.

The rows come from `functions.enrolment.imports`, which has already refused bad ones; whether to apply the good rows
of a file that also had bad ones is the administrator's choice, made before anything here runs.

An account is issued for the training round of its issue day (`functions.rounds`, by its province's rounds). The
programme trains the same officials every year, so a person found again by an import in a later round is issued
again for it (renewed): a new deadline from this import's day, the new round, and counted as issued there; their
password, progress and certificates stay. Found again within the same round, they keep their deadline.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from functions import collector
from functions.accounts import passwords
from functions.accounts.account import Account, Unit, unit_path
from functions.accounts.calendar import WorkingCalendar
from functions.accounts.issuing import TRIES, new_account, redraw, username_stem
from functions.accounts.store import AccountStore
from functions.enrolment.imports import LearnerRow, UnitRow
from functions.headcounts import merged
from functions.reports.tally import Mark, TallyStore, count_or_park
from functions.rounds import Rounds, current

CHUNK = 1_000
"""Rows stored, then counted, per `add_accounts` call: on DynamoDB about 40 calls, so the progress shown moves often,
and an import cut short leaves at most one chunk's new accounts uncounted (a re-import re-issues and counts them)."""


@dataclass(frozen=True)
class Enrolled:
    """An account after an import: `code` is its new activation code, None when the person was there already with a
    code on a slip (or a password); `reissued` when they were there but their code was on no slip (an import cut
    short before its slips were kept), so this import drew them a new one."""

    account: Account
    code: str | None
    unit: Unit
    reissued: bool = False
    renewed: bool = False
    """Found again from an earlier round, and issued again for this one (`AccountStore.renew`)."""

    @property
    def issued(self) -> bool:
        """Whether this import issued the account, new or again for this round: counted as issued in its round."""
        return self.code is not None or self.renewed


def apply_units(store: AccountStore, rows: list[UnitRow]) -> list[Unit]:
    """Add or update units; paths are worked out from the parents, in the file (parents first) or already stored."""
    known = {unit.code: unit for unit in store.units()}
    units = []
    for row in rows:
        parent = known.get(row.parent_code) if row.parent_code else None
        unit = Unit(
            code=row.code,
            name=row.name,
            parent_code=row.parent_code,
            kind=row.kind,
            remote=row.remote,
            path=unit_path(row.code, parent.path if parent else None),
            # A list without headcounts leaves those kept; one with some replaces those (year, category) only.
            headcounts=merged(before.headcounts if (before := known.get(row.code)) else (), row.headcounts),
        )
        if before is not None:  # what a merge wrote is no list's to undo
            unit = unit.model_copy(update=before.model_dump(include={"merged_into", "merged_on", "opened_on"}))
        known[row.code] = unit
        units.append(unit)
    store.put_units(units)
    return units


@collector.held()  # a province's accounts and marks: no cycles among them
def enrol(
    store: AccountStore,
    rows: Iterable[LearnerRow],
    *,
    cohort: str | None,
    issued_on: date,
    calendar: WorkingCalendar,
    working_days: int = 10,
    advance: Callable[[], None] = lambda: None,
    tally: TallyStore | None = None,
    rng: random.Random | None = None,
) -> list[Enrolled]:
    """Create (or find again) an account per row, in row order; its deadline is `working_days` working days from
    `issued_on`. New accounts are counted as issued for the reports when a tally is given. The rows name each person
    once, as `parse_learners` leaves them (a person twice is a ValueError).

    Every new account awaits its slip until the caller has kept the slips (`AccountStore.slips_kept`): the codes live
    only in this process until then. A person found again still awaiting a slip, never activated, lost their code to
    an import cut short: they get a new one here (the old hash replaced), to go on this import's slips."""
    rng = rng or random.SystemRandom()
    units = {unit.code: unit for unit in store.units()}
    deadline = calendar.deadline(issued_on, working_days)
    rows = list(rows)
    kept: dict[str, Rounds] = {}  # each province's rounds, read once
    found: dict[tuple[str, date], str] = {}  # and each of its days' round looked up once, not once a learner

    def round_of(unit_path: str, day: date) -> str:
        top = unit_path.split("/", 1)[0]
        if (top, day) not in found:
            if top not in kept:
                kept[top] = store.rounds(top)
            found[top, day] = current(kept[top], day).code
        return found[top, day]

    drafts = [
        new_account(
            full_name=row.full_name,
            unit=units[row.unit_code],
            identity=row.identity,
            issued_on=issued_on,
            deadline=deadline,
            cohort=row.cohort or cohort,
            category=row.category,
            position=row.position,
            phone=row.phone,
            email=row.email,
            external_id=row.external_id,
            awaiting_slip=True,
            round=round_of(units[row.unit_code].path, issued_on),
            rng=rng,
        )
        for row in rows
    ]
    # Stored a unit at a time: a transaction's rows then share the pages of the indexes on unit and person, where in
    # the list's order each transaction took a row on nearly every page of them and wrote it to the log again (half
    # the writes of a province's import). Answered in the list's order all the same.
    order = sorted(range(len(rows)), key=lambda n: (rows[n].unit_code, rows[n].identity))
    placed: list[Enrolled | None] = [None] * len(rows)
    for start in range(0, len(rows), CHUNK):
        numbers = order[start : start + CHUNK]
        chunk = _store(store, [drafts[n] for n in numbers], rng)
        enrolled = _reissued(store, [Enrolled(account, code, units[account.unit_code]) for account, code in chunk])
        enrolled = _renewed(store, enrolled, issued_on, deadline, round_of)
        if tally is not None:
            count_or_park(
                tally,
                [
                    Mark(
                        e.account.learner_id,
                        e.unit.code,
                        e.unit.path,
                        e.account.cohort,
                        None,
                        "issued",
                        issued_on,
                        e.account.deadline,
                        e.account.category,
                        e.account.round,
                    )
                    for e in enrolled
                    if e.issued
                ],
            )
        for n, each in zip(numbers, enrolled, strict=True):
            placed[n] = each
            advance()
    return [each for each in placed if each is not None]


def keep_slips(store: AccountStore, printed: list[Enrolled]) -> list[Enrolled]:
    """Record that the printed accounts' slips are kept (they stop awaiting one); those whose code is still the one
    printed, in order. An account left out had its code re-issued meanwhile by an import of the same list racing this
    one: the working code is on that import's slips, so the caller draws its own again without it."""
    kept = store.slips_kept({e.account.learner_id: e.account.activation_hash or "" for e in printed})
    return [e for e in printed if e.account.learner_id in kept]


def _reissued(store: AccountStore, enrolled: list[Enrolled]) -> list[Enrolled]:
    """The chunk with a new code for each person found again whose code was never on a slip nor used."""
    lost = {
        e.account.learner_id: e
        for e in enrolled
        if e.code is None and e.account.awaiting_slip and not e.account.activated and e.account.activation_hash
    }
    if not lost:
        return enrolled
    drawn = {learner_id: passwords.new_activation_code() for learner_id in lost}
    hashed = {learner_id: passwords.hash_code(code) for learner_id, code in drawn.items()}
    # Conditional on the hash read just now: of two imports racing to re-issue, one wins and the other prints nothing.
    changed = store.reissue_codes({n: (e.account.activation_hash or "", hashed[n]) for n, e in lost.items()})
    return [
        Enrolled(e.account.model_copy(update={"activation_hash": hashed[n]}), drawn[n], e.unit, reissued=True)
        if (n := e.account.learner_id) in changed
        else e
        for e in enrolled
    ]


def _renewed(
    store: AccountStore, enrolled: list[Enrolled], issued_on: date, deadline: date, round_of: Callable[[str, date], str]
) -> list[Enrolled]:
    """The chunk with each person found again from an earlier round issued again for this import's round: the round
    of an account issued before rounds were kept is that of its issue day. Someone whose account is still in this
    round (found again twice in one round) keeps their deadline."""
    due = {}
    for e in enrolled:
        if e.code is not None and not e.reissued:  # new: issued for this round already
            continue
        now = round_of(e.account.unit_path, issued_on)
        if (e.account.round or round_of(e.account.unit_path, e.account.issued_on)) != now:
            renewed = e.account.model_copy(update={"issued_on": issued_on, "deadline": deadline, "round": now})
            due[e.account.learner_id] = (e.account, renewed)
    if not due:
        return enrolled
    done = store.renew(due)
    return [
        Enrolled(
            due[n][1].model_copy(update={"token_version": e.account.token_version + 1}),
            e.code,
            e.unit,
            reissued=e.reissued,
            renewed=True,
        )
        if (n := e.account.learner_id) in done
        else e
        for e in enrolled
    ]


def _store(
    store: AccountStore, drafts: list[tuple[Account, str]], rng: random.Random
) -> list[tuple[Account, str | None]]:
    """Add the drafted accounts; those whose username someone has go again with another, up to `TRIES` times.
    Each comes back stored, with its code, or with None when the person was there already."""
    drafts = list(drafts)
    out: dict[int, tuple[Account, str | None]] = {}  # draft number → its outcome
    pending = list(range(len(drafts)))
    for _ in range(TRIES):
        results = store.add_accounts([drafts[n][0] for n in pending])
        taken = []
        for n, result in zip(pending, results, strict=True):
            if result is None:
                drafts[n] = (redraw(drafts[n][0], rng), drafts[n][1])
                taken.append(n)
            else:
                stored, created = result
                out[n] = stored, drafts[n][1] if created else None
        if not taken:
            return [out[n] for n in range(len(drafts))]
        pending = taken
    raise RuntimeError(f"no free username for {username_stem(drafts[pending[0]][0].full_name)}")
