"""Building the Lambda packages: each holds its own modules and the data its environment names, the pip call fetches
wheels for Lambda only, a package is the same bytes when built twice, and a code key follows its package."""

from __future__ import annotations

import zipfile

from infra import deploy, package

FUNCTIONS = ["quiz", "progress", "accounts", "certificates", "admin", "jobs", "events"]


# ---------------------------------------------------------------- the packages


def named(template: dict, name: str) -> package.Function:
    return next(function for function in package.functions(template) if function.name == name)


def test_each_package_holds_its_own_modules_and_the_data_its_environment_names(template, tmp_path):
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "cds.json").write_text("{}")
    (tmp_path / "bank" / "ids.txt").write_text("cds\n")
    contents = {
        name: {entry for _, entry in package.files(named(template, name), tmp_path / "bank")} for name in FUNCTIONS
    }
    quiz = contents["quiz"]
    assert {
        "functions/__init__.py",
        "functions/api/quiz/handler.py",
        "functions/api/quiz/app.py",
        "functions/stores/dynamodb/table.py",
        "bank/cds.json",
    } <= quiz
    assert not any(
        entry.startswith(("functions/api/admin/", "functions/accounts/slips", "functions/fonts/", "content/"))
        for entry in quiz
    )
    assert "functions/certificates/document.py" not in quiz
    assert {"functions/certificates/document.py", "functions/fonts/DejaVuSans.ttf", "bank/cds.json"} <= contents[
        "certificates"
    ]
    assert "content/calendar.yml" in contents["accounts"] and not any(
        e.startswith("bank/") for e in contents["accounts"]
    )
    assert {"functions/api/admin/handler.py", "functions/fonts/DejaVuSans.ttf", "content/calendar.yml"} <= contents[
        "admin"
    ]
    assert not any(entry.startswith(("bank/", "functions/fonts/")) for entry in contents["events"])
    # The jobs function draws slips and certificates and sets deadlines by the working calendar; it grades nothing.
    assert {"functions/api/jobs/handler.py", "functions/fonts/DejaVuSans.ttf", "content/calendar.yml"} <= contents[
        "jobs"
    ]
    assert not any(entry.startswith(("bank/", "functions/api/admin/")) for entry in contents["jobs"])
    assert "ids.txt" in contents["events"]  # the published ids it counts, without the answer keys


def test_each_package_requires_only_the_distributions_its_modules_import_pinned_as_tested(template):
    wanted = {name: {line.split("==")[0] for line in package.requirements(named(template, name))} for name in FUNCTIONS}
    web = {"fastapi", "starlette", "mangum", "pydantic"}
    assert web <= set.intersection(*(found for name, found in wanted.items() if name != "jobs"))
    assert all("boto3" in found for found in wanted.values())  # the tested version, not the runtime's
    pdf = {"fpdf2", "reportlab", "rl-accel", "fonttools", "segno"}
    assert not (pdf | {"openpyxl", "argon2-cffi", "holidays"}) & (
        wanted["quiz"] | wanted["progress"] | wanted["events"]
    )
    # Certificates are drawn with reportlab (and its C speed-ups); fpdf2 draws the slips.
    assert pdf - {"fpdf2"} <= wanted["certificates"] and not {"fpdf2", "openpyxl", "pypdf"} & wanted["certificates"]
    assert {"argon2-cffi", "holidays"} <= wanted["accounts"] and not pdf & wanted["accounts"]
    assert {"openpyxl", "argon2-cffi", "fpdf2"} <= wanted["admin"]
    assert {"openpyxl", "argon2-cffi", "fpdf2", "boto3"} <= wanted["jobs"] and not (web - {"pydantic"}) & wanted["jobs"]
    import importlib.metadata

    for line in package.requirements(named(template, "certificates")):
        name, version = line.split("==")
        assert importlib.metadata.version(name) == version


def test_the_pip_call_fetches_wheels_for_lambda_only(tmp_path):
    command = package.pip_command(tmp_path / "t", tmp_path / "r.txt", tmp_path / "c.txt", "arm64")
    text = " ".join(command)
    assert "--only-binary=:all: " in text and "--python-version 3.12" in text and "--abi cp312" in text
    assert "--platform manylinux2014_aarch64" in text and "--platform manylinux_2_34_aarch64" in text
    assert "manylinux_2_35" not in text  # Amazon Linux 2023's glibc is 2.34


def test_a_package_is_the_same_bytes_when_built_twice(template, tmp_path):
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "cds.json").write_text("{}")
    (tmp_path / "bank" / "ids.txt").write_text("cds\n")
    first = package.build(named(template, "events"), tmp_path / "a", tmp_path / "bank", dependencies=False)
    second = package.build(named(template, "events"), tmp_path / "b", tmp_path / "bank", dependencies=False)
    assert first.digest == second.digest
    assert "functions/api/events/handler.py" in zipfile.ZipFile(first.path).namelist()


def test_a_code_key_changes_with_its_package_or_a_secret_its_environment_holds(template, tmp_path):
    def key(name: str, **changed) -> str:
        built = package.Package(named(template, name), tmp_path, "ab" * 32, 1, 1, (), ())
        values = {
            "TokenSecretVersion": "t1",
            "SigningKeysVersion": "s1",
            "OriginSecretVersion": "o1",
            "DomainName": "",
            "Issuer": "Sở",
            "Stage": "prod",
            "Architecture": "arm64",
            **changed,
        }
        return deploy.code_key(template, built, values)

    assert key("quiz").startswith("lambda/quiz/") and key("quiz") == key("quiz")
    assert key("quiz", TokenSecretVersion="t2") != key("quiz")
    assert key("quiz", SigningKeysVersion="s2") == key("quiz")  # only the certificates function holds the keys
    assert key("certificates", SigningKeysVersion="s2") != key("certificates")
    assert key("events", Issuer="Sở TT&TT") != key("events")  # every function's HOCSO_ISSUER
    assert key("events", Architecture="x86_64") != key("events")
    assert key("events", OriginSecretVersion="o2") != key("events")  # every function checks the origin header
