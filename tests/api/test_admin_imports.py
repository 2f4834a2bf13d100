"""The administration function's imports over HTTP (in process, real SQLite stores): a list kept whole or not at
all, re-imports without duplicates, slips as PDF and CSV whose codes activate, XLSX like CSV, refused files, units
added only below the administrator's own."""

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from functions.accounts import signin
from tests.support.admin import (
    DEADLINE,
    GOOD_LEARNERS,
    LEARNERS,
    NOW,
    admin_client,
    learner_names,
    person,
    upload,
)
from tests.support.world import XEN


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        yield client


def test_a_list_with_bad_rows_is_kept_whole_or_not_at_all_by_default_and_its_good_rows_on_request(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    problems = [
        {"row": 3, "column": "Email", "code": "bad_email", "message": "Địa chỉ email không hợp lệ"},
        {
            "row": 4,
            "column": "Mã đơn vị",
            "code": "learner_outside_scope",
            "message": "Đơn vị này không thuộc phạm vi bạn quản lý",
        },
        {"row": 5, "column": "Họ và tên", "code": "missing_name", "message": "Thiếu họ và tên"},
    ]
    unchanged = {
        "rows": 4,
        "good": 1,
        "problems": problems,
        "applied": False,
        "created": 0,
        "updated": 0,
        "reissued": 0,
        "renewed": 0,
        "batch": None,
        "slips_pdf": None,
        "slips_csv": None,
    }
    assert upload(client, "/admin/learners/import", LEARNERS, xen_admin).json() == unchanged
    assert (
        upload(client, "/admin/learners/import", LEARNERS, xen_admin, mode="good", dry_run="true").json() == unchanged
    )
    assert learner_names(client) == []
    kept = upload(client, "/admin/learners/import", LEARNERS, xen_admin, mode="good", cohort="2026-1").json()
    batch = kept["batch"]
    assert kept == {
        **unchanged,
        "applied": True,
        "created": 1,
        "batch": batch,
        "slips_pdf": f"/admin/imports/{batch}/slips.pdf",
        "slips_csv": f"/admin/imports/{batch}/slips.csv",
    }
    [phuoc] = [a for a in client.accounts.accounts_under(XEN.path) if a.role == "learner"]
    assert (phuoc.full_name, phuoc.cohort, phuoc.issued_on, phuoc.deadline) == (
        "Đặng Hữu Phước",
        "2026-1",
        date(2026, 11, 23),
        DEADLINE,
    )


def test_reimporting_the_same_list_creates_no_duplicates_and_no_new_slips(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    first = upload(client, "/admin/learners/import", GOOD_LEARNERS, xen_admin).json()
    again = upload(client, "/admin/learners/import", GOOD_LEARNERS, xen_admin).json()
    assert (first["created"], first["updated"]) == (2, 0)
    assert (again["applied"], again["created"], again["updated"], again["batch"]) == (True, 0, 2, None)
    assert learner_names(client) == ["Hoàng Thị Thùy Dương", "Đặng Hữu Phước"]


def test_the_slips_of_new_accounts_download_as_pdf_and_csv_and_their_codes_activate(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    batch = upload(client, "/admin/learners/import", GOOD_LEARNERS, xen_admin, cohort="2026-1").json()["batch"]
    pdf = client.get(f"/admin/imports/{batch}/slips.pdf", headers=xen_admin)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    lines = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().splitlines()
    assert {
        "Đặng Hữu Phước",
        "Hoàng Thị Thùy Dương",
        "Xã Mường Xén",
        "Hạn hoàn thành: 07/12/2026",
        "https://hoc.example.vn/tai-khoan/",
        "Sở Khoa học và Công nghệ tỉnh Nghệ An · 2026-1",
    } <= set(lines)
    sheet = client.get(f"/admin/imports/{batch}/slips.csv", headers=xen_admin)
    assert sheet.headers["content-type"] == "text/csv; charset=utf-8"
    header, *rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert header == ["Họ và tên", "Đơn vị", "Tên đăng nhập", "Mã kích hoạt", "Hạn hoàn thành", "Địa chỉ đăng nhập"]
    assert sorted((r[0], r[1], r[4], r[5]) for r in rows) == [
        ("Hoàng Thị Thùy Dương", "Xã Mường Xén", "07/12/2026", "https://hoc.example.vn/tai-khoan/"),
        ("Đặng Hữu Phước", "Xã Mường Xén", "07/12/2026", "https://hoc.example.vn/tai-khoan/"),
    ]
    for _, _, username, code, _, _ in rows:
        assert signin.activate(
            client.accounts, username, code, "kq7-river-stone-42", signin.Client("10.0.0.1"), "k" * 48, NOW
        )[0].activated


def test_an_xlsx_list_imports_like_a_csv(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    book = Workbook()
    book.active.append(["Họ và tên", "Mã đơn vị", "Số điện thoại"])
    book.active.append(["Đặng Hữu Phước", "16813", 912345678])  # Excel dropped the phone's leading 0
    data = io.BytesIO()
    book.save(data)
    report = client.post(
        "/admin/learners/import", content=data.getvalue(), headers=xen_admin, params={"filename": "ds.xlsx"}
    ).json()
    assert (report["rows"], report["created"], report["problems"]) == (1, 1, [])
    assert [a.phone for a in client.accounts.accounts_under(XEN.path) if a.role == "learner"] == ["0912345678"]


def test_unreadable_and_oversized_files_are_refused_whole(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    legacy = client.post(
        "/admin/learners/import", content="Tên đơn\n".encode("cp1258"), headers=xen_admin, params={"filename": "a.csv"}
    )
    assert (legacy.status_code, legacy.json()["error"]["code"], legacy.json()["error"]["details"]) == (
        422,
        "import_unreadable",
        [{"field": "body", "problem": "not_utf8"}],
    )
    old_excel = client.post("/admin/units/import", content=b"\xd0\xcf", headers=xen_admin, params={"filename": "a.xls"})
    assert old_excel.json()["error"]["details"] == [{"field": "filename", "problem": "unsupported_file"}]
    huge = client.post(
        "/admin/units/import", content=b"x" * (4 * 1024 * 1024 + 1), headers=xen_admin, params={"filename": "a.csv"}
    )
    assert (huge.status_code, huge.json()["error"]["code"]) == (413, "import_too_large")


def test_a_commune_administrator_adds_units_below_their_own_only_and_moves_none(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    units = (
        "Mã đơn vị,Tên đơn vị,Mã đơn vị cha,Loại,Vùng khó khăn\n"
        "XEN-B1,Bản Xốp Mạt,16813,Bản,có\n"
        "16817,Xã Khác,40,Xã,không\n"
        "XEN-B2,Bản Con,16817,Bản,\n"
        "16684,Phường Vinh Phú,16813,Phường,\n"
        "16813,Xã Mường Xén,40,Xã,không\n"
    ).encode()
    column, outside = (
        "Mã đơn vị cha",
        "Đơn vị cha nằm ngoài phạm vi bạn quản lý: chỉ thêm được đơn vị trực thuộc đơn vị của bạn",
    )
    report = upload(client, "/admin/units/import", units, xen_admin, mode="good").json()
    assert report["problems"] == [
        {"row": 3, "column": column, "code": "unit_outside_scope", "message": outside},
        {
            "row": 4,
            "column": column,
            "code": "parent_has_problem",
            "message": "Đơn vị cha (dòng 3) có lỗi: sửa dòng đó trước",
        },
        {
            "row": 5,
            "column": column,
            "code": "unit_moved",
            "message": "Đơn vị này đã có, thuộc đơn vị cha 40: không chuyển đơn vị sang đơn vị cha khác bằng tệp nhập",
        },
        {"row": 6, "column": column, "code": "unit_outside_scope", "message": outside},
    ]
    assert (report["rows"], report["good"], report["applied"], report["created"], report["updated"]) == (
        5,
        1,
        True,
        1,
        0,
    )
    unmerged = {"merged_into": None, "merged_on": None}
    assert client.get("/admin/units", headers=xen_admin).json() == [
        {"code": "16813", "name": "Xã Mường Xén", "kind": "Xã", "remote": True, "target": 80, "parent": "40"}
        | unmerged,
        {"code": "XEN-B1", "name": "Bản Xốp Mạt", "kind": "Bản", "remote": True, "target": 80, "parent": "16813"}
        | unmerged,
    ]
