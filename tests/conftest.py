"""Shared fixtures: small content trees written on the fly, a bank, and the repository's paths."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

from functions.bank import Bank, BankQuestion, PracticeRules, QuizRules

pytest_plugins = ["tests.browser"]
ROOT = Path(__file__).resolve().parent.parent


def lesson_text(lesson_id: str, title: str, extra: str = "") -> str:
    return textwrap.dedent(
        f"""\
        ---
        id: {lesson_id}
        title: {title}
        summary: Tóm tắt của {title}.
        duration: 20
        {extra}---

        ## Nội dung

        Nội dung bài {title}.
        """
    )


def question_yaml(qid: str, lesson: str, answer: str = "B", choices: int = 4, text: str | None = None) -> str:
    options = "\n".join(f'      - "Lựa chọn {n} của {qid}"' for n in range(1, choices + 1))
    return (
        f"  - id: {qid}\n"
        f"    lesson: {lesson}\n"
        f'    text: "{text or "Câu hỏi " + qid + "?"}"\n'
        f"    choices:\n{options}\n"
        f"    answer: {answer}\n"
        f'    explanation: "Giải thích riêng của {qid}."\n'
    )


def write_course(
    root: Path, course_id: str = "mini", lessons: int = 2, questions_per_lesson: int = 3, draw: int = 4
) -> Path:
    """A valid course: `lessons` lessons, a bank of `questions_per_lesson` each, a test drawing `draw`."""
    folder = root / "courses" / course_id
    folder.mkdir(parents=True)
    names = [f"{n:02d}-bai-{n}.md" for n in range(1, lessons + 1)]
    listed = "\n".join(f"  - {name}" for name in names)
    (folder / "course.yml").write_text(
        f"title: Khóa {course_id}\ngroup: chuyen-doi-so\nsummary: Khóa học thử.\nlessons:\n{listed}\n"
        f"quiz:\n  questions: {draw}\n  pass_percent: 50\n  time_limit_minutes: 10\n  max_attempts: 2\n"
        f"id: {course_id}\n",
        encoding="utf-8",
    )
    bank = ["questions:\n"]
    for n, name in enumerate(names, start=1):
        (folder / name).write_text(lesson_text(f"{course_id}-{n}", f"Bài {n}"), encoding="utf-8")
        bank += [question_yaml(f"{course_id}-{n}-q{k}", f"{course_id}-{n}") for k in range(1, questions_per_lesson + 1)]
    (folder / "questions.yml").write_text("".join(bank), encoding="utf-8")
    return folder


def mkdocs_build(config: Path, site: Path, bank: Path, strict: bool = True, **env: str) -> subprocess.CompletedProcess:
    """A real `mkdocs build` of `config` into `site`, its banks into `bank`; `env` adds environment variables."""
    import os

    environ = {**os.environ, "HOCSO_BANK_DIR": str(bank), "NO_MKDOCS_2_WARNING": "1", **env}
    argv = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    argv += ["--strict"] if strict else []
    return subprocess.run(argv, capture_output=True, text=True, env=environ, timeout=300)


class BuiltSite(NamedTuple):
    site: Path
    bank: Path
    public_keys: dict
    done: subprocess.CompletedProcess


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The repository's site, built once for the session by `mkdocs build --strict`, publishing a fresh signing key."""
    import json
    from datetime import date

    from functions.certificates.keys import PUBLIC_FILE, add_key

    out = tmp_path_factory.mktemp("build")
    add_key(out / "keys", date.today())
    keys = out / "keys" / PUBLIC_FILE
    done = mkdocs_build(ROOT / "mkdocs.yml", out / "site", out / "bank", HOCSO_PUBLIC_KEYS=str(keys))
    assert done.returncode == 0, done.stderr
    return BuiltSite(out / "site", out / "bank", json.loads(keys.read_text(encoding="utf-8")), done)


def register_ids(root: Path) -> None:
    """Record every short id of a content folder in its ids.yml, as `hocso ids` does."""
    from site_builder import shortlinks
    from site_builder.catalog import load_catalog

    shortlinks.register_new(load_catalog(root))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A valid content folder with one small course."""
    root = tmp_path / "content"
    write_course(root)
    return root


def make_bank(
    lessons: int = 3, per_lesson: int = 4, draw: int = 6, practice_per_lesson: int = 0, practice_draw: int = 3, **rules
) -> Bank:
    """A bank whose correct choice is always the editor's second one (index 1); with `practice_per_lesson`, a practice
    set of its own questions (ids `p<lesson>-q<n>`) drawing `practice_draw`."""

    def questions(prefix: str, per: int) -> list[BankQuestion]:
        return [
            BankQuestion(
                id=f"{prefix}{lesson}-q{n}",
                lesson=f"l{lesson}",
                text=f"Câu {prefix}{n} của bài {lesson}?",
                choices=[
                    f"Sai 1 ({prefix}{lesson}.{n})",
                    f"Đúng ({prefix}{lesson}.{n})",
                    f"Sai 2 ({prefix}{lesson}.{n})",
                    f"Sai 3 ({prefix}{lesson}.{n})",
                ],
                answer=[1],
                explanation="Vì vậy.",
            )
            for lesson in range(1, lessons + 1)
            for n in range(1, per + 1)
        ]

    return Bank(
        course_id="mini",
        title="Khóa mini",
        rules=QuizRules(questions=draw, **rules),
        lessons=[f"l{lesson}" for lesson in range(1, lessons + 1)],
        questions=questions("l", per_lesson),
        practice_rules=PracticeRules(questions=practice_draw) if practice_per_lesson else None,
        practice=questions("p", practice_per_lesson),
    )


@pytest.fixture
def bank() -> Bank:
    return make_bank()


@contextmanager
def running(argv: list[str], env: dict[str, str], health: str, **popen) -> Iterator[subprocess.Popen]:
    """A server process started from `argv` in the repository, once `health` answers 200 (within 30 s); terminated
    on leaving."""
    import httpx2 as httpx

    process = subprocess.Popen(argv, cwd=ROOT, env=env, **popen)
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if httpx.get(health).status_code == 200:
                    break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{argv[2:4]} did not start") from None
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


def functions_server(port: int) -> list[str]:
    """The command that serves every function (no site) with uvicorn on 127.0.0.1:`port`."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "functions.api.server:create_functions",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def dynamodb_endpoint(tmp_path_factory):
    """A real DynamoDB-API server process (moto, see tests/dynamodb_server.py) on 127.0.0.1, for the session."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.dynamodb_server", str(port)],
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
    import os

    values = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "ap-southeast-1",
    }
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    yield values
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


ADAPTERS = {
    "attempts": ("functions.stores.sqlite.attempts:SQLiteStore", "functions.stores.dynamodb.attempts:DynamoDBStore"),
    "accounts": (
        "functions.stores.sqlite.accounts:SQLiteAccounts",
        "functions.stores.dynamodb.accounts:DynamoDBAccounts",
    ),
    "certificates": (
        "functions.stores.sqlite.certificates:SQLiteCertificates",
        "functions.stores.dynamodb.certificates:DynamoDBCertificates",
    ),
    "tally": ("functions.stores.sqlite.tally:SQLiteTally", "functions.stores.dynamodb.tally:DynamoDBTally"),
    "audit": ("functions.stores.sqlite.audit:SQLiteAudit", "functions.stores.dynamodb.audit:DynamoDBAudit"),
    "reach": ("functions.stores.sqlite.reach:SQLiteReach", "functions.stores.dynamodb.reach:DynamoDBReach"),
}
"""Each concern's two adapters, for contract suites that run against both."""


def open_test_adapter(concern: str, kind: str, tmp_path: Path, request):
    """A fresh, empty store of a concern: `kind` "sqlite" (a file in tmp_path) or "dynamodb" (a new table on the
    DynamoDB-API server process the session runs)."""
    import importlib
    import uuid

    module, name = ADAPTERS[concern][kind == "dynamodb"].split(":")
    adapter = getattr(importlib.import_module(module), name)
    if kind == "sqlite":
        return adapter(tmp_path / "hocso.sqlite3")
    request.getfixturevalue("aws_env")
    store = adapter(f"hocso-{uuid.uuid4().hex[:12]}", endpoint_url=request.getfixturevalue("dynamodb_endpoint"))
    store.create_table()
    return store


def contract_fixture(concern: str):
    """A fixture giving each adapter of a concern in turn, closed after the test."""

    @pytest.fixture(params=["sqlite", "dynamodb"])
    def fixture(request, tmp_path):
        store = open_test_adapter(concern, request.param, tmp_path, request)
        yield store
        store.close()

    return fixture


any_store = contract_fixture("attempts")
any_accounts = contract_fixture("accounts")
any_certificates = contract_fixture("certificates")


def returning(value):
    """A dependency override that returns `value` (a closure: a default argument would become a query parameter)."""
    return lambda: value


def run_together(count: int, work) -> list:
    """Run `work(n)` in `count` threads released at the same instant; collect results or exceptions."""
    import threading

    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(n):
        barrier.wait()
        try:
            outcomes[n] = work(n)
        except Exception as exc:  # the caller inspects which calls were refused
            outcomes[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
