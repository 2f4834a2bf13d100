"""Issue 13 §3 over HTTP against `make run`: a commune administrator tries every administrator write on a colleague
of the same commune and on a province administrator, and is refused with 403 and a code (an import, a list of rows,
refuses each such row with its code and writes nothing of it); the same writes on a learner of the commune and on an
administrator of a team below it still work.

The write routes are read off the apps themselves, so a new one fails `test_every_administrator_write_is_tried_here`
until it has an attack below.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from functions.api.identity import administrator
from functions.api.server import create_functions
from tests.support.actors import (
    COURSE,
    DEMO_PASSWORD,
    add_admin,
    api,
    earn_certificate,
    import_learner,
    printed_login,
    refusal,
    run_job,
    sign_in,
)
from tests.support.apps import api_routes

COMMUNE, TEAM, PROVINCE = "16813", "16813-T1", "40"


def _needs(dependant, call) -> bool:
    return any(sub.call is call or _needs(sub, call) for sub in dependant.dependencies)


def write_routes() -> set[tuple[str, str]]:
    """Every route of every function app that needs an administrator and is not a read."""
    apps = {id(app): app for app in create_functions().apps.values() if isinstance(app, FastAPI)}.values()
    return {
        (method, route.path)
        for app in apps
        for route in api_routes(app)
        if _needs(route.dependant, administrator)
        for method in route.methods - {"GET", "HEAD"}
    }


@pytest.fixture(scope="module")
def world(server):
    """The commune's administrator and, to act on: a colleague of the same commune, an administrator of the province
    above, an administrator of a team below, a learner of the commune; each of the four holds a certificate."""
    commune = sign_in(server, printed_login(server, "Quản trị Xã Mường Xén"), DEMO_PASSWORD)
    targets = {
        "peer": add_admin(server, "Quản trị viên thứ hai Xã Mường Xén", COMMUNE),
        "superior": add_admin(server, "Phó quản trị viên tỉnh", PROVINCE),
        "below": add_admin(server, "Quản trị viên Tổ công nghệ số", TEAM),
        "learner": import_learner(server, commune, "Đinh Thị Phạm Vi", COMMUNE),
    }
    numbers = {name: earn_certificate(server, actor) for name, actor in targets.items()}
    return {"commune": commune, "targets": targets, "numbers": numbers}


def reset(server, world, target: str) -> tuple[int, str | None]:
    response = api(server, "POST", f"/accounts/{world['targets'][target].learner_id}/reset", world["commune"].token)
    return refusal(response)


def revoke(server, world, target: str) -> tuple[int, str | None]:
    response = api(
        server,
        "POST",
        f"/certificates/{world['numbers'][target]}/revoke",
        world["commune"].token,
        json_body={"reason": "Thu hồi thử"},
    )
    return refusal(response)


def _import(server, world, path: str, rows: str) -> tuple[int, str | None]:
    """An import in `good` mode (keep what may be kept): the answer's status, and the code of the refused row."""
    response = api(
        server,
        "POST",
        path,
        world["commune"].token,
        content=rows.encode(),
        params={"filename": "danh-sach.csv", "mode": "good"},
        headers={"Content-Type": "text/csv"},
    )
    if response.status_code != 200:
        return refusal(response)
    problems = [problem["code"] for problem in response.json()["problems"]]
    return 200, problems[0] if problems else None


def import_units(server, world, target: str) -> tuple[int, str | None]:
    """A unit list rewriting the target's unit as it stands (so a success changes nothing other tests see)."""
    code = {"peer": COMMUNE, "superior": PROVINCE, "below": TEAM, "learner": TEAM}[target]
    province = sign_in(server, printed_login(server, "Quản trị tỉnh"), DEMO_PASSWORD)
    [unit] = [
        u for u in api(server, "GET", "/admin/units", province.token, params={"unit": code}).json() if u["code"] == code
    ]
    return _import(
        server,
        world,
        "/admin/units/import",
        "Mã đơn vị,Tên đơn vị,Mã đơn vị cha,Loại,Vùng khó khăn\n"
        f"{code},{unit['name']},{unit['parent'] or ''},{unit['kind']},{'x' if unit['remote'] else ''}\n",
    )


LISTED = {
    "peer": ("Quản trị viên thứ hai Xã Mường Xén", COMMUNE),
    "superior": ("Phó quản trị viên tỉnh", PROVINCE),
    "below": ("Quản trị viên Tổ công nghệ số", TEAM),
    "learner": ("Đinh Thị Phạm Vi", COMMUNE),
}
"""Each target's name and unit, as a learner list names them."""


def import_learners(server, world, target: str) -> tuple[int, str | None]:
    """A learner list naming the target, in the target's unit."""
    name, unit = LISTED[target]
    return _import(
        server,
        world,
        "/admin/learners/import",
        f"Họ và tên,Mã đơn vị,Số điện thoại\n{name},{unit},0977{len(target):06d}\n",
    )


def import_learners_by_job(server, world, target: str) -> tuple[int, str | None]:
    """The same list, uploaded and imported by a background job."""
    name, unit = LISTED[target]
    rows = f"Họ và tên,Mã đơn vị,Số điện thoại\n{name},{unit},0988{len(target):06d}\n".encode()
    job = run_job(server, world["commune"].token, {"kind": "learners.import", "mode": "good"}, ("ds.csv", rows))
    assert job["state"] == "done", job
    problems = [problem["code"] for problem in job["result"]["problems"]]
    return 200, problems[0] if problems else None


def job_file(server, world, target: str) -> tuple[int, str | None]:
    """A link to a file of a job made by an administrator where the target is (a fresh one: other attacks here reset
    the targets' accounts); a learner makes no job, so then one made by the commune's administrator."""
    unit = {"peer": COMMUNE, "superior": PROVINCE, "below": TEAM}.get(target)
    maker = add_admin(server, f"Quản trị viên làm báo cáo {target}", unit) if unit else world["commune"]
    job = run_job(server, maker.token, {"kind": "report", "format": "csv"})
    assert job["state"] == "done", job
    return refusal(api(server, "POST", f"/admin/jobs/{job['id']}/files/report.csv", world["commune"].token))


def make_focal(server, world, target: str) -> tuple[int, str | None]:
    """The target made a focal official with an empty list (so nobody's list changes): only a learner may be one."""
    username = world["targets"][target].username
    return refusal(api(server, "PUT", f"/admin/focal/{username}", world["commune"].token, json_body={"learners": []}))


def set_headcounts(server, world, target: str) -> tuple[int, str | None]:
    """The staff in post of the target's unit: a unit's own administrators keep its figures (they are not a
    colleague's account), so only a unit above the commune is out of reach."""
    unit = {"peer": COMMUNE, "superior": PROVINCE, "below": TEAM, "learner": COMMUNE}[target]
    # A past year with no accounts issued: never below them, and no report of this year (nor other tests) sees it.
    body = {"year": 2001, "headcounts": {"dn": 3}}
    return refusal(api(server, "PUT", f"/admin/units/{unit}/headcounts", world["commune"].token, json_body=body))


def set_round(server, world, target: str) -> tuple[int, str | None]:
    """A training round of the province: its dates are the province's alone, so the commune's administrator is
    refused whoever the target is (the province's colleague, superior or learner change nothing here)."""
    body = {"name": "Đợt 2026", "first": "2026-01-05", "last": "2026-12-20"}
    return refusal(api(server, "PUT", "/admin/rounds/2026", world["commune"].token, json_body=body))


def _class_of(server, world, unit: str, needs_test: bool = False) -> tuple[int, str | None, str | None]:
    """A two-day class of `unit` opened by the commune's administrator: status, code, and the class's id."""
    body = {
        "needs_test": needs_test,
        "title": "Lớp tập huấn thử",
        "place": "Hội trường",
        "first_day": "2026-11-02",
        "last_day": "2026-11-03",
        "trainer": "Giảng viên",
        "course_id": COURSE,
        "unit_code": unit,
    }
    response = api(server, "POST", "/admin/classes", world["commune"].token, json_body=body)
    return *refusal(response), response.json().get("class_id")


def open_class(server, world, target: str) -> tuple[int, str | None]:
    """A class of the target's unit: the commune and the team below it are the commune's, the province is not."""
    unit = {"peer": COMMUNE, "superior": PROVINCE, "below": TEAM, "learner": COMMUNE}[target]
    return _class_of(server, world, unit)[:2]


def _register(server, world, target: str, csv: bool, needs_test: bool = False) -> tuple[int, str | None, str]:
    _, _, class_id = _class_of(server, world, COMMUNE, needs_test)
    username = world["targets"][target].username
    if csv:
        response = api(
            server,
            "POST",
            f"/admin/classes/{class_id}/learners.csv",
            world["commune"].token,
            content=f"Tên đăng nhập\n{username}\n".encode(),
            headers={"Content-Type": "text/csv"},
        )
    else:
        response = api(
            server,
            "POST",
            f"/admin/classes/{class_id}/learners",
            world["commune"].token,
            json_body={"learners": [username]},
        )
    return *refusal(response), class_id


def register_in_class(server, world, target: str) -> tuple[int, str | None]:
    """The target registered in a class of the commune: only a learner may be."""
    return _register(server, world, target, csv=False)[:2]


def register_by_csv(server, world, target: str) -> tuple[int, str | None]:
    """The same, from a CSV."""
    return _register(server, world, target, csv=True)[:2]


def attend_class(server, world, target: str) -> tuple[int, str | None]:
    """The target registered (if they may be), then marked present on the first of the class's two days: never a
    completion, so no report other tests read changes."""
    _, _, class_id = _register(server, world, target, csv=False)
    marks = {"marks": [{"learner_id": world["targets"][target].learner_id, "day": "2026-11-02"}]}
    response = api(server, "POST", f"/admin/classes/{class_id}/attendance", world["commune"].token, json_body=marks)
    return refusal(response)


def score_class(server, world, target: str) -> tuple[int, str | None]:
    """The target registered (if they may be) in a class that needs the test, then given a failing paper score with
    no day attended: never a completion, so no report other tests read changes."""
    _, _, class_id = _register(server, world, target, csv=False, needs_test=True)
    scores = {"scores": [{"learner_id": world["targets"][target].learner_id, "correct": 0}]}
    response = api(server, "POST", f"/admin/classes/{class_id}/scores", world["commune"].token, json_body=scores)
    return refusal(response)


def merge_unit(server, world, target: str) -> tuple[int, str | None]:
    """The target's unit merged into a new team of the commune, dated tomorrow: a merge the commune's administrator
    may not make of their own or a higher unit; of a unit below theirs it gets past every scope check and is then
    refused for its date, so nothing is ever written here."""
    unit = {"peer": COMMUNE, "superior": PROVINCE, "below": TEAM, "learner": COMMUNE}[target]
    body = {
        "sources": [unit],
        "into": "16813-T9",
        "on": "2099-01-01",
        "new": {"name": "Tổ sáp nhập thử", "parent_code": COMMUNE},
    }
    return refusal(api(server, "POST", "/admin/units/merge", world["commune"].token, json_body=body))


def rename_unit(server, world, target: str) -> tuple[int, str | None]:
    """The target's unit given the name it has (a success changes nothing other tests see)."""
    code = {"peer": COMMUNE, "superior": PROVINCE, "below": TEAM, "learner": COMMUNE}[target]
    province = sign_in(server, printed_login(server, "Quản trị tỉnh"), DEMO_PASSWORD)
    [unit] = [
        u for u in api(server, "GET", "/admin/units", province.token, params={"unit": code}).json() if u["code"] == code
    ]
    body = {"name": unit["name"]}
    return refusal(api(server, "PUT", f"/admin/units/{code}/name", world["commune"].token, json_body=body))


ATTACKS = {
    ("POST", "/accounts/{learner_id}/reset"): reset,
    ("POST", "/certificates/{number}/revoke"): revoke,
    ("POST", "/admin/units/import"): import_units,
    ("POST", "/admin/learners/import"): import_learners,
    ("POST", "/admin/uploads"): import_learners_by_job,
    ("POST", "/admin/jobs"): import_learners_by_job,
    ("POST", "/admin/jobs/{job_id}/files/{name}"): job_file,
    ("PUT", "/admin/focal/{username}"): make_focal,
    ("PUT", "/admin/units/{code}/headcounts"): set_headcounts,
    ("PUT", "/admin/rounds/{code}"): set_round,
    ("POST", "/admin/classes"): open_class,
    ("POST", "/admin/classes/{class_id}/learners"): register_in_class,
    ("POST", "/admin/classes/{class_id}/learners.csv"): register_by_csv,
    ("POST", "/admin/classes/{class_id}/attendance"): attend_class,
    ("POST", "/admin/classes/{class_id}/scores"): score_class,
    ("POST", "/admin/units/merge"): merge_unit,
    ("PUT", "/admin/units/{code}/name"): rename_unit,
}
REFUSED = {
    # route: (what a colleague of the same unit gets, what a superior gets)
    ("POST", "/accounts/{learner_id}/reset"): ((403, "admin_not_below"), (403, "outside_scope")),
    ("POST", "/certificates/{number}/revoke"): ((403, "admin_not_below"), (403, "outside_scope")),
    ("POST", "/admin/units/import"): ((200, "unit_outside_scope"), (200, "unit_outside_scope")),
    ("POST", "/admin/learners/import"): ((200, None), (200, "learner_outside_scope")),
    ("POST", "/admin/uploads"): ((200, None), (200, "learner_outside_scope")),
    ("POST", "/admin/jobs"): ((200, None), (200, "learner_outside_scope")),
    # A job is its maker's subtree's: a colleague of the same unit shares it, a superior's is not found below.
    ("POST", "/admin/jobs/{job_id}/files/{name}"): ((200, None), (404, "job_not_found")),
    # An administrator is never a focal official, of whatever unit: not found, so usernames cannot be probed.
    ("PUT", "/admin/focal/{username}"): ((404, "focal_not_found"), (404, "focal_not_found")),
    # The unit's own figures: its administrators set them; the province's are out of a commune's reach.
    ("PUT", "/admin/units/{code}/headcounts"): ((200, None), (403, "outside_scope")),
    # The province's rounds: no administrator below the province sets them, whatever they aim at.
    ("PUT", "/admin/rounds/{code}"): ((403, "province_admin_required"), (403, "province_admin_required")),
    # A class of the unit's own: its administrators open it; the province's is out of a commune's reach.
    ("POST", "/admin/classes"): ((200, None), (403, "outside_scope")),
    # Only learners sit a class: an administrator, whatever their unit, is no learner to register or mark present.
    ("POST", "/admin/classes/{class_id}/learners"): ((422, "class_learner_unknown"), (422, "class_learner_unknown")),
    ("POST", "/admin/classes/{class_id}/learners.csv"): (
        (422, "class_learner_unknown"),
        (422, "class_learner_unknown"),
    ),
    ("POST", "/admin/classes/{class_id}/attendance"): (
        (422, "attendance_not_registered"),
        (422, "attendance_not_registered"),
    ),
    ("POST", "/admin/classes/{class_id}/scores"): (
        (422, "paper_score_not_registered"),
        (422, "paper_score_not_registered"),
    ),
    # A unit is treated as its administrators are: only units strictly below the administrator's own.
    ("POST", "/admin/units/merge"): ((403, "admin_not_below"), (403, "outside_scope")),
    ("PUT", "/admin/units/{code}/name"): ((403, "admin_not_below"), (403, "outside_scope")),
}
PROVINCE_ONLY = {("PUT", "/admin/rounds/{code}"): (403, "province_admin_required")}
"""Writes only a province's own administrators make: the commune's attacker is refused at every target."""
UNITS_ONLY = {
    ("POST", "/admin/units/merge"): (403, "admin_not_below"),
    ("PUT", "/admin/units/{code}/name"): (403, "admin_not_below"),
}
"""Writes on a unit: the learner's is the commune's own, so it is refused as the commune's colleague would be."""
BELOW = {("POST", "/admin/units/merge"): (422, "merge_date")}
"""What the writes on the team below answer when they are let through and still write nothing."""
LEARNERS_ONLY = {
    ("PUT", "/admin/focal/{username}"): (404, "focal_not_found"),
    ("POST", "/admin/classes/{class_id}/learners"): (422, "class_learner_unknown"),
    ("POST", "/admin/classes/{class_id}/learners.csv"): (422, "class_learner_unknown"),
    ("POST", "/admin/classes/{class_id}/attendance"): (422, "attendance_not_registered"),
    ("POST", "/admin/classes/{class_id}/scores"): (422, "paper_score_not_registered"),
} | PROVINCE_ONLY
"""Writes whose target may only be a learner: an administrator strictly below is refused like any other."""
"""A learner list cannot name an administrator: a row is matched as `<UNIT CODE>:id|phone|email:...`, an administrator
as `quantri:<name>` (`hocso add-admin`), which no unit code spells; so the colleague's row makes a new learner account
and leaves the colleague's administrator account as it was (checked below)."""


def test_every_administrator_write_is_tried_here():
    assert write_routes() == set(ATTACKS) == set(REFUSED)


@pytest.mark.parametrize("route", sorted(ATTACKS), ids=" ".join)
def test_a_colleague_of_the_same_unit_and_a_superior_are_out_of_reach(server, world, route):
    refused_peer, refused_superior = REFUSED[route]
    assert ATTACKS[route](server, world, "peer") == refused_peer
    assert ATTACKS[route](server, world, "superior") == refused_superior
    for name in ("peer", "superior"):
        target = world["targets"][name]
        # Their password still works, their token still lives, their certificate still stands.
        assert sign_in(server, target.username, target.password).learner_id == target.learner_id
        me = api(server, "GET", "/accounts/me", target.token)
        assert (me.status_code, me.json()["role"], me.json()["username"]) == (200, "admin", target.username)
        assert api(server, "GET", f"/certificates/{world['numbers'][name]}").json()["status"] == "valid"


@pytest.mark.parametrize("route", sorted(ATTACKS), ids=" ".join)
def test_a_learner_of_the_subtree_and_an_administrator_strictly_below_are_in_reach(server, world, route):
    assert ATTACKS[route](server, world, "below") == LEARNERS_ONLY.get(route, BELOW.get(route, (200, None)))
    assert ATTACKS[route](server, world, "learner") == (PROVINCE_ONLY | UNITS_ONLY).get(route, (200, None))
