"""Background jobs as they run on AWS, for the tests and `make bench`: the admin function's handler (API Gateway
events through Mangum) over a DynamoDB-API and S3-API server process (moto), the asynchronous `lambda.invoke`
captured, and the jobs function's handler run in a process of its own with the template's environment, as Lambda
would; a job polled through the admin API and its file fetched from S3 through the signed link it gives."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import boto3
import urllib3
from botocore.awsrequest import AWSResponse

from functions.settings import get_settings
from functions.stores.dynamodb.accounts import DynamoDBAccounts
from functions.stores.dynamodb.table import TABLE
from infra import cfnyaml, package
from tests.support.gateway import call
from tests.support.paths import ROOT
from tests.support.world import UNITS, XEN, bearer, issue


class _Environment:
    """`setenv` and `delenv` on the process's environment, as pytest's monkeypatch offers them."""

    def setenv(self, name: str, value: str) -> None:
        os.environ[name] = value

    def delenv(self, name: str, raising: bool = True) -> None:
        os.environ.pop(name, None)


JOBS_FUNCTION = "arn:aws:lambda:ap-southeast-1:123456789012:function:hocso-dev-JobsFunction-abc:live"
SECRET = "t" * 48
LEARNERS = (
    "Họ và tên,Mã đơn vị,Số điện thoại\nĐặng Hữu Phước,16813,0912345678\nHoàng Thị Thùy Dương,16813,0987000111\n"
).encode()
HTTP = urllib3.PoolManager()


class Invocations:
    """Lambda's asynchronous invoke, answered as Lambda answers it (202, queued) without running anything: the
    requests are kept for the test to deliver, as Lambda would, to the jobs function's handler."""

    def __init__(self) -> None:
        self.sent: list[dict] = []

    def register(self, events) -> None:
        events.register("provide-client-params.lambda.Invoke", self._asked)
        events.register("before-call.lambda.Invoke", self._answered)

    def unregister(self, events) -> None:
        events.unregister("provide-client-params.lambda.Invoke", self._asked)
        events.unregister("before-call.lambda.Invoke", self._answered)

    def _asked(self, params: dict, **kwargs) -> None:
        self.sent.append(dict(params))

    def _answered(self, params: dict, **kwargs) -> tuple[AWSResponse, dict]:
        return AWSResponse(params["url"], 202, {}, None), {"StatusCode": 202}


@contextmanager
def admin_over_aws(tmp_path: Path, dynamodb_endpoint: str) -> Iterator[dict]:
    """The admin function's environment over moto (its secret in Secrets Manager, HOCSO_JOBS_FUNCTION set), a
    province's units and an administrator of a commune; the jobs handler's environment is the template's. The
    variables it sets are put back as they were when it ends."""
    saved = {name: value for name, value in os.environ.items() if name.startswith("HOCSO_")}
    monkeypatch = _Environment()
    table, bucket = f"hocso-{uuid.uuid4().hex[:10]}", f"hocso-{uuid.uuid4().hex[:10]}"
    (tmp_path / "bank").mkdir()
    common = {
        "HOCSO_STORE": "dynamodb",
        "HOCSO_TABLE": table,
        "HOCSO_DYNAMODB_ENDPOINT": dynamodb_endpoint,
        "HOCSO_BUCKET": bucket,
        "HOCSO_S3_ENDPOINT": dynamodb_endpoint,
        "HOCSO_DATA_DIR": str(tmp_path / "no-local-data"),
        "HOCSO_SITE_URL": "https://hoc.example.vn/",
        "HOCSO_BANK_DIR": str(tmp_path / "bank"),
    }
    for name, value in common.items():
        monkeypatch.setenv(name, value)
    vault = boto3.client("secretsmanager", endpoint_url=dynamodb_endpoint)
    version = vault.create_secret(Name=f"hocso/{table}/token-secret", SecretString=SECRET)["VersionId"]
    monkeypatch.setenv("HOCSO_TOKEN_SECRET_ID", f"hocso/{table}/token-secret")
    monkeypatch.setenv("HOCSO_TOKEN_SECRET_VERSION", version)
    monkeypatch.setenv("HOCSO_SECRETS_ENDPOINT", dynamodb_endpoint)
    monkeypatch.setenv("HOCSO_JOBS_FUNCTION", JOBS_FUNCTION)
    for variable in ("HOCSO_TOKEN_SECRET", "HOCSO_SIGNING_KEYS", "HOCSO_SIGNING_KEYS_ID"):
        monkeypatch.delenv(variable, raising=False)
    get_settings.cache_clear()
    definition = cfnyaml.load()["Resources"]["Table"]["Properties"]
    dynamodb = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    dynamodb.create_table(TableName=table, **{key: definition[key] for key in TABLE})
    dynamodb.get_waiter("table_exists").wait(TableName=table)
    s3 = boto3.client("s3", endpoint_url=dynamodb_endpoint)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
    accounts = DynamoDBAccounts(table, endpoint_url=dynamodb_endpoint)
    accounts.put_units(UNITS)
    admin, _ = issue(accounts, "Lê Văn Quản", XEN, "admin", phone="0900000000")
    invocations = Invocations()
    events = boto3.DEFAULT_SESSION.events  # the dispatcher's client is made on the first job, from this session
    invocations.register(events)
    handler = importlib.reload(importlib.import_module("functions.api.admin.handler")).handler
    world = {
        "admin": lambda *args, **kwargs: call(handler, *args, **kwargs),
        "token": bearer(admin, SECRET, datetime.now(UTC))["Authorization"].removeprefix("Bearer "),
        "invocations": invocations,
        "s3": s3,
        "bucket": bucket,
        "table": table,
        "endpoint": dynamodb_endpoint,
    }
    try:
        yield world
    finally:
        invocations.unregister(events)
        for name in [name for name in os.environ if name.startswith("HOCSO_")]:
            del os.environ[name]
        os.environ.update(saved)
        get_settings.cache_clear()


LAMBDA = """
import json, logging, sys
import boto3
from tests.support.leading_keys import KeyRecorder

logging.basicConfig(level=logging.INFO, stream=sys.stderr)  # the runtime's application log level (the template's)
boto3.setup_default_session()
recorder = KeyRecorder()
recorder.function = "jobs"
recorder.register(boto3.DEFAULT_SESSION.events)
from functions.api.jobs.handler import handler

print(json.dumps({"answer": handler(json.loads(sys.argv[1]), None), "keys": recorder.keys}))
"""
"""A cold Lambda container of the jobs function: a fresh process that imports the handler and is given one event."""


def lambda_environment(world: dict) -> dict[str, str]:
    """The jobs function's environment as the template makes it (its globals and its own variables, the stack's
    values filled in), over the test's servers; nothing of the admin function's environment, no secret."""
    template = cfnyaml.load()
    jobs = next(function for function in package.functions(template) if function.name == "jobs")
    variables = {**template["Globals"]["Function"]["Environment"]["Variables"], **jobs.environment}
    stack = {
        "HOCSO_TABLE": world["table"],
        "HOCSO_BUCKET": world["bucket"],
        "HOCSO_SITE_URL": "https://hoc.example.vn/",
        "HOCSO_ISSUER": "Sở Khoa học và Công nghệ tỉnh Nghệ An",
        "HOCSO_ORIGIN_SECRET": "o" * 40,
    }
    assert {name for name, value in variables.items() if not isinstance(value, str)} == set(stack)
    assert not {name for name in variables if "SECRET_ID" in name or "SIGNING" in name}  # a job signs nothing
    outside = {name: value for name, value in os.environ.items() if not name.startswith("HOCSO_")}
    servers = {"HOCSO_DYNAMODB_ENDPOINT": world["endpoint"], "HOCSO_S3_ENDPOINT": world["endpoint"]}
    return {**outside, **{name: stack.get(name, value) for name, value in variables.items()}, **servers}


def run_as_lambda(world: dict, invocation: dict, timeout: float = 300) -> tuple[dict, list[tuple[str, str, str]], str]:
    """Deliver an asynchronous invocation as Lambda would, to the jobs handler in a process of its own with the jobs
    function's environment: its answer, the DynamoDB partition keys it sent, and its log."""
    done = subprocess.run(
        [sys.executable, "-c", LAMBDA, invocation["Payload"].decode()],
        env=lambda_environment(world),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    told = json.loads(done.stdout.strip().splitlines()[-1])
    return told["answer"], [tuple(key) for key in told["keys"]], done.stderr


def polled(world: dict, job_id: str) -> dict:
    status, job = world["admin"]("GET", f"/api/admin/jobs/{job_id}", token=world["token"])
    assert status == 200, job
    return job


def downloaded(world: dict, job: dict, name: str) -> urllib3.BaseHTTPResponse:
    """The signed link to a finished job's file, followed over HTTP to the bucket, without credentials."""
    status, link = world["admin"]("POST", f"/api/admin/jobs/{job['id']}/files/{name}", token=world["token"])
    assert status == 200, link
    assert link["url"].startswith(f"{world['endpoint']}/{world['bucket']}/") and "X-Amz-Signature=" in link["url"]
    return HTTP.request("GET", link["url"])
