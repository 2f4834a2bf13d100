"""The learner's journey as it runs on AWS: the real Lambda handlers, fed API Gateway HTTP API (payload 2.0) events
through Mangum, against a DynamoDB-API and an S3-API server process on 127.0.0.1 (moto). Activate, start, submit,
pass, claim the certificate (its PDF stored in S3), verify it."""

from __future__ import annotations

import importlib
import json
import uuid
from datetime import date

import boto3
import pytest

from functions.bank import write_bank
from functions.certificates import reading
from functions.certificates.signing import PublicKeys, SigningKey
from functions.settings import get_settings
from functions.stores.dynamodb.accounts import DynamoDBAccounts
from functions.stores.dynamodb.table import TABLE
from infra import cfnyaml
from tests.support.banks import make_bank
from tests.support.gateway import call
from tests.support.leading_keys import KeyRecorder, allowed, leading_keys
from tests.support.world import UNITS, XEN, issue

KEY = SigningKey.generate("2026-11-01-1")


@pytest.fixture
def aws(tmp_path, monkeypatch, aws_env, dynamodb_endpoint):
    table, bucket = f"hocso-{uuid.uuid4().hex[:10]}", f"hocso-{uuid.uuid4().hex[:10]}"
    bank = make_bank(pass_percent=50)
    write_bank(bank, tmp_path / "bank")
    for name, value in {
        "HOCSO_STORE": "dynamodb",
        "HOCSO_TABLE": table,
        "HOCSO_DYNAMODB_ENDPOINT": dynamodb_endpoint,
        "HOCSO_BUCKET": bucket,
        "HOCSO_S3_ENDPOINT": dynamodb_endpoint,
        "HOCSO_BANK_DIR": str(tmp_path / "bank"),
        "HOCSO_DATA_DIR": str(tmp_path / "no-local-data"),
        "HOCSO_SITE_URL": "https://hoc.example.vn/",
    }.items():
        monkeypatch.setenv(name, value)
    # The secrets as a deployed stage has them: in Secrets Manager, named and pinned by the environment, read at run
    # time (`functions.vault`), never in the environment itself.
    vault = boto3.client("secretsmanager", endpoint_url=dynamodb_endpoint)
    secret = f"hocso/{table}"
    keys = json.dumps([{"kid": KEY.key_id, "pem": KEY.to_pem().decode()}])
    for variable, name, value in (
        ("TOKEN_SECRET", f"{secret}/token-secret", "t" * 48),
        ("SIGNING_KEYS", f"{secret}/signing-keys", keys),
    ):
        version = vault.create_secret(Name=name, SecretString=value)["VersionId"]
        monkeypatch.setenv(f"HOCSO_{variable}_ID", name)
        monkeypatch.setenv(f"HOCSO_{variable}_VERSION", version)
    monkeypatch.setenv("HOCSO_SECRETS_ENDPOINT", dynamodb_endpoint)
    for variable in ("HOCSO_TOKEN_SECRET", "HOCSO_SIGNING_KEYS"):
        monkeypatch.delenv(variable, raising=False)
    get_settings.cache_clear()
    # The table as the infra template defines it: the deployed key design, not the store's own copy of it.
    definition = cfnyaml.load()["Resources"]["Table"]["Properties"]
    dynamodb = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    dynamodb.create_table(TableName=table, **{key: definition[key] for key in TABLE})
    dynamodb.get_waiter("table_exists").wait(TableName=table)
    s3 = boto3.client("s3", endpoint_url=dynamodb_endpoint)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
    accounts = DynamoDBAccounts(table, endpoint_url=dynamodb_endpoint)
    accounts.put_units(UNITS)
    account, code = issue(
        accounts, "Hoàng Thị Thùy Dương", XEN, identity="cccd:040190000003", deadline=date(2026, 12, 7), cohort="Đợt 1"
    )
    handlers = {
        name: importlib.reload(importlib.import_module(f"functions.api.{name}.handler")).handler
        for name in ("accounts", "quiz", "certificates", "progress")
    }
    yield handlers, account, code, bank, s3, bucket
    get_settings.cache_clear()


def test_the_journey_runs_on_the_lambda_handlers_against_dynamodb_and_s3(aws):
    handlers, account, code, bank, s3, bucket = aws
    status, session = call(
        handlers["accounts"],
        "POST",
        "/api/accounts/activate",
        {"username": account.username, "code": code, "password": "kq7-river-stone-42"},
    )
    assert status == 200, session
    token = session["token"]

    status, attempt = call(handlers["quiz"], "POST", f"/api/quiz/courses/{bank.course_id}/attempts", token=token)
    assert status == 201
    keys = {question.id: question.answer for question in bank.questions}
    answers = {}
    for shown in attempt["questions"]:
        right_texts = {
            bank_question.choices[i]
            for bank_question in bank.questions
            if bank_question.id == shown["id"]
            for i in keys[shown["id"]]
        }
        answers[shown["id"]] = [n for n, text in enumerate(shown["choices"]) if text in right_texts]
    status, graded = call(
        handlers["quiz"], "POST", f"/api/quiz/attempts/{attempt['id']}/submit", {"answers": answers}, token=token
    )
    assert status == 200 and graded["result"]["passed"] is True

    status, issued = call(handlers["certificates"], "POST", f"/api/certificates/courses/{bank.course_id}", token=token)
    assert status == 201
    number = issued["certificate"]["number"]
    assert issued["certificate"]["learner_name"] == "Hoàng Thị Thùy Dương"
    stored = s3.get_object(Bucket=bucket, Key=f"certificates/{number[:12]}.pdf")["Body"].read()

    status, pdf = call(handlers["certificates"], "GET", f"/api/certificates/{number}/pdf", token=token)
    assert status == 200 and pdf == stored
    verdict = reading.verify_pdf(pdf, PublicKeys.from_document(PublicKeys.document([KEY])))
    assert verdict.valid and verdict.certificate.number == number

    status, public = call(handlers["certificates"], "GET", f"/api/certificates/{number}")
    assert status == 200 and public["status"] == "valid"
    assert PublicKeys.from_document(PublicKeys.document([KEY])).verify(reading.read(pdf)[0], public["signature"])


def test_each_function_of_the_journey_sends_only_keys_its_role_allows(aws):
    """moto checks no IAM: the partition keys each handler's stores really send are held against its role's
    dynamodb:LeadingKeys patterns in the template, so a narrowed policy cannot refuse what a learner's journey does."""
    handlers, account, code, bank, _, _ = aws
    recorder = KeyRecorder()
    events = boto3.DEFAULT_SESSION.events  # the handlers' clients are made on their first request, from this session
    recorder.register(events)
    try:

        def as_(function: str, *args, **kwargs) -> tuple[int, object]:
            recorder.function = function
            return call(handlers[function], *args, **kwargs)

        password = "kq7-river-stone-42"
        activated = {"username": account.username, "code": code, "password": password}
        status, session = as_("accounts", "POST", "/api/accounts/activate", activated)
        token = session["token"]
        wrong = {"username": account.username, "password": "not-the-password"}
        assert as_("accounts", "POST", "/api/accounts/signin", wrong)[0] == 401
        lesson = next(iter(bank.lessons))
        path = f"/api/progress/courses/{bank.course_id}/lessons/{lesson}"
        assert as_("progress", "PUT", path, token=token)[0] == 200
        status, attempt = as_("quiz", "POST", f"/api/quiz/courses/{bank.course_id}/attempts", token=token)
        assert status == 201
        first = attempt["questions"][0]["id"]
        saving = {"answers": {first: [1]}}
        assert as_("quiz", "PUT", f"/api/quiz/attempts/{attempt['id']}/answers", saving, token=token)[0] == 200
        right = {question.id: {question.choices[i] for i in question.answer} for question in bank.questions}
        answers = {
            shown["id"]: [n for n, text in enumerate(shown["choices"]) if text in right[shown["id"]]]
            for shown in attempt["questions"]
        }
        submitted = as_("quiz", "POST", f"/api/quiz/attempts/{attempt['id']}/submit", {"answers": answers}, token=token)
        assert submitted[0] == 200
        status, issued = as_("certificates", "POST", f"/api/certificates/courses/{bank.course_id}", token=token)
        assert status == 201
        assert as_("certificates", "GET", f"/api/certificates/{issued['certificate']['number']}")[0] == 200
    finally:
        recorder.unregister(events)

    template = cfnyaml.load()
    sent = {(function, key.split("#")[0]) for function, _, key in recorder.keys}
    assert {function for function, _ in sent} == {"accounts", "progress", "quiz", "certificates"}
    refused = [
        (function, operation, key)
        for function, operation, key in recorder.keys
        if not allowed(key, leading_keys(template, function) or set())
    ]
    assert refused == []
    assert {kind for function, kind in sent if function == "quiz"} >= {"ACCOUNT", "ATTEMPT", "LC", "TALLY", "LEARNER"}
    assert ("accounts", "STRIKE") in sent and ("certificates", "CERT") in sent


def test_a_save_and_a_submission_read_the_caller_and_the_attempt_in_one_call(aws):
    """A test's most frequent calls each read the caller's token version and the attempt together: one BatchGetItem
    (`functions.stores.joint`), then their write; a sign-out elsewhere still ends the session before anything is
    written."""
    handlers, account, code, bank, _, _ = aws
    recorder = KeyRecorder()
    events = boto3.DEFAULT_SESSION.events  # the handlers' clients are made on their first request, from this session
    recorder.register(events)
    try:
        activated = {"username": account.username, "code": code, "password": "kq7-river-stone-42"}
        token = call(handlers["accounts"], "POST", "/api/accounts/activate", activated)[1]["token"]
        attempt = call(handlers["quiz"], "POST", f"/api/quiz/courses/{bank.course_id}/attempts", token=token)[1]
        recorder.keys.clear()
        first = attempt["questions"][0]["id"]
        path = f"/api/quiz/attempts/{attempt['id']}"
        assert call(handlers["quiz"], "PUT", f"{path}/answers", {"answers": {first: [1]}}, token=token)[0] == 200
        saved = [(operation, key.split("#")[0]) for _, operation, key in recorder.keys]
        recorder.keys.clear()
        assert call(handlers["quiz"], "POST", f"{path}/submit", {"answers": {first: [1]}}, token=token)[0] == 200
        submitted = [operation for _, operation, _ in recorder.keys]
    finally:
        recorder.unregister(events)
    # The recorder lists a call once per key it sends: the save's one read sent both keys.
    assert saved == [("BatchGetItem", "ATTEMPT"), ("BatchGetItem", "ACCOUNT"), ("UpdateItem", "ATTEMPT")]
    assert submitted[:2] == ["BatchGetItem", "BatchGetItem"] and "GetItem" not in submitted
    accounts = DynamoDBAccounts(get_settings().table, endpoint_url=get_settings().dynamodb_endpoint)
    now = accounts.account(account.learner_id)
    accounts.set_signin(now.model_copy(update={"token_version": now.token_version + 1}))  # signed out elsewhere
    status, refused = call(
        handlers["quiz"], "PUT", f"/api/quiz/attempts/{attempt['id']}/answers", {"answers": {}}, token=token
    )
    assert (status, refused["error"]["code"]) == (401, "session_ended")
