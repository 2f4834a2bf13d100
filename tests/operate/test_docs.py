"""The docs stay true: every error code and setting is documented, and the OpenAPI document is current."""

import json
import re

from functions.errors import ERRORS
from functions.settings import VARIABLES, Settings
from hocso.cli import openapi_document
from site_builder.problems import MESSAGES
from tests.support.paths import ROOT


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


def _settings_section() -> str:
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    return api.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]


def test_every_setting_is_documented_by_its_environment_variable():
    documented = re.findall(r"^\| `(HOCSO_[A-Z0-9_]+)` \|", _settings_section(), re.M)
    assert sorted(documented) == sorted(VARIABLES.values())  # each once, and no variable the model lacks
    assert all(field.description for field in Settings.model_fields.values())


def test_the_docs_name_no_variable_that_nothing_reads():
    built = set(re.findall(r"!ENV \[(HOCSO_[A-Z0-9_]+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    read = set(VARIABLES.values()) | built
    named = {(page.name, name) for page in pages for name in re.findall(r"HOCSO_[A-Z0-9_]*[A-Z0-9]", page.read_text())}
    assert {(page, name) for page, name in named if name not in read} == set()
