"""The background jobs' part of the template, proven offline: the jobs function sized for its longest job and capped,
invoked asynchronously once (no retries, dropped when older than a worker lives), by the administrators' function
alone; both roles reach the bucket under exactly the prefixes the jobs' code uses; the bucket takes a browser's
signed upload from the site's origin, and the pages' policy lets them post there."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from functions.jobs.exports import export_key
from functions.jobs.record import LOST_AFTER, Job, job_key, upload_manifest_key
from infra import package
from tests.support.leading_keys import statements


def jobs_function(template: dict) -> dict:
    return template["Resources"]["JobsFunction"]["Properties"]


def test_the_jobs_function_has_a_whole_vcpu_fifteen_minutes_room_for_a_spooled_zip_and_a_cap(template):
    found = jobs_function(template)
    assert found["Handler"] == "functions/api/jobs/handler.handler"
    assert (found["MemorySize"], found["Timeout"]) == (1769, 900)  # 1,769 MB is one full vCPU; Lambda's longest
    assert found["EphemeralStorage"] == {"Size": 1024}  # 10,000 certificates at ~21 KB spool ~210 MB to /tmp
    assert found["ReservedConcurrentExecutions"] == 10
    assert found["SnapStart"] == {"ApplyOn": "None"}  # SnapStart takes no ephemeral storage above 512 MB
    assert template["Globals"]["Function"]["Runtime"] == "python3.12"
    assert template["Parameters"]["Architecture"]["Default"] == "arm64"
    assert found["Role"] == {"Fn::GetAtt": ["JobsRole", "Arn"]}
    assert found["CodeUri"]["Key"] == {"Ref": "JobsCode"}
    logs = template["Resources"]["JobsLogs"]["Properties"]
    assert found["LoggingConfig"] == {
        "LogGroup": {"Ref": "JobsLogs"},
        "LogFormat": "JSON",
        "ApplicationLogLevel": "INFO",
    }
    assert logs["LogGroupName"] == {"Fn::Sub": "/hocso/${Stage}/jobs"}
    assert logs["RetentionInDays"] == template["Resources"]["AdminLogs"]["Properties"]["RetentionInDays"]
    # No secret and no bank: a job signs nothing and grades nothing.
    assert found["Environment"]["Variables"] == {
        "HOCSO_CALENDAR": "content/calendar.yml",
        "HOCSO_BUCKET": {"Ref": "DataBucket"},
    }


def test_a_job_is_invoked_once_and_dropped_when_older_than_a_worker_lives(template):
    config = template["Resources"]["JobsInvokeConfig"]
    assert config["Type"] == "AWS::Lambda::EventInvokeConfig" and config["DependsOn"] == "JobsFunctionAliaslive"
    assert config["Properties"] == {
        "FunctionName": {"Ref": "JobsFunction"},
        "Qualifier": "live",
        "MaximumRetryAttempts": 0,
        "MaximumEventAgeInSeconds": 900,
    }
    # A job not started within 15 minutes is dropped, and a worker lives 15 minutes at most: a page that has had no
    # news for 16 (LOST_AFTER) shows the job lost, never one that may still run.
    worker = jobs_function(template)["Timeout"]
    assert max(worker, config["Properties"]["MaximumEventAgeInSeconds"]) < LOST_AFTER.total_seconds()


def test_the_jobs_function_s_errors_throttles_and_dropped_events_are_watched(template):
    watched = {
        body["Properties"]["MetricName"]: body["Properties"]
        for name, body in template["Resources"].items()
        if name.startswith("Jobs") and body["Type"] == "AWS::CloudWatch::Alarm"
    }
    assert set(watched) == {"Errors", "Throttles", "AsyncEventsDropped"}
    for alarm in watched.values():
        assert alarm["Dimensions"] == [{"Name": "FunctionName", "Value": {"Ref": "JobsFunction"}}]
        assert alarm["Threshold"] == 1 and alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]


def test_only_the_administrators_function_may_start_a_job_on_the_alias_it_is_told(template):
    admin = template["Resources"]["AdminFunction"]["Properties"]["Environment"]["Variables"]
    assert admin["HOCSO_JOBS_FUNCTION"] == {"Ref": "JobsFunction.Alias"}
    invoking = {
        (function, sid): statement["Resource"]
        for function in [f.name for f in package.functions(template)]
        for sid, statement in statements(template, function).items()
        if "lambda" in json.dumps(statement["Action"])
    }
    assert invoking == {("admin", "StartJobs"): {"Ref": "JobsFunction.Alias"}}
    assert statements(template, "admin")["StartJobs"]["Action"] == "lambda:InvokeFunction"
    permissions = [
        body["Properties"]["FunctionName"]
        for body in template["Resources"].values()
        if body["Type"] == "AWS::Lambda::Permission"
    ]
    assert {"Ref": "JobsFunction.Alias"} not in permissions  # no route, no service may invoke it


def prefixes(template: dict, function: str, action: str) -> set[str]:
    """The bucket prefixes a role may use `action` on."""
    found = set()
    for statement in statements(template, function).values():
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if action in actions:
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            found |= {r["Fn::Sub"].split("/")[1] for r in resources if "DataBucket" in json.dumps(r)}
    return found


def test_each_role_reaches_the_bucket_under_the_prefixes_the_jobs_code_uses(template):
    now = datetime(2026, 11, 23, tzinfo=UTC)
    asked = Job(id="a", kind="report", params={}, scope="40/", admin_id="u", created_at=now, updated_at=now)
    upload, job, export = upload_manifest_key("a"), job_key("a"), export_key(asked, "zip")
    assert [key.split("/")[0] for key in (upload, job, export)] == ["uploads", "jobs", "exports"]
    # The admin function signs the upload form (S3 checks the signer's PutObject when the browser posts), writes the
    # upload's manifest and the job's record, reads them back, and signs links to slips and exports.
    assert prefixes(template, "admin", "s3:PutObject") == {"uploads", "jobs", "imports", "exports"}
    assert prefixes(template, "admin", "s3:GetObject") == {"uploads", "jobs", "imports", "exports"}
    # The jobs function reads the upload, writes its record, the slips, the exports, and a certificate PDF it drew.
    assert prefixes(template, "jobs", "s3:GetObject") == {"uploads", "jobs", "imports", "exports", "certificates"}
    assert prefixes(template, "jobs", "s3:PutObject") == {"jobs", "imports", "exports", "certificates"}
    for function in ("admin", "jobs"):
        listing = statements(template, function)["MissingFileIsNotFound"]["Condition"]["StringLike"]["s3:prefix"]
        read = prefixes(template, function, "s3:GetObject")
        assert {prefix.removesuffix("/*") for prefix in listing} == read  # a missing file is NoSuchKey, not denied
    # The data key under those same prefixes only, through S3 (tests/operate/test_keys.py checks every role's uses).
    files = statements(template, "jobs")["FilesKey"]["Condition"]["StringLike"]["kms:EncryptionContext:aws:s3:arn"]
    assert {entry["Fn::Sub"].rsplit("/", 2)[-2] for entry in files if "Fn::Sub" in entry} == prefixes(
        template, "jobs", "s3:GetObject"
    )
    for reader in ("TokenSecretReader", "SigningKeysReader"):  # no secret: a job signs nothing
        assert {"Ref": "JobsRole"} not in template["Resources"][reader]["Properties"]["Roles"]


def test_the_bucket_takes_uploads_from_the_site_s_origin_and_the_pages_may_post_there(template):
    (rule,) = template["Resources"]["DataBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    assert rule["AllowedMethods"] == ["POST", "GET"]
    assert rule["AllowedOrigins"] == {
        "Fn::If": ["HasDomain", [{"Fn::Sub": "https://${DomainName}"}], ["https://*.cloudfront.net"]]
    }
    policies = {
        name: template["Resources"][name]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"][
            "ContentSecurityPolicy"
        ]["ContentSecurityPolicy"]
        for name in ("SiteHeaders",)
    }
    assert "connect-src 'self' https://${DataBucket.RegionalDomainName};" in policies["SiteHeaders"]["Fn::Sub"]
    assert "form-action 'self';" in policies["SiteHeaders"]["Fn::Sub"]  # the upload is a fetch, not a form's submit
