"""Focal officials over HTTP against `make run`: a focal official reads their own learners and nothing else (no
learner off their list, no administrator's route, no list of their own making), a learner who follows no one and a
guest posing with a focal official's id are refused the focal page, and another commune's administrator cannot read
or change a focal official's list. Each refusal is a status and a code."""

from __future__ import annotations

import pytest

from tests.support.actors import DEMO_PASSWORD, api, import_learner, printed_login, refusal, sign_in

COMMUNE = "16813"


@pytest.fixture(scope="module")
def world(server):
    """The commune's administrator; a focal official of the commune following one colleague; a colleague they do not
    follow; a plain learner; the ward's administrator."""
    commune = sign_in(server, printed_login(server, "Quản trị Xã Mường Xén"), DEMO_PASSWORD)
    focal = import_learner(server, commune, "Cao Thị Đầu Mối", COMMUNE)
    followed = import_learner(server, commune, "Mạc Văn Được Theo Dõi", COMMUNE)
    other = import_learner(server, commune, "Tạ Thị Không Theo Dõi", COMMUNE)
    plain = import_learner(server, commune, "Khổng Văn Học Viên", COMMUNE)
    given = api(
        server, "PUT", f"/admin/focal/{focal.username}", commune.token, json_body={"learners": [followed.username]}
    )
    assert given.status_code == 200, given.text
    ward = sign_in(server, printed_login(server, "Quản trị Phường Vinh Phú"), DEMO_PASSWORD)
    return {"commune": commune, "focal": focal, "followed": followed, "other": other, "plain": plain, "ward": ward}


def test_the_focal_official_reads_their_own_learner_and_no_one_else(server, world):
    answer = api(server, "GET", "/admin/followed", world["focal"].token)
    assert answer.status_code == 200
    assert [line["username"] for line in answer.json()["learners"]] == [world["followed"].username]
    assert world["other"].username not in answer.text and world["other"].learner_id not in answer.text
    # A query naming another learner changes nothing: the list is the administrator's, not the caller's.
    sneaky = api(
        server, "GET", "/admin/followed", world["focal"].token, params={"learner_id": world["other"].learner_id}
    )
    assert [line["username"] for line in sneaky.json()["learners"]] == [world["followed"].username]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/admin/learners/{other}"),
        ("GET", "/admin/learners/{followed}"),
        ("GET", "/admin/learners"),
        ("GET", "/admin/focal"),
        ("GET", "/admin/focal/{focal_name}"),
        ("PUT", "/admin/focal/{focal_name}"),
        ("POST", "/accounts/{other}/reset"),
    ],
)
def test_the_focal_official_has_no_administrators_route(server, world, method, path):
    """Not a learner off their list, not even the detail of one on it (the focal page shows what they need), and
    not their own list to extend."""
    filled = path.format(
        other=world["other"].learner_id, followed=world["followed"].learner_id, focal_name=world["focal"].username
    )
    body = {"learners": [world["other"].username]} if method == "PUT" else None
    assert refusal(api(server, method, filled, world["focal"].token, json_body=body)) == (403, "admin_required")


def test_a_learner_who_follows_no_one_and_a_guest_with_a_focal_officials_id_are_refused(server, world):
    assert refusal(api(server, "GET", "/admin/followed", world["plain"].token)) == (403, "focal_required")
    assert refusal(api(server, "GET", "/admin/followed", world["followed"].token)) == (403, "focal_required")
    posing = api(server, "GET", "/admin/followed", headers={"X-Hocso-Learner": world["focal"].learner_id})
    assert refusal(posing) == (401, "account_required")
    assert refusal(api(server, "GET", "/admin/followed", world["commune"].token)) == (403, "focal_required")


def test_another_communes_administrator_can_neither_read_nor_change_the_list(server, world):
    path = f"/admin/focal/{world['focal'].username}"
    assert refusal(api(server, "GET", path, world["ward"].token)) == (404, "focal_not_found")
    changed = api(server, "PUT", path, world["ward"].token, json_body={"learners": []})
    assert refusal(changed) == (404, "focal_not_found")
    assert refusal(api(server, "GET", "/admin/focal", world["ward"].token, params={"unit": COMMUNE})) == (
        403,
        "outside_scope",
    )
    still = api(server, "GET", "/admin/followed", world["focal"].token).json()["learners"]
    assert [line["username"] for line in still] == [world["followed"].username]


def test_a_focal_official_whose_list_is_taken_back_sees_nothing_with_the_same_token(server, world):
    focal = import_learner(server, world["commune"], "Âu Văn Thôi Giao", COMMUNE)
    path = f"/admin/focal/{focal.username}"
    api(server, "PUT", path, world["commune"].token, json_body={"learners": [world["plain"].username]})
    assert api(server, "GET", "/admin/followed", focal.token).status_code == 200
    api(server, "PUT", path, world["commune"].token, json_body={"learners": []})
    assert refusal(api(server, "GET", "/admin/followed", focal.token)) == (403, "focal_required")
