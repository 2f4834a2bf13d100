"""A first visit to a missing page on AWS: the edge stack's Lambda@Edge function, run under Node on CloudFront's
origin-response events, answers S3's 403 or 404 with the site's own 404 page (from a real build) and the status 404,
leaves every other answer alone, and is attached to the site's page behaviours only, never to /api."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess

import pytest

from infra import cfnyaml, deploy, stack
from tests.support.paths import ROOT

EDGE = ROOT / "infra" / "edge.yaml"
DOMAIN = "d111111abcdef8.cloudfront.net"

RUNNER = """
const [code, page, cases, domain] = process.argv.slice(1);
const fetched = [];
let pageAnswer = null;
globalThis.fetch = async (url, options) => {
  fetched.push(url);
  if (pageAnswer === "down") throw new Error("connect ETIMEDOUT");
  return {status: pageAnswer, text: async () => page};
};
const module = {exports: {}};
new Function("exports", "module", "require", code)(module.exports, module, require);
(async () => {
  const out = [];
  for (const [uri, status, answer] of JSON.parse(cases)) {
    pageAnswer = answer;
    const before = fetched.length;
    const headers = {
      "content-type": [{key: "Content-Type", value: "application/xml"}],
      "x-amz-request-id": [{key: "x-amz-request-id", value: "R1"}],
      "date": [{key: "Date", value: "Sun, 06 Dec 2026 16:00:00 GMT"}],
      "content-length": [{key: "Content-Length", value: "243"}],
    };
    const body = status === "200" ? "<p>trang</p>" : "<Error><Code>NoSuchKey</Code></Error>";
    const event = {Records: [{cf: {
      config: {distributionDomainName: domain, eventType: "origin-response"},
      request: {uri, method: "GET", querystring: "", headers: {}},
      response: {status, statusDescription: "", headers, body},
    }}]};
    const result = await module.exports.handler(event);
    out.push({
      status: result.status,
      type: result.headers["content-type"][0].value,
      headers: Object.keys(result.headers).sort(),
      body: result.body,
      fetched: fetched.slice(before),
    });
  }
  console.log(JSON.stringify(out));
})();
"""

needs_node = pytest.mark.skipif(
    shutil.which("node") is None and not os.environ.get("CI"), reason="node runs the Lambda@Edge function's JavaScript"
)


def code() -> str:
    """The 404 function's JavaScript, as CloudFormation zips it into index.js."""
    return cfnyaml.load(EDGE)["Resources"]["NotFoundFunction"]["Properties"]["Code"]["ZipFile"]


def not_found(page: str, cases: list) -> list:
    """What the function answers for each (uri, S3's status, the distribution's answer for /404.html), in one Node
    process (so the page kept in memory carries from one case to the next), with the site's 404 page as `page`."""
    result = subprocess.run(
        ["node", "-e", RUNNER, code(), page, json.dumps(cases), DOMAIN], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.splitlines()[-1])  # the lines before it are the function's log


@needs_node
def test_a_missing_page_gets_the_sites_vietnamese_404_page_with_status_404(built_site):
    page = (built_site.site / "404.html").read_text(encoding="utf-8")
    assert "Không tìm thấy trang này" in page and "Mã không đúng?" in page
    answers = not_found(
        page,
        [
            ["/khoa-hoc/khong-co/index.html", "404", 200],  # S3 with ListBucket: an honest 404
            ["/q/sai-ma/index.html", "404", 200],  # a mistyped poster code: the page offers the search
            ["/cu/index.html", "403", 200],  # S3 without ListBucket says 403 for a missing key
        ],
    )
    assert [answer["status"] for answer in answers] == ["404"] * 3
    assert all(answer["body"] == page for answer in answers)
    assert all(answer["type"] == "text/html; charset=utf-8" for answer in answers)
    # S3's x-amz-* headers and the length of its XML are dropped: CloudFront measures the page.
    assert answers[0]["headers"] == ["cache-control", "content-type", "date"]
    # The page is read once from the distribution's own name and kept: the next misses cost no request.
    assert [answer["fetched"] for answer in answers] == [[f"https://{DOMAIN}/404.html"], [], []]


@needs_node
def test_other_answers_pass_untouched_and_a_missing_404_page_never_loops():
    answers = not_found(
        "<p>404</p>",
        [
            ["/khoa-hoc/index.html", "200", 200],
            ["/khoa-hoc/index.html", "304", 200],
            ["/404.html", "404", 200],  # the function's own request for the page: never replaced, never fetched
            ["/khong-co/index.html", "404", 404],  # the build has no 404 page: S3's answer as it was
            ["/khong-co/index.html", "404", "down"],  # the page could not be read: the same
        ],
    )
    assert [(answer["status"], answer["type"], answer["fetched"]) for answer in answers] == [
        ("200", "application/xml", []),
        ("304", "application/xml", []),
        ("404", "application/xml", []),
        ("404", "application/xml", [f"https://{DOMAIN}/404.html"]),
        ("404", "application/xml", [f"https://{DOMAIN}/404.html"]),
    ]
    assert answers[0]["body"] == "<p>trang</p>" and "NoSuchKey" in answers[3]["body"]


def test_the_404_function_runs_on_the_site_pages_origin_answers_and_never_on_the_api(template):
    config = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    association = [{"EventType": "origin-response", "LambdaFunctionARN": {"Ref": "NotFoundFunctionArn"}}]
    assert config["DefaultCacheBehavior"]["LambdaFunctionAssociations"] == association
    behaviours = {behaviour["PathPattern"]: behaviour for behaviour in config["CacheBehaviors"]}
    assert "/q/*" not in behaviours  # a short link is a page under the default behaviour (a mistyped one: its 404)
    assert "LambdaFunctionAssociations" not in behaviours["/api/*"]  # the API's JSON 404 answers stay its own
    assert "LambdaFunctionAssociations" not in behaviours["*.pdf"]
    assert behaviours["/api/*"]["TargetOriginId"] == "api"
    assert all(behaviour["TargetOriginId"] == "site" for path, behaviour in behaviours.items() if path != "/api/*")
    # Custom error responses would cover /api too: they only set the error caching time, never a page.
    assert all(set(response) == {"ErrorCode", "ErrorCachingMinTTL"} for response in config["CustomErrorResponses"])


def test_the_404_function_is_a_published_lambda_at_edge_version_in_the_edge_stack():
    edge = cfnyaml.load(EDGE)
    function = edge["Resources"]["NotFoundFunction"]["Properties"]
    assert function["Architectures"] == ["x86_64"] and "Environment" not in function  # what Lambda@Edge allows
    assert function["Timeout"] <= 30 and function["Runtime"].startswith("nodejs")
    trusted = edge["Resources"]["NotFoundRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
    assert set(trusted["Principal"]["Service"]) == {"lambda.amazonaws.com", "edgelambda.amazonaws.com"}
    version = edge["Resources"]["NotFoundVersion"]
    # A version is immutable and only a new description publishes a new one: it names the code it was made from.
    digest = hashlib.sha256(code().encode()).hexdigest()[:12]
    assert version["Properties"]["Description"].endswith(f"code {digest}"), "update the version's description"
    assert version["DeletionPolicy"] == version["UpdateReplacePolicy"] == "Retain"  # CloudFront may still run it
    assert edge["Outputs"]["NotFoundFunctionArn"]["Value"] == {"Ref": "NotFoundVersion"}
    assert edge["Resources"]["WebAcl"]["Condition"] == edge["Outputs"]["WebAclArn"]["Condition"] == "MakesWebAcl"


def test_the_deploy_passes_the_edge_stacks_outputs_and_makes_no_web_acl_for_a_stage_with_its_own(monkeypatch):
    deployed: list[tuple] = []

    def fake_deploy(cf, name, template, parameters, tags, say):
        deployed.append((cf.region, name, parameters, template["TemplateBody"] == EDGE.read_text()))
        outputs = {"NotFoundFunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:hocso-dev-not-found:7"}
        if parameters["MakeWebAcl"] == "yes":
            outputs["WebAclArn"] = deploy.PLACEHOLDER_WEB_ACL
        return outputs

    class Session:
        def client(self, service, region_name=None):
            assert service == "cloudformation"
            return type("Client", (), {"region": region_name})()

    monkeypatch.setattr(stack, "deploy", fake_deploy)
    said: list[str] = []
    plain = deploy.stages()["dev"]
    own = deploy.Stage(name="dev", region="ap-southeast-1", web_acl_arn=deploy.PLACEHOLDER_WEB_ACL.replace("a1", "f1"))
    assert deploy._edge(plain, Session(), False, said.append) == {
        "WebAclArn": deploy.PLACEHOLDER_WEB_ACL,
        "NotFoundFunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:hocso-dev-not-found:7",
    }
    assert deploy._edge(own, Session(), False, said.append)["WebAclArn"] == own.web_acl_arn
    assert deployed == [
        ("us-east-1", "hocso-dev-edge", {"Stage": "dev", "MakeWebAcl": "yes"}, True),
        ("us-east-1", "hocso-dev-edge", {"Stage": "dev", "MakeWebAcl": "no"}, True),
    ]
    assert "4/6 Biên CloudFront (trang 404): stack hocso-dev-edge (us-east-1)" in said
