"""The administrators' pages in a real Chromium against `make run`: a commune administrator imports a learner list
(problems shown row by row, then fixed), prints the slips; a learner from the slips activates, studies, passes and is
counted on the dashboard; another commune's administrator is refused; axe finds no serious accessibility problem.

Everything a test needs it creates itself (its own learners, imported through the page), so the order of the
browser test modules sharing one `make run` does not matter."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.request

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.support.adminpages import downloaded, sign_in, table_rows, written
from tests.support.banks import bank_of
from tests.support.browser import answer_correctly, heading, serious_accessibility_problems

pytestmark = pytest.mark.browser
COURSE = "tong-quan-chuyen-doi-so"
LEARNERS = [
    ["Đinh Văn Khánh", "16813", "Công chức Văn hóa - Xã hội", "0912000101", ""],
    ["Lò Thị Phương", "16813-T1", "Tổ viên", "0912000102", ""],
    ["Vi Văn Sơn", "16813", "Công an viên", "", "son.vv@example.vn"],
]
REFUSAL = "Bạn chỉ quản lý được đơn vị của mình và các đơn vị trực thuộc."


def figures(page) -> dict[str, int]:
    """The dashboard's summary figures by name (issued, passed, certified…)."""
    page.locator("[data-figure]").first.wait_for()
    return {
        node.get_attribute("data-figure"): int(node.inner_text().replace(".", ""))
        for node in page.locator("[data-figure]").all()
    }


def activate(server, username: str, code: str, password: str) -> int:
    body = json.dumps({"username": username, "code": code, "password": password}).encode()
    request = urllib.request.Request(
        f"{server}api/accounts/activate", data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_commune_imports_learners_and_sees_one_who_passed_counted_while_another_commune_is_refused(
    page, server, tmp_path
):
    sign_in(page, server, "Quản trị Xã Mường Xén")
    page.goto(f"{server}quan-tri/")
    assert page.locator(".hocso-admin__body h2").inner_text() == "Xã Mường Xén"
    before = figures(page)

    # A list with two bad rows: checked, the problems shown by row; "all or nothing" keeps nothing.
    page.goto(f"{server}quan-tri/nhap-du-lieu/")
    bad = [LEARNERS[0], [*LEARNERS[1][:3], "12345", ""], [LEARNERS[2][0], "16702", *LEARNERS[2][2:]]]
    page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "hoc-vien.csv", bad))
    page.get_by_label("Đợt học").fill("Đợt thử nghiệm")
    page.get_by_role("button", name="Kiểm tra").click()
    problems = page.locator("table", has=page.locator("caption", has_text="Các dòng có lỗi"))
    problems.wait_for()
    assert table_rows(problems) == [
        ["3", "Số điện thoại", "Số điện thoại không hợp lệ (cần 10 chữ số, bắt đầu bằng 0)"],
        ["4", "Mã đơn vị", "Đơn vị này không thuộc phạm vi bạn quản lý"],
    ]
    assert page.locator(".hocso-admin__outcome").inner_text().startswith("Đã đọc 3 dòng: 1 dòng hợp lệ, 2 dòng có lỗi.")
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.locator(".hocso-admin__outcome", has_text="Chưa nhập dòng nào").wait_for()
    assert not page.get_by_role("button", name="Tải phiếu tài khoản (PDF)").count()

    # Fixed, imported; the slips of the three new accounts are printed and listed.
    page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "hoc-vien-da-sua.csv", LEARNERS))
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.locator(".hocso-admin__outcome", has_text="Đã nhập").wait_for()
    assert (
        page.locator(".hocso-admin__outcome").inner_text()
        == "Đã nhập: 3 tài khoản mới, 0 người đã có tài khoản được cập nhật."
    )
    pdf = downloaded(page, "Tải phiếu tài khoản (PDF)")
    assert pdf.suggested_filename.endswith(".pdf")
    text = "".join(p.extract_text() for p in PdfReader(pdf.path()).pages)
    assert all(learner[0] in text for learner in LEARNERS)
    listing = downloaded(page, "Tải danh sách tài khoản (CSV)")
    slips = {row["Họ và tên"]: row for row in csv.DictReader(open(listing.path(), encoding="utf-8-sig"))}
    assert sorted(slips) == sorted(learner[0] for learner in LEARNERS)
    khanh = slips["Đinh Văn Khánh"]
    assert khanh["Mã kích hoạt"] in text

    # The learner activates with the printed code, studies, passes and gets the certificate.
    learner = page.context.browser.new_context(viewport={"width": 412, "height": 915}, locale="vi-VN").new_page()
    learner.goto(f"{server}tai-khoan/")
    activation = learner.locator("form[data-action=activate]")
    activation.get_by_label("Tên đăng nhập").fill(khanh["Tên đăng nhập"])
    activation.get_by_label("Mã kích hoạt").fill(khanh["Mã kích hoạt"])
    activation.get_by_label("Mật khẩu mới (ít nhất 8 ký tự)").fill("kq7-river-stone-42")
    activation.get_by_role("button", name="Kích hoạt và đăng nhập").click()
    learner.wait_for_url(f"{server}cua-toi/?da-kich-hoat=1")
    lessons = bank_of(COURSE)["lessons"]
    learner.goto(f"{server}khoa-hoc/{COURSE}/")
    learner.locator("table a").first.click()
    learner.get_by_role("button", name="Đánh dấu đã học xong bài này").click()
    learner.locator(".hocso-progress__done").wait_for()
    learner.evaluate(
        """([course, lessons]) => Promise.all(lessons.map(lesson =>
        hocso.call("/api", "PUT", "/progress/courses/" + course + "/lessons/" + lesson)))""",
        [COURSE, lessons[1:]],
    )
    learner.goto(f"{server}khoa-hoc/{COURSE}/kiem-tra/")
    learner.get_by_role("button", name="Bắt đầu làm bài").click()
    learner.wait_for_selector(".hocso-quiz__question")
    answer_correctly(learner, bank_of(COURSE)["questions"])
    learner.get_by_role("button", name="Nộp bài").click()
    number = re.search(
        r"số (HS-\S+) đã được cấp", learner.locator(".hocso-quiz__certificate-number").inner_text()
    ).group(1)
    learner.context.close()

    # The commune's dashboard counts the three accounts and the pass; the chart and the table drill down.
    page.goto(f"{server}quan-tri/")
    after = figures(page)
    assert (after["issued"], after["activated"]) == (before["issued"] + 3, before["activated"] + 1)
    assert (after["passed"], after["certified"]) == (before["passed"] + 1, before["certified"] + 1)
    chart = page.locator("figure svg[role=img]").first
    assert chart.get_attribute("aria-label").startswith(
        "Biểu đồ cột tỷ lệ hoàn thành của 1 đơn vị trực thuộc: Tổ công nghệ số cộng đồng Xã Mường Xén"
    )
    # The demo's commune has no headcount: the rate over accounts issued, and no verdict on target.
    assert page.locator("[data-verdict]").inner_text().startswith("Tỷ lệ đạt trên tài khoản được cấp:")
    reach = page.locator("[data-reach=total]")  # the pages this test opened were counted, anonymously
    reach.wait_for()
    assert re.fullmatch(
        r"[\d.]+ lượt mở trang, [\d.]+ lượt quét mã QR \(đếm ẩn danh, không lưu thông tin cá nhân\)\.",
        reach.inner_text(),
    )
    assert int(reach.inner_text().split(" ")[0].replace(".", "")) > 0
    report = downloaded(page, "Tải báo cáo Excel (XLSX)")
    assert re.fullmatch(r"bao-cao-16813-\d{4}-\d{2}-\d{2}\.xlsx", report.suggested_filename)
    assert load_workbook(io.BytesIO(report.path().read_bytes())).active.max_row > 1
    page.locator("tr.hocso-admin__drill").first.locator("td").nth(1).click()
    page.wait_for_url(re.compile(r"\?unit=16813-T1$"))
    assert page.locator(".hocso-admin__body h2").inner_text() == "Tổ công nghệ số cộng đồng Xã Mường Xén"
    page.get_by_role("link", name="← Về đơn vị cấp trên").click()
    page.wait_for_url(re.compile(r"\?unit=16813$"))

    # The learner in the list (found without accents), in full, with the certificate.
    page.goto(f"{server}quan-tri/hoc-vien/?q=dinh%20van%20khanh")
    page.get_by_role("link", name="Đinh Văn Khánh").click()
    page.wait_for_url(re.compile(r"\?id="))
    learner_id = page.url.split("?id=")[1]
    page.locator(".hocso-admin__course", has_text=f"Giấy chứng nhận số {number} (còn hiệu lực).").wait_for()
    assert heading(page) == "Học viên" and page.locator(".hocso-admin__body h2").inner_text() == "Đinh Văn Khánh"

    # A new activation code for a learner who lost the slip, shown once, works.
    page.goto(f"{server}quan-tri/hoc-vien/?q=phuong")
    page.get_by_role("link", name="Lò Thị Phương").click()
    page.get_by_role("button", name="Cấp lại mã kích hoạt").click()
    code = page.locator(".hocso-admin__code")
    code.wait_for()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code.inner_text())
    assert code.inner_text() != slips["Lò Thị Phương"]["Mã kích hoạt"]
    assert (
        activate(
            server,
            slips["Lò Thị Phương"]["Tên đăng nhập"],
            slips["Lò Thị Phương"]["Mã kích hoạt"],
            "kq7-river-stone-42",
        )
        == 401
    )
    assert activate(server, slips["Lò Thị Phương"]["Tên đăng nhập"], code.inner_text(), "kq7-river-stone-42") == 200

    # Another commune's administrator is refused the commune and cannot find or open the learner.
    outsider = page.context.browser.new_context(viewport={"width": 412, "height": 915}, locale="vi-VN").new_page()
    sign_in(outsider, server, "Quản trị Phường Vinh Phú")
    outsider.goto(f"{server}quan-tri/?unit=16813")
    assert outsider.get_by_role("alert").inner_text() == REFUSAL
    assert not outsider.locator("[data-figure]").count()
    outsider.goto(f"{server}quan-tri/hoc-vien/?unit=16813")
    assert outsider.get_by_role("alert").inner_text() == REFUSAL
    outsider.goto(f"{server}quan-tri/hoc-vien/?q=khanh")
    outsider.get_by_text("Không có học viên nào phù hợp.").wait_for()
    outsider.goto(f"{server}quan-tri/hoc-vien/?id={learner_id}")
    assert outsider.get_by_role("alert").inner_text() == "Không tìm thấy tài khoản."
    outsider.context.close()

    # The commune's administrator revokes the certificate; the audit trail shows the import and the slips.
    page.goto(f"{server}quan-tri/hoc-vien/?id={learner_id}")
    page.get_by_label(f"Lý do thu hồi giấy chứng nhận số {number}").fill("Nhờ người khác làm bài hộ")
    page.get_by_role("button", name="Thu hồi giấy chứng nhận").click()
    page.locator(".hocso-admin__course", has_text=f"Giấy chứng nhận số {number} (đã bị thu hồi).").wait_for()
    page.goto(f"{server}quan-tri/nhat-ky/")
    trail = page.locator("table", has=page.locator("caption", has_text="Nhật ký truy cập"))
    trail.wait_for()
    actions = [row[2] for row in table_rows(trail)]
    assert {"Nhập danh sách học viên", "Tải phiếu tài khoản", "Xem thông tin học viên"} <= set(actions)


def test_the_pages_tell_a_guest_and_a_learner_they_are_for_administrators(page, server):
    page.goto(f"{server}quan-tri/nhap-du-lieu/")
    warning = page.get_by_role("alert")
    assert (
        warning.inner_text()
        == "Trang này dành cho quản trị viên. Bạn chưa đăng nhập. Đăng nhập bằng tài khoản quản trị"
    )
    warning.get_by_role("link").click()
    page.wait_for_url(f"{server}tai-khoan/")
    sign_in(page, server, "Học viên đã học 6/10 bài", lands_on="cua-toi/")
    page.goto(f"{server}quan-tri/")
    assert "không phải tài khoản quản trị" in page.get_by_role("alert").inner_text()


@pytest.mark.parametrize("path", ["quan-tri/", "quan-tri/nhap-du-lieu/", "quan-tri/hoc-vien/", "quan-tri/nhat-ky/"])
def test_axe_finds_no_serious_or_critical_problem_on_the_administrators_pages(page, server, tmp_path, path):
    sign_in(page, server, "Quản trị tỉnh")
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    if path == "quan-tri/nhap-du-lieu/":  # with a result on screen: the problems table
        page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "loi.csv", [["", "40", "", "1", ""]]))
        page.get_by_role("button", name="Kiểm tra").click()
        page.locator(".hocso-admin__table").wait_for()
    page.wait_for_function("!document.querySelector('.hocso-admin__body').textContent.includes('Đang tải')")
    assert serious_accessibility_problems(page) == []
