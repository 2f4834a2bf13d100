"""Background jobs as they run on AWS: the admin function's handler (API Gateway events through Mangum) against a
DynamoDB-API and S3-API server process (moto) on 127.0.0.1, a list posted to the bucket with the S3 form it signed,
the job handed to the jobs function with an asynchronous `lambda.invoke` (captured: nothing runs Lambda here), that
function's handler then run with its own environment from the template, as Lambda would, the job polled through the
admin API and its file fetched from S3 through the signed link it gives."""

from __future__ import annotations

import base64
import importlib
import io
import json
import os
import random
import subprocess
import sys
import time
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta

import boto3
import pytest
import urllib3
from botocore.awsrequest import AWSResponse
from pypdf import PdfReader

from functions.certificates import issuance
from functions.certificates.signing import SigningKey
from functions.enrolment.bounds import BOUNDS
from functions.settings import get_settings
from functions.stores.dynamodb.accounts import DynamoDBAccounts
from functions.stores.dynamodb.attempts import DynamoDBStore
from functions.stores.dynamodb.certificates import DynamoDBCertificates
from functions.stores.dynamodb.table import TABLE
from infra import cfnyaml, package
from tests.support.attempts import sat
from tests.support.banks import make_bank
from tests.support.gateway import call
from tests.support.leading_keys import allowed, leading_keys
from tests.support.paths import ROOT
from tests.support.world import UNITS, XEN, bearer, issue

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


@pytest.fixture
def aws(tmp_path, monkeypatch, aws_env, dynamodb_endpoint):
    """The admin function's environment over moto (its secret in Secrets Manager, HOCSO_JOBS_FUNCTION set), a
    province's units and an administrator of a commune; the jobs handler's environment is the template's."""
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
    yield world
    invocations.unregister(events)
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


def run_as_lambda(world: dict, invocation: dict) -> tuple[dict, list[tuple[str, str, str]], str]:
    """Deliver an asynchronous invocation as Lambda would, to the jobs handler in a process of its own with the jobs
    function's environment: its answer, the DynamoDB partition keys it sent, and its log."""
    done = subprocess.run(
        [sys.executable, "-c", LAMBDA, invocation["Payload"].decode()],
        env=lambda_environment(world),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
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


def test_a_list_posted_to_s3_with_the_signed_form_is_imported_by_the_jobs_function(aws):
    size = len(LEARNERS)
    status, form = aws["admin"]("POST", "/api/admin/uploads", {"filename": "danh-sach.csv", "size": size}, aws["token"])
    assert status == 201, form
    key = f"uploads/{form['upload_id']}.data"
    assert form["url"] == f"{aws['endpoint']}/{aws['bucket']}" and form["fields"]["key"] == key
    assert form["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    # moto stores whatever is posted with a well-formed form: it checks neither the policy's conditions nor its
    # signature (a file above content-length-range, or another key, is kept all the same). What S3 enforces is
    # therefore read from the signed policy itself: this key, this bucket, 1 byte to 4 MB, five minutes.
    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    assert ["content-length-range", 1, BOUNDS.bytes] in policy["conditions"]
    assert {"key": key} in policy["conditions"] and {"bucket": aws["bucket"]} in policy["conditions"]
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert timedelta(seconds=290) < expires - datetime.now(UTC) <= timedelta(seconds=300)
    posted = HTTP.request("POST", form["url"], fields={**form["fields"], "file": ("danh-sach.csv", LEARNERS)})
    assert posted.status == 204
    assert aws["s3"].get_object(Bucket=aws["bucket"], Key=key)["Body"].read() == LEARNERS

    status, queued = aws["admin"](
        "POST", "/api/admin/jobs", {"kind": "learners.import", "upload_id": form["upload_id"]}, aws["token"]
    )
    assert status == 202 and queued["state"] == "queued", queued
    (invocation,) = aws["invocations"].sent
    assert (invocation["FunctionName"], invocation["InvocationType"]) == (JOBS_FUNCTION, "Event")
    assert json.loads(invocation["Payload"]) == {"job": queued["id"]}
    assert polled(aws, queued["id"])["state"] == "queued"  # nothing runs until Lambda delivers the event

    answer, keys, log = run_as_lambda(aws, invocation)
    assert answer == {"job": queued["id"], "state": "done"}
    # The job's id in the function's log: how an operator finds its run (docs/deploy.md).
    assert f"job {queued['id']}: started" in log and f"job {queued['id']}: done" in log
    job = polled(aws, queued["id"])
    assert (job["state"], job["result"]["created"], job["done"], job["total"]) == ("done", 2, 2, 2)
    assert [f["name"] for f in job["files"]] == ["slips.pdf", "slips.csv"]
    pdf = downloaded(aws, job, "slips.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "no-store"
    assert pdf.headers["content-disposition"].startswith('attachment; filename="phieu-tai-khoan-')
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Đặng Hữu Phước" in text and "Hoàng Thị Thùy Dương" in text

    # A second delivery of the same event (Lambda's asynchronous queue delivers at least once) does nothing.
    assert run_as_lambda(aws, invocation)[0] == {"job": queued["id"], "state": "skipped"}
    # moto checks no IAM: the partition keys the job really sent are held against the jobs role's patterns.
    patterns = leading_keys(cfnyaml.load(), "jobs")
    assert patterns and keys and [key for _, _, key in keys if not allowed(key, patterns)] == []


def test_the_certificates_of_a_subtree_are_zipped_by_the_jobs_function_into_s3(aws):
    endpoint, table = aws["endpoint"], aws["table"]
    accounts = DynamoDBAccounts(table, endpoint_url=endpoint)
    attempts = DynamoDBStore(table, endpoint_url=endpoint)
    certificates = DynamoDBCertificates(table, endpoint_url=endpoint)
    bank, key, now = make_bank(pass_percent=50), SigningKey.generate("2026-11-01-1"), datetime.now(UTC)
    numbers = []
    for name in ("Đặng Hữu Phước", "Hoàng Thị Thùy Dương"):
        learner, _ = issue(accounts, name, XEN, issued_on=date(2026, 11, 9), phone="0900000001")
        attempt = sat(attempts, bank, learner.learner_id, correct=True, attempt_id=f"a-{learner.learner_id}", at=now)
        record, _ = issuance.claim(
            certificates,
            learner.learner_id,
            bank.course_id,
            lambda index, learner=learner, attempt=attempt, name=name: issuance.draft(
                key=key,
                issuer="Sở Khoa học và Công nghệ tỉnh Nghệ An",
                learner_id=learner.learner_id,
                learner_name=name,
                unit_code=XEN.code,
                unit_name=XEN.name,
                unit_path=XEN.path,
                bank=bank,
                attempt=attempt,
                now=now,
                rng=random.Random(learner.learner_id),
                site_url="https://hoc.example.vn/",
                status_index=index,
            ),
        )
        numbers.append(record.number)

    status, queued = aws["admin"](
        "POST", "/api/admin/jobs", {"kind": "certificates.zip", "unit": XEN.code}, aws["token"]
    )
    assert status == 202, queued
    (invocation,) = aws["invocations"].sent
    started = time.monotonic()
    assert run_as_lambda(aws, invocation)[0]["state"] == "done"
    assert time.monotonic() - started < 60
    job = polled(aws, queued["id"])
    assert (job["state"], job["result"]["count"]) == ("done", 2)
    archive = downloaded(aws, job, "certificates.zip")
    assert archive.status == 200 and archive.headers["content-type"] == "application/zip"
    zipped = zipfile.ZipFile(io.BytesIO(archive.data))
    assert sorted(zipped.namelist()) == sorted(f"{bank.course_id}/{number[:12]}.pdf" for number in numbers)
    for number in numbers:  # each PDF drawn by the job from its record, kept beside the others, and zipped as kept
        kept = aws["s3"].get_object(Bucket=aws["bucket"], Key=f"certificates/{number[:12]}.pdf")["Body"].read()
        assert zipped.read(f"{bank.course_id}/{number[:12]}.pdf") == kept
        assert PdfReader(io.BytesIO(kept)).pages
    assert [f["name"] for f in job["files"]] == ["certificates.zip"]  # the ZIP never passed through an answer
