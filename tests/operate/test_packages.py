"""Each Lambda package holds what its function runs and nothing it never runs: read from the package's module list
and its distributions, as `infra/package.py` builds them from the handler's import graph (lazy imports included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra import package

FUNCTIONS = ("quiz", "progress", "accounts", "certificates", "admin", "events")
EDGE = {"fastapi", "mangum", "pydantic", "starlette", "boto3", "botocore"}
"""What every function's app needs: the web framework, its Lambda adapter, the data models, and boto3 at the version
the tests ran (not the runtime's)."""
DISTRIBUTIONS = {
    "quiz": EDGE,
    "progress": EDGE,
    "accounts": EDGE | {"argon2-cffi", "holidays", "pyyaml"},
    "certificates": EDGE | {"pyjwt", "cryptography", "rfc8785", "reportlab", "rl-accel", "fonttools", "segno"},
    "admin": EDGE | {"botocore", "argon2-cffi", "holidays", "pyyaml", "fpdf2", "segno", "openpyxl", "python-calamine"},
    "events": EDGE,
    "jobs": {"pydantic", "boto3", "botocore"}
    | {"pyjwt", "cryptography", "rfc8785", "argon2-cffi", "holidays", "pyyaml", "fpdf2", "fonttools", "segno"}
    | {"reportlab", "rl-accel", "openpyxl", "python-calamine"},
}
"""Sign-in tokens need no library (HS256 is the standard library's HMAC); passwords (argon2) where accounts are made or
signed in to; the working calendar (holidays, yaml) where deadlines are set; the signing libraries (pyjwt for the
credentials, cryptography) and the PDF and QR tools only where certificates are signed and drawn (reading a PDF back
is the verifiers' work, not the function's); spreadsheets and printed slips only in the administrators' function,
which hands bulk work to the jobs function and carries no worker (the local server alone wires in threads of its own,
`functions.jobs.inprocess`). The jobs function is no web app (no framework, no adapter): it reads the lists, writes
the accounts and draws the slips, ZIPs and reports the administrators' function hands it."""
NEVER = {
    "quiz": (
        "functions.certificates",
        "functions.enrolment",
        "functions.blobs",
        "functions.audit",
        "functions.reports.report",
        "functions.stores.certificates",
        "functions.stores.audit",
    ),
    "progress": (
        "functions.certificates",
        "functions.enrolment",
        "functions.exam",
        "functions.practice",
        "functions.blobs",
        "functions.audit",
        "functions.reports.report",
    ),
    "accounts": (
        "functions.certificates",
        "functions.enrolment",
        "functions.exam",
        "functions.attempts",
        "functions.blobs",
        "functions.stores.attempts",
        "functions.stores.certificates",
    ),
    "certificates": (
        "functions.certificates.reading",
        "functions.certificates.fingerprint",
        "functions.enrolment",
        "functions.reports.report",
        "functions.accounts.passwords",
        "functions.accounts.signin",
        "functions.accounts.calendar",
    ),
    "admin": (
        "functions.certificates.signing",
        "functions.certificates.keys",
        "functions.certificates.document",
        "functions.certificates.status",
        "functions.jobs.run",
        "functions.jobs.inprocess",
        "functions.jobs.exports",
        "functions.certificates.issuance",
        "functions.api.deps.keys",
        "functions.accounts.signin",
    ),
    "jobs": (
        "functions.api.admin",
        "functions.api.deps",
        "functions.api.http",
        "functions.vault",
        "functions.accounts.signin",
        "functions.certificates.issuance",
        "functions.stores.attempts",
        "functions.exam",
    ),
    "events": (
        "functions.vault",
        "functions.accounts",
        "functions.certificates",
        "functions.enrolment",
        "functions.reports",
        "functions.attempts",
        "functions.exam",
        "functions.grading",
        "functions.audit",
        "functions.blobs",
        "functions.stores.accounts",
        "functions.stores.attempts",
        "functions.stores.tally",
    ),
}


def _modules(name: str) -> set[str]:
    function = next(found for found in package.functions() if found.name == name)
    return package.modules(function.module)[0]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_a_package_holds_no_other_function_s_app(name):
    others = {f"functions.api.{other}" for other in FUNCTIONS if other != name}
    modules = _modules(name)
    assert f"functions.api.{name}.app" in modules and f"functions.api.{name}.handler" in modules
    assert not {module for module in modules if module.rpartition(".")[0] in others or module in others}


def test_the_jobs_package_holds_its_handler_and_no_web_app():
    modules = _modules("jobs")
    assert {"functions.api.jobs.handler", "functions.jobs.run", "functions.stores.workbench"} <= modules
    assert {module for module in modules if module.startswith("functions.api.")} == {
        "functions.api.jobs",
        "functions.api.jobs.handler",
    }


@pytest.mark.parametrize("name", (*FUNCTIONS, "jobs"))
def test_a_package_holds_none_of_the_modules_its_function_never_runs(name):
    modules = _modules(name)
    carried = sorted(module for module in modules if module.startswith(NEVER[name]))
    assert carried == [], f"the {name} function's package carries modules it never runs: {carried}"


@pytest.mark.parametrize("name", (*FUNCTIONS, "jobs"))
def test_a_package_requires_exactly_the_distributions_its_function_imports(name):
    function = next(found for found in package.functions() if found.name == name)
    assert {line.split("==")[0] for line in package.requirements(function)} == DISTRIBUTIONS[name]


def test_the_anonymous_counter_carries_no_signing_code_and_no_account_code():
    modules = _modules("events")
    assert not {module for module in modules if module.startswith(("functions.certificates", "functions.accounts"))}
    assert "cryptography" not in package.modules("functions.api.events.handler")[1]
    assert {"functions.stores.sqlite.reach", "functions.stores.dynamodb.reach", "functions.published"} <= modules


SERVICES = {
    "quiz": {"dynamodb", "secretsmanager"},
    "progress": {"dynamodb", "secretsmanager"},
    "accounts": {"dynamodb", "secretsmanager"},
    "certificates": {"dynamodb", "s3", "secretsmanager"},
    "admin": {"dynamodb", "s3", "secretsmanager", "lambda"},
    "events": {"dynamodb"},
    "jobs": {"dynamodb", "s3"},
}
"""The AWS services each function asks boto3 for: the table, the bucket where PDFs and slips are kept, the secrets
(every function that reads a sign-in token; the anonymous counter and the jobs function read none), and Lambda for
the administrators' function, which hands jobs to the jobs function."""


@pytest.mark.parametrize("name", (*FUNCTIONS, "jobs"))
def test_a_package_keeps_the_models_of_the_aws_services_its_code_asks_for(name):
    function = next(found for found in package.functions() if found.name == name)
    assert package.services(function) == SERVICES[name]


def test_botocore_cut_to_a_function_s_services_still_makes_their_clients_and_no_other(tmp_path):
    import importlib.util
    import shutil
    import subprocess
    import sys

    site = Path(importlib.util.find_spec("botocore").origin).parent.parent
    for top in ("botocore", "boto3"):
        for path in (site / top).rglob("*"):
            relative = path.relative_to(site).as_posix()
            if path.is_file() and "__pycache__" not in path.parts and package.kept(relative, SERVICES["admin"]):
                (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, tmp_path / relative)
    kept = sum(1 for _ in (tmp_path / "botocore" / "data").iterdir())
    assert kept == 4 + 4  # the admin's four services, and botocore's shared endpoints, partitions, retry and defaults
    probe = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import boto3, botocore.exceptions\n"
        f"assert boto3.__file__.startswith({str(tmp_path)!r})\n"
        "keys = dict(region_name='ap-southeast-1', aws_access_key_id='x', aws_secret_access_key='y')\n"
        "for service in ('dynamodb', 's3', 'secretsmanager', 'lambda'):\n    boto3.client(service, **keys)\n"
        "boto3.resource('dynamodb', **keys)\n"
        "try:\n    boto3.client('sqs', **keys)\nexcept botocore.exceptions.UnknownServiceError:\n    print('cut')\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "cut"
