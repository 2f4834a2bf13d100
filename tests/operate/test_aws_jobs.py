"""Background jobs as they run on AWS: the admin function's handler (API Gateway events through Mangum) against a
DynamoDB-API and S3-API server process (moto) on 127.0.0.1, a list posted to the bucket with the S3 form it signed,
the job handed to the jobs function with an asynchronous `lambda.invoke` (captured: nothing runs Lambda here), that
function's handler then run with its own environment from the template, as Lambda would, the job polled through the
admin API and its file fetched from S3 through the signed link it gives."""

from __future__ import annotations

import base64
import io
import json
import random
import time
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from functions.certificates import issuance
from functions.certificates.signing import SigningKey
from functions.enrolment.bounds import BOUNDS
from functions.stores.dynamodb.accounts import DynamoDBAccounts
from functions.stores.dynamodb.attempts import DynamoDBStore
from functions.stores.dynamodb.certificates import DynamoDBCertificates
from infra import cfnyaml
from tests.support.attempts import sat
from tests.support.awsjobs import HTTP, JOBS_FUNCTION, LEARNERS, admin_over_aws, downloaded, polled, run_as_lambda
from tests.support.banks import make_bank
from tests.support.leading_keys import allowed, leading_keys
from tests.support.world import XEN, issue


@pytest.fixture
def aws(tmp_path, aws_env, dynamodb_endpoint):
    with admin_over_aws(tmp_path, dynamodb_endpoint) as world:
        yield world


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
        record, _ = issuance.certify(
            certificates,
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
