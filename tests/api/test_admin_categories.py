"""Learner categories over HTTP: set by the import's Đối tượng column, shown in the learner list, refused when not
in the list, and counted as report columns and a report filter."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from functions.reports.tally import Mark
from tests.support.admin import admin_client, person, upload
from tests.support.jobs import fetched, finished
from tests.support.world import PROVINCE, XEN

LIST = (
    "Họ và tên,Mã đơn vị,Số điện thoại,Đối tượng\n"
    'Đặng Hữu Phước,16813,0912345678,"Cán bộ, công chức, viên chức"\n'
    "Hoàng Thị Thùy Dương,16813,0987000111,Tổ CNSCĐ\n"
    "Lò Văn Pọm,16813,0987000222,\n"
).encode()


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        yield client


def test_imported_categories_show_in_the_learner_list_and_split_the_report(client):
    _, province = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    assert upload(client, "/admin/learners/import", LIST, xen_admin, cohort="Đợt 1").status_code == 200
    listed = client.get("/admin/learners", headers=xen_admin).json()["learners"]
    assert sorted((entry["full_name"], entry["category"], entry["category_label"]) for entry in listed) == [
        ("Hoàng Thị Thùy Dương", "cnscd", "Thành viên Tổ công nghệ số cộng đồng"),
        ("Lò Văn Pọm", None, "Không rõ"),
        ("Đặng Hữu Phước", "cbccvc", "Cán bộ, công chức, viên chức"),
    ]
    officer = next(a for a in client.accounts.accounts_under(XEN.path) if a.category == "cbccvc")
    client.tally.mark(
        Mark(officer.learner_id, "16813", XEN.path, "Đợt 1", "mini", "passed", date(2026, 11, 23), None, "cbccvc")
    )
    body = client.get("/admin/reports", headers=province, params={"course": "mini"}).json()
    assert [column["code"] for column in body["categories"]] == ["cbccvc", "cnscd", "khong-ro"]
    assert body["categories"][1] == {
        "code": "cnscd",
        "label": "Thành viên Tổ công nghệ số cộng đồng",
        "short": "Tổ CNSCĐ",
        "required": True,  # the mini course is required for every category
    }
    xen = next(row for row in body["rows"] if row["code"] == "16813")
    assert xen["by_category"] == {
        "cbccvc": {"issued": 1, "passed": 1},
        "cnscd": {"issued": 1, "passed": 0},
        "khong-ro": {"issued": 1, "passed": 0},
    }
    officers = client.get("/admin/reports", headers=province, params={"course": "mini", "category": "cbccvc"}).json()
    assert officers["category"] == "cbccvc"
    assert (officers["rows"][0]["total"]["issued"], officers["rows"][0]["rate"]) == (1, 100.0)
    refused = client.get("/admin/reports", headers=province, params={"category": "hoc-sinh"})
    assert refused.status_code == 422


def test_a_category_not_in_the_list_refuses_the_row_with_its_code(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    bad = "Họ và tên,Mã đơn vị,Số điện thoại,Đối tượng\nĐặng Hữu Phước,16813,0912345678,Học sinh\n".encode()
    answer = upload(client, "/admin/learners/import", bad, xen_admin).json()
    assert (answer["applied"], answer["created"]) == (False, 0)
    assert [(p["row"], p["column"], p["code"]) for p in answer["problems"]] == [(2, "Đối tượng", "unknown_category")]
    assert not [a for a in client.accounts.accounts_under(XEN.path) if a.role == "learner"]


def test_the_report_file_has_a_sheet_per_category_and_a_category_job_draws_that_category_alone(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    upload(client, "/admin/learners/import", LIST, xen_admin)
    job = finished(client, xen_admin, {"kind": "report", "format": "xlsx"})
    book = load_workbook(io.BytesIO(fetched(client, xen_admin, job, "report.xlsx").content))
    assert book.sheetnames == ["Báo cáo", "CB, CC, VC", "Tổ CNSCĐ", "Không rõ"]
    totals = [row for row in book["Tổ CNSCĐ"].iter_rows(values_only=True) if row[1] == "Tổng cộng"]
    assert totals[0][3] == 1  # its one account issued
    only = finished(client, xen_admin, {"kind": "report", "format": "csv", "category": "cbccvc"})
    text = fetched(client, xen_admin, only, "report.csv").content.decode("utf-8-sig")
    assert text.splitlines()[-1].startswith(",Tổng cộng,,1,")  # the one official of the three
