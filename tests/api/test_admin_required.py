"""A course report over HTTP judges only the learner categories the course is required for: the columns say which
are required, the others read "Không bắt buộc", and the report file carries the same."""

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from functions.bank import Bank, write_bank
from functions.reports.tally import Mark
from tests.support.admin import admin_client, person, upload
from tests.support.banks import make_bank
from tests.support.jobs import fetched, finished
from tests.support.world import PROVINCE, XEN

LIST = (
    "Họ và tên,Mã đơn vị,Số điện thoại,Đối tượng\n"
    "Đặng Hữu Phước,16813,0912345678,cbccvc\n"
    "Hoàng Thị Thùy Dương,16813,0987000111,cbccvc\n"
    "Lò Văn Pọm,16813,0987000222,cnscd\n"
).encode()


def publish(folder: Path, course_id: str, required_for: list[str]) -> None:
    """Publish a course's bank beside the mini course, as the build would."""
    data = {**make_bank().model_dump(), "course_id": course_id, "title": f"Khóa {course_id}", "version": ""}
    write_bank(Bank.model_validate({**data, "required_for": required_for}), folder / "bank")


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        publish(tmp_path, "can-bo", ["cbccvc"])  # required for officials, not for the digital-technology team
        publish(tmp_path, "tu-chon", [])  # required for none
        yield client


@pytest.fixture
def province(client):
    """The province's administrator, once the commune of Mường Xén has 2 officials and 2 team members in post and
    accounts for 2 officials and 1 team member, of whom the officials passed each course."""
    _, province = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    upload(client, "/admin/learners/import", LIST, xen_admin)
    staff = {"year": 2026, "headcounts": {"cbccvc": 2, "cnscd": 2}}
    assert client.put("/admin/units/16813/headcounts", headers=province, json=staff).status_code == 200
    for account in client.accounts.accounts_under(XEN.path):
        if account.category == "cbccvc":
            for course in ("can-bo", "tu-chon"):
                day = date(2026, 11, 23)
                client.tally.mark(
                    Mark(account.learner_id, "16813", XEN.path, None, course, "passed", day, None, "cbccvc")
                )
    return province


def xen_of(body: dict) -> dict:
    return next(row for row in body["rows"] if row["code"] == "16813")


def test_a_course_report_judges_the_required_categories_alone_and_marks_the_others(client, province):
    body = client.get("/admin/reports", headers=province, params={"course": "can-bo"}).json()
    assert body["judged"] is True
    assert [(c["code"], c["required"]) for c in body["required_for"]] == [("cbccvc", True)]
    assert [(c["code"], c["required"]) for c in body["categories"]] == [("cbccvc", True), ("cnscd", False)]
    xen = xen_of(body)
    # Both officials in post passed: on target, though the team member who is not required to take it did not.
    assert xen["staffing"] == {
        "staff": 2,
        "issued": 2,
        "passed": 2,
        "coverage": 100.0,
        "completion": 100.0,
        "target": 80.0,
        "on_track": True,
        "unstaffed": 0,
        "by_category": {
            "cbccvc": {"staff": 2, "issued": 2, "passed": 2, "coverage": 100.0, "completion": 100.0},
            "cnscd": {"staff": 2, "issued": 1, "passed": 0, "coverage": 50.0, "completion": 0.0},
        },
    }
    # The same figures for a course required for every category: the team counts, and the commune is behind.
    every = xen_of(client.get("/admin/reports", headers=province, params={"course": "mini"}).json())
    assert (every["staffing"]["staff"], every["staffing"]["on_track"]) == (4, False)


def test_a_course_required_for_none_is_judged_for_no_category(client, province):
    body = client.get("/admin/reports", headers=province, params={"course": "tu-chon"}).json()
    assert (body["judged"], body["required_for"]) == (False, [])
    assert [(c["code"], c["required"]) for c in body["categories"]] == [("cbccvc", False), ("cnscd", False)]
    xen = xen_of(body)
    assert (xen["staffing"]["staff"], xen["staffing"]["on_track"], xen["total"]["passed"]) == (0, None, 2)


def test_a_category_report_of_a_category_not_required_is_not_judged(client, province):
    asked = {"course": "can-bo", "category": "cnscd"}
    team = client.get("/admin/reports", headers=province, params=asked).json()
    assert (team["judged"], xen_of(team)["staffing"]["on_track"]) == (False, None)
    officials = client.get("/admin/reports", headers=province, params={**asked, "category": "cbccvc"}).json()
    assert (officials["judged"], xen_of(officials)["staffing"]["on_track"]) == (True, True)


def test_a_report_over_all_courses_judges_every_category_as_before(client, province):
    body = client.get("/admin/reports", headers=province).json()
    assert (body["judged"], body["required_for"]) == (True, None)
    assert [c["required"] for c in body["categories"]] == [None, None]


def test_the_report_file_says_whom_the_course_is_required_for_and_does_not_judge_the_others(client, province):
    job = finished(client, province, {"kind": "report", "format": "xlsx", "course": "can-bo"})
    book = load_workbook(io.BytesIO(fetched(client, province, job, "report.xlsx").content))
    rows = list(book["Báo cáo"].iter_rows(values_only=True))
    assert ("Bắt buộc đối với: Cán bộ, công chức, viên chức",) == rows[5][:1]
    headers = next(row for row in rows if row[0] == "STT")
    assert headers[16:] == (
        "Biên chế – CB, CC, VC (bắt buộc)",
        "Đạt – CB, CC, VC (bắt buộc)",
        "Hoàn thành – CB, CC, VC (bắt buộc) (%)",
        "Biên chế – Tổ CNSCĐ (không bắt buộc)",
        "Đạt – Tổ CNSCĐ (không bắt buộc)",
        "Hoàn thành – Tổ CNSCĐ (không bắt buộc) (%)",
    )
    xen = next(row for row in rows if row[1] == "Xã Mường Xén")
    assert (xen[2], xen[15]) == (2, "Đạt")  # two officials in post, both passed
    assert xen[16:] == (2, 2, 100.0, 2, 0, "Không bắt buộc")
    assert book["Tổ CNSCĐ"]["A7"].value == "Bắt buộc đối với: Cán bộ, công chức, viên chức"
    team_total = next(row for row in book["Tổ CNSCĐ"].iter_rows(values_only=True) if row[1] == "Tổng cộng")
    assert team_total[15] == "Không bắt buộc"

    optional = finished(client, province, {"kind": "report", "format": "csv", "course": "tu-chon"})
    lines = fetched(client, province, optional, "report.csv").content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",Hoàn thành – Tổ CNSCĐ (không bắt buộc) (%)")
    assert lines[-1].startswith(",Tổng cộng,,3,")
    # No completion nor verdict; each category's staff in post and passes, neither judged.
    assert lines[-1].endswith(",,Không bắt buộc,66.7,80.0,Không bắt buộc,2,2,Không bắt buộc,2,0,Không bắt buộc")
