"""The content security policy's hashes, read from the built site.

mkdocs-material puts a few small scripts inline in every page (the same few, varying only with the page's depth),
and Markdown tables carry `style="text-align: ..."` attributes. Rather than allow every inline script, the policy
names each one by its SHA-256; the deploy reads them from the site it is about to upload and passes them to the
template (`ScriptHashes`, `StyleHashes`).

The short-link pages under `q/` are copies of their ids' pages (`site_builder.shortpages`): the same inline scripts as
the pages at their depth, so they add no hash and are served under the same policy.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from infra import cfnyaml

LIMIT = 1783
"""The longest Content-Security-Policy value a CloudFront response headers policy accepts."""
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_RUNS = {"", "text/javascript", "application/javascript", "module"}


def source(text: str) -> str:
    """The CSP source expression that allows exactly `text`."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@dataclass(frozen=True)
class Sources:
    """The hashes the pages' policy needs, each with one page that needs it (for messages)."""

    scripts: dict[str, str]
    styles: dict[str, str]

    @property
    def script_hashes(self) -> str:
        return " ".join(sorted(self.scripts))

    @property
    def style_hashes(self) -> str:
        return " ".join(sorted(self.styles))


def sources(site: Path) -> Sources:
    """Every inline script, `<style>` element and style attribute of the site's pages, as hashes."""
    scripts: dict[str, str] = {}
    styles: dict[str, str] = {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        for attributes, body in _SCRIPT.findall(text):
            kind = _TYPE.search(attributes)
            if re.search(r"\bsrc\s*=", attributes, re.I) or (kind and kind.group(1).lower() not in _RUNS):
                continue  # external, or data such as mkdocs-material's JSON configuration, which never runs
            scripts.setdefault(source(body), relative)
        for body in _STYLE.findall(text):
            styles.setdefault(source(body), relative)
        for double, single in _STYLE_ATTRIBUTE.findall(text):
            styles.setdefault(source(html.unescape(double or single)), relative)
    return Sources(scripts, styles)


BUCKET_ADDRESS = "${DataBucket.RegionalDomainName}"
LONGEST_BUCKET_ADDRESS = "b" * 63 + ".s3.ap-southeast-1.amazonaws.com"
"""What the policy is measured with in place of the data bucket's address, which CloudFormation fills in: a bucket
name is at most 63 characters, so the real policy is never longer than the one checked."""


def page_policy(found: Sources, template: dict | None = None) -> str:
    """The pages' Content-Security-Policy as CloudFront will send it, from the template's `SiteHeaders` (the data
    bucket's address at its longest)."""
    template = template or cfnyaml.load()
    config = template["Resources"]["SiteHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    policy = config["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    filled = {"${ScriptHashes}": found.script_hashes, "${StyleHashes}": found.style_hashes}
    for name, value in {**filled, BUCKET_ADDRESS: LONGEST_BUCKET_ADDRESS}.items():
        policy = policy.replace(name, value)
    return policy


def check(found: Sources, template: dict | None = None) -> str:
    """The pages' policy, or ValueError when it would not fit CloudFront's limit."""
    policy = page_policy(found, template)
    if len(policy) > LIMIT:
        pages = sorted(set(found.scripts.values()) | set(found.styles.values()))
        raise ValueError(
            f"Chính sách CSP dài {len(policy)} ký tự, quá giới hạn {LIMIT} của CloudFront: có {len(found.scripts)} "
            f"đoạn script nội tuyến khác nhau (ví dụ ở {', '.join(pages[:5])}). Hãy chuyển script nội tuyến ra tệp .js."
        )
    return policy
