"""Issue 13 §4 over HTTP against `make run`: a token ended by signing out, by a password change or by an
administrator's reset is refused (401 `session_ended`) on every route of every function that reads a token: quiz,
progress, accounts, certificates, administration. The routes are read off the apps themselves, so a new one fails
`test_every_route_that_reads_a_token_is_tried_here` until it has a request below.

Before the fix a signed-out administrator's token still downloaded a learner's certificate PDF and credential, and a
reset learner's old token could still sit the test and claim the certificate, for up to two hours.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from functions.api.identity import account_claims
from functions.api.server import create_functions
from tests.support.actors import (
    COURSE,
    add_admin,
    api,
    earn_certificate,
    import_learner,
    refusal,
    right_answers,
    sign_in,
    study,
)
from tests.support.apps import api_routes

COMMUNE = "16813"
ENDED = (401, "session_ended")
CSV = {"headers": {"Content-Type": "text/csv"}}
REQUESTS: dict[tuple[str, str], dict] = {
    ("GET", "/quiz/courses/{course_id}"): {},
    ("POST", "/quiz/courses/{course_id}/attempts"): {},
    ("GET", "/quiz/attempts/{attempt_id}"): {},
    ("PUT", "/quiz/attempts/{attempt_id}/answers"): {"json_body": {"answers": {}}},
    ("POST", "/quiz/attempts/{attempt_id}/submit"): {"json_body": {"answers": {}}},
    ("GET", "/progress/courses/{course_id}"): {},
    ("PUT", "/progress/courses/{course_id}/lessons/{lesson_id}"): {},
    ("GET", "/accounts/me"): {},
    ("POST", "/accounts/signout"): {},
    ("POST", "/accounts/password"): {"json_body": {"current": "{password}", "new": "hs-mat-khau-moi-2026"}},
    ("POST", "/accounts/{learner_id}/reset"): {},
    ("POST", "/certificates/courses/{course_id}"): {},
    ("GET", "/certificates/mine"): {},
    ("GET", "/certificates/{number}/pdf"): {},
    ("GET", "/certificates/{number}/credential"): {},
    ("POST", "/certificates/{number}/revoke"): {"json_body": {"reason": "Thu hồi bằng mã đã hết hiệu lực"}},
    ("POST", "/admin/units/import"): {
        "content": "Mã đơn vị,Tên đơn vị,Mã đơn vị cha\n16813-KT,Tổ thử,16813\n",
        "params": {"filename": "don-vi.csv"},
        **CSV,
    },
    ("POST", "/admin/learners/import"): {
        "content": "Họ và tên,Mã đơn vị,Số điện thoại\nLò Văn Thử,16813,0966000111\n",
        "params": {"filename": "hoc-vien.csv"},
        **CSV,
    },
    ("GET", "/admin/imports/{batch_id}/slips.pdf"): {},
    ("GET", "/admin/imports/{batch_id}/slips.csv"): {},
    ("GET", "/admin/units"): {},
    ("GET", "/admin/units/{code}/headcounts"): {},
    ("PUT", "/admin/units/{code}/headcounts"): {"json_body": {"year": 2001, "headcounts": {"dn": 5}}},
    ("POST", "/admin/units/merge"): {"json_body": {"sources": ["{code}"], "into": "16813-T1", "on": "2026-01-05"}},
    ("PUT", "/admin/units/{code}/name"): {"json_body": {"name": "Xã đổi tên bằng mã đã hết hiệu lực"}},
    ("GET", "/admin/learners"): {},
    ("GET", "/admin/learners/{learner_id}"): {},
    ("GET", "/admin/audit"): {},
    ("GET", "/admin/reports"): {},
    ("GET", "/admin/reports.xlsx"): {},
    ("GET", "/admin/reports.csv"): {},
    ("GET", "/admin/filters"): {},
    ("GET", "/admin/rounds"): {},
    ("GET", "/admin/questions"): {"params": {"course": "tong-quan-chuyen-doi-so"}},
    ("GET", "/admin/questions.csv"): {"params": {"course": "tong-quan-chuyen-doi-so"}},
    ("PUT", "/admin/rounds/{code}"): {"json_body": {"name": "Đợt 2026", "first": "2026-01-05", "last": "2026-12-20"}},
    ("POST", "/admin/uploads"): {"json_body": {"filename": "hoc-vien.csv", "size": 100}},
    ("POST", "/admin/jobs"): {"json_body": {"kind": "report"}},
    ("GET", "/admin/jobs/{job_id}"): {},
    ("POST", "/admin/jobs/{job_id}/files/{name}"): {},
    ("GET", "/admin/focal"): {},
    ("GET", "/admin/focal/{username}"): {},
    ("PUT", "/admin/focal/{username}"): {"json_body": {"learners": []}},
    ("GET", "/admin/followed"): {},
    ("POST", "/admin/classes"): {
        "json_body": {
            "title": "Lớp thử",
            "place": "Hội trường",
            "first_day": "2026-11-02",
            "last_day": "2026-11-03",
            "trainer": "Giảng viên",
            "course_id": COURSE,
            "unit_code": COMMUNE,
        }
    },
    ("GET", "/admin/classes"): {},
    ("GET", "/admin/classes/{class_id}"): {},
    ("POST", "/admin/classes/{class_id}/learners"): {"json_body": {"learners": ["hv.thu"]}},
    ("POST", "/admin/classes/{class_id}/learners.csv"): {"content": "Tên đăng nhập\nhv.thu\n", **CSV},
    ("POST", "/admin/classes/{class_id}/attendance"): {
        "json_body": {"marks": [{"learner_id": "u.thu", "day": "2026-11-02"}]}
    },
    ("POST", "/admin/classes/{class_id}/scores"): {"json_body": {"scores": [{"learner_id": "u.thu", "correct": 1}]}},
    ("GET", "/admin/classes/{class_id}/sheet.pdf"): {},
}
"""A well-formed request for each route that reads a token; `{...}` are filled from the world below."""


def _needs(dependant, call) -> bool:
    return any(sub.call is call or _needs(sub, call) for sub in dependant.dependencies)


def _reads_token(route) -> bool:
    """Through FastAPI's dependencies (`account_claims`), or by itself (the submit route), which its documentation
    then declares (`identity.documented_caller`: the bearer scheme in `openapi_extra`)."""
    declared = (route.openapi_extra or {}).get("security", [])
    return _needs(route.dependant, account_claims) or any("HTTPBearer" in scheme for scheme in declared)


def token_routes() -> set[tuple[str, str]]:
    """Every route of every function app that reads a bearer token (signed in only, or a guest or signed in)."""
    apps = {id(app): app for app in create_functions().apps.values() if isinstance(app, FastAPI)}.values()
    return {
        (method, route.path)
        for app in apps
        for route in api_routes(app)
        if _reads_token(route)
        for method in route.methods
    }


def try_every_route(server, token: str, values: dict[str, str]) -> dict[tuple[str, str], tuple[int, str | None]]:
    """Each route's answer to `token`, as status and error code."""
    answers = {}
    for (method, path), request in REQUESTS.items():
        request = dict(request)
        if "json_body" in request:
            request["json_body"] = {
                k: v.format(**values) if isinstance(v, str) else v for k, v in request["json_body"].items()
            }
        if "content" in request:
            request["content"] = request["content"].encode()
        answers[method, path] = refusal(api(server, method, path.format(**values), token, **request))
    return answers


@pytest.fixture(scope="module")
def world(server):
    """An administrator of the commune and a learner of it who passed and holds a certificate."""
    admin = add_admin(server, "Quản trị viên trực ca Xã Mường Xén", COMMUNE)
    learner = import_learner(server, admin, "Vừ Thị Hết Hạn", COMMUNE)
    number = earn_certificate(server, learner)
    lesson = api(server, "GET", f"/progress/courses/{COURSE}", learner.token).json()["lessons"][0]
    values = {
        "course_id": COURSE,
        "lesson_id": lesson,
        "learner_id": learner.learner_id,
        "number": number,
        "attempt_id": "a" * 22,
        "batch_id": "0" * 20,
        "job_id": "0" * 20,
        "name": "report.xlsx",
        "username": learner.username,
        "code": COMMUNE,
        "class_id": "0" * 12,
    }
    return {"admin": admin, "learner": learner, "number": number, "values": values}


def test_every_route_that_reads_a_token_is_tried_here():
    assert token_routes() == set(REQUESTS)


def test_a_signed_out_administrators_token_is_dead_on_every_route(server, world):
    admin, number = world["admin"], world["number"]
    assert api(server, "GET", f"/certificates/{number}/pdf", admin.token).status_code == 200  # alive, it may
    assert api(server, "GET", f"/certificates/{number}/credential", admin.token).status_code == 200
    assert api(server, "POST", "/accounts/signout", admin.token).status_code == 204
    values = {**world["values"], "password": admin.password}
    assert try_every_route(server, admin.token, values) == dict.fromkeys(REQUESTS, ENDED)


def test_after_a_password_change_the_old_token_is_dead_on_every_route(server, world):
    learner = world["learner"]
    changed = api(
        server,
        "POST",
        "/accounts/password",
        learner.token,
        json_body={"current": learner.password, "new": "hs-doi-mat-khau-2026"},
    )
    assert changed.status_code == 200, changed.text
    values = {**world["values"], "password": "hs-doi-mat-khau-2026"}
    assert try_every_route(server, learner.token, values) == dict.fromkeys(REQUESTS, ENDED)
    fresh = changed.json()["token"]  # the session that changed it goes on, with its new token
    assert api(server, "GET", f"/certificates/{world['number']}/pdf", fresh).status_code == 200


def test_after_a_reset_the_old_token_can_neither_sit_the_test_nor_claim_the_certificate(server, world):
    admin = sign_in(server, world["admin"].username, world["admin"].password)
    compromised = import_learner(server, admin, "Thào Văn Bị Lộ", COMMUNE)
    study(server, compromised)
    started = api(server, "POST", f"/quiz/courses/{COURSE}/attempts", compromised.token)
    assert started.status_code == 201, started.text
    # The administrator learns the account is in someone else's hands and resets it.
    assert api(server, "POST", f"/accounts/{compromised.learner_id}/reset", admin.token).status_code == 200
    attempt = started.json()
    submitted = api(
        server,
        "POST",
        f"/quiz/attempts/{attempt['id']}/submit",
        compromised.token,
        json_body={"answers": right_answers(attempt)},
    )
    assert refusal(submitted) == ENDED
    assert refusal(api(server, "POST", f"/certificates/courses/{COURSE}", compromised.token)) == ENDED
    values = {
        **world["values"],
        "learner_id": compromised.learner_id,
        "attempt_id": attempt["id"],
        "password": compromised.password,
    }
    assert try_every_route(server, compromised.token, values) == dict.fromkeys(REQUESTS, ENDED)
    # Nothing the old token did after the reset was kept: the attempt is still open, no certificate was issued.
    detail = api(server, "GET", f"/admin/learners/{compromised.learner_id}", admin.token).json()
    [course] = [course for course in detail["courses"] if course["course_id"] == COURSE]
    assert (course["passed"], course["certificate"]) == (False, None)
