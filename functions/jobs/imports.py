"""An administrator's unit or learner list, read, checked against their subtree and kept: the same steps whether the
file came in a request's body (a small list) or was uploaded for a job (any list up to the reader's bounds)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from functions import VIETNAM
from functions.audit import entry
from functions.enrolment import batches, imports
from functions.errors import ApiError
from functions.jobs.bench import Actor, Workbench

_REFUSED = {
    "file_too_large": "import_too_large",
    "too_many_rows": "import_too_many_rows",
    "cell_too_long": "import_cell_too_long",
    "too_many_columns": "import_too_many_columns",
    "suspicious_xlsx": "import_suspicious_xlsx",
}
"""The API code of each file a reader refuses by its bounds; any other unreadable file is `import_unreadable`."""
REFUSALS = ("import_unreadable", *_REFUSED.values())


@dataclass(frozen=True)
class Imported:
    """A list read and checked, and what keeping it did."""

    checked: batches.Checked[Any]
    outcome: batches.Applied

    def report(self) -> dict[str, Any]:
        """The import's report: rows read, good ones, each problem, what was kept, and the batch of slips."""
        batch = self.outcome.batch.id if self.outcome.batch else None
        return {
            "rows": self.checked.rows,
            "good": len(self.checked.good),
            "problems": [asdict(problem) for problem in self.checked.problems],
            "applied": self.outcome.applied,
            "created": self.outcome.created,
            "updated": self.outcome.updated,
            "reissued": self.outcome.reissued,
            "renewed": self.outcome.renewed,
            "batch": batch,
            "slips_pdf": batch and f"/admin/imports/{batch}/slips.pdf",
            "slips_csv": batch and f"/admin/imports/{batch}/slips.csv",
        }


def rows_of(data: bytes, filename: str) -> list[imports.Row]:
    """The file's rows, or an `ApiError` naming why the whole file cannot be read."""
    try:
        return imports.read_table(data, filename)
    except imports.TableError as error:
        if error.code in _REFUSED:
            raise ApiError(_REFUSED[error.code], [{"field": "body", "problem": error.code}]) from None
        field = "filename" if error.code == "unsupported_file" else "body"
        raise ApiError("import_unreadable", [{"field": field, "problem": error.code}]) from None


def import_units(
    bench: Workbench, actor: Actor, data: bytes, filename: str, *, mode: batches.Mode, dry_run: bool
) -> Imported:
    """Add or update units below the administrator's own; audited when anything was kept."""
    year = bench.clock().astimezone(VIETNAM).year  # the training year of headcounts a row does not date
    checked = batches.check_units(bench.accounts, actor.scope, rows_of(data, filename), year=year, tally=bench.tally)
    outcome = batches.apply_units(bench.accounts, checked.to_apply(mode, dry_run))
    if outcome.applied:
        _audit(bench, actor, "units.import", actor.unit_code, created=outcome.created, updated=outcome.updated)
    return Imported(checked, outcome)


def import_learners(
    bench: Workbench,
    actor: Actor,
    data: bytes,
    filename: str,
    *,
    mode: batches.Mode,
    dry_run: bool,
    cohort: str | None,
    working_days: int,
    step: Callable[[str, int, int | None], None] = lambda phase, done, total: None,
) -> Imported:
    """Create learners' accounts in the subtree's units, keep the new ones' slips as a batch, audit it, and settle
    (`functions.enrolment.batches` says why in this order). `step(phase, done, total)` hears how far it has got."""
    step("reading", 0, None)
    rows = rows_of(data, filename)
    step("checking", 0, len(rows))
    checked = batches.check_learners(bench.accounts, actor.scope, rows)
    chosen = checked.to_apply(mode, dry_run)
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        step("writing", done, len(chosen))

    now = bench.clock()
    outcome = batches.enrol(
        bench.accounts,
        bench.blobs,
        chosen,
        admin_id=actor.admin_id,
        scope=actor.scope,
        cohort=cohort,
        now=now,
        issued_on=now.astimezone(VIETNAM).date(),
        calendar=bench.calendar,
        working_days=working_days,
        login_url=f"{bench.settings.site_url}tai-khoan/",
        issuer=bench.settings.issuer,
        tally=bench.tally,
        advance=advance,
        drawing=lambda: step("slips", len(chosen), len(chosen)),
    )
    if outcome.applied:
        batch = outcome.batch.id if outcome.batch else None
        target = batch or actor.unit_code
        facts = {
            "created": outcome.created,
            "updated": outcome.updated,
            "reissued": outcome.reissued,
            "renewed": outcome.renewed,
            "round": outcome.round,
        }
        _audit(bench, actor, "learners.import", target, **facts, batch=batch)
        # Last: a crash before it leaves the codes to re-issue.
        outcome = batches.settle(bench.accounts, bench.blobs, outcome)
    return Imported(checked, outcome)


def _audit(bench: Workbench, actor: Actor, action: str, target: str, **facts: object) -> None:
    kept = entry(action, at=bench.clock(), admin_id=actor.admin_id, admin_unit_path=actor.scope, target=target, **facts)
    bench.audit.record(kept)
