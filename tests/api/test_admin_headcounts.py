"""A unit's staff in post over HTTP: set by its administrators for the categories given, audited, refused whole
when a category is not in the list, a figure is negative or below the accounts already issued."""

from datetime import date

import pytest

from functions.reports.tally import Mark
from tests.support.admin import admin_client, person, upload
from tests.support.world import PROVINCE, VINH, XEN

LIST = (
    "Họ và tên,Mã đơn vị,Số điện thoại,Đối tượng\n"
    "Đặng Hữu Phước,16813,0912345678,cbccvc\n"
    "Hoàng Thị Thùy Dương,16813,0987000111,cbccvc\n"
    "Lò Văn Pọm,16813,0987000222,cnscd\n"
).encode()


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        yield client


def test_a_units_administrator_sets_its_headcounts_which_are_audited_and_kept(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    upload(client, "/admin/learners/import", LIST, xen_admin)
    before = client.get("/admin/units/16813/headcounts", headers=xen_admin).json()
    labels = before.pop("labels")
    assert before == {"unit_code": "16813", "year": 2026, "headcounts": {}, "issued": {"cbccvc": 2, "cnscd": 1}}
    assert (list(labels)[0], labels["cnscd"]) == ("cbccvc", "Thành viên Tổ công nghệ số cộng đồng")
    answer = client.put(
        "/admin/units/16813/headcounts", headers=xen_admin, json={"year": 2026, "headcounts": {"cbccvc": 4, "cnscd": 1}}
    )
    assert answer.status_code == 200 and answer.json()["headcounts"] == {"cbccvc": 4, "cnscd": 1}
    client.put("/admin/units/16813/headcounts", headers=xen_admin, json={"year": 2026, "headcounts": {"dvtn": 0}})
    assert [(c.category, c.staff) for c in client.accounts.unit("16813").headcounts] == [
        ("cbccvc", 4),
        ("cnscd", 1),
        ("dvtn", 0),
    ]
    trail = client.get("/admin/audit", headers=xen_admin).json()
    assert [(e["label"], e["target"], e["detail"]) for e in trail if e["action"] == "headcounts.set"] == [
        ("Sửa số biên chế", "16813", "Năm 2026: Đoàn viên TN 0"),
        ("Sửa số biên chế", "16813", "Năm 2026: CB, CC, VC 4, Tổ CNSCĐ 1"),
    ]


def test_bad_headcounts_are_refused_whole_with_a_code(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, vinh_admin = person(client, "Phạm Thị Phường", VINH, role="admin")
    upload(client, "/admin/learners/import", LIST, xen_admin)
    route = "/admin/units/16813/headcounts"
    below = client.put(route, headers=xen_admin, json={"year": 2026, "headcounts": {"cnscd": 5, "cbccvc": 1}})
    assert (below.status_code, below.json()["error"]["code"]) == (409, "headcount_below_issued")
    assert below.json()["error"]["details"] == [{"field": "headcounts.cbccvc", "problem": "below_issued:2"}]
    unknown = client.put(route, headers=xen_admin, json={"year": 2026, "headcounts": {"cnscd": 5, "hoc-sinh": 3}})
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (422, "headcount_unknown_category")
    negative = client.put(route, headers=xen_admin, json={"year": 2026, "headcounts": {"cnscd": -1}})
    assert (negative.status_code, negative.json()["error"]["code"]) == (422, "invalid_request")
    words = client.put(route, headers=xen_admin, json={"year": 2026, "headcounts": {"cnscd": "mười"}})
    assert words.status_code == 422
    outside = client.put(route, headers=vinh_admin, json={"year": 2026, "headcounts": {"cnscd": 5}})
    assert (outside.status_code, outside.json()["error"]["code"]) == (403, "outside_scope")
    assert client.accounts.unit("16813").headcounts == ()  # nothing half-written
    _, province = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    kept = client.put(route, headers=province, json={"year": 2026, "headcounts": {"cnscd": 5, "cbccvc": 2}})
    assert kept.status_code == 200


def test_a_province_imports_headcounts_and_a_commune_importing_half_its_staff_is_off_target(client):
    _, province = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    units = (
        'Mã đơn vị,Tên đơn vị,Mã đơn vị cha,Loại,Vùng khó khăn,"Biên chế CB, CC, VC",Biên chế Tổ CNSCĐ\n'
        "16813,Xã Mường Xén,40,Xã,có,4,2\n"
    ).encode()
    imported = upload(client, "/admin/units/import", units, province).json()
    assert (imported["applied"], imported["updated"], imported["problems"]) == (True, 1, [])
    upload(client, "/admin/learners/import", LIST, xen_admin)  # 2 of 4 officials, 1 of 2 team members
    for account in client.accounts.accounts_under(XEN.path):
        if account.role == "learner":
            client.tally.mark(
                Mark(
                    account.learner_id,
                    "16813",
                    XEN.path,
                    None,
                    "mini",
                    "passed",
                    date(2026, 11, 23),
                    None,
                    account.category,
                )
            )
    body = client.get("/admin/reports", headers=province, params={"course": "mini"}).json()
    xen = next(row for row in body["rows"] if row["code"] == "16813")
    assert (xen["rate"], xen["on_track"]) == (100.0, True)  # every account issued passed
    assert xen["staffing"] == {
        "staff": 6,
        "issued": 3,
        "passed": 3,
        "coverage": 50.0,
        "completion": 50.0,
        "target": 80.0,
        "on_track": False,
        "unstaffed": 0,
        "by_category": {
            "cbccvc": {"staff": 4, "issued": 2, "passed": 2, "coverage": 50.0, "completion": 50.0},
            "cnscd": {"staff": 2, "issued": 1, "passed": 1, "coverage": 50.0, "completion": 50.0},
        },
    }
    assert (body["year"], [c["code"] for c in body["categories"]]) == (2026, ["cbccvc", "cnscd"])
    lowered = "Mã đơn vị,Tên đơn vị,Mã đơn vị cha,Biên chế cbccvc\n16813,Xã Mường Xén,40,1\n".encode()
    refused = upload(client, "/admin/units/import", lowered, province).json()
    assert [(p["row"], p["code"]) for p in refused["problems"]] == [(2, "headcount_below_issued")]
    assert refused["problems"][0]["message"].startswith("Số biên chế 1 nhỏ hơn số tài khoản đã cấp")
    assert [c.staff for c in client.accounts.unit("16813").headcounts] == [4, 2]
