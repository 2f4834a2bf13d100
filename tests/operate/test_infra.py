"""The AWS deployment, proven offline: the template's table is the store's, the templates pass cfn-lint and checkov,
each Lambda package holds only its own function, and `make deploy DRY_RUN=1` builds everything without AWS."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from functions.certificates import keys
from functions.stores.dynamodb.attempts import DynamoDBStore
from functions.stores.dynamodb.table import TABLE, TIME_TO_LIVE
from infra import cfnyaml, csp, deploy, package, publish, secrets, stack
from tests.support.paths import ROOT

TEMPLATES = [ROOT / "infra" / "template.yaml", ROOT / "infra" / "bootstrap.yaml", ROOT / "infra" / "edge.yaml"]
FUNCTIONS = ["quiz", "progress", "accounts", "certificates", "admin", "jobs", "events"]
ROUTED = [name for name in FUNCTIONS if name != "jobs"]
"""The functions behind the HTTP API; the jobs function is invoked by the administrators' function alone."""
CHECKOV = shutil.which("checkov") or str(ROOT / ".venv" / "checkov" / "bin" / "checkov")


def resources(template: dict, kind: str) -> dict[str, dict]:
    return {name: body for name, body in template["Resources"].items() if body["Type"] == kind}


# ---------------------------------------------------------------- one table definition


def test_the_templates_table_is_the_stores_table(template):
    table = template["Resources"]["Table"]["Properties"]
    assert {key: table[key] for key in TABLE} == TABLE
    assert table["TimeToLiveSpecification"] == TIME_TO_LIVE  # guests' practice expires
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table["DeletionProtectionEnabled"] is True
    assert table["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": {"Ref": "DataKey"}}
    assert template["Resources"]["Table"]["DeletionPolicy"] == "Retain"


def test_a_table_made_from_the_templates_definition_serves_the_store(template, dynamodb_endpoint, aws_env):
    import boto3

    name = f"hocso-{uuid.uuid4().hex[:12]}"
    definition = template["Resources"]["Table"]["Properties"]
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    client.create_table(TableName=name, **{key: definition[key] for key in TABLE})
    client.get_waiter("table_exists").wait(TableName=name)
    store = DynamoDBStore(name, client=client)
    store.mark_done("hv.0001", "cds", "cds-01", datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    store.mark_done("hv.0001", "cds", "cds-02", datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert store.lessons_done("hv.0001", "cds") == {"cds-01", "cds-02"}
    client.put_item(
        TableName=name,
        Item={
            "pk": {"S": "ACCOUNT#hv.0001"},
            "sk": {"S": "A"},
            "gsi1pk": {"S": "ACCOUNTS#NA"},
            "gsi1sk": {"S": "NA/XA#hv"},
        },
    )
    found = client.query(
        TableName=name,
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :pk",
        ExpressionAttributeValues={":pk": {"S": "ACCOUNTS#NA"}},
    )
    assert [item["pk"]["S"] for item in found["Items"]] == ["ACCOUNT#hv.0001"]


# ---------------------------------------------------------------- the linters, offline


def test_cfn_lint_finds_nothing_in_the_templates():
    command = [str(Path(sys.executable).parent / "cfn-lint"), *map(str, TEMPLATES)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def skips(path: Path) -> set[tuple[str, str]]:
    return {
        (name, skip["id"])
        for name, body in cfnyaml.load(path)["Resources"].items()
        for skip in body.get("Metadata", {}).get("checkov", {}).get("skip", [])
    }


@pytest.mark.skipif(
    not Path(CHECKOV).exists() and not os.environ.get("CI"),
    reason="checkov is installed in its own venv by `make test`",
)
def test_checkov_fails_nothing_and_every_skip_in_the_templates_is_used_and_explained():
    result = subprocess.run(
        [
            CHECKOV,
            "--directory",
            str(ROOT / "infra"),
            "--framework",
            "cloudformation",
            "--skip-download",
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert report["summary"]["parsing_errors"] == 0 and report["summary"]["resource_count"] > 60
    assert [(check["check_id"], check["resource"]) for check in report["results"]["failed_checks"]] == []
    skipped = {
        (check["resource"].split(".")[-1], check["check_id"]): check["check_result"]["suppress_comment"]
        for check in report["results"]["skipped_checks"]
    }
    assert all(len(reason or "") >= 40 for reason in skipped.values())
    assert set(skipped) == set().union(*map(skips, TEMPLATES))  # no suppression left behind for a check now passing


# ---------------------------------------------------------------- what the template wires


def test_every_function_of_the_template_has_its_handler_routes_and_alias(template):
    found = {function.name: function for function in package.functions(template)}
    assert list(found) == FUNCTIONS
    routes = {
        body["Properties"]["RouteKey"]: body["Properties"]["Target"]["Fn::Sub"]
        for body in resources(template, "AWS::ApiGatewayV2::Route").values()
    }
    for name, function in found.items():
        assert (ROOT / function.handler.replace(".handler", ".py")).is_file()
        if name not in ROUTED:
            assert not any(key.startswith(f"ANY /api/{name}") for key in routes)
            continue
        integration = f"{function.resource.removesuffix('Function')}Integration"
        assert routes[f"ANY /api/{name}/{{proxy+}}"] == f"integrations/${{{integration}}}"
        assert template["Resources"][integration]["Properties"]["IntegrationUri"] == {
            "Ref": f"{function.resource}.Alias"
        }
    assert routes["POST /api/events"] == "integrations/${EventsIntegration}"
    assert routes["GET /api/health"] == "integrations/${QuizIntegration}"
    globals_ = template["Globals"]["Function"]
    assert globals_["Runtime"] == "python3.12"
    assert globals_["SnapStart"] == {"ApplyOn": {"Fn::FindInMap": ["StageSettings", {"Ref": "Stage"}, "SnapStart"]}}
    assert template["Mappings"]["StageSettings"]["prod"]["SnapStart"] == "PublishedVersions"
    assert (
        globals_["AutoPublishAlias"] == "live" and globals_["Environment"]["Variables"]["HOCSO_API_BASE_PATH"] == "/api"
    )


def statements(template: dict, function: str) -> dict[str, dict]:
    role = template["Resources"][f"{function.capitalize()}Role"]["Properties"]
    return {
        statement["Sid"]: statement
        for policy in role["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    }


def test_each_role_grants_only_what_its_function_does(template):
    item_crud = {
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:ConditionCheckItem",
    }
    table_actions = {}
    for name in FUNCTIONS:
        granted = statements(template, name)
        for statement in granted.values():
            assert statement["Effect"] == "Allow" and "*" not in json.dumps(statement["Action"])
            assert statement["Resource"] != "*"
        table_actions[name] = {
            action
            for statement in granted.values()
            if statement["Resource"] == {"Fn::GetAtt": ["Table", "Arn"]}
            for action in statement["Action"]
        }
        assert "dynamodb:DeleteItem" not in table_actions[name]
    assert table_actions == {
        "quiz": item_crud,
        "progress": item_crud,
        "accounts": item_crud,
        "certificates": item_crud,
        "admin": item_crud | {"dynamodb:BatchWriteItem"},
        "jobs": item_crud | {"dynamodb:BatchWriteItem"},
        "events": {"dynamodb:UpdateItem", "dynamodb:Query"},
    }
    s3 = {
        name: [
            statement["Resource"]
            for statement in statements(template, name).values()
            if "s3:PutObject" in statement["Action"]
        ]
        for name in FUNCTIONS
    }
    assert s3 == {
        "quiz": [],
        "progress": [],
        "accounts": [],
        "events": [],
        "certificates": [{"Fn::Sub": "${DataBucket.Arn}/certificates/*"}],
        "admin": [
            [{"Fn::Sub": "${DataBucket.Arn}/imports/*"}, {"Fn::Sub": "${DataBucket.Arn}/exports/*"}],
            [{"Fn::Sub": "${DataBucket.Arn}/uploads/*"}, {"Fn::Sub": "${DataBucket.Arn}/jobs/*"}],
        ],
        "jobs": [
            [
                {"Fn::Sub": f"${{DataBucket.Arn}}/{prefix}/*"}
                for prefix in ("jobs", "imports", "exports", "certificates")
            ]
        ],
    }
    # No secret sits in an environment: functions name the secret and its pinned version and read it at run time.
    functions = package.functions(template)
    assert not any({"HOCSO_TOKEN_SECRET", "HOCSO_SIGNING_KEYS"} & set(f.environment) for f in functions)
    # Only the origin secret is resolved at deploy: CloudFront's configuration holds it in plain view anyway, and it
    # only keeps callers from going around CloudFront, it signs nothing.
    resolved = re.findall(
        r"resolve:secretsmanager:([^:]+)", (ROOT / "infra" / "template.yaml").read_text(encoding="utf-8")
    )
    assert set(resolved) == {"hocso/${Stage}/origin-secret"}
    assert {f.name for f in functions if "HOCSO_SIGNING_KEYS_ID" in f.environment} == {"certificates"}
    assert {f.name for f in functions if "HOCSO_TOKEN_SECRET_ID" in f.environment} == set(FUNCTIONS) - {
        "events",
        "jobs",
    }
    readers = {
        name: {role["Ref"] for role in template["Resources"][name]["Properties"]["Roles"]}
        for name in ("TokenSecretReader", "SigningKeysReader")
    }
    assert readers["SigningKeysReader"] == {"CertificatesRole"}
    assert readers["TokenSecretReader"] == {"QuizRole", "ProgressRole", "AccountsRole", "CertificatesRole", "AdminRole"}
    for name, secret in (("TokenSecretReader", "token-secret"), ("SigningKeysReader", "signing-keys")):
        # GetSecretValue, and the key's Decrypt for that secret (tests/operate/test_keys.py)
        statement, key = template["Resources"][name]["Properties"]["PolicyDocument"]["Statement"]
        assert statement["Action"] == "secretsmanager:GetSecretValue"
        assert statement["Resource"]["Fn::Sub"].endswith(f":secret:hocso/${{Stage}}/{secret}-*")
        assert key["Action"] == "kms:Decrypt" and key["Resource"] == {"Fn::GetAtt": ["DataKey", "Arn"]}


# ---------------------------------------------------------------- the site's headers and files


def test_the_page_policy_hashes_inline_scripts_and_styles_of_every_page_short_links_included(tmp_path):
    (tmp_path / "q" / "x").mkdir(parents=True)
    (tmp_path / "q" / "x" / "index.html").write_text("<script>var a=1</script>")  # a copy of a page
    (tmp_path / "index.html").write_text(
        '<script>var a=1</script><script id="__config" type="application/json">{"b": 2}</script>'
        '<script src="assets/a.js"></script><td style="text-align: right;">1</td><script>var a=1</script>'
    )
    found = csp.sources(tmp_path)
    assert found.scripts == {csp.source("var a=1"): "index.html"}  # the copy's script is the page's: no new hash
    assert found.styles == {csp.source("text-align: right;"): "index.html"}
    assert csp.source("var a=1") == "'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='"
    policy = csp.check(found)
    assert f"script-src 'self' {csp.source('var a=1')};" in policy
    assert "frame-src https://www.youtube-nocookie.com;" in policy
    assert f"connect-src 'self' https://{csp.LONGEST_BUCKET_ADDRESS};" in policy  # measured at its longest
    too_many = csp.Sources({csp.source(str(n)): "index.html" for n in range(40)}, {})
    with pytest.raises(ValueError, match="quá giới hạn 1783"):
        csp.check(too_many)


@pytest.mark.parametrize(
    "key, cache",
    [
        ("index.html", publish.MINUTES),
        ("khoa-hoc/cds/index.html", publish.MINUTES),
        ("search/hocso.json", publish.MINUTES),
        ("xac-minh/keys.json", publish.MINUTES),
        ("sitemap.xml.gz", publish.MINUTES),
        ("sw.js", publish.NEVER),
        ("assets/javascripts/bundle.a5f9d56c.min.js", publish.YEAR),
        ("assets/stylesheets/main.57a0d79d.min.css", publish.YEAR),
        ("assets/hocso/hocso.js", publish.HOUR),
        ("assets/images/favicon.png", publish.HOUR),
        ("ap-phich/cds-01.pdf", publish.DAY),
    ],
)
def test_cache_control_follows_whether_a_name_changes_with_its_content(key, cache):
    assert publish.cache_control(key) == cache


def test_the_site_upload_sends_what_changed_assets_first_and_keeps_old_assets(tmp_path):
    for name, text in {"index.html": "a", "assets/hocso/hocso.js": "b", "ap-phich/x.pdf": "c"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    unchanged = '"0cc175b9c0f1b6a831c399e269772661"'  # MD5 of "a"
    put, delete = publish.changes(
        tmp_path, {"index.html": unchanged, "old/index.html": '"x"', "assets/old.123.min.js": '"y"'}
    )
    assert [upload.key for upload in put] == ["assets/hocso/hocso.js", "ap-phich/x.pdf"]
    assert delete == ["old/index.html"]
    assert put[0].headers == {"ContentType": "text/javascript; charset=utf-8", "CacheControl": publish.HOUR}


def test_a_short_links_page_is_uploaded_like_any_page_only_when_it_changed(tmp_path):
    pages = {"q/cds-01/index.html": "a", "q/cu/index.html": "b", "khoa-hoc/cds/bai-1/index.html": "a"}
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    unchanged = '"0cc175b9c0f1b6a831c399e269772661"'  # MD5 of "a"
    put, _ = publish.changes(tmp_path, dict.fromkeys(pages, unchanged))
    assert [upload.key for upload in put] == ["q/cu/index.html"]
    assert put[0].headers == {"ContentType": "text/html; charset=utf-8", "CacheControl": publish.MINUTES}


# ---------------------------------------------------------------- secrets and parameters


def test_a_new_signing_key_signs_after_the_old_ones_which_stay_published():
    first = secrets.with_new_key(None, date(2026, 3, 2))
    second = secrets.with_new_key(first, date(2026, 3, 2))
    assert [key.key_id for key in second.keys] == ["2026-03-02-1", "2026-03-02-2"]
    again = keys.from_environment(secrets.serialise(second))
    assert again.current.key_id == "2026-03-02-2" and again.document() == second.document()


def test_stack_parameters_are_checked_against_the_templates_rules(template):
    good = {
        "Stage": "dev",
        "ArtifactsBucket": "b",
        "TokenSecretVersion": "a" * 36,
        "SigningKeysVersion": "b" * 36,
        "OriginSecretVersion": "c" * 36,
        "WebAclArn": deploy.PLACEHOLDER_WEB_ACL,
        "NotFoundFunctionArn": deploy.PLACEHOLDER_NOT_FOUND,
        **{f"{name.capitalize()}Code": f"lambda/{name}/0123456789abcdef.zip" for name in FUNCTIONS},
    }
    stack.check_parameters(template, good)
    with pytest.raises(ValueError) as caught:
        stack.check_parameters(template, {**good, "Stage": "test", "QuizCode": "quiz.zip", "Extra": "1"})
    assert "Stage: 'test'" in str(caught.value) and "QuizCode: 'quiz.zip'" in str(caught.value)
    assert "Extra: tham số lạ" in str(caught.value)


# ---------------------------------------------------------------- make deploy DRY_RUN=1


class NoAws:
    """A boto3 session that fails the test if anything asks it for a client."""

    def client(self, *args, **kwargs):
        raise AssertionError("the dry run asked for an AWS client")


def test_the_dry_run_builds_the_site_and_every_package_without_aws(tmp_path, monkeypatch):
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    said: list[str] = []
    stage = deploy.stages()["prod"]
    report = deploy.run(stage, tmp_path / "work", dry_run=True, dependencies=False, say=said.append, session=NoAws())

    assert report.site_url == deploy.PLACEHOLDER_URL
    assert [built.function.name for built in report.packages] == FUNCTIONS
    assert all(built.path.is_file() for built in report.packages)
    assert set(report.code_keys) == {f"{name.capitalize()}Code" for name in FUNCTIONS}
    assert report.parameters["Stage"] == "prod" and report.parameters["ScriptHashes"].startswith("'sha256-")
    assert report.parameters["WebAclArn"] == deploy.PLACEHOLDER_WEB_ACL  # the edge stack's, once deployed
    assert report.parameters["NotFoundFunctionArn"] == deploy.PLACEHOLDER_NOT_FOUND  # its 404 function's version
    assert "[chạy thử] 4/6 Biên CloudFront (tường lửa web, trang 404): stack hocso-prod-edge (us-east-1)" in said
    site = tmp_path / "work" / "site"
    published = json.loads((site / "xac-minh" / "keys.json").read_text())
    assert [key["kid"] for key in published["keys"]] == [f"{datetime.now(UTC).date().isoformat()}-1"]
    assert {upload.key for upload in report.put} >= {"index.html", "sw.js", "xac-minh/keys.json"}
    assert report.delete == [] and len(report.policy) <= csp.LIMIT
    assert csp.sources(site).scripts  # the theme's inline scripts are named in the policy
    assert said[0].startswith("[chạy thử] 1/6") and said[-1] == f"Chạy thử xong: {deploy.PLACEHOLDER_URL}"
