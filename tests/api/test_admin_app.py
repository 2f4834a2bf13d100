"""The administration function over HTTP (in process, real SQLite stores, slips as PDF and CSV): imports that keep to
the administrator's subtree, learners looked up within it, slips downloaded by whoever's subtree holds the batch,
and an audit entry for every look at personal data."""

import csv
import io
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from functions.accounts import signin, throttle
from functions.accounts.account import Unit
from functions.accounts.calendar import WorkingCalendar
from functions.api.admin.app import create_app
from functions.api.deps.blobs import get_blobs
from functions.api.deps.calendar import get_calendar
from functions.api.deps.core import get_banks, get_clock, get_settings_dep
from functions.api.deps.tokens import get_token_secret
from functions.attempts import Attempt
from functions.bank import BankShelf, write_bank
from functions.blobs import LocalBlobs
from functions.certificates import issuance
from functions.certificates.keys import add_key
from functions.errors import ApiError
from functions.reports.tally import Mark
from functions.settings import settings_from
from tests.support.apps import SQLiteStores, app_client, returning
from tests.support.attempts import sat
from tests.support.banks import make_bank
from tests.support.world import PROVINCE, UNITS, VINH, XEN, bearer, issue

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # Monday 23/11/2026, 08:00 in Vietnam
DEADLINE = date(2026, 12, 7)  # 10 working days from NOW: 24/11 is Vietnam Culture Day, a holiday from 2026
SECRET = "k" * 48
LEARNERS = (
    "Họ và tên,Mã đơn vị,Số điện thoại,Email\n"
    "Đặng Hữu Phước,16813,0912345678,\n"
    "Hoàng Thị Thùy Dương,16813,,duong@example\n"
    "Nguyễn Thị Ánh Tuyết,16684,0987654321,\n"
    ",16813,0911111111,\n"
).encode()
GOOD_LEARNERS = (
    "Họ và tên,Mã đơn vị,Số điện thoại\nĐặng Hữu Phước,16813,0912345678\nHoàng Thị Thùy Dương,16813,0987000111\n"
).encode()


@pytest.fixture
def client(tmp_path):
    bank = make_bank(pass_percent=50)
    write_bank(bank, tmp_path / "bank")
    settings = settings_from(
        {
            "HOCSO_DATA_DIR": str(tmp_path),
            "HOCSO_SITE_URL": "https://hoc.example.vn",
            "HOCSO_ISSUER": "Sở Khoa học và Công nghệ tỉnh Nghệ An",
        }
    )
    stores = SQLiteStores(tmp_path / "db")
    stores.accounts.put_units(UNITS)
    overrides = {
        **stores.overrides(),
        get_blobs: LocalBlobs(tmp_path / "blobs"),
        get_banks: BankShelf(tmp_path / "bank"),
        get_settings_dep: settings,
        get_clock: (lambda: NOW),
        get_token_secret: (lambda: SECRET),
        get_calendar: WorkingCalendar(),
    }
    attached = dict(
        attempts=stores.attempts,
        accounts=stores.accounts,
        certificates=stores.certificates,
        audit=stores.audit,
        tally=stores.tally,
        bank=bank,
        keys=add_key(tmp_path / "keys", date(2026, 11, 1)),
    )
    with app_client(create_app(), overrides, **attached) as client:
        yield client
    stores.close()


def person(client, name: str, unit: Unit, role: str = "learner", deadline: date | None = None) -> tuple[str, dict]:
    account, _ = issue(
        client.accounts, name, unit, role, issued_on=date(2026, 11, 9), deadline=deadline, phone="0900000000"
    )
    return account.learner_id, bearer(account, SECRET, NOW)


def upload(client, path: str, data: bytes, headers: dict, **params):
    return client.post(path, content=data, headers=headers, params={"filename": "danh-sach.csv", **params})


def learner_names(client) -> list[str]:
    return sorted(a.full_name for a in client.accounts.accounts_under(PROVINCE.path) if a.role == "learner")


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
    assert client.get("/admin/units", headers=xen_admin).json() == [
        {"code": "16813", "name": "Xã Mường Xén", "kind": "Xã", "remote": True, "target": 80, "parent": "40"},
        {"code": "XEN-B1", "name": "Bản Xốp Mạt", "kind": "Bản", "remote": True, "target": 80, "parent": "16813"},
    ]


def test_the_units_show_the_targets_the_deployment_sets(client, tmp_path):
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    targets = settings_from({"HOCSO_DATA_DIR": str(tmp_path), "HOCSO_TARGET_REMOTE": "70", "HOCSO_TARGET_OTHER": "90"})
    client.app.dependency_overrides[get_settings_dep] = returning(targets)
    units = client.get("/admin/units", headers=province_admin).json()
    assert [(unit["code"], unit["remote"], unit["target"]) for unit in units] == [
        ("16684", False, 90),
        ("16813", True, 70),
        ("40", False, 90),
    ]


def test_the_province_administrator_sees_and_imports_across_its_communes(client):
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    units = "ma don vi;ten don vi;ma don vi cha\n16816;Xã Tam Hợp;40\n16684;Phường Vinh Phú mới;40\n"  # Excel's ";" too
    report = upload(client, "/admin/units/import", units.encode(), province_admin).json()
    assert (report["problems"], report["created"], report["updated"]) == ([], 1, 1)
    assert [u["code"] for u in client.get("/admin/units", headers=province_admin).json()] == [
        "16684",
        "16813",
        "16816",
        "40",
    ]
    assert client.get("/admin/units", params={"unit": "16684"}, headers=province_admin).json()[0]["target"] == 100
    learners = upload(client, "/admin/learners/import", LEARNERS, province_admin, mode="good").json()
    assert ([p["row"] for p in learners["problems"]], learners["created"]) == ([3, 5], 2)
    page = client.get("/admin/learners", headers=province_admin).json()
    assert sorted(line["unit_code"] for line in page["learners"]) == ["16684", "16813"]


def test_another_communes_administrator_can_neither_see_nor_touch_the_first_communes_people(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, vinh_admin = person(client, "Phạm Thị Phường", VINH, role="admin")
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    phuoc, _ = person(client, "Đặng Hữu Phước", XEN)
    batch = upload(client, "/admin/learners/import", GOOD_LEARNERS, xen_admin).json()["batch"]

    refused = upload(client, "/admin/learners/import", GOOD_LEARNERS, vinh_admin).json()
    assert (refused["applied"], [p["code"] for p in refused["problems"]]) == (False, ["learner_outside_scope"] * 2)
    for path in ("/admin/learners", "/admin/audit", "/admin/units"):
        answer = client.get(path, params={"unit": "16813"}, headers=vinh_admin)
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, "outside_scope")
    for path, code in (
        (f"/admin/learners/{phuoc}", "account_not_found"),
        (f"/admin/imports/{batch}/slips.pdf", "batch_not_found"),
        (f"/admin/imports/{batch}/slips.csv", "batch_not_found"),
    ):
        answer = client.get(path, headers=vinh_admin)
        assert (answer.status_code, answer.json()["error"]["code"]) == (404, code)
        assert client.get(path, headers=province_admin).status_code == 200
    assert client.get("/admin/learners", params={"unit": "16813"}, headers=province_admin).json()["total"] == 3
    assert (
        client.get("/admin/learners", params={"unit": "nope"}, headers=province_admin).json()["error"]["code"]
        == "unit_not_found"
    )


def test_learners_and_strangers_get_no_administration(client):
    _, learner = person(client, "Đặng Hữu Phước", XEN)
    assert client.get("/admin/learners", headers=learner).json()["error"]["code"] == "admin_required"
    assert client.get("/admin/learners").json()["error"]["code"] == "account_required"
    admin_id, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    signin.sign_out(client.accounts, client.accounts.account(admin_id))
    assert client.get("/admin/learners", headers=xen_admin).json()["error"]["code"] == "session_ended"


def sit(client, learner_id: str, correct: bool, attempt_id: str) -> Attempt:
    """A submitted attempt, as the quiz function leaves it."""
    return sat(client.attempts, client.bank, learner_id, correct=correct, attempt_id=attempt_id, at=NOW)


def test_a_learners_detail_shows_each_courses_lessons_attempts_and_certificate(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    phuoc, _ = person(client, "Đặng Hữu Phước", XEN, deadline=date(2026, 11, 20))
    for lesson in ("l1", "l2"):
        client.attempts.mark_done(phuoc, "mini", lesson, NOW)
    sit(client, phuoc, correct=False, attempt_id="a1")
    passed = sit(client, phuoc, correct=True, attempt_id="a2")
    record, _ = issuance.issue_once(
        client.certificates,
        lambda: issuance.draft(
            key=client.keys.current,
            issuer="Sở",
            learner_id=phuoc,
            learner_name="Đặng Hữu Phước",
            unit_code="16813",
            unit_name="Xã Mường Xén",
            unit_path=XEN.path,
            bank=client.bank,
            attempt=passed,
            now=NOW,
            rng=random.Random(1),
        ),
    )
    body = client.get(f"/admin/learners/{phuoc}", headers=xen_admin).json()
    assert body["courses"] == [
        {
            "course_id": "mini",
            "title": "Khóa mini",
            "lessons_done": 2,
            "lessons_total": 3,
            "attempts": 2,
            "best_percent": 100.0,
            "passed": True,
            "certificate": {"number": record.number, "status": "valid"},
        }
    ]
    assert (
        body["full_name"],
        body["unit_name"],
        body["phone"],
        body["deadline"],
        body["certificates"],
        body["overdue"],
    ) == ("Đặng Hữu Phước", "Xã Mường Xén", "0900000000", "2026-11-20", 1, False)


def test_the_list_searches_without_accents_pages_and_flags_who_is_overdue(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    late, _ = person(client, "Hoàng Thị Thùy Dương", XEN, deadline=date(2026, 11, 20))
    person(client, "Đặng Hữu Phước", XEN, deadline=DEADLINE)
    found = client.get("/admin/learners", params={"q": "THUY duong"}, headers=xen_admin).json()
    assert (
        found["total"],
        [(line["learner_id"], line["overdue"], line["activated"]) for line in found["learners"]],
    ) == (1, [(late, True, False)])
    assert [
        line["full_name"]
        for line in client.get("/admin/learners", params={"q": "phuoc"}, headers=xen_admin).json()["learners"]
    ] == ["Đặng Hữu Phước"]
    page = client.get("/admin/learners", params={"limit": 1, "offset": 1}, headers=xen_admin).json()
    assert (page["total"], page["offset"], page["limit"], len(page["learners"])) == (2, 1, 1, 1)


def test_every_look_at_personal_data_is_in_the_audit_trail_of_the_administrators_subtree(client):
    xen_admin_id, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, province_admin = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    phuoc, _ = person(client, "Đặng Hữu Phước", XEN)
    batch = upload(client, "/admin/learners/import", GOOD_LEARNERS, xen_admin, cohort="2026-1").json()["batch"]
    client.get(f"/admin/imports/{batch}/slips.csv", headers=xen_admin)
    client.get("/admin/learners", params={"q": "phuoc", "cohort": "2026-1"}, headers=xen_admin)
    client.get(f"/admin/learners/{phuoc}", headers=xen_admin)
    client.get("/admin/learners", headers=province_admin)
    username = client.accounts.account(phuoc).username
    expected = [
        ("learner.view", "Xem thông tin học viên", phuoc, f"Tên đăng nhập: {username}"),
        ("learners.list", "Xem danh sách học viên", "16813", "1/1 người; đợt: 2026-1; tìm: phuoc"),
        ("slips.download", "Tải phiếu tài khoản", batch, f"Đợt nhập {batch}, tệp CSV"),
        (
            "learners.import",
            "Nhập danh sách học viên",
            batch,
            f"2 tài khoản mới, 0 tài khoản đã có, 0 cấp lại mã; đợt nhập {batch}",
        ),
    ]
    trail = client.get("/admin/audit", headers=xen_admin).json()
    assert [(e["action"], e["label"], e["target"], e["detail"]) for e in trail] == expected
    assert {(e["admin_id"], e["admin_username"], e["admin_unit_path"], e["at"]) for e in trail} == {
        (xen_admin_id, client.accounts.account(xen_admin_id).username, XEN.path, "2026-11-23T01:00:00Z")
    }
    province_trail = client.get("/admin/audit", headers=province_admin).json()
    assert [e["action"] for e in province_trail] == ["learners.list"] + [action for action, *_ in expected]
    assert client.get("/admin/audit", params={"unit": "16813"}, headers=province_admin).json() == trail


def test_the_report_counts_imported_learners_against_each_units_target(client):
    _, province = person(client, "Trần Văn Tỉnh", PROVINCE, role="admin")
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, vinh_admin = person(client, "Phạm Thị Phường", VINH, role="admin")
    upload(client, "/admin/learners/import", GOOD_LEARNERS, xen_admin, cohort="Đợt 1")
    [first, *_] = [a for a in client.accounts.accounts_under(XEN.path) if a.role == "learner"]
    client.tally.mark(
        Mark(first.learner_id, "16813", XEN.path, "Đợt 1", "mini", "passed", date(2026, 11, 23), first.deadline)
    )
    body = client.get("/admin/reports", headers=province, params={"course": "mini"}).json()
    rows = {row["code"]: row for row in body["rows"]}
    assert [row["code"] for row in body["rows"]][0] == "40"
    assert (rows["16813"]["total"]["issued"], rows["16813"]["total"]["passed"], rows["16813"]["rate"]) == (2, 1, 50.0)
    assert (rows["16813"]["target"], rows["16813"]["on_track"]) == (80, False)
    assert (rows["40"]["total"]["issued"], rows["16684"]["total"]["issued"], rows["16684"]["target"]) == (2, 0, 100)
    assert body["course_title"] == client.bank.title and body["series"][-1] == {
        "day": "2026-11-23",
        "issued": 2,
        "passed": 1,
    }
    spreadsheet = client.get("/admin/reports.xlsx", headers=xen_admin, params={"month": "2026-11"})
    assert spreadsheet.status_code == 200 and spreadsheet.content[:2] == b"PK"
    assert 'filename="bao-cao-16813-2026-11.xlsx"' in spreadsheet.headers["content-disposition"]
    csv_text = client.get("/admin/reports.csv", headers=xen_admin).content.decode("utf-8-sig")
    assert "Tổng cộng,2,0,0,0,1,0,0,50.0,80.0,Chưa đạt" in csv_text
    refused = client.get("/admin/reports", headers=vinh_admin, params={"unit": "16813"})
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "outside_scope")
    assert (
        client.get("/admin/reports", headers=province, params={"course": "khong-co"}).json()["error"]["code"]
        == "course_not_found"
    )


def test_a_learners_detail_shows_while_strangers_guesses_on_the_username_must_wait(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    phuoc, _ = person(client, "Đặng Hữu Phước", XEN)
    username = client.accounts.account(phuoc).username
    assert client.get(f"/admin/learners/{phuoc}", headers=xen_admin).json()["locked_until"] is None
    for n in range(throttle.USERNAME.free):
        with pytest.raises(ApiError):  # wrong passwords from strangers, each from its own address
            signin.sign_in(client.accounts, username, "doan-mo", signin.Client(f"198.51.100.{n}"), SECRET, NOW)
    body = client.get(f"/admin/learners/{phuoc}", headers=xen_admin).json()
    assert datetime.fromisoformat(body["locked_until"]) == NOW + timedelta(seconds=throttle.USERNAME.waits[0])
