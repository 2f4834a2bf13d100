"""A citizen's and a learner's steps on a 360 × 740 phone, in a real Chromium against `make run`: each step leads on
(activation into lesson 1, sign-in back to the page that asked, a wrong code says who to ask), search is one tap away
on every page, and what is for staff shows to staff only."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from tests.support import actors
from tests.support.adminpages import signed_in_as
from tests.support.browser import heading

pytestmark = pytest.mark.browser
COURSE = actors.COURSE
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def first_lesson(page, server) -> str:
    page.goto(f"{server}khoa-hoc/{COURSE}/")
    return page.get_by_role("link", name="Bắt đầu học bài 1").get_attribute("href")


def test_a_passer_by_sees_no_staff_controls_and_search_is_one_tap_away(phone, server):
    phone.goto(f"{server}khoa-hoc/{COURSE}/")
    assert phone.locator(".hocso-nav-admin").count() >= 1 and phone.locator(".hocso-nav-admin").first.is_hidden()
    assert phone.locator(".hocso-nav-signed-in").first.is_hidden()
    assert phone.get_by_role("link", name="Tải áp phích của tất cả các bài (PDF)").is_hidden()
    assert phone.get_by_role("link", name="Tải áp phích để in (PDF, A4)").is_hidden()
    assert phone.locator(".hocso-progress[data-course]").is_hidden()  # no "0/10" for someone who has read nothing
    for link in (phone.locator(".hocso-search-link"), phone.locator(".hocso-account-link")):
        box = link.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24 and box["x"] + box["width"] <= PHONE["width"]
    phone.locator(".hocso-search-link").click()
    phone.wait_for_url(f"{server}tim-kiem/")
    assert heading(phone) == "Tìm kiếm"


def test_an_administrator_sees_the_menu_and_the_posters(phone, server):
    signed_in_as(phone, server, actors.printed_login(server, "Quản trị tỉnh"), actors.DEMO_PASSWORD)
    phone.goto(f"{server}khoa-hoc/{COURSE}/")
    assert phone.get_by_role("link", name="Tải áp phích của tất cả các bài (PDF)").is_visible()
    assert phone.locator(".hocso-nav-admin").first.evaluate("e => getComputedStyle(e).display") != "none"


def test_signing_in_from_a_lesson_brings_the_learner_back_to_it(phone, server):
    admin = actors.sign_in(server, actors.printed_login(server, "Quản trị Xã Mường Xén"), actors.DEMO_PASSWORD)
    learner = actors.import_learner(server, admin, "Lò Văn Quay Lại", "16813")
    lesson = f"{server}khoa-hoc/{COURSE}/{first_lesson(phone, server).strip('./').split('/')[-1]}/"
    phone.goto(lesson)
    phone.locator(".hocso-account-link", has_text="Đăng nhập").click()
    form = phone.locator("form[data-action=signin]")
    form.get_by_label("Tên đăng nhập").fill(learner.username)
    form.get_by_label("Mật khẩu").fill(learner.password)
    form.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(lesson)
    assert phone.locator(".hocso-account-link").inner_text() == "Lò Văn Quay Lại"


def test_a_sign_in_page_told_to_go_elsewhere_stays_on_the_site(phone, server):
    admin = actors.sign_in(server, actors.printed_login(server, "Quản trị Xã Mường Xén"), actors.DEMO_PASSWORD)
    learner = actors.import_learner(server, admin, "Lò Văn Ở Lại", "16813")
    for elsewhere in ("//example.org/lua-dao", "/\\example.org/lua-dao", "https://example.org/", "javascript:alert(1)"):
        phone.goto(f"{server}tai-khoan/")
        phone.evaluate("localStorage.removeItem('hocso.session')")
        phone.goto(f"{server}tai-khoan/?tiep={quote(elsewhere)}")
        form = phone.locator("form[data-action=signin]")
        form.get_by_label("Tên đăng nhập").fill(learner.username)
        form.get_by_label("Mật khẩu").fill(learner.password)
        form.get_by_role("button", name="Đăng nhập").click()
        phone.wait_for_url(f"{server}cua-toi/")


def test_activation_leads_into_lesson_1_and_a_wrong_code_says_who_to_ask(phone, server):
    admin = actors.sign_in(server, actors.printed_login(server, "Quản trị Xã Mường Xén"), actors.DEMO_PASSWORD)
    slip = actors.issue_learner(server, admin, "Lò Thị Mới Vào", "16813")
    phone.goto(f"{server}tai-khoan/")
    activation = phone.locator("form[data-action=activate]")
    activation.get_by_label("Tên đăng nhập").fill(slip["Tên đăng nhập"])
    activation.get_by_label("Mã kích hoạt").fill("SAIMA-SAIMA")
    activation.get_by_label("Mật khẩu mới (ít nhất 8 ký tự)").fill("kq7-river-stone-42")
    activation.get_by_role("button", name="Kích hoạt và đăng nhập").click()
    error = activation.locator(".hocso-message--error")
    error.wait_for()
    assert "hãy nhờ quản trị viên của xã (hoặc đơn vị) bạn cấp lại mã kích hoạt" in error.inner_text()
    activation.get_by_label("Mã kích hoạt").fill(slip["Mã kích hoạt"])
    activation.get_by_role("button", name="Kích hoạt và đăng nhập").click()
    phone.wait_for_url(f"{server}cua-toi/?da-kich-hoat=1")
    assert "Tài khoản của bạn đã được kích hoạt." in phone.locator(".hocso-message--info").first.inner_text()
    start = phone.locator(".hocso-mine__start")
    first = phone.locator(".hocso-mine__course").first
    assert start.inner_text() == "Bắt đầu học bài 1: " + first.get_attribute("data-title")
    start.click()
    assert "Bài 1/" in phone.locator(".hocso-facts").inner_text()


def answered(status: int, code: str):
    """A route handler answering the lesson's progress with `status` and the API's error shape."""
    body = json.dumps({"error": {"code": code, "message": "Thử lỗi", "details": []}})
    return lambda route: route.fulfill(status=status, content_type="application/json", body=body)


def test_a_lesson_whose_progress_cannot_be_read_still_offers_its_mark_or_asks_to_sign_in_again(phone, server):
    admin = actors.sign_in(server, actors.printed_login(server, "Quản trị Xã Mường Xén"), actors.DEMO_PASSWORD)
    learner = actors.import_learner(server, admin, "Lò Văn Đánh Dấu", "16813")
    lesson_id = first_lesson(phone, server).strip("./").split("/")[-1]
    lesson = f"{server}khoa-hoc/{COURSE}/{lesson_id}/"
    progress = f"**/api/progress/courses/{COURSE}"
    signed_in_as(phone, server, learner.username, learner.password, lands_on="cua-toi/")

    # Busy for a moment (503, 429): the mark is offered all the same, and it counts when the server answers it.
    for status, code in ((503, "unavailable"), (429, "rate_limited")):
        phone.route(progress, answered(status, code))
        phone.goto(lesson)
        mark = phone.get_by_role("button", name="Đánh dấu đã học xong bài này")
        mark.wait_for()
        phone.unroute(progress)
    mark.click()
    phone.get_by_text("Bạn đã học xong bài này.").wait_for()
    assert len(actors.api(server, "GET", f"/progress/courses/{COURSE}", learner.token).json()["done"]) == 1

    # No functions behind the site (404): the lesson stays a plain page.
    phone.route(progress, answered(404, "not_found"))
    phone.goto(lesson)
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".hocso-progress[data-lesson]").is_hidden()
    phone.unroute(progress)

    # The token ran out or was ended elsewhere: sign in again, back to this lesson; never a mark made for a guest.
    phone.route(progress, answered(401, "session_ended"))
    phone.goto(lesson)
    again = phone.locator(".hocso-progress[data-lesson] .hocso-message--warning")
    again.wait_for()
    assert again.inner_text().startswith("Phiên đăng nhập đã hết.")
    assert phone.get_by_role("button", name="Đánh dấu đã học xong bài này").count() == 0
    link = again.get_by_role("link", name="Đăng nhập")
    assert link.get_attribute("href") == f"{server}tai-khoan/?tiep={quote(f'/khoa-hoc/{COURSE}/{lesson_id}/', safe='')}"
    phone.unroute(progress)
    link.click()
    form = phone.locator("form[data-action=signin]")
    form.get_by_label("Tên đăng nhập").fill(learner.username)
    form.get_by_label("Mật khẩu").fill(learner.password)
    form.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(lesson)
    phone.get_by_text("Bạn đã học xong bài này.").wait_for()
