"""Focal officials over HTTP (the administration function in process, real SQLite stores): an administrator gives a
learner of their subtree colleagues of the same unit to follow, refused whole with a code when any name is wrong; the
focal official reads their own learners and where each stands, without contact details; the report counts each
focal official's learners by state. Every look and change is audited."""

from datetime import date, timedelta

import pytest

from functions.accounts.focal import MOST_FOLLOWED
from tests.support.admin import NOW, admin_client, certified, person
from tests.support.world import PROVINCE, VINH, XEN


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        yield client


def username(client, learner_id: str) -> str:
    return client.accounts.account(learner_id).username


def refused(answer) -> tuple[int, str, list[str]]:
    error = answer.json()["error"]
    return answer.status_code, error["code"], [detail["problem"] for detail in error["details"]]


@pytest.fixture
def world(client):
    """A commune administrator, a focal official of the commune, four colleagues (one certified, one activated with
    lessons done, one overdue, one never started), a learner of the ward, and the province's administrator."""
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    focal_id, focal = person(client, "Nguyễn Thị Đầu Mối", XEN)
    number = certified(client, "Đặng Hữu Phước", XEN)
    passed = client.certificates.certificate(number).learner_id
    started, _ = person(client, "Hoàng Thị Thùy Dương", XEN, deadline=NOW.date() + timedelta(days=2))
    client.accounts.activate(started, "argon2-hash", NOW)
    client.attempts.mark_done(started, client.bank.course_id, client.bank.lessons[0], NOW)
    late, _ = person(client, "Lý Văn Muộn", XEN, deadline=date(2026, 11, 20))
    idle, _ = person(client, "Vi Thị Chưa", XEN)
    ward, _ = person(client, "Nguyễn Thị Ánh Tuyết", VINH)
    named = {"passed": passed, "started": started, "late": late, "idle": idle, "ward": ward}
    names = {key: username(client, learner_id) for key, learner_id in named.items()}
    return {
        "xen_admin": xen_admin,
        "province_admin": province_admin,
        "focal": focal,
        "focal_id": focal_id,
        "focal_name": username(client, focal_id),
        **names,
    }


def test_an_administrator_gives_a_focal_official_colleagues_of_their_unit_and_reads_the_list_back(client, world):
    wanted = [world["started"], world["late"], world["passed"], world["late"]]
    answer = client.put(f"/admin/focal/{world['focal_name']}", json={"learners": wanted}, headers=world["xen_admin"])
    assert answer.status_code == 200
    listed = [learner["username"] for learner in answer.json()["learners"]]
    assert listed == sorted([world["started"], world["late"], world["passed"]])
    again = client.get(f"/admin/focal/{world['focal_name']}", headers=world["province_admin"]).json()
    assert [learner["username"] for learner in again["learners"]] == listed
    assert (again["full_name"], again["unit_name"]) == ("Nguyễn Thị Đầu Mối", "Xã Mường Xén")
    trail = [(e.action, e.detail) for e in client.audit.entries(PROVINCE.path)]
    assert trail[:2] == [
        ("focal.view", f"Cán bộ đầu mối: {world['focal_name']}; 3 học viên"),
        ("focal.assign", f"Cán bộ đầu mối: {world['focal_name']}; 3 học viên"),
    ]


def test_a_wrong_list_is_refused_whole_with_a_code_naming_every_wrong_username(client, world):
    path, admin = f"/admin/focal/{world['focal_name']}", world["xen_admin"]
    assert client.put(path, json={"learners": [world["idle"]]}, headers=admin).status_code == 200
    for learners, expected in (
        ([world["late"], "khong-co-ai", "ai-do"], (422, "focal_learner_unknown", ["khong-co-ai", "ai-do"])),
        ([world["late"], world["ward"]], (422, "focal_learner_unknown", [world["ward"]])),  # not this admin's
        ([world["late"], world["focal_name"]], (422, "focal_self", [world["focal_name"]])),
        ([f"hv{n}" for n in range(MOST_FOLLOWED + 1)], (422, "focal_too_many", [str(MOST_FOLLOWED + 1)])),
    ):
        assert refused(client.put(path, json={"learners": learners}, headers=admin)) == expected
    # The province's administrator may name the ward's learner, but a commune's focal official follows only their own.
    answer = client.put(path, json={"learners": [world["ward"]]}, headers=world["province_admin"])
    assert refused(answer) == (422, "focal_outside_unit", [world["ward"]])
    assert client.focal.followed(world["focal_id"]) == [client.accounts.by_username(world["idle"]).learner_id]
    assert [e.action for e in client.audit.entries(PROVINCE.path)] == ["focal.assign"]


def test_a_learner_followed_by_one_focal_official_is_refused_to_another_until_let_go(client, world):
    second_id, _ = person(client, "Phạm Văn Hai", XEN)
    second, admin = username(client, second_id), world["xen_admin"]
    client.put(f"/admin/focal/{world['focal_name']}", json={"learners": [world["late"]]}, headers=admin)
    answer = client.put(f"/admin/focal/{second}", json={"learners": [world["idle"], world["late"]]}, headers=admin)
    assert refused(answer) == (409, "focal_learner_taken", [world["late"]])
    assert client.focal.followed(second_id) == []
    client.put(f"/admin/focal/{world['focal_name']}", json={"learners": []}, headers=admin)
    answer = client.put(f"/admin/focal/{second}", json={"learners": [world["idle"], world["late"]]}, headers=admin)
    assert answer.status_code == 200 and len(answer.json()["learners"]) == 2


def test_only_a_learner_of_the_administrators_subtree_can_be_a_focal_official(client, world):
    _, vinh_admin = person(client, "Phạm Thị Phường", VINH, role="admin")
    admin_id, _ = person(client, "Lê Văn Phó", XEN, role="admin")
    for name, headers in (
        (world["focal_name"], vinh_admin),  # another commune's learner reads as unknown
        ("khong-co-ai", world["xen_admin"]),
        (username(client, admin_id), world["province_admin"]),  # an administrator is not a focal official
    ):
        for answer in (
            client.get(f"/admin/focal/{name}", headers=headers),
            client.put(f"/admin/focal/{name}", json={"learners": []}, headers=headers),
        ):
            assert refused(answer) == (404, "focal_not_found", [])
    answer = client.put(f"/admin/focal/{world['focal_name']}", json={"learners": []}, headers=world["focal"])
    assert refused(answer) == (403, "admin_required", [])


def test_the_focal_official_sees_where_each_of_their_learners_stands_and_nothing_to_reach_them_by(client, world):
    learners = [world["passed"], world["started"], world["late"]]
    client.put(f"/admin/focal/{world['focal_name']}", json={"learners": learners}, headers=world["xen_admin"])
    page = client.get("/admin/followed", headers=world["focal"]).json()
    assert (page["full_name"], page["unit_name"], page["today"]) == ("Nguyễn Thị Đầu Mối", "Xã Mường Xén", "2026-11-23")
    assert page["signin_url"] == "https://hoc.example.vn/tai-khoan/"
    by_name = {line["full_name"]: line for line in page["learners"]}
    assert [line["username"] for line in page["learners"]] == sorted(learners)
    assert set(by_name) == {"Đặng Hữu Phước", "Hoàng Thị Thùy Dương", "Lý Văn Muộn"}
    started, late, done = by_name["Hoàng Thị Thùy Dương"], by_name["Lý Văn Muộn"], by_name["Đặng Hữu Phước"]
    assert (started["activated"], started["days_left"], started["overdue"]) == (True, 2, False)
    assert [(c["lessons_done"], c["lessons_total"], c["passed"]) for c in started["courses"]] == [(1, 3, False)]
    assert (late["activated"], late["days_left"], late["overdue"]) == (False, -3, True)
    assert (done["certificates"], done["courses"][0]["passed"]) == (1, True)
    assert not {"phone", "email", "external_id", "locked_until", "activated_at"} & set(started)
    assert "0900000000" not in str(page)
    entry = client.audit.entries(XEN.path)[0]
    assert (entry.action, entry.admin_id, entry.target) == ("focal.list", world["focal_id"], world["focal_id"])


def test_a_learner_moved_out_of_the_focal_officials_unit_leaves_their_page(client, world):
    client.put(f"/admin/focal/{world['focal_name']}", json={"learners": [world["late"]]}, headers=world["xen_admin"])
    moved = client.accounts.by_username(world["late"])
    client.accounts.add_account(moved.model_copy(update={"unit_path": VINH.path}))  # a re-import's details update
    assert client.get("/admin/followed", headers=world["focal"]).json()["learners"] == []


def test_the_focal_page_refuses_whoever_follows_no_one(client, world):
    _, learner = person(client, "Vi Văn Khác", XEN)
    for headers in (learner, world["xen_admin"]):
        assert refused(client.get("/admin/followed", headers=headers)) == (403, "focal_required", [])
    assert refused(client.get("/admin/followed")) == (401, "account_required", [])
    client.put(f"/admin/focal/{world['focal_name']}", json={"learners": [world["late"]]}, headers=world["xen_admin"])
    client.put(f"/admin/focal/{world['focal_name']}", json={"learners": []}, headers=world["xen_admin"])
    assert refused(client.get("/admin/followed", headers=world["focal"])) == (403, "focal_required", [])


def test_the_report_counts_each_focal_officials_learners_by_state(client, world):
    second_id, _ = person(client, "Phạm Văn Hai", XEN)
    admin = world["xen_admin"]
    learners = [world["passed"], world["started"], world["late"]]
    client.put(f"/admin/focal/{world['focal_name']}", json={"learners": learners}, headers=admin)
    client.put(f"/admin/focal/{username(client, second_id)}", json={"learners": [world["idle"]]}, headers=admin)
    report = client.get("/admin/focal", headers=world["province_admin"]).json()
    counts = {
        line["full_name"]: [line[k] for k in ("issued", "activated", "passed", "overdue")] for line in report["focal"]
    }
    assert counts == {"Nguyễn Thị Đầu Mối": [3, 1, 1, 1], "Phạm Văn Hai": [1, 0, 0, 0]}
    # Seven learners in the province (the two focal officials among them), four followed.
    assert (report["unit_code"], report["learners"], report["unfollowed"]) == ("40", 7, 3)
    assert client.get("/admin/focal", params={"unit": "16684"}, headers=world["province_admin"]).json()["focal"] == []
    assert refused(client.get("/admin/focal", params={"unit": "16684"}, headers=admin))[:2] == (403, "outside_scope")
    assert client.audit.entries(PROVINCE.path)[0].action == "focal.report"


def test_after_a_merge_the_new_communes_report_holds_the_focal_officials_lists_and_certificates_of_the_old(
    client, world
):
    learners = [world["passed"], world["started"], world["late"]]
    client.put(f"/admin/focal/{world['focal_name']}", json={"learners": learners}, headers=world["xen_admin"])
    before = client.get("/admin/focal", params={"unit": "16813"}, headers=world["province_admin"]).json()
    merge = {"sources": ["16813"], "into": "16684", "on": "2026-11-01"}
    assert client.post("/admin/units/merge", json=merge, headers=world["province_admin"]).status_code == 200
    after = client.get("/admin/focal", params={"unit": "16684"}, headers=world["province_admin"]).json()
    line = next(line for line in after["focal"] if line["full_name"] == "Nguyễn Thị Đầu Mối")
    assert [line[k] for k in ("issued", "activated", "passed", "overdue")] == [3, 1, 1, 1]
    assert line["unit_code"] == "16684"
    assert after["learners"] == before["learners"] + 1  # the ward's own learner beside the commune's
