"""The classroom training page (quan-tri/lop-tap-huan/) in a real Chromium against `make run`, on a 412 px phone: a
commune's administrator opens a class of two days ending today, registers a learner by username and one from a CSV,
goes offline, ticks attendance (kept on the phone, the page reloaded offline still shows it), comes back online and
the marks are sent by themselves; the learners present both days count in the report as classroom completions, on
the dashboard beside the online passes. The paper sheet downloads as a PDF naming the learners. axe finds no serious
problem.

Each test makes a province of its own in `make run`'s store, which no other module reads."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

from functions.accounts.account import Unit, unit_path
from functions.stores.sqlite.accounts import SQLiteAccounts
from tests.support.actors import Actor, add_admin, api, import_learner
from tests.support.adminpages import admin_page
from tests.support.browser import heading, serious_accessibility_problems

pytestmark = pytest.mark.browser
VIETNAM = timezone(timedelta(hours=7))


def commune_admin(server, code: str) -> tuple[Actor, str]:
    """A province and a commune of it in `make run`'s store, and an activated administrator of the commune."""
    accounts = SQLiteAccounts(server.data / "hocso.sqlite3")
    top = Unit(code=code, name=f"Tỉnh Thử Lớp {code}", kind="Tỉnh", path=unit_path(code, None))
    commune = Unit(code=f"{code}-X1", name=f"Xã Thử Lớp {code}", kind="Xã", parent_code=code, path=f"{code}/{code}-X1/")
    accounts.put_units([top, commune])
    accounts.close()
    return add_admin(server, "Quản trị viên xã thử lớp", commune.code), commune.code


def signed_in(page, server, actor: Actor):
    return admin_page(page, server, actor, "Lớp tập huấn", "lop-tap-huan/")


def tick(page, name: str) -> None:
    page.locator(".hocso-admin__class-learners label", has_text=name).locator("input").check()


def test_attendance_taken_offline_on_a_phone_is_synced_and_counted_as_classroom_completions(page, server):
    admin, commune = commune_admin(server, "94")
    first = import_learner(server, admin, "Lò Văn Một", commune)
    second = import_learner(server, admin, "Hà Thị Hai", commune)
    today = datetime.now(VIETNAM).date()
    yesterday = today - timedelta(days=1)
    signed_in(page, server, admin)
    assert heading(page) == "Lớp tập huấn trực tiếp"
    page.get_by_text("Chưa có lớp tập huấn trực tiếp nào").wait_for()

    page.get_by_label("Tên lớp").fill("Tập huấn chuyển đổi số cho cán bộ đầu mối")
    page.get_by_label("Địa điểm").fill("Hội trường UBND xã")
    page.get_by_label("Ngày đầu").fill(yesterday.isoformat())
    page.get_by_label("Ngày cuối (lớp không quá 3 ngày)").fill((today + timedelta(days=3)).isoformat())
    page.get_by_label("Giảng viên").fill("Nguyễn Văn Giảng")
    page.get_by_role("button", name="Mở lớp").click()
    page.get_by_text("Lớp tập huấn trực tiếp diễn ra không quá 3 ngày").wait_for()  # five days: refused, with why
    page.get_by_label("Ngày cuối (lớp không quá 3 ngày)").fill(today.isoformat())
    page.get_by_role("button", name="Mở lớp").click()
    page.get_by_role("heading", name="Tập huấn chuyển đổi số cho cán bộ đầu mối").wait_for()
    page.get_by_label("Tên đăng nhập, mỗi dòng một người").fill(first.username)
    page.get_by_role("button", name="Ghi danh").click()
    page.get_by_text("Lớp có 1 học viên.").wait_for()
    csv = f"Họ và tên,Tên đăng nhập\nHà Thị Hai,{second.username}\n".encode()
    page.get_by_label("Hoặc tệp CSV có cột “Tên đăng nhập”").set_input_files(
        {"name": "hoc-vien.csv", "mimeType": "text/csv", "buffer": csv}
    )
    page.get_by_role("button", name="Ghi danh").click()
    page.get_by_text("Lớp có 2 học viên.").wait_for()
    assert serious_accessibility_problems(page) == []

    # In the room, no signal: both present yesterday, the first present today.
    page.context.set_offline(True)
    page.get_by_label("Ngày điểm danh").select_option(yesterday.isoformat())
    tick(page, "Lò Văn Một")
    tick(page, "Hà Thị Hai")
    page.get_by_label("Ngày điểm danh").select_option(today.isoformat())
    tick(page, "Lò Văn Một")
    page.get_by_text("Đang mất mạng: 3 dấu có mặt được lưu trên máy này").wait_for()
    page.reload()  # the page, kept by the service worker, opens offline with the class and the marks waiting
    page.get_by_role("heading", name="Tập huấn chuyển đổi số cho cán bộ đầu mối").wait_for()
    page.get_by_label("Ngày điểm danh").select_option(today.isoformat())
    assert page.locator(".hocso-admin__class-learners label", has_text="Lò Văn Một").locator("input").is_checked()
    assert api(server, "GET", "/admin/classes", admin.token).json()["classes"][0]["learners"] == 2

    # Signal again: the marks go by themselves, each kept once. A try whose answer the flapping signal lost is sent
    # again and answered as already kept (Chromium may let a request through while it reports the page offline).
    page.context.set_offline(False)
    sent = page.get_by_text(re.compile(r"Đã gửi điểm danh: \d+ dấu mới, \d+ dấu đã có từ trước\."))
    sent.wait_for()
    new, kept = map(int, re.findall(r"\d+", sent.inner_text())[:2])
    assert new + kept == 3, sent.inner_text()
    tick(page, "Hà Thị Hai")
    page.get_by_text("Đã gửi điểm danh: 1 dấu mới").wait_for()
    page.get_by_text("2/2 học viên đã hoàn thành").wait_for()
    [found] = api(server, "GET", "/admin/classes", admin.token).json()["classes"]
    view = api(server, "GET", f"/admin/classes/{found['class_id']}", admin.token).json()
    assert [(p["full_name"], len(p["days"]), p["completed"]) for p in view["registered"]] == [
        ("Lò Văn Một", 2, True),
        ("Hà Thị Hai", 2, True),
    ]

    with page.expect_download() as sheet:
        page.get_by_role("button", name="Tải danh sách điểm danh (PDF)").click()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(sheet.value.path()).pages)
    assert "Lò Văn Một" in text and "Hà Thị Hai" in text and "Hội trường UBND xã" in text

    page.get_by_role("navigation", name="Các trang quản trị").get_by_role("link", name="Bảng điều khiển").click()
    page.locator("[data-figure=classroom]").wait_for()
    assert page.locator("[data-figure=classroom]").inner_text() == "2"
    assert page.locator("[data-figure=passed]").inner_text() == "0"
