"""Issue 6's journey in a real Chromium against `make run`: a learner activates with the slip's code, passes, downloads
the certificate, whose printed QR code (decoded with zbar) opens a page saying it is valid; revoked, tampered and
unknown certificates say so too."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import urllib.request

import pytest

from tests.support.banks import bank_of
from tests.support.browser import answer_correctly, heading

pytestmark = pytest.mark.browser
COURSE = "tong-quan-chuyen-doi-so"
PASSWORD = "hocso-demo-2026"


def printed_login(server, label: str) -> str:
    return re.search(rf"{label}:\s+(\S+)", server.printed()).group(1)


def api(server, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"{server}api{path}",
        method=method,
        data=json.dumps(body).encode() if body else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def sign_in(server, label: str) -> str:
    status, session = api(
        server, "POST", "/accounts/signin", {"username": printed_login(server, label), "password": PASSWORD}
    )
    assert status == 200, session
    return session["token"]


def qr_of(pdf: bytes, tmp_path) -> str:
    (tmp_path / "certificate.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-singlefile", str(tmp_path / "certificate.pdf"), str(tmp_path / "page")],
        check=True,
    )
    done = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def verdict(page) -> str:
    box = page.locator(".hocso-verify__verdict:not(.hocso-verify__verdict--checking)")
    box.wait_for()
    return box.inner_text()


def test_a_learner_activates_passes_downloads_and_the_qr_code_verifies(page, server, tmp_path):
    found = re.search(r"Học viên chưa kích hoạt:\s+(\S+), mã kích hoạt (\S+)", server.printed())
    username, code = found.groups()

    page.goto(f"{server}tai-khoan/")
    activation = page.locator("form[data-action=activate]")
    activation.get_by_label("Tên đăng nhập").fill(username)
    activation.get_by_label("Mã kích hoạt").fill(code.lower())
    activation.get_by_label("Mật khẩu mới (ít nhất 8 ký tự)").fill("kq7-river-stone-42")
    activation.get_by_role("button", name="Kích hoạt và đăng nhập").click()
    page.wait_for_url(f"{server}cua-toi/?da-kich-hoat=1")
    assert heading(page) == "Khóa học của tôi"
    page.locator(".hocso-mine__status", has_text="Bài học: đã học 0/10 bài").first.wait_for()
    assert page.locator(".hocso-account-link").inner_text() == "Hà Thị Ngọc"
    deadline = page.locator(".hocso-mine__deadline")
    deadline.wait_for()
    # Issued today in Vietnam, so all 10 working days are left, whatever day (or holiday) today is.
    assert re.fullmatch(
        r"Hạn hoàn thành khóa học: \d\d/\d\d/\d{4} \(còn 10 ngày làm việc, kể cả hôm nay\)\.", deadline.inner_text()
    )

    page.goto(f"{server}khoa-hoc/{COURSE}/kiem-tra/")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_selector(".hocso-quiz__question")
    answer_correctly(page, bank_of(COURSE)["questions"])
    page.get_by_role("button", name="Nộp bài").click()
    issued = page.locator(".hocso-quiz__certificate-number")
    issued.wait_for()
    number = re.search(r"số (HS-\S+) đã được cấp", issued.inner_text()).group(1)

    with page.expect_download() as download:
        page.get_by_role("button", name="Tải giấy chứng nhận (PDF)").click()
    pdf = open(download.value.path(), "rb").read()
    assert download.value.suggested_filename == f"{number[:12]}.pdf"
    checked = subprocess.run(
        [
            ".venv/bin/hocso",
            "verify-certificate",
            download.value.path(),
            "--keys",
            str(server.data / "keys" / "keys.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0 and checked.stdout.startswith("HỢP LỆ") and "Hà Thị Ngọc" in checked.stdout

    scanned = qr_of(pdf, tmp_path)
    assert scanned.startswith(f"{server}xac-minh/?so=")
    page.goto(scanned)
    assert verdict(page).startswith("HỢP LỆ")
    assert "Hà Thị Ngọc" in page.locator(".hocso-verify__details").inner_text()
    assert "Tổng quan về chuyển đổi số" in page.locator(".hocso-verify__details").inner_text()
    # The signed round it was issued in: the demo province sets none, so the calendar year of issue.
    assert re.search(r"Đợt đào tạo\s+Năm 20\d\d", page.locator(".hocso-verify__details").inner_text())

    page.goto(f"{server}cua-toi/")
    page.locator(".hocso-mine__certificate", has_text=number).wait_for()

    # Another commune's administrator cannot fetch it; the learner's commune administrator revokes it.
    outsider = sign_in(server, "Quản trị Phường Vinh Phú")
    # 403 outside_scope, like every administrator write outside the subtree (anyone may verify the number anyway).
    assert api(server, "POST", f"/certificates/{number}/revoke", {"reason": "Không đúng người học"}, outsider)[0] == 403
    status, _ = api(
        server,
        "POST",
        f"/certificates/{number}/revoke",
        {"reason": "Nhờ người khác làm bài hộ"},
        sign_in(server, "Quản trị Xã Mường Xén"),
    )
    assert status == 200
    page.goto(scanned)
    assert verdict(page).startswith("ĐÃ BỊ THU HỒI") and "Nhờ người khác làm bài hộ" in verdict(page)


def test_a_tampered_record_fails_the_signature_check_in_the_browser(page, server):
    url = re.search(r"Giấy chứng nhận mẫu:\s+(\S+)", server.printed()).group(1)
    page.goto(url)
    assert verdict(page).startswith("HỢP LỆ")
    number = url.split("so=")[1]
    with sqlite3.connect(server.data / "hocso.sqlite3") as db:
        (body,) = db.execute("SELECT body FROM certificates WHERE number = ?", (number,)).fetchone()
        record = json.loads(body)
        record["certificate"]["score_percent"] = 100
        db.execute("UPDATE certificates SET body = ? WHERE number = ?", (json.dumps(record), number))
    page.goto(url)
    assert verdict(page).startswith("KHÔNG HỢP LỆ")


def test_an_unknown_number_is_reported_as_unknown(page, server):
    page.goto(f"{server}xac-minh/")
    page.get_by_label("Số giấy chứng nhận").fill("HS-7K4M-Q9PX-R")
    page.get_by_role("button", name="Xác minh").click()
    assert verdict(page).startswith("Không tìm thấy giấy chứng nhận")


# Each fact's label and value: the label above its value, or beside it on the same line; the value inside the screen.
FACTS = """() => Array.from(document.querySelectorAll(".hocso-verify__details dt")).map(dt => {
  const label = dt.getBoundingClientRect(), value = dt.nextElementSibling.getBoundingClientRect();
  return [dt.textContent, label.bottom <= value.top, Math.abs(label.top - value.top) < 2,
          value.right <= document.documentElement.clientWidth];
})"""


def test_the_verification_page_reads_on_a_phone_and_on_a_wide_screen(browser, server):
    """Most certificates are checked on a phone, from the QR code on the paper: there each label stands above its value
    and nothing reaches past the screen (the longest label beside the values once left them a third of it, and the
    date ran past its edge); on a wide screen each label stands beside its value."""
    url = re.search(r"Giấy chứng nhận mẫu:\s+(\S+)", server.printed()).group(1)
    for screen, stacked in (({"width": 360, "height": 740}, True), ({"width": 1280, "height": 900}, False)):
        context = browser.new_context(viewport=screen, locale="vi-VN")
        page = context.new_page()
        page.goto(url)
        verdict(page)  # valid, or not if another test has tampered with it: the facts are shown either way
        facts = page.evaluate(FACTS)
        assert len(facts) >= 7, facts
        expected = (stacked, not stacked, True)
        assert [label for label, *drawn in facts if tuple(drawn) != expected] == []
        assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
        context.close()
