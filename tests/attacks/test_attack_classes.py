"""Classroom training over HTTP against `make run`: another commune's administrator can neither find, read, print,
register into nor mark a class of the commune, nor open one there; bad input (a class longer than three days,
attendance outside its dates, a learner not registered, a paper score for a class that needs no test, a body that
is not the model) is refused whole with a code
and nothing is written; a sync sent twice changes nothing. Classes use past dates and leave no learner present on
every day, so no report other tests read changes."""

from __future__ import annotations

import pytest

from tests.support.actors import COURSE, DEMO_PASSWORD, api, import_learner, printed_login, refusal, sign_in

COMMUNE, WARD = "16813", "16684"
FIRST, LAST = "2026-10-05", "2026-10-07"


def class_body(**changes) -> dict:
    return {
        "title": "Tập huấn chuyển đổi số cho cán bộ đầu mối",
        "place": "Hội trường UBND xã",
        "first_day": FIRST,
        "last_day": LAST,
        "trainer": "Nguyễn Văn Giảng",
        "course_id": COURSE,
        "unit_code": COMMUNE,
    } | changes


@pytest.fixture(scope="module")
def world(server):
    """The commune's administrator, a class of the commune with one learner registered, the ward's administrator."""
    commune = sign_in(server, printed_login(server, "Quản trị Xã Mường Xén"), DEMO_PASSWORD)
    learner = import_learner(server, commune, "Lò Thị Đi Học", COMMUNE)
    created = api(server, "POST", "/admin/classes", commune.token, json_body=class_body())
    assert created.status_code == 200, created.text
    class_id = created.json()["class_id"]
    path = f"/admin/classes/{class_id}/learners"
    assert api(server, "POST", path, commune.token, json_body={"learners": [learner.username]}).status_code == 200
    ward = sign_in(server, printed_login(server, "Quản trị Phường Vinh Phú"), DEMO_PASSWORD)
    return {"commune": commune, "learner": learner, "class_id": class_id, "ward": ward}


def marks(world, *days: str) -> dict:
    return {"marks": [{"learner_id": world["learner"].learner_id, "day": day} for day in days]}


def attendance(server, world) -> list[list[str]]:
    view = api(server, "GET", f"/admin/classes/{world['class_id']}", world["commune"].token).json()
    return [learner["days"] for learner in view["registered"]]


def test_another_communes_administrator_cannot_find_read_print_register_or_mark_the_class(server, world):
    base, token = f"/admin/classes/{world['class_id']}", world["ward"].token
    for method, path, body in (
        ("GET", base, None),
        ("GET", f"{base}/sheet.pdf", None),
        ("POST", f"{base}/learners", {"learners": [world["learner"].username]}),
        ("POST", f"{base}/attendance", marks(world, FIRST)),
        ("POST", f"{base}/scores", {"scores": [{"learner_id": world["learner"].learner_id, "correct": 20}]}),
    ):
        assert refusal(api(server, method, path, token, json_body=body)) == (404, "class_not_found"), path
    csv = api(
        server,
        "POST",
        f"{base}/learners.csv",
        token,
        content=f"Tên đăng nhập\n{world['learner'].username}\n".encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert refusal(csv) == (404, "class_not_found")
    listed = api(server, "GET", "/admin/classes", token).json()["classes"]
    assert world["class_id"] not in {found["class_id"] for found in listed}
    assert refusal(api(server, "GET", "/admin/classes", token, params={"unit": COMMUNE})) == (403, "outside_scope")
    opened = api(server, "POST", "/admin/classes", token, json_body=class_body())
    assert refusal(opened) == (403, "outside_scope")
    assert attendance(server, world) == [[]]


def test_a_learner_cannot_use_the_class_routes(server, world):
    token = world["learner"].token
    assert refusal(api(server, "GET", f"/admin/classes/{world['class_id']}", token)) == (403, "admin_required")
    assert refusal(api(server, "POST", "/admin/classes", token, json_body=class_body())) == (403, "admin_required")
    own = {"scores": [{"learner_id": world["learner"].learner_id, "correct": 20}]}
    scored = api(server, "POST", f"/admin/classes/{world['class_id']}/scores", token, json_body=own)
    assert refusal(scored) == (403, "admin_required")  # no learner grades their own paper


def test_bad_input_is_refused_whole_with_a_code_and_nothing_is_written(server, world):
    token, base = world["commune"].token, f"/admin/classes/{world['class_id']}"
    too_long = api(server, "POST", "/admin/classes", token, json_body=class_body(last_day="2026-10-08"))
    assert refusal(too_long) == (422, "class_too_long")
    reversed_ = api(server, "POST", "/admin/classes", token, json_body=class_body(last_day="2026-10-04"))
    assert refusal(reversed_) == (422, "class_dates_reversed")
    extra = api(server, "POST", "/admin/classes", token, json_body=class_body(owner="quantri"))
    assert refusal(extra) == (422, "invalid_request")
    outside = api(server, "POST", f"{base}/attendance", token, json_body=marks(world, FIRST, "2026-10-08"))
    assert refusal(outside) == (422, "attendance_outside_dates")
    assert outside.json()["error"]["details"] == [{"field": "day", "problem": "2026-10-08"}]
    stranger = {"marks": [{"learner_id": world["commune"].learner_id, "day": FIRST}]}
    assert refusal(api(server, "POST", f"{base}/attendance", token, json_body=stranger)) == (
        422,
        "attendance_not_registered",
    )
    not_a_day = {"marks": [{"learner_id": world["learner"].learner_id, "day": "mùng 5"}]}
    assert refusal(api(server, "POST", f"{base}/attendance", token, json_body=not_a_day)) == (422, "invalid_request")
    assert refusal(api(server, "GET", "/admin/classes/..%2F..%2Fetc", token))[0] in (404, 422)
    paper = {"scores": [{"learner_id": world["learner"].learner_id, "correct": 1}]}
    assert refusal(api(server, "POST", f"{base}/scores", token, json_body=paper)) == (422, "class_no_test")
    assert attendance(server, world) == [[]]


def test_a_sync_sent_twice_changes_nothing(server, world):
    token, path = world["commune"].token, f"/admin/classes/{world['class_id']}/attendance"
    first = api(server, "POST", path, token, json_body=marks(world, FIRST, "2026-10-06")).json()
    again = api(server, "POST", path, token, json_body=marks(world, "2026-10-06", FIRST)).json()
    assert (first["recorded"], first["already"], again["recorded"], again["already"]) == (2, 0, 0, 2)
    assert attendance(server, world) == [[FIRST, "2026-10-06"]]
    assert again["view"]["completed"] == 0  # two days of three: not a completion, nothing counted
