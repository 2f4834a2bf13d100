"""`make deploy`: build the site and the Lambda packages, deploy the stack, upload the site, invalidate CloudFront.

`make deploy DRY_RUN=1` (`python -m infra.deploy --dry-run`) does everything short of calling AWS - it builds the site
and every package (pip fetching the functions' wheels from PyPI) and prints what it would upload and deploy - and
needs no AWS credentials. The steps, for a stage of `infra/stages.toml`:

1. the secrets (made on the first deploy; see `infra.secrets`), whose public keys the site publishes;
2. the site, built into `build/deploy/<stage>/site` with the stage's address (QR codes and certificates point at
   it), which also exports the question banks the packages carry;
3. one package per function of the template (`infra.package`), named in S3 by a digest of its bytes and of the
   parameters its environment is made of, so only a function that changed gets a new version and snapshot;
4. the bootstrap stack (the artifacts bucket), the uploads, the edge stack (`infra/edge.yaml`, in us-east-1 since
   CloudFront's web ACLs and Lambda@Edge functions live there: the WAF web ACL unless the stage names its own, and
   the function answering a missing page with the site's 404 page), then the stack itself (`infra.stack`), given the
   web ACL's ARN and the function version's;
5. on the first deploy without a domain, the site again, now that CloudFront's address is known;
6. the site's files (`infra.publish`), then one CloudFront invalidation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from infra import cfnyaml, csp, package, publish, secrets, stack

ROOT = Path(__file__).resolve().parent.parent
STAGES = Path(__file__).resolve().parent / "stages.toml"
BOOTSTRAP = Path(__file__).resolve().parent / "bootstrap.yaml"
EDGE = Path(__file__).resolve().parent / "edge.yaml"
EDGE_REGION = "us-east-1"
"""Where a web ACL for CloudFront (scope CLOUDFRONT) must be made, whatever the stage's region."""
PLACEHOLDER_WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/hocso/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
"""The edge stack's web ACL in a dry run, before AWS has made one (in the form of AWS's own examples)."""
PLACEHOLDER_NOT_FOUND = "arn:aws:lambda:us-east-1:123456789012:function:hocso-not-found:1"
"""The edge stack's 404 function version in a dry run, before AWS has published one."""
PLACEHOLDER_URL = "https://d111111abcdef8.cloudfront.net/"
"""The site's address before CloudFront has given it one (AWS's own example domain)."""


@dataclass(frozen=True)
class Stage:
    """One stage's settings, from `infra/stages.toml`."""

    name: str
    region: str
    architecture: str = "arm64"
    domain: str = ""
    certificate_arn: str = ""
    web_acl_arn: str = ""
    alarm_email: str = ""
    issuer: str = "Ban tổ chức bồi dưỡng chuyển đổi số"

    @property
    def stack(self) -> str:
        return f"hocso-{self.name}"

    @property
    def bootstrap(self) -> str:
        return f"hocso-{self.name}-bootstrap"

    @property
    def edge(self) -> str:
        return f"hocso-{self.name}-edge"


def stages(path: Path = STAGES) -> dict[str, Stage]:
    """Every stage of the settings file by name."""
    with path.open("rb") as source:
        return {name: Stage(name=name, **values) for name, values in tomllib.load(source).items()}


@dataclass
class Report:
    """What a deploy did, or - dry - would do."""

    stage: Stage
    site_url: str
    packages: list[package.Package] = field(default_factory=list)
    code_keys: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    policy: str = ""
    put: list[publish.Upload] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)


def build_site(site_url: str, ring, work: Path) -> Path:
    """The site for `site_url` in `work/site`, its banks in `work/bank`, publishing `ring`'s public keys."""
    from functions.certificates.keys import write_public

    work.mkdir(parents=True, exist_ok=True)
    write_public(ring, work / "keys.json")
    env = {
        **os.environ,
        "HOCSO_SITE_URL": site_url,
        "HOCSO_BANK_DIR": str(work / "bank"),
        "HOCSO_PUBLIC_KEYS": str(work / "keys.json"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(work / "site")]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    check = [
        sys.executable,
        "-m",
        "hocso.cli",
        "check-build",
        "--content",
        str(ROOT / "content"),
        "--site",
        str(work / "site"),
        "--bank",
        str(work / "bank"),
        "--public-keys",
        str(work / "keys.json"),
    ]
    subprocess.run(check, cwd=ROOT, env=env, check=True)  # a site engine that skipped the plugin ships nothing
    return work / "site"


def _referenced(value: Any, names: set[str]) -> set[str]:
    """The parameters among `names` that `value` (a template fragment) refers to, by Ref or inside a Sub."""
    if isinstance(value, dict):
        found = {value["Ref"]} & names if "Ref" in value else set()
        if isinstance(value.get("Fn::Sub"), str):
            found |= {name for name in names if "${" + name + "}" in value["Fn::Sub"]}
        return found.union(*(_referenced(child, names) for child in value.values()))
    if isinstance(value, list):
        return set().union(*(_referenced(child, names) for child in value))
    return set()


def code_key(template: dict, built: package.Package, parameters: dict[str, str]) -> str:
    """`lambda/<name>/<digest>.zip`: a digest of the package and of the parameters its environment refers to."""
    names = set(template["Parameters"])
    environment = [template["Globals"]["Function"].get("Environment"), built.function.environment]
    used = sorted(_referenced(environment, names) | {"Architecture"})
    digest = hashlib.sha256(built.digest.encode() + json.dumps({name: parameters[name] for name in used}).encode())
    return f"lambda/{built.function.name}/{digest.hexdigest()[:16]}.zip"


def parameters_for(
    stage: Stage,
    vault: secrets.Secrets,
    sources: csp.Sources,
    bucket: str,
    origin_version: str,
    edge: dict[str, str],
) -> dict[str, str]:
    """The stack's parameters, code keys aside."""
    return {
        "Stage": stage.name,
        "Architecture": stage.architecture,
        "ArtifactsBucket": bucket,
        "TokenSecretVersion": vault.token_version,
        "SigningKeysVersion": vault.signing_version,
        "DomainName": stage.domain,
        "CertificateArn": stage.certificate_arn,
        "WebAclArn": edge["WebAclArn"],
        "NotFoundFunctionArn": edge["NotFoundFunctionArn"],
        "OriginSecretVersion": origin_version,
        "AlarmEmail": stage.alarm_email,
        "Issuer": stage.issuer,
        "ScriptHashes": sources.script_hashes,
        "StyleHashes": sources.style_hashes,
    }


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def run(
    stage: Stage,
    work: Path,
    dry_run: bool = False,
    dependencies: bool = True,
    rotate: bool = False,
    say: Callable[[str], None] = print,
    session: Any = None,
) -> Report:
    """Deploy `stage` (or, with `dry_run`, rehearse it without AWS); what was done."""
    today = datetime.now(UTC).date()
    template = cfnyaml.load()
    dry = "[chạy thử] " if dry_run else ""
    if not dry_run:
        import boto3

        session = session or boto3.session.Session(region_name=stage.region)
    client = (lambda service: session.client(service)) if not dry_run else None

    say(f"{dry}1/6 Bí mật: {', '.join((*secrets.names(stage.name), secrets.origin_name(stage.name)))}")
    vault = (
        secrets.rehearsal(today)
        if dry_run
        else secrets.ensure(client("secretsmanager"), stage.name, today, rotate, say)
    )
    origin_version = (
        vault.token_version if dry_run else secrets.ensure_origin(client("secretsmanager"), stage.name, say)
    )
    known = {} if dry_run else stack.outputs(client("cloudformation"), stage.stack)
    site_url = f"https://{stage.domain}/" if stage.domain else known.get("SiteUrl", PLACEHOLDER_URL)
    report = Report(stage, site_url)

    say(f"{dry}2/6 Dựng trang cho {site_url}")
    site = build_site(site_url, vault.ring, work)
    sources = csp.sources(site)
    report.policy = csp.check(sources, template)

    runtime = f"{stage.architecture}, Python {package.PYTHON_VERSION}"
    say(f"{dry}3/6 Đóng gói {len(package.functions(template))} hàm ({runtime})")
    for function in package.functions(template):
        built = package.build(function, work / "packages", work / "bank", stage.architecture, dependencies)
        report.packages.append(built)
        sizes = f"{_megabytes(built.size)} (giải nén {_megabytes(built.unpacked)})"
        say(f"  {function.name}: {sizes}, {len(built.modules)} module")

    if dry_run:
        bucket = f"hocso-{stage.name}-artifacts-<tài khoản>-{stage.region}"
    else:
        bootstrap = stack.deploy(
            client("cloudformation"),
            stage.bootstrap,
            {"TemplateBody": BOOTSTRAP.read_text()},
            {"Stage": stage.name},
            {"project": "hocso", "stage": stage.name},
            say,
        )
        bucket = bootstrap["ArtifactsBucketName"]
    edge = _edge(stage, session, dry_run, say)
    report.parameters = parameters_for(stage, vault, sources, bucket, origin_version, edge)
    for built in report.packages:
        report.code_keys[built.function.code_parameter] = code_key(template, built, report.parameters)
    report.parameters.update(report.code_keys)
    stack.check_parameters(template, report.parameters)

    say(f"{dry}4/6 Stack {stage.stack} ({stage.region}) qua bucket {bucket}")
    for built in report.packages:
        say(f"  {report.code_keys[built.function.code_parameter]}")
    if dry_run:
        for name, value in sorted(report.parameters.items()):
            say(f"  tham số {name} = {value}")
    else:
        known = _deploy_stack(client, stage, bucket, report, say)
        report.site_url = known["SiteUrl"]

    if report.site_url != site_url:
        say(f"{dry}5/6 Dựng lại trang cho địa chỉ CloudFront vừa có: {report.site_url}")
        site = build_site(report.site_url, vault.ring, work)
        if csp.sources(site) != sources:
            raise RuntimeError("Script nội tuyến đổi theo địa chỉ trang; chạy lại `make deploy` để cập nhật CSP.")
    else:
        say(f"{dry}5/6 Địa chỉ trang không đổi")

    remote = {} if dry_run else publish.remote_objects(client("s3"), known["SiteBucketName"])
    report.put, report.delete = publish.changes(site, remote)
    say(f"{dry}6/6 Trang: tải lên {len(report.put)} tệp, xóa {len(report.delete)}; xóa cache CloudFront /*")
    if not dry_run:
        publish.apply(client("s3"), known["SiteBucketName"], report.put, report.delete, say)
        client("cloudfront").create_invalidation(
            DistributionId=known["DistributionId"],
            InvalidationBatch={
                "Paths": {"Quantity": 1, "Items": ["/*"]},
                "CallerReference": f"hocso-{int(time.time())}",
            },
        )
    say(f"{'Chạy thử xong' if dry_run else 'Xong'}: {report.site_url}")
    return report


def _edge(stage: Stage, session: Any, dry_run: bool, say: Callable[[str], None]) -> dict[str, str]:
    """The edge stack's outputs, deployed in us-east-1 first: WebAclArn (the stage's own web ACL when it names one,
    and the stack then makes none) and NotFoundFunctionArn (the 404 function's version)."""
    own = stage.web_acl_arn
    if own:
        say(f"  tường lửa web của giai đoạn: {own}")
    what = "trang 404" if own else "tường lửa web, trang 404"
    say(f"{'[chạy thử] ' if dry_run else ''}4/6 Biên CloudFront ({what}): stack {stage.edge} ({EDGE_REGION})")
    if dry_run:
        return {"WebAclArn": own or PLACEHOLDER_WEB_ACL, "NotFoundFunctionArn": PLACEHOLDER_NOT_FOUND}
    cf = session.client("cloudformation", region_name=EDGE_REGION)
    tags = {"project": "hocso", "stage": stage.name}
    parameters = {"Stage": stage.name, "MakeWebAcl": "no" if own else "yes"}
    outputs = stack.deploy(cf, stage.edge, {"TemplateBody": EDGE.read_text()}, parameters, tags, say)
    return {"WebAclArn": own or outputs["WebAclArn"], "NotFoundFunctionArn": outputs["NotFoundFunctionArn"]}


def _deploy_stack(
    client: Callable[[str], Any], stage: Stage, bucket: str, report: Report, say: Callable[[str], None]
) -> dict[str, str]:
    """Upload the packages (those not there yet) and the template, deploy the stack; its outputs."""
    from botocore.exceptions import ClientError

    s3 = client("s3")
    for built in report.packages:
        key = report.code_keys[built.function.code_parameter]
        try:
            s3.head_object(Bucket=bucket, Key=key)
        except ClientError:
            s3.put_object(Bucket=bucket, Key=key, Body=built.path.read_bytes())
    text = cfnyaml.TEMPLATE.read_bytes()
    template_key = f"templates/{hashlib.sha256(text).hexdigest()[:16]}.yaml"
    s3.put_object(Bucket=bucket, Key=template_key, Body=text)
    url = f"https://{bucket}.s3.{stage.region}.amazonaws.com/{template_key}"
    cf = client("cloudformation")
    tags = {"project": "hocso", "stage": stage.name}
    outputs = stack.deploy(cf, stage.stack, {"TemplateURL": url}, report.parameters, tags, say)
    if stage.name == "prod":
        stack.protect(cf, stage.stack)
    secrets.under_key(client("secretsmanager"), stage.name, outputs["DataKeyArn"], say)
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.deploy", description="Triển khai hocso lên AWS.")
    parser.add_argument("--stage", default=os.environ.get("STAGE", "dev"), help="giai đoạn trong infra/stages.toml")
    parser.add_argument("--dry-run", action="store_true", help="làm mọi bước trừ gọi AWS; không cần tài khoản AWS")
    parser.add_argument("--rotate-signing-key", action="store_true", help="thêm một khóa ký giấy chứng nhận mới")
    args = parser.parse_args(argv)
    stage = stages()[args.stage]
    run(stage, ROOT / "build" / "deploy" / stage.name, dry_run=args.dry_run, rotate=args.rotate_signing_key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
