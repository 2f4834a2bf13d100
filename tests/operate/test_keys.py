"""Who may use the stage's KMS key (DataKey in infra/template.yaml), and for what: each function's role only through
the service that holds its data and only for that data, the signing keys by the certificates role alone, AWS Backup
and CloudWatch Logs through their own statements, the account administering the key without reading with it.

The requests are those the services make on a role's behalf (`kms:ViaService`, the encryption context they bind),
judged by tests/support/key_policy.py against the key's policy and the role's own policies, as KMS would."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest

from infra import package, secrets
from tests.support.key_policy import (
    BUCKET_ARN,
    REGION,
    ROOT,
    STAGE,
    Request,
    allowed,
    function_arn,
    key_allows,
    key_statements,
    resolve,
    role_arn,
    role_statements,
    secret_arn,
    via,
)

FUNCTIONS = ["quiz", "progress", "accounts", "certificates", "admin", "events", "jobs"]
TABLE = {"aws:dynamodb:tableName": f"hocso-{STAGE}", "aws:dynamodb:subscriberId": "111122223333"}
CRYPTO = {"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:GenerateDataKey", "kms:*"}
CRYPTO_CALLS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GenerateDataKeyPair",
    "kms:CreateGrant",
]


def decrypt(template: dict, function: str, service: str, context: dict[str, str], action: str = "kms:Decrypt") -> bool:
    """Whether the function's role may have `service` use the key for it, with `context`."""
    request = Request(action, role_arn(function), via(service), context)
    return allowed(template, request, role=f"{function.capitalize()}Role")


def test_the_key_policy_names_exactly_the_roles_that_use_the_key_for_each_purpose(template):
    uses = {}
    for statement in key_statements(template):
        condition = statement.get("Condition", {})
        if "ArnEquals" in condition:
            arns = resolve(condition["ArnEquals"]["aws:PrincipalArn"])
            services = resolve(condition["StringEquals"]["kms:ViaService"])
            uses[statement["Sid"]] = (
                {arn.rsplit("-", 1)[-1] for arn in ([arns] if isinstance(arns, str) else arns)},
                {services} if isinstance(services, str) else set(services),
            )
    everyone = set(FUNCTIONS)
    assert uses == {
        "FunctionsReadTheTable": (everyone, {via("dynamodb")}),
        "FunctionsKeepTheirFilesInTheBucket": ({"certificates", "admin", "jobs"}, {via("s3")}),
        "FunctionsReadTheirEnvironment": (everyone, {via("lambda")}),
        "FunctionsReadTheTokenSecret": (everyone - {"events", "jobs"}, {via("secretsmanager")}),
        "TheSignerReadsTheSigningKeys": ({"certificates"}, {via("secretsmanager")}),
        "BackupCopiesTheTable": ({"backup"}, {via("dynamodb"), via("backup")}),
        "BackupLetsServicesHoldGrantsForItsCopies": ({"backup"}, {via("dynamodb"), via("backup")}),
    }
    # Every role the key names is one of the template's, under the name the key gives it.
    named = {
        resolve(body["Properties"]["RoleName"]): name
        for name, body in template["Resources"].items()
        if body["Type"] == "AWS::IAM::Role"
    }
    assert named == {f"hocso-{STAGE}-{role}": f"{role.capitalize()}Role" for role in [*FUNCTIONS, "backup"]}
    # Every function is named so, as the environment's context names it (a new function must join the lists).
    functions = {function.name: function.resource for function in package.functions(template)}
    for name, resource in functions.items():
        assert resolve(template["Resources"][resource]["Properties"]["FunctionName"]) == f"hocso-{STAGE}-{name}"
    assert set(functions) == everyone


def test_the_account_administers_the_key_but_reads_nothing_with_it_and_never_as_the_stacks_roles(template):
    account = [s for s in key_statements(template) if "AWS" in s["Principal"]]
    (admin,) = [s for s in account if s["Sid"] == "TheAccountAdministersTheKey"]
    assert "Condition" not in admin and not CRYPTO & set(admin["Action"]) and "kms:CreateGrant" not in admin["Action"]
    assert {"kms:Put*", "kms:ScheduleKeyDeletion", "kms:Disable*", "kms:Enable*"} <= set(admin["Action"])
    anyone = "arn:aws:iam::111122223333:role/WhoeverHasKmsStarOnStar"
    for action in CRYPTO_CALLS:  # straight to KMS: none, whatever the caller's IAM policy says
        assert key_allows(template, Request(action, anyone)) == [], action
        assert key_allows(template, Request(action, ROOT)) == [], action
    for statement in account:
        if statement is admin:
            continue
        condition = statement["Condition"]
        assert "kms:ViaService" in condition["StringEquals"], statement["Sid"]  # never a direct call
        assert "ArnEquals" in condition or condition["ArnNotLike"] == {
            "aws:PrincipalArn": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/hocso-${Stage}-*"}
        }, statement["Sid"]
        if "kms:CreateGrant" in json.dumps(statement["Action"]):
            assert statement["Action"] == "kms:CreateGrant" and condition["Bool"] == {
                "kms:GrantIsForAWSResource": "true"
            }


def test_each_role_uses_the_key_only_through_its_service_for_its_own_data(template):
    for name in FUNCTIONS:
        assert decrypt(template, name, "dynamodb", TABLE), name
        assert not decrypt(template, name, "dynamodb", {**TABLE, "aws:dynamodb:tableName": "another"}), name
        assert decrypt(template, name, "lambda", {"aws:lambda:FunctionArn": function_arn(name)}), name
        other = "quiz" if name != "quiz" else "events"
        assert not decrypt(template, name, "lambda", {"aws:lambda:FunctionArn": function_arn(other)}), name
        # Straight to KMS, not through a service: refused, whatever the context.
        direct = Request("kms:Decrypt", role_arn(name), None, TABLE)
        assert not allowed(template, direct, role=f"{name.capitalize()}Role"), name
        for action in ("kms:Encrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:PutKeyPolicy"):
            assert not decrypt(template, name, "dynamodb", TABLE, action), (name, action)
    objects = {
        "certificates": ["certificates/K-1.pdf"],
        "admin": ["imports/b-1/slips.pdf", "exports/r.csv", "uploads/u.data", "jobs/j.json"],
        "jobs": ["certificates/K-1.pdf", "imports/b-1/slips.pdf", "exports/r.csv", "uploads/u.data", "jobs/j.json"],
    }
    for name in FUNCTIONS:
        for action in ("kms:Decrypt", "kms:GenerateDataKey"):
            bucket = decrypt(template, name, "s3", {"aws:s3:arn": BUCKET_ARN}, action)
            assert bucket == (name in objects), (name, action)  # the bucket key's context is the bucket
            for key in [
                "certificates/K-1.pdf",
                "imports/b-1/slips.pdf",
                "exports/r.csv",
                "uploads/u.data",
                "jobs/j.json",
            ]:
                opened = decrypt(template, name, "s3", {"aws:s3:arn": f"{BUCKET_ARN}/{key}"}, action)
                assert opened == (key in objects.get(name, [])), (name, key)
        assert not decrypt(template, name, "s3", {"aws:s3:arn": "arn:aws:s3:::another-bucket"})


@pytest.mark.parametrize("function", FUNCTIONS)
def test_only_the_signer_opens_the_signing_keys_and_the_counter_neither_secret(template, function):
    token = {"SecretARN": secret_arn("token-secret"), "SecretVersionId": "v1"}
    signing = {"SecretARN": secret_arn("signing-keys"), "SecretVersionId": "v1"}
    assert decrypt(template, function, "secretsmanager", token) == (function not in ("events", "jobs"))
    assert decrypt(template, function, "secretsmanager", signing) == (function == "certificates")
    assert not decrypt(template, function, "secretsmanager", {"SecretARN": secret_arn("origin-secret")})
    readers = [s for s in role_statements(template, f"{function.capitalize()}Role") if "secretsmanager" in str(s)]
    if function in ("events", "jobs"):
        assert readers == []  # not even GetSecretValue: the counter reads no token, a job signs nothing


def test_no_role_has_kms_actions_on_every_key_or_without_a_service(template):
    roles = [name for name, body in template["Resources"].items() if body["Type"] == "AWS::IAM::Role"]
    for role in roles:
        for statement in role_statements(template, role):
            if "kms:" not in json.dumps(statement["Action"]):
                continue
            assert "kms:*" not in json.dumps(statement["Action"]) and statement["Resource"] == {
                "Fn::GetAtt": ["DataKey", "Arn"]
            }, (role, statement["Sid"])
            assert "kms:ViaService" in statement["Condition"]["StringEquals"], (role, statement["Sid"])
    # The backup role's only policy is AWS Backup's own; the key's policy is what holds it to the table and vault.
    assert "Policies" not in template["Resources"]["BackupRole"]["Properties"]


def test_backup_logs_alarms_and_operators_still_reach_the_key_through_their_services(template):
    # AWS Backup copies the table into the vault with its role (whose IAM policy is AWS's own managed one).
    for service in ("backup", "dynamodb"):
        for action in ("kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"):
            assert key_allows(template, Request(action, role_arn("backup"), via(service))) == ["BackupCopiesTheTable"]
        grant = Request("kms:CreateGrant", role_arn("backup"), via(service), grant_for_resource=True)
        assert key_allows(template, grant) == ["BackupLetsServicesHoldGrantsForItsCopies"]
    assert key_allows(template, Request("kms:Decrypt", role_arn("backup"), via("secretsmanager"))) == []
    # CloudWatch Logs encrypts this stage's log groups, and no one else's, with its service principal.
    logs = f"logs.{REGION}.amazonaws.com"
    group = f"arn:aws:logs:{REGION}:111122223333:log-group:/hocso/{STAGE}/quiz"
    for action in ("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"):
        assert allowed(template, Request(action, logs, context={"aws:logs:arn": group}, service_principal=True))
    other = {"aws:logs:arn": group.replace("/hocso/", "/other/")}
    assert not allowed(template, Request("kms:Decrypt", logs, context=other, service_principal=True))
    # Alarms and budgets publish to the encrypted topic.
    for publisher in ("cloudwatch.amazonaws.com", "budgets.amazonaws.com"):
        assert allowed(template, Request("kms:GenerateDataKey", publisher, service_principal=True))
    # Whoever deploys (an administrator's role, not the stack's): through the services, never straight to KMS.
    deployer = "arn:aws:iam::111122223333:role/Admin"
    for service in ("dynamodb", "lambda", "backup", "secretsmanager", "s3", "sns"):
        made = key_allows(template, Request("kms:GenerateDataKey", deployer, via(service)))
        assert made == ["OperatorsUseItThroughTheServicesTheyDeploy"], service
    for service in ("dynamodb", "lambda", "backup"):
        grant = Request("kms:CreateGrant", deployer, via(service), grant_for_resource=True)
        assert key_allows(template, grant) == ["OperatorsLetServicesHoldGrantsForTheirResources"]
    assert key_allows(template, Request("kms:CreateGrant", deployer, via("lambda"))) == []  # a grant for itself
    assert key_allows(template, Request("kms:Decrypt", deployer, None, TABLE)) == []
    assert key_allows(template, Request("kms:PutKeyPolicy", deployer)) == ["TheAccountAdministersTheKey"]
    # The stack's own roles never borrow the operators' statements.
    assert key_allows(template, Request("kms:GenerateDataKey", role_arn("quiz"), via("s3"))) == []
    assert key_allows(template, Request("kms:Decrypt", role_arn("events"), via("secretsmanager"))) == []


def test_the_deploy_moves_the_two_secrets_under_the_key_and_keeps_their_pinned_versions(dynamodb_endpoint, aws_env):
    import boto3

    client = boto3.client("secretsmanager", endpoint_url=dynamodb_endpoint)
    key_arn = boto3.client("kms", endpoint_url=dynamodb_endpoint).create_key()["KeyMetadata"]["Arn"]
    stage = f"t{uuid.uuid4().hex[:8]}"
    made = secrets.ensure(client, stage, date(2026, 12, 6), say=lambda _: None)
    origin = secrets.ensure_origin(client, stage, say=lambda _: None)
    said: list[str] = []
    assert secrets.under_key(client, stage, key_arn, said.append) == list(secrets.names(stage))
    assert said == [f"Đã chuyển bí mật {name} sang khóa KMS của hệ thống" for name in secrets.names(stage)]
    for name, version in zip(secrets.names(stage), (made.token_version, made.signing_version), strict=True):
        assert client.describe_secret(SecretId=name)["KmsKeyId"] == key_arn
        assert client.get_secret_value(SecretId=name, VersionId=version)["VersionId"] == version  # still pinned
    assert "KmsKeyId" not in client.describe_secret(SecretId=secrets.origin_name(stage))  # CloudFormation resolves it
    assert client.get_secret_value(SecretId=secrets.origin_name(stage))["VersionId"] == origin
    assert secrets.under_key(client, stage, key_arn, said.append) == []  # the next deploy has nothing to move
    # A rotation after the move: the new version is made under the key, by the same secret.
    rotated = secrets.ensure(client, stage, date(2026, 12, 7), rotate=True, say=lambda _: None)
    assert rotated.signing_version != made.signing_version and len(rotated.ring.keys) == 2
    assert secrets.under_key(client, stage, key_arn) == []
