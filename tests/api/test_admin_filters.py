"""The filters' choices over HTTP: the cohorts of the administrator's subtree only, read from the report counters."""

import pytest

from functions.reports.filters import ordered
from tests.support.admin import GOOD_LEARNERS, admin_client, person, upload
from tests.support.world import PROVINCE, VINH, XEN

VINH_LEARNERS = "Họ và tên,Mã đơn vị,Số điện thoại\nNguyễn Thị Ánh Tuyết,16684,0987654321\n".encode()


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        yield client


def test_each_administrator_is_offered_the_cohorts_of_their_own_subtree_only(client):
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, vinh_admin = person(client, "Phạm Thị Phường", VINH, role="admin")
    upload(client, "/admin/learners/import", GOOD_LEARNERS, xen_admin, cohort="Đợt 10")
    upload(client, "/admin/learners/import", VINH_LEARNERS, vinh_admin, cohort="Phường 2026")
    upload(client, "/admin/learners/import", VINH_LEARNERS, vinh_admin)  # no cohort: not a choice

    assert client.get("/admin/filters", headers=xen_admin).json() == {"cohorts": ["Đợt 10"], "rounds": []}
    assert client.get("/admin/filters", headers=vinh_admin).json() == {"cohorts": ["Phường 2026"], "rounds": []}
    assert client.get("/admin/filters", headers=province_admin).json() == {
        "cohorts": ["Đợt 10", "Phường 2026"],
        "rounds": [],
    }
    assert client.get("/admin/filters", params={"unit": "16684"}, headers=province_admin).json() == {
        "cohorts": ["Phường 2026"],
        "rounds": [],
    }


def test_a_unit_outside_the_subtree_or_unknown_is_refused_and_a_learner_is_not_an_administrator(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, learner = person(client, "Đặng Hữu Phước", XEN)
    outside = client.get("/admin/filters", params={"unit": "16684"}, headers=xen_admin)
    unknown = client.get("/admin/filters", params={"unit": "99999"}, headers=xen_admin)
    assert (outside.status_code, outside.json()["error"]["code"]) == (403, "outside_scope")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "unit_not_found")
    assert client.get("/admin/filters", headers=learner).json()["error"]["code"] == "admin_required"
    assert client.get("/admin/filters").status_code == 401


def test_cohorts_sort_their_numbers_as_numbers_and_their_letters_without_accents():
    found = ["Phường 2026", "Đợt 10", "Đợt 2", "đợt 1", None, "Đợt 2", ""]
    assert ordered(found) == ["đợt 1", "Đợt 2", "Đợt 10", "Phường 2026"]
