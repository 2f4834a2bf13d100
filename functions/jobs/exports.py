"""The files a job draws for download: the certificates of a subtree as one ZIP of PDFs, and the progress report as
XLSX or CSV. Each lands in the blob store under `exports/` (kept 7 days) and is downloaded through a signed link, so
neither passes through a function's answer."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from typing import IO

from functions import VIETNAM
from functions.blobs import Blobs
from functions.certificates import document
from functions.certificates.numbers import file_stem
from functions.certificates.record import CertificateStore, IssuedCertificate
from functions.errors import ApiError
from functions.jobs.bench import Workbench
from functions.jobs.record import Job, JobFile
from functions.reports import lineage, report, requirement, rounds, spreadsheet, stored
from functions.rounds import Round, by_code, previous

Step = Callable[[str, int, int | None], None]
MEDIA = {
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def export_key(job: Job, extension: str) -> str:
    return f"exports/{job.id}.{extension}"


def valid_under(certificates: CertificateStore, unit_path: str, course: str | None) -> list[IssuedCertificate]:
    """The certificates of a subtree (one course, if asked) that still stand: a revoked one is never printed."""
    return [record for record in certificates.under(unit_path, course) if record.revoked_at is None]


def zip_into(
    out: IO[bytes],
    records: list[IssuedCertificate],
    blobs: Blobs,
    site_url: str,
    advance: Callable[[int], None] = lambda n: None,
) -> None:
    """Write the certificates' PDFs as a ZIP, one folder per course, each PDF named by its number. PDFs are compressed
    already, so they are stored, not deflated again; `advance(n)` hears each one written."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zipped:
        for n, record in enumerate(records, 1):
            zipped.writestr(
                f"{record.course_id}/{file_stem(record.number)}.pdf", document.pdf_of(record, blobs, site_url)
            )
            advance(n)


def certificates_zip(bench: Workbench, job: Job, step: Step) -> tuple[dict[str, object], list[JobFile]]:
    """Every valid certificate of the unit's subtree (one course, if asked) as one ZIP of PDFs."""
    unit, course = job.params["unit"], job.params.get("course")
    found = bench.accounts.unit(unit)
    if found is None:
        raise ApiError("unit_not_found")
    # Certificates keep the unit they were signed in: those of units merged into the subtree from outside it are its.
    paths = lineage.paths(bench.accounts.units(), found.path)
    records = [record for path in paths for record in valid_under(bench.certificates, path, course)]
    if len(records) > bench.settings.bulk_limit:
        # The message names the usual limit; the details name this deployment's, and how many were asked for.
        found_limit = [{"field": "unit", "problem": f"{len(records)} > {bench.settings.bulk_limit}"}]
        raise ApiError("bulk_too_large", found_limit)
    step("drawing", 0, len(records))
    # Spooled: a province's ZIP is a few hundred MB at most, kept on disk rather than in memory past 64 MB.
    with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as spool:
        zip_into(spool, records, bench.blobs, bench.settings.site_url, lambda n: step("drawing", n, len(records)))
        spool.seek(0)
        bench.blobs.put(export_key(job, "zip"), spool.read(), MEDIA["zip"])
    name = f"giay-chung-nhan-{unit}{'-' + course if course else ''}.zip"
    kept = JobFile(name="certificates.zip", key=export_key(job, "zip"), filename=name, media_type=MEDIA["zip"])
    return {"count": len(records), "unit": unit, "course": course}, [kept]


def report_file(bench: Workbench, job: Job, step: Step) -> tuple[dict[str, object], list[JobFile]]:
    """The subtree's report as the spreadsheet a province sends up (XLSX) or as CSV."""
    asked = job.params
    root = bench.accounts.unit(asked["unit"])
    if root is None:
        raise ApiError("unit_not_found")
    step("drawing", 0, None)
    units = [unit for unit in bench.accounts.units() if unit.path.startswith(root.path)]
    counts, shares = bench.tally.split(root.path)  # read once, drawn for the whole and for each category
    month = stored.month_of(asked.get("month"))
    # A round's report counts the round's days and is judged against its year's staff; the previous round's figures
    # go beside it (`functions.reports.rounds`), drawn from the same counters.
    this = last = None
    if asked.get("round"):
        set_rounds = rounds.province_rounds(bench.accounts, root)
        this = by_code(set_rounds, asked["round"])
        last = previous(set_rounds, this)

    # A course report judges only the categories its course is required for (`functions.reports.requirement`).
    required = requirement.of_bank(bench.banks.get(asked["course"])) if asked.get("course") else None

    def drawn(category: str | None, period: Round | None = this, in_month: bool = True) -> report.Report:
        return report.build(
            units,
            counts,
            shares=shares,
            root=root.code,
            today=bench.clock().astimezone(VIETNAM).date(),
            course_id=asked.get("course"),
            cohort=asked.get("cohort"),
            month=month if in_month else None,
            category=category,
            remote_target=bench.settings.remote_target,
            other_target=bench.settings.other_target,
            period=(period.first, period.last) if period else None,
            year=period.year if period else None,
            required=required,
        )

    built = drawn(asked.get("category"))
    beside = None
    if this is not None and last is not None:
        found = rounds.RoundReport(built, this, last, rounds.before_of(drawn(asked.get("category"), last, False)))
        beside = rounds.beside(found)
    extension = asked["format"]
    if extension == "xlsx":
        # A sheet per learner category beside the whole, when the report is not about one category already.
        sheets = {code: drawn(code) for code in built.categories} if asked.get("category") is None else {}
        data = spreadsheet.as_xlsx(built, asked.get("course_title"), sheets, beside)
    else:
        data = spreadsheet.as_csv(built, beside, bench.settings.csv_decimal)
    key = export_key(job, extension)
    bench.blobs.put(key, data, MEDIA[extension])
    name = spreadsheet.filename(built, extension)
    kept = JobFile(name=f"report.{extension}", key=key, filename=name, media_type=MEDIA[extension])
    return {"unit": root.code, "rows": len(built.rows)}, [kept]
