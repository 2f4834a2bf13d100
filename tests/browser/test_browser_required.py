"""Courses required for a learner's category in a real Chromium against `make run`: a youth-union member, imported with
that category, activates their account and finds on "Khóa học của tôi" the course required for them first and
marked, and the course not required for them after it, unmarked; the province's dashboard, asked about one course,
judges the commune on the categories that course is required for alone.

The demo courses declare (content/courses/*/course.yml): "Tổng quan về chuyển đổi số" is required for youth-union
members, "An toàn thông tin cơ bản" is not, and comes first in the catalogue's order."""

from __future__ import annotations

import csv

import pytest

from tests.support.adminpages import downloaded, sign_in, table_rows, written
from tests.support.paths import CONTENT

pytestmark = pytest.mark.browser
COMMUNE = "16998-BB"  # made by this test alone, so other modules sharing `make run` are not disturbed
REQUIRED, OPTIONAL = "tong-quan-chuyen-doi-so", "an-toan-thong-tin-co-ban"


def test_a_required_course_comes_first_for_the_learner_and_is_judged_alone_on_the_dashboard(page, server, tmp_path):
    sign_in(page, server, "Quản trị tỉnh")
    page.goto(f"{server}quan-tri/nhap-du-lieu/")
    page.get_by_label("Đơn vị trực thuộc").check()
    units = [[COMMUNE, "Xã Thử Bắt Buộc", "40", "Xã", "có", "3", "2"]]
    header = [
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã đơn vị cha",
        "Loại",
        "Vùng khó khăn",
        "Biên chế CB, CC, VC",
        "Biên chế Đoàn viên thanh niên",
    ]
    page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "don-vi.csv", units, header))
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.locator(".hocso-admin__outcome", has_text="Đã nhập").wait_for()

    page.get_by_label("Học viên (tạo tài khoản học tập)").check()
    learners = [["Vi Thị Đoàn", COMMUNE, "Bí thư chi đoàn", "0912000991", "", "Đoàn viên thanh niên"]]
    header = ["Họ và tên", "Mã đơn vị", "Chức vụ", "Số điện thoại", "Email", "Đối tượng"]
    page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "hoc-vien.csv", learners, header))
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.locator(".hocso-admin__outcome", has_text="Đã nhập").wait_for()
    listing = downloaded(page, "Tải danh sách tài khoản (CSV)")
    [slip] = list(csv.DictReader(open(listing.path(), encoding="utf-8-sig")))

    learner = page.context.browser.new_context(viewport={"width": 412, "height": 915}, locale="vi-VN").new_page()
    learner.goto(f"{server}tai-khoan/")
    activation = learner.locator("form[data-action=activate]")
    activation.get_by_label("Tên đăng nhập").fill(slip["Tên đăng nhập"])
    activation.get_by_label("Mã kích hoạt").fill(slip["Mã kích hoạt"])
    activation.get_by_label("Mật khẩu mới (ít nhất 8 ký tự)").fill("kq7-youth-river-58")
    activation.get_by_role("button", name="Kích hoạt và đăng nhập").click()
    learner.wait_for_url(f"{server}cua-toi/?da-kich-hoat=1")

    required = learner.locator(f".hocso-mine__course[data-course={REQUIRED}]")
    required.locator(".hocso-mine__required").wait_for()
    learner.locator(f".hocso-mine__course[data-course={OPTIONAL}] .hocso-mine__status", has_text="Bài học").wait_for()
    sections = learner.locator(".hocso-mine__course")
    others = sorted(path.name for path in (CONTENT / "courses").iterdir() if path.name != REQUIRED)
    assert OPTIONAL in others
    assert [node.get_attribute("data-course") for node in sections.all()] == [REQUIRED, *others]
    assert required.locator(".hocso-mine__required").inner_text() == "Bắt buộc đối với bạn"
    assert required.get_attribute("data-required") == ""
    optional = learner.locator(f".hocso-mine__course[data-course={OPTIONAL}]")
    assert optional.get_attribute("data-required") is None
    assert not optional.locator(".hocso-mine__required").count()
    # The headings read in the new order too: the required course's is the page's first.
    assert learner.locator(".hocso-mine h2").first.inner_text() == "Tổng quan về chuyển đổi số"

    # Its course page says for whom it is required, the learner's category among them.
    learner.goto(f"{server}khoa-hoc/{REQUIRED}/")
    assert "Đoàn viên thanh niên" in learner.locator(".hocso-required").inner_text()
    learner.goto(f"{server}khoa-hoc/{OPTIONAL}/")
    assert "Đoàn viên thanh niên" not in learner.locator(".hocso-required").inner_text()
    learner.context.close()

    # The province's dashboard asked about the course not required for youth-union members: the commune's 3 officials
    # in post are judged, its 2 youth-union members are shown and not judged.
    page.goto(f"{server}quan-tri/?unit={COMMUNE}&course={OPTIONAL}")
    page.locator("[data-required-for]").wait_for()
    assert page.locator("[data-required-for]").get_attribute("data-required-for") == "cbccvc kct cnscd"
    assert (
        page.locator("[data-required-for]")
        .inner_text()
        .startswith("Khóa học bắt buộc đối với: Cán bộ, công chức, viên chức; Người hoạt động không chuyên trách")
    )
    verdict = page.locator("[data-verdict]")
    assert verdict.inner_text() == "Tỷ lệ hoàn thành trên số biên chế: 0% (0 / 3 biên chế) — chỉ tiêu 80%: Chưa đạt"
    table = page.locator("table", has=page.locator("caption", has_text="Số liệu theo đơn vị"))
    headers = [cell.inner_text().strip() for cell in table.locator("thead th").all()]
    assert headers[-3:] == [
        "Biên chế Đoàn viên TN (không bắt buộc)",
        "Đạt Đoàn viên TN (không bắt buộc)",
        "Hoàn thành Đoàn viên TN (không bắt buộc)",
    ]
    assert headers[-6] == "Biên chế CB, CC, VC (bắt buộc)"
    [row] = table_rows(table)
    assert row[:3] == ["Xã Thử Bắt Buộc", "3", "1"]  # officials in post (the course's required staff), accounts
    assert row[-6:] == ["3", "0", "0%", "2", "0", "Không bắt buộc"]

    # The course required for youth-union members judges them too.
    page.goto(f"{server}quan-tri/?unit={COMMUNE}&course={REQUIRED}")
    page.locator("[data-verdict]", has_text="(0 / 5 biên chế)").wait_for()
    headers = [cell.inner_text().strip() for cell in table.locator("thead th").all()]
    assert headers[-1] == "Hoàn thành Đoàn viên TN (bắt buộc)"
