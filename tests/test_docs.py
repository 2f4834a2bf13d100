"""The docs stay true: every error code is documented, and the OpenAPI document is current."""

import json
import re

from functions.errors import ERRORS
from hocso.cli import openapi_document
from site_builder.problems import MESSAGES
from tests.conftest import ROOT


def test_every_api_error_code_is_documented_with_its_status_and_message():
    table = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for code, (status, message) in ERRORS.items():
        assert f"| `{code}` | {status} | {message} |" in table


def test_every_content_problem_code_is_in_the_editors_guide():
    guide = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", guide, re.M))
    assert documented == set(MESSAGES)


def test_the_published_openapi_document_matches_the_code():
    published = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert published == json.loads(json.dumps(openapi_document()))
