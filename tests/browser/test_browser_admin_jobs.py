"""Bulk work as background jobs, through the administrators' pages in a real Chromium: a list uploaded once, checked
then imported by jobs whose progress the page draws, the job kept in the address across a reload, the slips fetched
through a signed link that needs no token, a failed job's message; the dashboard's report and certificates' ZIP made
by jobs; and a province's 36,000 learners imported through the page, end to end, against a `hocso serve` of its own.

Everything a test needs it creates itself, so it shares `make run` with the other browser modules in any order."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.support import actors
from tests.support.adminpages import PASSWORD, downloaded, province_list, sign_in, written
from tests.support.browser import Server
from tests.support.paths import ROOT
from tests.support.servers import free_port, running

pytestmark = pytest.mark.browser
JOB = re.compile(r"\?job=[0-9a-f]{20}")
PROVINCE = 36_000
UNREADABLE = (
    "Không đọc được tệp: chỉ nhận tệp .xlsx, hoặc tệp .csv lưu bằng mã UTF-8 "
    "(trong Excel chọn Lưu thành → “CSV UTF-8”)."
)
PHASES = ("Đang chờ xử lý", "Đang đọc tệp", "Đang kiểm tra từng dòng", "Đang ghi vào hệ thống", "Đã xong")
# What the page showed of a job's progress, kept by the page itself: a small job ends between two looks from here.
WATCH = """() => {
  window.seenJobs = [];
  new MutationObserver(() => document.querySelectorAll(".hocso-admin__job").forEach(job => {
    const bar = job.querySelector("progress");
    window.seenJobs.push({ text: job.textContent, bar: !!bar, value: bar && bar.value, max: bar && bar.max });
  })).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
}"""


def fetched(url: str) -> bytes:
    """A signed link followed as someone else would (no sign-in, no cookie)."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def uploads(page) -> int:
    return sum(url.endswith("/api/files/upload") for url in page.requests)


def test_a_list_is_uploaded_once_checked_and_imported_by_jobs_whose_progress_shows_and_reloads(page, server, tmp_path):
    sign_in(page, server, "Quản trị Xã Mường Xén")
    page.goto(f"{server}quan-tri/nhap-du-lieu/")
    learners = [["Hà Văn Quý", "16813", "Tổ viên", "0912000301", ""], ["Lữ Thị Nga", "16813-T1", "", "0912000302", ""]]
    page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "to-cong-nghe.csv", learners))
    page.evaluate(WATCH)
    page.get_by_role("button", name="Kiểm tra").click()
    outcome = page.locator(".hocso-admin__outcome")
    outcome.wait_for()
    assert outcome.inner_text() == (
        "Đã đọc 2 dòng: 2 dòng hợp lệ, 0 dòng có lỗi. Tệp hợp lệ. Bấm “Nhập” để ghi vào hệ thống."
    )
    assert re.search(r"\?job=[0-9a-f]{20}&dry_run=1$", page.url)
    seen = page.evaluate("window.seenJobs")
    assert seen and all(look["bar"] and look["text"].startswith(PHASES) for look in seen)

    # Imported: the file the check uploaded is used again, not uploaded a second time.
    checked_url = page.url
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.locator(".hocso-admin__outcome", has_text="Đã nhập").wait_for()
    assert outcome.inner_text() == "Đã nhập: 2 tài khoản mới, 0 người đã có tài khoản được cập nhật."
    assert uploads(page) == 1
    assert JOB.search(page.url) and "dry_run" not in page.url and page.url != checked_url

    # A reload shows the same job's result, and its slips come through a link that needs no sign-in.
    page.reload()
    page.locator(".hocso-admin__outcome", has_text="Đã nhập").wait_for()
    assert outcome.inner_text() == "Đã nhập: 2 tài khoản mới, 0 người đã có tài khoản được cập nhật."
    pdf = downloaded(page, "Tải phiếu tài khoản (PDF)")
    assert "/api/files/" in pdf.url
    assert pdf.suggested_filename.endswith(".pdf")
    text = "".join(p.extract_text() for p in PdfReader(pdf.path()).pages)
    assert all(learner[0] in text for learner in learners)
    assert fetched(pdf.url).startswith(b"%PDF")
    listing = downloaded(page, "Tải danh sách tài khoản (CSV)")
    assert "Lữ Thị Nga" in listing.path().read_text(encoding="utf-8-sig")

    # The checked job is still there at its own address.
    page.goto(checked_url)
    page.locator(".hocso-admin__outcome", has_text="Tệp hợp lệ").wait_for()


def test_a_list_that_cannot_be_read_fails_its_job_with_the_reason_and_the_buttons_come_back(page, server, tmp_path):
    sign_in(page, server, "Quản trị Xã Mường Xén")
    page.goto(f"{server}quan-tri/nhap-du-lieu/")
    broken = tmp_path / "danh-sach.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook" * 20)
    page.get_by_label("Tệp danh sách").set_input_files(str(broken))
    page.get_by_role("button", name="Nhập", exact=True).click()
    alert = page.locator(".hocso-admin__body [role=alert]")
    alert.wait_for()
    assert alert.inner_text() == UNREADABLE
    assert JOB.search(page.url)
    assert page.get_by_role("button", name="Kiểm tra").is_enabled()
    page.reload()
    alert.wait_for()
    assert alert.inner_text() == UNREADABLE


def test_the_dashboard_has_jobs_make_the_report_and_the_certificates_zip(page, server):
    sign_in(page, server, "Quản trị tỉnh")
    number = re.search(r"Giấy chứng nhận mẫu:\s+\S+\?so=(\S+)", server.printed()).group(1)
    page.locator("[data-figure]").first.wait_for()
    page.evaluate(WATCH)
    report = downloaded(page, "Tải báo cáo Excel (XLSX)")
    assert re.fullmatch(r"bao-cao-40-\d{4}-\d{2}-\d{2}\.xlsx", report.suggested_filename)
    sheet = load_workbook(io.BytesIO(report.path().read_bytes())).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    assert sheet.max_row > 8 and any("Mường Xén" in cell for cell in cells)
    assert any(look["text"].startswith("Đang chuẩn bị tệp…") for look in page.evaluate("window.seenJobs"))
    csv_report = downloaded(page, "Tải báo cáo CSV")
    assert csv_report.suggested_filename.endswith(".csv") and "Mường Xén" in csv_report.path().read_text("utf-8-sig")

    certificates = downloaded(page, "Tải giấy chứng nhận (ZIP)")
    assert certificates.suggested_filename == "giay-chung-nhan-40.zip"
    with zipfile.ZipFile(certificates.path()) as zipped:
        names = zipped.namelist()
        assert f"tong-quan-chuyen-doi-so/{number[:12]}.pdf" in names
        assert all(zipped.read(name).startswith(b"%PDF") for name in names)
    looks = [look for look in page.evaluate("window.seenJobs") if look["text"].startswith("Đang gom giấy chứng nhận")]
    assert looks and all(look["bar"] for look in looks)
    page.locator(".hocso-admin__export").first.wait_for(state="detached")


@pytest.fixture(scope="module")
def province(server, tmp_path_factory):
    """`hocso serve` of the site `make run` built, over a data folder of its own with the demo province loaded: a
    province's 36,000 learners stay out of the other tests' figures, and a ZIP holds one certificate at most."""
    data, port = tmp_path_factory.mktemp("province"), free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "HOCSO_DATA_DIR": str(data), "HOCSO_BANK_DIR": str(ROOT / "build" / "bank")}
    env["HOCSO_BULK_LIMIT"] = "1"  # the demo's certificate and one more are already too many for a ZIP here
    hocso = str(Path(sys.executable).parent / "hocso")
    subprocess.run([hocso, "keys"], cwd=ROOT, env=env, check=True, capture_output=True)
    demo = subprocess.run([hocso, "demo", "--site-url", url], cwd=ROOT, env=env, check=True, capture_output=True)
    (data / "make-run.log").write_text(demo.stdout.decode())
    argv = [hocso, "serve", "--site", str(server.data / "site"), "--port", str(port)]
    with running(argv, env, f"{url}api/health", stdout=subprocess.DEVNULL):
        yield Server(url, data)


def test_a_zip_of_more_certificates_than_allowed_says_so_and_the_button_comes_back(page, province):
    admin = actors.sign_in(province, actors.printed_login(province, "Quản trị tỉnh"), PASSWORD)
    actors.earn_certificate(province, actors.import_learner(province, admin, "Mạc Thị Hằng", "17254"))
    sign_in(page, province, "Quản trị tỉnh")
    page.get_by_role("button", name="Tải giấy chứng nhận (ZIP)").click()
    alert = page.locator(".hocso-admin__export [role=alert]")
    alert.wait_for()
    assert alert.inner_text() == (
        "Quá nhiều giấy chứng nhận cho một tệp ZIP (quá giới hạn của hệ thống, thường là 10.000). "
        "Hãy chọn đơn vị nhỏ hơn hoặc một khóa học, hoặc dùng lệnh hocso certificates."
    )
    assert page.get_by_role("button", name="Tải giấy chứng nhận (ZIP)").is_enabled()
    page.goto(f"{province}quan-tri/?unit=16813")  # the commune holds the demo's one certificate: it fits
    with zipfile.ZipFile(downloaded(page, "Tải giấy chứng nhận (ZIP)").path()) as zipped:
        assert len(zipped.namelist()) == 1


def test_a_province_of_36000_learners_is_imported_through_the_page_end_to_end(browser, province, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, province, "Quản trị tỉnh")
    page.goto(f"{province}quan-tri/nhap-du-lieu/")
    units = [f"{code}{team}" for code in ("16813", "17254", "16702", "16681") for team in ("", "-T1")]
    path = tmp_path / "hoc-vien-ca-tinh.csv"
    first = province_list(path, units, PROVINCE)
    assert path.stat().st_size < 4 * 1024 * 1024
    page.get_by_label("Tệp danh sách").set_input_files(str(path))
    page.get_by_label("Đợt học").fill("Đợt 2")
    started = time.monotonic()
    page.get_by_role("button", name="Nhập", exact=True).click()

    # While it runs the bar counts the rows; the page is reloaded during the longest step (the slips of 36,000,
    # some twenty seconds here) and follows the same job.
    bar = page.locator(".hocso-admin__job progress")
    page.locator(".hocso-admin__job", has_text="/ 36.000").wait_for(timeout=120_000)
    assert bar.evaluate("bar => bar.max") == PROVINCE
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    printing = page.locator(".hocso-admin__job", has_text="Đang in phiếu tài khoản")
    printing.wait_for(timeout=300_000)
    assert bar.evaluate("bar => bar.position") == -1  # every row written, the slips still drawing: no figure
    address = page.url
    assert JOB.search(address)
    page.reload()
    assert page.url == address
    printing.wait_for()
    outcome = page.locator(".hocso-admin__outcome")
    outcome.wait_for(timeout=600_000)
    took = time.monotonic() - started
    assert outcome.inner_text() == "Đã nhập: 36.000 tài khoản mới, 0 người đã có tài khoản được cập nhật."
    print(f"36,000 learners imported through the page in {took:.0f} s")

    pdf = downloaded(page, "Tải phiếu tài khoản (PDF)", timeout=120_000)
    reader = PdfReader(pdf.path())
    assert pdf.path().read_bytes().startswith(b"%PDF") and len(reader.pages) > 1_000
    assert first[0] in reader.pages[0].extract_text()
    context.close()
