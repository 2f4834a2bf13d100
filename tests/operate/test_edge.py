"""The edge: the page-addresses CloudFront Function under Node (no redirect off the site; a short link is its page),
no cached error answer, the web ACL in us-east-1, and the origin secret CloudFront sends and the functions require."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid

import pytest

from infra import cfnyaml, deploy, secrets
from tests.support.paths import ROOT

PAGE_ADDRESSES = """
{code}
const cases = JSON.parse(process.argv[1]);
console.log(JSON.stringify(cases.map(([uri, querystring]) => {{
  const out = handler({{request: {{uri, querystring}}}});
  if (!out.statusCode) return [200, out.uri];
  const location = out.headers && out.headers.location ? out.headers.location.value : null;
  // Where a browser on the site would go: the host WHATWG URL parsing reads from the Location.
  return [out.statusCode, location, location === null ? null : new URL(location, "https://site.example/a/b").host];
}})));
"""


def page_addresses(template: dict, cases: list) -> list:
    """What the CloudFront Function answers for each (uri, querystring), run under Node."""
    code = template["Resources"]["PageAddresses"]["Properties"]["FunctionCode"]
    result = subprocess.run(
        ["node", "-e", PAGE_ADDRESSES.format(code=code), json.dumps(cases)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


needs_node = pytest.mark.skipif(
    shutil.which("node") is None and not os.environ.get("CI"), reason="node runs the CloudFront Function's JavaScript"
)


@needs_node
def test_the_page_addresses_function_serves_folders_and_keeps_a_posters_place(template):
    cases = [
        ["/", {}],
        ["/khoa-hoc/", {}],
        ["/q/cds-01", {"tu": {"value": "xa-nghi-loc"}}],
        ["/tim-kiem", {}],
        ["/assets/hocso/hocso.js", {}],
        ["/ap-phich/cds-01.pdf", {}],
        ["/q/cds-02", {"tu": {"value": "a", "multiValue": [{"value": "a"}, {"value": "b"}]}, "x": {"value": ""}}],
        ["/tai-lieu/T%C3%A0i%20li%E1%BB%87u.pdf", {}],
    ]
    assert page_addresses(template, cases) == [
        [200, "/index.html"],
        [200, "/khoa-hoc/index.html"],
        [301, "/q/cds-01/?tu=xa-nghi-loc", "site.example"],
        [301, "/tim-kiem/", "site.example"],
        [200, "/assets/hocso/hocso.js"],
        [200, "/ap-phich/cds-01.pdf"],
        [301, "/q/cds-02/?tu=a&tu=b&x", "site.example"],
        [200, "/tai-lieu/T%C3%A0i%20li%E1%BB%87u.pdf"],
    ]


@needs_node
def test_the_page_addresses_function_never_redirects_to_another_host(template):
    collapsed = [
        ["//evil.example/x", {}],
        ["//evil.example", {}],
        ["///evil.example/x", {}],
        ["//evil.example/", {}],
        ["/khoa-hoc//cds", {}],
        ["//evil.example/a.pdf", {}],
        ["//evil.example/x", {"tu": {"value": "//evil.example"}}],
    ]
    assert page_addresses(template, collapsed) == [
        [301, "/evil.example/x/", "site.example"],
        [301, "/evil.example", "site.example"],  # a last segment with a dot is a file's name
        [301, "/evil.example/x/", "site.example"],
        [301, "/evil.example/", "site.example"],
        [301, "/khoa-hoc/cds/", "site.example"],
        [301, "/evil.example/a.pdf", "site.example"],
        [301, "/evil.example/x/?tu=//evil.example", "site.example"],
    ]
    refused = [
        "/\\evil.example/x",
        "/\\\\evil.example",
        "\\\\evil.example/x",
        "/%2fevil.example/x",
        "/%2F%2Fevil.example",
        "/%5cevil.example/x",
        "/%5C%5Cevil.example",
        "/\t/evil.example/x",
        "/\n/evil.example",
        "/\r/evil.example/",
        "/ /evil.example",
        "/\x00/evil.example",
        "evil.example/x",
        "https://evil.example/x",
        "",
    ]
    assert page_addresses(template, [[uri, {}] for uri in refused]) == [[400, None, None]] * len(refused)


@needs_node
def test_a_short_link_is_served_as_its_page_under_the_pages_headers_with_no_redirect(template):
    """`/q/<id>/` is a copy of its id's page in the bucket (site_builder/shortpages.py): the page addresses function
    maps it to its index.html like any folder, and nothing after it turns the answer into a redirect."""
    cases = [["/q/cds-01/", {"tu": {"value": "xa-nghi-loc"}}], ["/q/cds-01", {"tu": {"value": "xa-nghi-loc"}}]]
    assert page_addresses(template, cases) == [
        [200, "/q/cds-01/index.html"],
        [301, "/q/cds-01/?tu=xa-nghi-loc", "site.example"],
    ]
    config = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    assert [behaviour["PathPattern"] for behaviour in config["CacheBehaviors"]] == ["/api/*", "*.pdf"]
    assert config["DefaultCacheBehavior"]["ResponseHeadersPolicyId"] == {"Ref": "SiteHeaders"}
    associations = [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]
    events = [item["EventType"] for behaviour in associations for item in behaviour.get("FunctionAssociations", [])]
    assert events == ["viewer-request"]
    functions = [name for name, item in template["Resources"].items() if item["Type"] == "AWS::CloudFront::Function"]
    assert functions == ["PageAddresses"]


CACHED_ERRORS = {400, 403, 404, 405, 414, 500, 501, 502, 503, 504}
"""The origin status codes CloudFront caches, for 10 seconds unless told otherwise (416 it never caches)."""


def test_no_error_answer_is_cached_and_the_api_is_never_cached(template):
    config = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    errors = {response["ErrorCode"]: response for response in config["CustomErrorResponses"]}
    assert set(errors) == CACHED_ERRORS
    assert all(response == {"ErrorCode": code, "ErrorCachingMinTTL": 0} for code, response in errors.items())
    api = next(behaviour for behaviour in config["CacheBehaviors"] if behaviour["PathPattern"] == "/api/*")
    assert api["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # Managed-CachingDisabled


def test_the_web_acl_lives_in_us_east_1_and_limits_sign_in_and_floods_per_address(template):
    edge = cfnyaml.load(ROOT / "infra" / "edge.yaml")
    acl = edge["Resources"]["WebAcl"]["Properties"]
    assert acl["Scope"] == "CLOUDFRONT" and acl["DefaultAction"] == {"Allow": {}}
    rules = {rule["Name"]: rule for rule in acl["Rules"]}
    assert list(rules) == ["ip-reputation", "known-bad-inputs", "sign-in-rate", "request-rate"]
    assert rules["ip-reputation"]["Statement"]["ManagedRuleGroupStatement"] == {
        "VendorName": "AWS",
        "Name": "AWSManagedRulesAmazonIpReputationList",
    }
    signin = rules["sign-in-rate"]["Statement"]["RateBasedStatement"]
    assert (signin["AggregateKeyType"], signin["EvaluationWindowSec"], signin["Limit"]) == (
        "IP",
        300,
        {"Ref": "SignInLimit"},
    )
    guarded = [match["ByteMatchStatement"] for match in signin["ScopeDownStatement"]["OrStatement"]["Statements"]]
    assert [match["SearchString"] for match in guarded] == [
        "/api/accounts/signin",
        "/api/accounts/activate",
        "/api/accounts/password",
    ]
    assert all(match["TextTransformations"][0]["Type"] == "URL_DECODE" for match in guarded)
    flood = rules["request-rate"]["Statement"]["RateBasedStatement"]
    assert flood["AggregateKeyType"] == "IP" and "ScopeDownStatement" not in flood
    for name in ("sign-in-rate", "request-rate"):
        assert rules[name]["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    body = json.loads(acl["CustomResponseBodies"]["rate-limited"]["Content"])
    assert body["error"]["code"] == "edge_rate_limited" and body["error"]["details"] == []  # the API's error shape
    assert edge["Outputs"]["WebAclArn"]["Value"] == {"Fn::GetAtt": ["WebAcl", "Arn"]}
    config = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    assert config["WebACLId"] == {"Ref": "WebAclArn"}  # always attached: no stage runs without one
    assert deploy.EDGE_REGION == "us-east-1"


def test_cloudfront_sends_the_origin_secret_the_functions_require(template):
    config = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    api = next(origin for origin in config["Origins"] if origin["Id"] == "api")
    secret = {
        "Fn::Sub": "{{resolve:secretsmanager:hocso/${Stage}/origin-secret:SecretString:::${OriginSecretVersion}}}"
    }
    assert api["OriginCustomHeaders"] == [{"HeaderName": "X-Hocso-Origin", "HeaderValue": secret}]
    assert template["Globals"]["Function"]["Environment"]["Variables"]["HOCSO_ORIGIN_SECRET"] == secret
    assert secrets.origin_name("prod") == "hocso/prod/origin-secret"


def test_the_origin_secret_is_made_on_the_first_deploy_and_kept_after(dynamodb_endpoint, aws_env):
    import boto3

    client = boto3.client("secretsmanager", endpoint_url=dynamodb_endpoint)
    stage = f"t{uuid.uuid4().hex[:8]}"
    said: list[str] = []
    first = secrets.ensure_origin(client, stage, said.append)
    again = secrets.ensure_origin(client, stage, said.append)
    stored = client.get_secret_value(SecretId=secrets.origin_name(stage))
    assert first == again == stored["VersionId"] and said == [f"Đã tạo bí mật hocso/{stage}/origin-secret"]
    assert len(stored["SecretString"]) == 43 and stored["SecretString"].replace("-", "").replace("_", "").isalnum()
