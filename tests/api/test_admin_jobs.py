"""Bulk work as background jobs, through the administrators' API (in process, real SQLite stores, blobs in a folder,
the worker a thread): a list uploaded with a signed form and imported by a job, progress and result read back, the
slips, the certificates ZIP and the report fetched through signed links; and what each refuses."""

import csv
import io
import json
import time
import zipfile
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from functions.jobs.record import LOST_AFTER
from tests.support.admin import GOOD_LEARNERS, LEARNERS, NOW, admin_client, certified, learner_names, person
from tests.support.jobs import fetched, finished, uploaded
from tests.support.world import PROVINCE, VINH, XEN


def imported(client, headers: dict, data: bytes) -> dict:
    """A learner list uploaded and imported by a job, finished."""
    upload_id = uploaded(client, headers, "danh-sach.csv", data)
    return finished(client, headers, {"kind": "learners.import", "upload_id": upload_id})


@pytest.fixture
def client(tmp_path):
    with admin_client(tmp_path) as client:
        yield client


def test_a_learner_list_uploaded_then_imported_by_a_job_gives_its_accounts_and_slips(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    upload_id = uploaded(client, xen_admin, "danh-sach.csv", GOOD_LEARNERS)
    checked = finished(client, xen_admin, {"kind": "learners.import", "upload_id": upload_id, "dry_run": True})
    assert (checked["state"], checked["result"]["good"], checked["result"]["applied"], checked["files"]) == (
        "done",
        2,
        False,
        [],
    )
    assert learner_names(client) == []  # a check keeps nothing
    job = finished(client, xen_admin, {"kind": "learners.import", "upload_id": upload_id, "cohort": "2026-1"})
    assert (job["state"], job["phase"], job["phase_label"]) == ("done", "done", "Đã xong")
    assert (job["result"]["created"], job["done"], job["total"]) == (2, 2, 2)
    assert learner_names(client) == ["Hoàng Thị Thùy Dương", "Đặng Hữu Phước"]
    assert [f["name"] for f in job["files"]] == ["slips.pdf", "slips.csv"]
    pdf = fetched(client, xen_admin, job, "slips.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "no-store"
    assert "Đặng Hữu Phước" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    sheet = fetched(client, xen_admin, job, "slips.csv")
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert len(rows) == 3 and f"phieu-tai-khoan-{job['result']['batch']}.csv" in sheet.headers["content-disposition"]
    actions = [e.action for e in client.audit.entries(PROVINCE.path)]
    assert actions == ["slips.download", "slips.download", "learners.import"]  # newest first; each link audited


def test_a_list_with_bad_rows_fails_nothing_and_reports_each_row(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    upload_id = uploaded(client, xen_admin, "danh-sach.csv", LEARNERS)
    job = finished(client, xen_admin, {"kind": "learners.import", "upload_id": upload_id})
    assert (job["state"], job["result"]["applied"], job["result"]["rows"]) == ("done", False, 4)
    assert {p["code"] for p in job["result"]["problems"]} == {"bad_email", "learner_outside_scope", "missing_name"}
    assert learner_names(client) == []


def test_an_unreadable_upload_fails_the_job_with_the_code_a_request_would_get(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    upload_id = uploaded(client, xen_admin, "danh-sach.xlsx", b"not a workbook")
    job = finished(client, xen_admin, {"kind": "learners.import", "upload_id": upload_id})
    assert (job["state"], job["error"]["code"]) == ("failed", "import_unreadable")
    assert job["error"]["message"].startswith("Không đọc được tệp")
    link = client.post(f"/admin/jobs/{job['id']}/files/slips.pdf", headers=xen_admin)
    assert (link.status_code, link.json()["error"]["code"]) == (409, "job_not_ready")


def test_units_import_as_a_job(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    data = "Mã đơn vị,Tên đơn vị,Mã đơn vị cha,Loại\nXEN-01,Tổ công nghệ số bản Huồi Xài,16813,Tổ\n".encode()
    job = finished(client, xen_admin, {"kind": "units.import", "upload_id": uploaded(client, xen_admin, "u.csv", data)})
    assert (job["state"], job["result"]["created"]) == ("done", 1)
    assert client.accounts.unit("XEN-01").path == f"{XEN.path}XEN-01/"


def test_uploads_and_jobs_belong_to_their_subtree(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    _, vinh_admin = person(client, "Trần Văn Vinh", VINH, role="admin")
    _, learner = person(client, "Đặng Hữu Phước", XEN)
    upload_id = uploaded(client, xen_admin, "danh-sach.csv", GOOD_LEARNERS)
    other = client.post("/admin/jobs", headers=vinh_admin, json={"kind": "learners.import", "upload_id": upload_id})
    assert (other.status_code, other.json()["error"]["code"]) == (404, "upload_not_found")
    job = finished(client, xen_admin, {"kind": "learners.import", "upload_id": upload_id})
    for path in (f"/admin/jobs/{job['id']}", f"/admin/jobs/{job['id']}/files/slips.pdf"):
        method = client.get if path.count("/") == 3 else client.post
        seen = method(path, headers=vinh_admin)
        assert (seen.status_code, seen.json()["error"]["code"]) == (404, "job_not_found")
        assert method(path, headers=learner).json()["error"]["code"] == "admin_required"
    outside = client.post("/admin/jobs", headers=xen_admin, json={"kind": "certificates.zip", "unit": "16684"})
    assert (outside.status_code, outside.json()["error"]["code"]) == (403, "outside_scope")
    unknown = client.post("/admin/jobs", headers=xen_admin, json={"kind": "report", "course": "khong-co"})
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "course_not_found")
    too_big = client.post("/admin/uploads", headers=xen_admin, json={"filename": "a.csv", "size": 5 * 1024 * 1024})
    assert (too_big.status_code, too_big.json()["error"]["code"]) == (413, "import_too_large")


def test_a_signed_form_or_link_that_was_changed_or_has_expired_is_refused(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    form = client.post("/admin/uploads", headers=xen_admin, json={"filename": "a.csv", "size": 10}).json()
    for name, value in (("key", "jobs/0123456789abcdef0123.json"), ("max", str(10**9)), ("signature", "0" * 64)):
        posted = client.post(form["url"], data={**form["fields"], name: value}, files={"file": ("a.csv", b"x")})
        assert (posted.status_code, posted.json()["error"]["code"]) == (403, "link_refused")
    job = finished(
        client, xen_admin, {"kind": "learners.import", "upload_id": uploaded(client, xen_admin, "a.csv", GOOD_LEARNERS)}
    )
    url = client.post(f"/admin/jobs/{job['id']}/files/slips.csv", headers=xen_admin).json()["url"]
    parts = urlsplit(url)
    asked = {name: values[0] for name, values in parse_qs(parts.query).items()}
    elsewhere = parts.path.replace("imports/", "uploads/").replace(".csv", ".json")
    for path, query in (
        (elsewhere, asked),
        (parts.path, {**asked, "type": "text/html"}),
        (parts.path, {**asked, "expires": str(int(time.time()) - 1)}),
    ):
        answer = client.get(f"{path}?{urlencode(query)}")
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, "link_refused")


def test_the_certificates_of_a_subtree_come_as_a_zip_from_a_job(client):
    numbers = [certified(client, name, XEN) for name in ("Đặng Hữu Phước", "Hoàng Thị Thùy Dương")]
    certified(client, "Nguyễn Thị Ánh Tuyết", VINH)
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    job = finished(client, xen_admin, {"kind": "certificates.zip", "unit": "16813"})
    assert (job["state"], job["result"]["count"], job["done"], job["total"]) == ("done", 2, 2, 2)
    archive = fetched(client, xen_admin, job, "certificates.zip")
    assert archive.headers["content-type"] == "application/zip"
    names = sorted(zipfile.ZipFile(io.BytesIO(archive.content)).namelist())
    assert names == sorted(f"mini/{number[:12]}.pdf" for number in numbers)
    assert client.audit.entries(XEN.path)[0].detail == "2 giấy; khóa học: —"


def test_the_report_comes_as_a_spreadsheet_from_a_job(client):
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    finished(
        client, xen_admin, {"kind": "learners.import", "upload_id": uploaded(client, xen_admin, "a.csv", GOOD_LEARNERS)}
    )
    job = finished(client, xen_admin, {"kind": "report", "format": "xlsx"})
    assert job["state"] == "done" and job["files"][0]["filename"] == "bao-cao-16813-2026-11-23.xlsx"
    sheet = load_workbook(io.BytesIO(fetched(client, xen_admin, job, "report.xlsx").content)).active
    assert ("Tổng cộng", 2) in [(row[1], row[3]) for row in sheet.iter_rows(values_only=True)]  # two new accounts
    csv_job = finished(client, xen_admin, {"kind": "report", "format": "csv", "month": "2026-11"})
    assert fetched(client, xen_admin, csv_job, "report.csv").content.startswith(b"\xef\xbb\xbf")


def test_a_job_that_stops_without_news_is_shown_lost_and_a_second_delivery_does_nothing(client):
    from functions.accounts.calendar import WorkingCalendar
    from functions.jobs.bench import Workbench
    from functions.jobs.board import JobBoard
    from functions.jobs.run import run

    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    job = finished(client, xen_admin, {"kind": "report"})
    bench_blobs = client.blobs
    board = JobBoard(bench_blobs)
    bench = Workbench(
        client.accounts,
        bench_blobs,
        client.tally,
        client.audit,
        client.certificates,
        WorkingCalendar(),
        None,
        None,
        lambda: NOW,
    )
    assert run(job["id"], bench) is None  # done already: a second delivery is left alone
    board.save(board.load(job["id"]).model_copy(update={"state": "queued"}))
    assert run(job["id"], bench) is None  # queued again, but claimed once already: still left alone
    stuck = board.load(job["id"]).model_copy(update={"state": "running", "updated_at": NOW - LOST_AFTER * 2})
    board.save(stuck)
    seen = client.get(f"/admin/jobs/{job['id']}", headers=xen_admin).json()
    assert (seen["state"], seen["error"]["code"]) == ("failed", "job_lost")
    assert json.loads(bench_blobs.get(f"jobs/{job['id']}.json"))["state"] == "running"  # shown so, not rewritten


def test_a_batch_of_slips_too_large_for_an_answer_is_sent_as_a_signed_link(client, monkeypatch):
    from functions.api.admin import slips

    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    batch = imported(client, xen_admin, GOOD_LEARNERS)["result"]["batch"]
    monkeypatch.setattr(slips, "DIRECT", 100)  # a province's 36,000 slips are 7.4 MB, past a Lambda answer's 6 MB
    answer = client.get(f"/admin/imports/{batch}/slips.pdf", headers=xen_admin, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["cache-control"] == "no-store"
    followed = client.get(answer.headers["location"])  # no token: the link is signed
    assert (
        followed.content.startswith(b"%PDF")
        and f"phieu-tai-khoan-{batch}.pdf" in followed.headers["content-disposition"]
    )
    assert [e.action for e in client.audit.entries(XEN.path)][0] == "slips.download"


def test_a_job_the_worker_could_not_be_handed_is_recorded_failed_and_answered_500(client):
    from functions.api.deps.jobs import get_dispatcher

    class Unreachable:
        def send(self, job, bench):
            raise ConnectionError("the jobs function could not be invoked")

    client.app.dependency_overrides[get_dispatcher] = lambda: Unreachable()
    _, xen_admin = person(client, "Lê Văn Quản", XEN, role="admin")
    answer = client.post("/admin/jobs", headers=xen_admin, json={"kind": "report"})
    assert (answer.status_code, answer.json()["error"]["code"]) == (500, "internal_error")
    [kept] = [json.loads(client.blobs.get(key)) for key in _job_records(client)]
    assert (kept["state"], kept["error"]["code"]) == ("failed", "internal_error")  # not left queued to be lost


def _job_records(client) -> list[str]:
    return [f"jobs/{path.name}" for path in (client.blobs.root / "jobs").glob("*.json")]
