"""The quiz Lambda handler, fed recorded API Gateway HTTP API (payload 2.0) events through Mangum."""

import base64
import importlib
import json

import pytest

from functions.bank import write_bank
from functions.settings import get_settings
from tests.support.banks import make_bank
from tests.support.paths import EVENTS


class Context:
    function_name = "hocso-quiz"
    aws_request_id = "2f7c8f2e-0000-4000-8000-000000000000"


def event(name: str, attempt_id: str = "") -> dict:
    return json.loads((EVENTS / name).read_text().replace("ATTEMPT_ID", attempt_id))


def load_handler(name: str):
    """A fresh import of a function's handler module, as a new Lambda container would do."""
    return importlib.reload(importlib.import_module(f"functions.api.{name}.handler")).handler


@pytest.fixture
def settings(tmp_path, monkeypatch):
    # The recorded events are a guest's: a guest practises, so the bank has a practice set of six.
    write_bank(make_bank(draw=6, practice_per_lesson=2, practice_draw=6), tmp_path / "bank")
    monkeypatch.setenv("HOCSO_BANK_DIR", str(tmp_path / "bank"))
    monkeypatch.setenv("HOCSO_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def handler(settings):
    return load_handler("quiz")


def test_a_recorded_start_event_creates_an_attempt(handler):
    response = handler(event("start_attempt.json"), Context())
    assert response["statusCode"] == 201
    assert response["headers"]["content-type"] == "application/json"
    body = json.loads(response["body"])
    assert len(body["questions"]) == 6 and body["result"] is None


def test_a_recorded_submit_event_grades_the_attempt(handler):
    started = json.loads(handler(event("start_attempt.json"), Context())["body"])
    response = handler(event("submit_attempt.json", started["id"]), Context())
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["result"] == {
        "correct": 0,
        "total": 6,
        "percent": 0.0,
        "passed": False,
        "pass_percent": 80,
        "late": False,
        "submitted_at": json.loads(response["body"])["result"]["submitted_at"],
    }
    assert base64.b64decode(event("submit_attempt.json")["body"]) == b'{"answers": {}}'


def test_an_event_for_an_unknown_route_gets_the_json_error_shape(handler):
    unknown = event("start_attempt.json")
    unknown["rawPath"] = unknown["requestContext"]["http"]["path"] = "/api/khong-co"
    response = handler(unknown, Context())
    assert response["statusCode"] == 404
    assert json.loads(response["body"])["error"]["code"] == "not_found"


def test_a_recorded_progress_event_marks_a_lesson_done(settings):
    response = load_handler("progress")(event("mark_lesson_done.json"), Context())
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {
        "course_id": "mini",
        "lessons": ["l1", "l2", "l3"],
        "done": ["l2"],
        "complete": False,
        "required": False,  # a guest: no category to be required of
    }


def test_the_quiz_handler_imports_only_what_its_routes_need():
    import subprocess
    import sys

    from tests.support.paths import ROOT

    probe = (
        "import sys, functions.api.quiz.handler; print(sorted(m for m in ('boto3', 'botocore', 'mkdocs', "
        "'site_builder', 'jinja2', 'uvicorn', 'jwt', 'cryptography') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("function", ["quiz", "progress", "accounts", "admin", "events", "certificates"])
def test_each_handler_loads_only_the_libraries_its_own_work_needs(function):
    import subprocess
    import sys

    from tests.support.paths import ROOT

    # Sign-in tokens are the standard library's HMAC: PyJWT and `cryptography` (50-70 ms of a cold start) are the
    # certificates' signing tools alone.
    heavy = (
        "fpdf",
        "reportlab",
        "fontTools",
        "pypdf",
        "openpyxl",
        "boto3",
        "mkdocs",
        "site_builder",
        "uvicorn",
        "jwt",
        "cryptography",
        "pydantic.v1",
    )
    probe = f"import sys, functions.api.{function}.handler; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    # The administration function reads and writes spreadsheets; its slips load the PDF library only when made. The
    # certificates function loads its PDF library and fonts on its first drawing, and never reads a PDF back (that is
    # `functions.certificates.reading`, verifiers').
    expected = {"certificates": ["cryptography", "jwt"], "admin": ["openpyxl"]}.get(function, [])
    assert done.stdout.strip() == str(expected)


def test_a_recorded_event_without_cloudfronts_origin_header_is_refused(settings, monkeypatch):
    monkeypatch.setenv("HOCSO_ORIGIN_SECRET", "s" * 43)
    get_settings.cache_clear()
    handler = load_handler("quiz")
    refused = handler(event("start_attempt.json"), Context())
    assert (refused["statusCode"], json.loads(refused["body"])["error"]["code"]) == (403, "direct_access_refused")
    through = event("start_attempt.json")
    through["headers"]["x-hocso-origin"] = "s" * 43  # as CloudFront adds it, API Gateway passes it on
    assert handler(through, Context())["statusCode"] == 201


def test_the_quiz_handler_leaves_the_collector_on_with_its_app_frozen():
    import subprocess
    import sys

    from tests.support.paths import ROOT

    probe = (
        "import gc, functions.api.quiz.handler as h; "
        "print(gc.isenabled(), gc.get_freeze_count() > 0, any(o is h.app for o in gc.get_objects()))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["True", "True", "False"]  # on; the app frozen, out of every generation walked
