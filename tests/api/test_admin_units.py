"""Merging and renaming units over HTTP: a province merges two communes into a new one (learners and administrators
move, the trail keeps it, sending it again changes nothing), and each refusal has a code and writes nothing."""

import io
import zipfile
from datetime import date

import pytest

from functions.accounts.account import Unit, unit_path
from tests.support.admin import admin_client, certified, person, upload
from tests.support.jobs import fetched, finished
from tests.support.tally import mark
from tests.support.world import PROVINCE, VINH, XEN

NEW = {"name": "Xã Mường Vinh", "parent_code": "40", "kind": "Xã", "remote": True}
MERGE = {"sources": ["16813", "16684"], "into": "99001", "on": "2026-11-01", "new": NEW}


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        yield client


def code_of(answer) -> tuple[int, str]:
    return answer.status_code, answer.json()["error"]["code"]


def test_a_province_merges_two_communes_into_a_new_one_their_people_move_and_the_trail_keeps_it(client):
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    person(client, "Lô Văn Học", XEN)
    person(client, "Hồ Thị Viên", VINH)
    done = client.post("/admin/units/merge", headers=province_admin, json=MERGE)
    assert done.status_code == 200, done.text
    assert done.json() == {
        "into": "99001",
        "name": "Xã Mường Vinh",
        "merged": ["16813", "16684"],
        "on": "2026-11-01",
        "moved": 3,
        "done": True,
    }
    units = {u["code"]: u for u in client.get("/admin/units", headers=province_admin).json()}
    assert (units["99001"]["parent"], units["99001"]["remote"], units["99001"]["merged_into"]) == ("40", True, None)
    assert (units["16813"]["merged_into"], units["16813"]["merged_on"]) == ("99001", "2026-11-01")
    staff = {"year": 2026, "headcounts": {"cbccvc": 3}}
    refused = client.put("/admin/units/16813/headcounts", headers=province_admin, json=staff)
    assert code_of(refused) == (409, "unit_merged")
    learners = client.get("/admin/learners", headers=province_admin, params={"unit": "99001"}).json()
    assert sorted(learner["full_name"] for learner in learners["learners"]) == ["Hồ Thị Viên", "Lô Văn Học"]
    # The commune's administrator now administers the new commune: the token naming the old one has ended.
    assert code_of(client.get("/admin/learners", headers=xen_admin)) == (401, "session_ended")
    again = client.post("/admin/units/merge", headers=province_admin, json=MERGE)
    assert (again.json()["moved"], again.json()["done"]) == (0, True)
    trail = client.get("/admin/audit", headers=province_admin).json()
    merges = [(e["label"], e["target"], e["detail"]) for e in trail if e["action"] == "units.merge"]
    assert (
        merges
        == [
            (
                "Sáp nhập đơn vị",
                "99001",
                "16813 (Xã Mường Xén), 16684 (Phường Vinh Phú) sáp nhập vào 99001 (Xã Mường Vinh) từ ngày 2026-11-01",
            )
        ]
        * 2
    )


def test_each_bad_merge_is_refused_with_its_code_and_nothing_is_written(client):
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    team = Unit(code="16813-T1", name="Tổ CNSCĐ", parent_code="16813", path=unit_path("16813-T1", XEN.path))
    client.accounts.put_units([team])
    before = client.accounts.units()

    def refused(**change) -> tuple[int, str]:
        return code_of(client.post("/admin/units/merge", headers=province_admin, json={**MERGE, **change}))

    assert refused(on="2026-11-24") == (422, "merge_date")  # tomorrow in Vietnam
    assert refused(into="16684") == (422, "merge_into_itself")
    assert refused(sources=["16684"], into="16813") == (409, "unit_code_taken")
    assert refused(sources=["16813"], into="16813-T1", new=None) == (422, "merge_cycle")
    has_team = client.post("/admin/units/merge", headers=province_admin, json={**MERGE, "sources": ["16813"]})
    assert code_of(has_team) == (409, "merge_has_children")
    assert has_team.json()["error"]["details"] == [{"field": "sources", "problem": "16813-T1"}]
    unknown = client.post("/admin/units/merge", headers=province_admin, json={**MERGE, "sources": ["16813", "X1"]})
    assert code_of(unknown) == (404, "unit_not_found")
    assert unknown.json()["error"]["details"] == [{"field": "sources", "problem": "X1"}]
    assert refused(sources=["16813", "16813" * 7]) == (422, "invalid_request")
    assert client.accounts.units() == before
    assert not [e for e in client.get("/admin/audit", headers=province_admin).json() if e["action"] == "units.merge"]
    # A unit merged already is merged into nothing else, and renamed no more.
    assert (
        client.post("/admin/units/merge", headers=province_admin, json={**MERGE, "sources": ["16684"]}).status_code
        == 200
    )
    assert refused(sources=["16684"], into="16813", new=None) == (409, "unit_merged")
    renamed = client.put("/admin/units/16684/name", headers=province_admin, json={"name": "Phường mới"})
    assert code_of(renamed) == (409, "unit_merged")


def test_a_unit_below_is_renamed_with_an_audit_entry_and_its_own_administrator_cannot(client):
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    answer = client.put("/admin/units/16813/name", headers=province_admin, json={"name": " Xã Mường Xén Mới "})
    assert answer.json() == {"code": "16813", "name": "Xã Mường Xén Mới", "former": "Xã Mường Xén"}
    assert client.accounts.unit("16813").name == "Xã Mường Xén Mới"
    own = client.put("/admin/units/16813/name", headers=xen_admin, json={"name": "Xã Của Tôi"})
    assert code_of(own) == (403, "admin_not_below")
    trail = client.get("/admin/audit", headers=province_admin).json()
    assert [(e["label"], e["detail"]) for e in trail if e["action"] == "unit.rename"] == [
        ("Đổi tên đơn vị", "Xã Mường Xén → Xã Mường Xén Mới")
    ]


def test_certificates_keep_their_signed_unit_and_the_successors_zip_holds_those_of_the_merged_communes(client):
    xen = [certified(client, name, XEN) for name in ("Đặng Hữu Phước", "Hoàng Thị Thùy Dương")]
    vinh = certified(client, "Nguyễn Thị Ánh Tuyết", VINH)
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    assert client.post("/admin/units/merge", headers=province_admin, json=MERGE).status_code == 200
    job = finished(client, province_admin, {"kind": "certificates.zip", "unit": "99001"})
    assert (job["state"], job["result"]["count"]) == ("done", 3)
    archive = fetched(client, province_admin, job, "certificates.zip")
    names = sorted(zipfile.ZipFile(io.BytesIO(archive.content)).namelist())
    assert names == sorted(f"mini/{number[:12]}.pdf" for number in [*xen, vinh])
    # The signed record still names the commune it was issued in.
    assert client.certificates.certificate(vinh).unit_code == "16684"


def test_a_list_naming_a_merged_unit_is_refused_row_by_row_and_the_merge_is_kept(client):
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    assert client.post("/admin/units/merge", headers=province_admin, json=MERGE).status_code == 200
    units = (
        "Mã đơn vị,Tên đơn vị,Mã đơn vị cha\n16813,Xã Mường Xén,40\n16813-T1,Tổ mới,16813\n99001-T1,Tổ CNSCĐ,99001\n"
    )
    report = upload(client, "/admin/units/import", units.encode(), province_admin, mode="good").json()
    message = "Đơn vị 16813 đã sáp nhập vào đơn vị 99001: ghi mã đơn vị 99001"
    assert [(p["row"], p["code"], p["message"]) for p in report["problems"]] == [
        (2, "unit_merged", message),
        (3, "unit_merged", message),
    ]
    assert (report["good"], client.accounts.unit("99001-T1").parent_code) == (1, "99001")
    assert client.accounts.unit("16813").merged_into == "99001"
    learners = "Họ và tên,Mã đơn vị,Số điện thoại\nLò Văn Mới,16684,0911222333\nLò Thị Mới,99001,0911222444\n"
    report = upload(client, "/admin/learners/import", learners.encode(), province_admin, mode="good").json()
    assert [(p["row"], p["code"]) for p in report["problems"]] == [(2, "unit_merged")]
    assert report["created"] == 1


def test_the_province_report_adds_up_after_the_merge_and_the_month_before_reads_as_it_did(client):
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    learners = {name: client.accounts.account(person(client, name, unit)[0]) for name, unit in LEARNED}
    for learner in learners.values():
        client.tally.mark_many([mark(learner.learner_id, "issued", learner.unit_path, None, date(2026, 10, 5))])
    client.tally.mark(mark(learners["Lô Văn Học"].learner_id, "passed", XEN.path, "mini", date(2026, 10, 9)))

    def rows(month: str) -> dict[str, tuple]:
        view = client.get("/admin/reports", headers=province_admin, params={"month": month}).json()
        return {row["code"]: (row["name"], row["total"]["issued"], row["total"]["passed"]) for row in view["rows"]}

    october = rows("2026-10")
    assert october == {
        "40": ("Tỉnh Nghệ An", 3, 1),
        "16684": ("Phường Vinh Phú", 1, 0),
        "16813": ("Xã Mường Xén", 2, 1),
    }
    assert client.post("/admin/units/merge", headers=province_admin, json=MERGE).status_code == 200
    moved = client.accounts.account(learners["Vi Thị Hai"].learner_id)
    client.tally.mark(mark(moved.learner_id, "passed", moved.unit_path, "mini", date(2026, 11, 20)))
    assert rows("2026-10") == october
    assert rows("2026-11") == {"40": ("Tỉnh Nghệ An", 3, 2), "99001": ("Xã Mường Vinh", 3, 2)}


LEARNED = (("Lô Văn Học", XEN), ("Vi Thị Hai", XEN), ("Hồ Thị Viên", VINH))
