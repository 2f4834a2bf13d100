"""A learner's whole journey in a real headless Chromium, against the server that `make run` starts."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`make run` on a free port with its own data folder; stopped with its whole process group."""
    data = tmp_path_factory.mktemp("data")
    port = free_port()
    log = (data / "make-run.log").open("w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}", f"HOCSO_DATA_DIR={data}"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env=env, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 300
    while True:
        if process.poll() is not None:
            pytest.fail("make run stopped:\n" + (data / "make-run.log").read_text())
        try:
            with urllib.request.urlopen(url + "api/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("make run did not serve in time:\n" + (data / "make-run.log").read_text())
        time.sleep(0.5)
    yield url
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)
    log.close()
    assert f"http://127.0.0.1:{port}/" in (data / "make-run.log").read_text()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 412, "height": 915}, locale="vi-VN")
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def heading(page) -> str:
    """The page's h1 without its permalink sign."""
    return page.locator("h1").inner_text().rstrip("¶").strip()


def bank_of(course_id: str) -> dict:
    return json.loads((ROOT / "build" / "bank" / f"{course_id}.json").read_text(encoding="utf-8"))


def answer_correctly(page, bank: dict) -> int:
    """Tick the right choices of every shown question, found by their text in the exported bank."""
    questions = {question["id"]: question for question in bank["questions"]}
    fieldsets = page.locator(".hocso-quiz__question")
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        question = questions[fieldset.get_attribute("data-question")]
        right = {question["choices"][i] for i in question["answer"]}
        labels = fieldset.locator("label")
        for n in range(labels.count()):
            if labels.nth(n).inner_text()[3:] in right:
                labels.nth(n).locator("input").check()
    return fieldsets.count()


def test_a_learner_goes_from_the_home_page_to_a_passed_test(page, server):
    page.goto(server)
    course_link = page.locator(".grid.cards a").first
    title = course_link.inner_text()
    course_link.click()
    assert heading(page) == title
    course_id = page.url.rstrip("/").split("/")[-1]

    page.locator("table a").first.click()
    lesson_title = heading(page)
    assert "Bài 1/10" in page.locator(".hocso-facts").inner_text()
    assert page.title().startswith(lesson_title)

    page.goto(f"{server}khoa-hoc/{course_id}/")
    page.get_by_role("link", name="Làm bài kiểm tra").click()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_selector(".hocso-quiz__question")
    bank = bank_of(course_id)
    assert answer_correctly(page, bank) == bank["rules"]["questions"]
    page.get_by_role("button", name="Nộp bài").click()
    result = page.locator(".hocso-quiz__result").first
    result.wait_for()
    total = bank["rules"]["questions"]
    assert f"Bạn trả lời đúng {total}/{total} câu (100%)." in result.inner_text()
    assert "ĐẠT" in result.inner_text() and "CHƯA ĐẠT" not in result.inner_text()
    assert "Bạn còn 2/3 lượt làm bài." in page.locator("#hocso-quiz").inner_text()

    others = [url for url in page.requests if not url.startswith(server)]
    assert others == []


def test_a_reload_in_the_middle_of_the_test_keeps_the_questions_and_the_ticked_answers(page, server):
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/kiem-tra/")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_selector(".hocso-quiz__question")
    first = page.locator(".hocso-quiz__question").first
    question_id = first.get_attribute("data-question")
    first.locator("input").nth(2).check()
    page.locator(".hocso-quiz__saved", has_text="Đã lưu câu trả lời lúc").wait_for()

    page.reload()
    page.wait_for_selector(".hocso-quiz__question")
    first = page.locator(".hocso-quiz__question").first
    assert first.get_attribute("data-question") == question_id
    assert first.locator("input").nth(2).is_checked()

    # The server kept the answer too: with this device's copy gone, a reload still shows it.
    page.evaluate("localStorage.removeItem('hocso.attempt.tong-quan-chuyen-doi-so')")
    page.reload()
    page.wait_for_selector(".hocso-quiz__question")
    assert page.locator(".hocso-quiz__question").first.locator("input").nth(2).is_checked()
    assert "Đã trả lời 1/20 câu" in page.locator(".hocso-quiz__counter").inner_text()

    page.get_by_role("button", name="Nộp bài").click()
    assert "Còn 19 câu chưa trả lời" in page.locator(".hocso-message--error").inner_text()
    page.get_by_role("button", name="Nộp bài").click()
    page.locator(".hocso-quiz__result").first.wait_for()
    assert "CHƯA ĐẠT" in page.locator(".hocso-quiz__result").first.inner_text()


def test_a_learner_marks_a_lesson_done_and_the_course_page_counts_it(page, server):
    lesson = sorted((ROOT / "content" / "courses" / "tong-quan-chuyen-doi-so").glob("01-*.md"))[0]
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/{lesson.stem[3:]}/")
    page.get_by_role("button", name="Đánh dấu đã học xong bài này").click()
    page.locator(".hocso-progress__done").wait_for()
    assert "Bạn đã học xong bài này." in page.locator(".hocso-progress").inner_text()
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/")
    page.locator(".hocso-progress:not([hidden])").wait_for()
    assert page.locator(".hocso-progress").inner_text() == "Bạn đã học xong 1/10 bài của khóa học."


def test_a_citizen_scans_a_lesson_qr_code_and_lands_on_the_lesson(page, server, tmp_path):
    lesson = sorted((ROOT / "content" / "courses" / "tong-quan-chuyen-doi-so").glob("01-*.md"))[0]
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/{lesson.stem[3:]}/")
    title = heading(page)
    code = page.locator(".hocso-qr__code")
    code.scroll_into_view_if_needed()
    code.screenshot(path=str(tmp_path / "qr.png"))
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "qr.png")], capture_output=True, text=True, check=True)
    url = scanned.stdout.strip()
    assert url == f"{server}q/cds-01/"
    assert page.locator(".hocso-qr__url").inner_text() == url

    phone = page.context.browser.new_context(viewport={"width": 360, "height": 640})
    citizen = phone.new_page()
    citizen.goto(url)
    citizen.wait_for_url(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/{lesson.stem[3:]}/")
    assert heading(citizen) == title
    phone.close()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("an toan thong tin", "khoa-hoc/an-toan-thong-tin-co-ban/"),
        ("an toàn thông tin", "khoa-hoc/an-toan-thong-tin-co-ban/"),
        ("chuyen doi so", "khoa-hoc/tong-quan-chuyen-doi-so/"),
        ("dang nhap", None),
    ],
)
def test_search_finds_pages_with_or_without_diacritics(page, server, query, expected):
    page.goto(server)
    page.locator("#hocso-home-q").fill(query)
    page.locator("#hocso-home-q").press("Enter")
    page.locator(".hocso-search__list").wait_for()
    links = [server + href.split(server, 1)[-1] if href.startswith("http") else href
             for href in page.locator(".hocso-search__list a").evaluate_all("links => links.map(a => a.href)")]
    assert links, "no results"
    if expected:
        assert f"{server}{expected}" in links[:3]
    else:
        # "đăng nhập" is written with đ: folding đ to d is what makes "dang nhap" find it.
        titles = page.locator(".hocso-search__list").inner_text()
        assert "Không tìm thấy" not in page.locator("#hocso-search-results").inner_text() and titles


def test_the_search_index_is_fetched_only_when_search_is_opened(page, server):
    lesson = sorted((ROOT / "content" / "courses" / "tong-quan-chuyen-doi-so").glob("02-*.md"))[0]
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/{lesson.stem[3:]}/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.requests if url.endswith(".json")]
    page.goto(f"{server}tim-kiem/")
    page.locator("#hocso-search-q").focus()
    page.wait_for_load_state("networkidle")
    assert [url for url in page.requests if url.endswith("search/hocso.json")]


def test_a_course_opened_online_can_be_read_offline(browser, server):
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    page.goto(f"{server}khoa-hoc/an-toan-thong-tin-co-ban/")
    status = page.locator(".hocso-offline")
    status.wait_for(state="visible", timeout=30000)
    assert status.inner_text() == "Đã lưu 10 bài học trên máy này để đọc khi không có mạng."
    lesson = sorted((ROOT / "content" / "courses" / "an-toan-thong-tin-co-ban").glob("07-*.md"))[0]
    context.set_offline(True)
    page.goto(f"{server}khoa-hoc/an-toan-thong-tin-co-ban/{lesson.stem[3:]}/")
    assert heading(page).startswith("Bảo vệ dữ liệu cá nhân")
    page.goto(f"{server}khoa-hoc/an-toan-thong-tin-co-ban/")
    assert heading(page) == "An toàn thông tin cơ bản cho cán bộ, công chức"
    context.close()


def test_sharing_a_lesson_copies_its_short_link_where_there_is_no_share_sheet(browser, server):
    context = browser.new_context(viewport={"width": 412, "height": 915})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = context.new_page()
    page.goto(f"{server}huong-dan/lam-sao-de-dat-mat-khau-manh/")
    page.evaluate("delete Navigator.prototype.share")
    page.get_by_role("button", name="Chia sẻ trang này").click()
    page.locator(".hocso-share__status:not([hidden])").wait_for()
    assert page.locator(".hocso-share__status").inner_text().startswith("Đã sao chép liên kết.")
    assert page.evaluate("navigator.clipboard.readText()") == f"{server}q/hd-mat-khau/"
    context.close()


def test_a_guide_opened_once_from_a_qr_code_can_be_read_again_offline(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(f"{server}q/hd-lua-dao/")
    page.wait_for_url(f"{server}huong-dan/lam-sao-de-nhan-biet-lua-dao/")
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_timeout(500)
    context.set_offline(True)
    page.reload()
    assert heading(page) == "Làm sao để nhận biết tin nhắn, cuộc gọi lừa đảo?"
    context.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize(
    "path",
    [
        "",
        "khoa-hoc/tong-quan-chuyen-doi-so/",
        "khoa-hoc/an-toan-thong-tin-co-ban/mat-khau-va-xac-thuc/",
        "khoa-hoc/an-toan-thong-tin-co-ban/kiem-tra/",
        "huong-dan/",
        "huong-dan/lam-sao-de-dung-vneid/",
        "tim-kiem/",
    ],
)
def test_axe_finds_no_serious_or_critical_accessibility_problem(page, server, path):
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_test_can_be_taken_with_the_keyboard_alone(page, server):
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/kiem-tra/")
    page.get_by_role("button", name="Bắt đầu làm bài").wait_for()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Bắt đầu làm bài":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector(".hocso-quiz__question")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    page.keyboard.press("Space")
    assert page.locator(".hocso-quiz__question").first.locator("input:checked").count() == 1
