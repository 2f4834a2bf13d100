"""The paper route to completing a class, in a real Chromium against `make run`, on a 412 px phone: a commune's
administrator opens a class of two days ending today that needs the course's test, registers two learners, and in a
room without signal ticks both present both days and types their scores on the same test taken on paper (one all
right, one none); signal again, the marks and then the scores are sent by themselves, and only the learner who passed
on paper counts as a classroom completion on the dashboard. The paper sheet has the score column. axe finds no
serious problem.

It makes a province of its own (97) in `make run`'s store, which no other module reads."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from tests.browser.test_browser_classes import VIETNAM, commune_admin, signed_in, tick
from tests.support.actors import api, import_learner
from tests.support.browser import serious_accessibility_problems

pytestmark = pytest.mark.browser


def test_a_learner_present_both_days_who_passed_on_paper_counts_as_a_classroom_completion(page, server):
    admin, commune = commune_admin(server, "97")
    first = import_learner(server, admin, "Lò Văn Giấy", commune)
    second = import_learner(server, admin, "Hà Thị Bút", commune)
    today = datetime.now(VIETNAM).date()
    yesterday = today - timedelta(days=1)
    signed_in(page, server, admin)
    page.get_by_label("Tên lớp").fill("Tập huấn có bài kiểm tra trên giấy")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa xã")
    page.get_by_label("Ngày đầu").fill(yesterday.isoformat())
    page.get_by_label("Ngày cuối (lớp không quá 3 ngày)").fill(today.isoformat())
    page.get_by_label("Giảng viên").fill("Nguyễn Văn Giảng")
    page.get_by_label("Yêu cầu đạt bài kiểm tra để hoàn thành").check()
    page.get_by_role("button", name="Mở lớp").click()
    page.get_by_role("heading", name="Tập huấn có bài kiểm tra trên giấy").wait_for()
    page.get_by_label("Tên đăng nhập, mỗi dòng một người").fill(f"{first.username}\n{second.username}")
    page.get_by_role("button", name="Ghi danh").click()
    page.get_by_text("Lớp có 2 học viên.").wait_for()
    [found] = api(server, "GET", "/admin/classes", admin.token).json()["classes"]
    questions = api(server, "GET", f"/admin/classes/{found['class_id']}", admin.token).json()["questions"]
    assert questions
    page.get_by_role("group", name="Điểm bài kiểm tra trên giấy").wait_for()
    assert serious_accessibility_problems(page) == []

    page.context.set_offline(True)
    for day in (yesterday, today):
        page.get_by_label("Ngày điểm danh").select_option(day.isoformat())
        tick(page, "Lò Văn Giấy")
        tick(page, "Hà Thị Bút")
    score = page.get_by_label(f"Lò Văn Giấy · {first.username}: số câu đúng trên {questions}")
    score.fill(str(questions + 1))
    score.press("Tab")
    page.get_by_text(f"Điểm trên giấy là số câu đúng, từ 0 đến {questions}.").wait_for()  # not queued
    score.fill(str(questions))
    score.press("Tab")
    other = page.get_by_label(f"Hà Thị Bút · {second.username}: số câu đúng trên {questions}")
    other.fill("0")
    other.press("Tab")
    page.get_by_text(
        "Đang mất mạng: 4 dấu có mặt được lưu trên máy này"
    ).wait_for()  # waiting on the phone, the two scores behind them
    assert len(page.evaluate("JSON.parse(localStorage.getItem('hocso.classes.scores'))")) == 2

    page.context.set_offline(False)
    page.get_by_text("Đã gửi điểm bài kiểm tra trên giấy: 2 điểm mới, 0 điểm sửa").wait_for()
    page.get_by_text("1/2 học viên đã hoàn thành").wait_for()
    view = api(server, "GET", f"/admin/classes/{found['class_id']}", admin.token).json()
    assert [(p["full_name"], len(p["days"]), p["paper"]["correct"], p["completed"]) for p in view["registered"]] == [
        ("Lò Văn Giấy", 2, questions, True),
        ("Hà Thị Bút", 2, 0, False),
    ]
    assert page.get_by_label(
        f"Lò Văn Giấy · {first.username}: số câu đúng trên {questions} (đã ghi"
    ).input_value() == str(questions)

    with page.expect_download() as sheet:
        page.get_by_role("button", name="Tải danh sách điểm danh (PDF)").click()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(sheet.value.path()).pages)
    assert f"Bài KT: số câu đúng/{questions}" in text and "Lò Văn Giấy" in text

    page.get_by_role("navigation", name="Các trang quản trị").get_by_role("link", name="Bảng điều khiển").click()
    page.locator("[data-figure=classroom]").wait_for()
    assert page.locator("[data-figure=classroom]").inner_text() == "1"
    assert page.locator("[data-figure=passed]").inner_text() == "0"
