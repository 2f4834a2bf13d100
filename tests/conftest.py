"""Shared fixtures: a small content tree, a bank, the repository's site built once, and the DynamoDB-API server the
store contracts run against. What the fixtures are made of lives in tests/support/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest

from functions.bank import Bank
from tests.support.banks import make_bank
from tests.support.content import mkdocs_build, write_course
from tests.support.credentials import local_credentials
from tests.support.paths import ROOT
from tests.support.servers import free_port
from tests.support.stores import contract_fixture

pytest_plugins = ["tests.support.browser"]


class BuiltSite(NamedTuple):
    """Where the session's build put the site and the banks, the keys it published, and what mkdocs printed."""

    site: Path
    bank: Path
    public_keys: dict
    done: subprocess.CompletedProcess


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The repository's site, built once for the session by `mkdocs build --strict`, publishing a fresh signing key."""
    from functions.certificates.keys import PUBLIC_FILE, add_key

    out = tmp_path_factory.mktemp("build")
    add_key(out / "keys", date.today())
    keys = out / "keys" / PUBLIC_FILE
    done = mkdocs_build(ROOT / "mkdocs.yml", out / "site", out / "bank", HOCSO_PUBLIC_KEYS=str(keys))
    assert done.returncode == 0, done.stderr
    return BuiltSite(out / "site", out / "bank", json.loads(keys.read_text(encoding="utf-8")), done)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A valid content folder with one small course."""
    root = tmp_path / "content"
    write_course(root)
    return root


@pytest.fixture
def bank() -> Bank:
    """The small bank of `make_bank`: three lessons of four questions, six drawn."""
    return make_bank()


@pytest.fixture(scope="session")
def dynamodb_endpoint(tmp_path_factory):
    """A real DynamoDB-API server process (moto, see tests/support/dynamodb_server.py) on 127.0.0.1, for the session."""
    port = free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.dynamodb_server", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("moto server did not start") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def aws_env():
    """Credentials and region for boto3 that only a local server accepts."""
    with local_credentials() as values:
        yield values


any_store = contract_fixture("attempts")
any_accounts = contract_fixture("accounts")
any_certificates = contract_fixture("certificates")
