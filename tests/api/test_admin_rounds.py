"""A province's training rounds over HTTP: set by the province's administrators only, read by every administrator in
it, offered in the filters, audited, and refused whole with a code when a code is no year, the dates run backwards
or two rounds overlap."""

import pytest

from tests.support.admin import admin_client, person
from tests.support.world import PROVINCE, VINH, XEN

R2025 = {"name": "Đợt bồi dưỡng năm 2025", "first": "2025-03-01", "last": "2025-12-15"}
R2026 = {"name": "Đợt bồi dưỡng năm 2026", "first": "2026-01-05", "last": "2026-12-20"}


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        yield client


def test_the_province_sets_its_rounds_which_every_administrator_in_it_reads_and_the_trail_keeps(client):
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    assert client.get("/admin/rounds", headers=xen_admin).json() == {"province": "40", "version": 0, "rounds": []}
    assert client.put("/admin/rounds/2026", headers=province_admin, json=R2026).status_code == 200
    answer = client.put("/admin/rounds/2025", headers=province_admin, json=R2025)
    assert answer.status_code == 200
    listed = [{"code": "2025", **R2025}, {"code": "2026", **R2026}]
    assert answer.json() == {"province": "40", "version": 2, "rounds": listed}
    assert client.get("/admin/rounds", headers=xen_admin).json()["rounds"] == listed
    assert client.get("/admin/filters", headers=xen_admin).json()["rounds"] == listed
    renamed = client.put("/admin/rounds/2026", headers=province_admin, json={**R2026, "name": "Năm 2026"})
    assert [r["name"] for r in renamed.json()["rounds"]] == ["Đợt bồi dưỡng năm 2025", "Năm 2026"]
    trail = client.get("/admin/audit", headers=province_admin).json()
    assert [(e["label"], e["target"], e["detail"]) for e in trail if e["action"] == "round.set"] == [
        ("Đặt đợt đào tạo", "40", "Đợt 2026 (Năm 2026): 2026-01-05 – 2026-12-20"),
        ("Đặt đợt đào tạo", "40", "Đợt 2025 (Đợt bồi dưỡng năm 2025): 2025-03-01 – 2025-12-15"),
        ("Đặt đợt đào tạo", "40", "Đợt 2026 (Đợt bồi dưỡng năm 2026): 2026-01-05 – 2026-12-20"),
    ]


def test_bad_rounds_are_refused_with_a_code_and_nothing_is_kept(client):
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    client.put("/admin/rounds/2025", headers=province_admin, json=R2025)
    overlap = client.put("/admin/rounds/2026", headers=province_admin, json={**R2026, "first": "2025-12-01"})
    assert (overlap.status_code, overlap.json()["error"]["code"]) == (409, "round_overlap")
    assert overlap.json()["error"]["details"] == [
        {
            "field": "first",
            "problem": "Đợt 2026 (01/12/2025 – 20/12/2026) trùng thời gian với đợt 2025 (01/03/2025 – 15/12/2025)",
        }
    ]
    backwards = client.put("/admin/rounds/2026", headers=province_admin, json={**R2026, "last": "2026-01-04"})
    assert (backwards.status_code, backwards.json()["error"]["code"]) == (422, "round_dates")
    assert "Ngày kết thúc" in backwards.json()["error"]["message"]
    for code in ("26", "nam-2026", "2026-2027"):
        wrong = client.put(f"/admin/rounds/{code}", headers=province_admin, json=R2026)
        assert (wrong.status_code, wrong.json()["error"]["code"]) == (422, "round_code")
    blank = client.put("/admin/rounds/2026", headers=province_admin, json={**R2026, "name": "  "})
    assert (blank.status_code, blank.json()["error"]["code"]) == (422, "invalid_request")
    assert [r["code"] for r in client.get("/admin/rounds", headers=province_admin).json()["rounds"]] == ["2025"]
    trail = client.get("/admin/audit", headers=province_admin).json()
    assert [e["detail"] for e in trail if e["action"] == "round.set"] == [
        "Đợt 2025 (Đợt bồi dưỡng năm 2025): 2025-03-01 – 2025-12-15"
    ]


def test_only_the_provinces_own_administrators_set_rounds(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, learner = person(client, "Đặng Hữu Phước", VINH)
    below = client.put("/admin/rounds/2026", headers=xen_admin, json=R2026)
    assert (below.status_code, below.json()["error"]["code"]) == (403, "province_admin_required")
    assert client.put("/admin/rounds/2026", headers=learner, json=R2026).json()["error"]["code"] == "admin_required"
    assert client.put("/admin/rounds/2026", json=R2026).status_code == 401
    assert client.get("/admin/rounds", params={"unit": "16684"}, headers=xen_admin).status_code == 403
    assert client.accounts.rounds("40").rounds == ()


def test_a_change_decided_on_a_list_another_administrator_has_since_changed_is_refused(client):
    _, first = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, second = person(client, "Hoàng Thị Tỉnh", PROVINCE, role="admin")
    seen = client.get("/admin/rounds", headers=second).json()["version"]
    assert client.put("/admin/rounds/2026", headers=first, json={**R2026, "version": seen}).json()["version"] == 1
    late = client.put("/admin/rounds/2026", headers=second, json={**R2026, "name": "Năm 2026", "version": seen})
    assert (late.status_code, late.json()["error"]["code"]) == (409, "round_changed")
    assert "tải lại" in late.json()["error"]["message"]
    assert [r["name"] for r in client.get("/admin/rounds", headers=second).json()["rounds"]] == [R2026["name"]]
    again = client.put("/admin/rounds/2026", headers=second, json={**R2026, "name": "Năm 2026", "version": 1})
    assert (again.status_code, again.json()["version"]) == (200, 2)
