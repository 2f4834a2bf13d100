"""What citizens and everyone meet on the site, in a real headless Chromium: QR codes, search, offline, sharing,
video, accessibility."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.support.browser import heading, serious_accessibility_problems
from tests.support.paths import ROOT, VECTORS
from tests.support.servers import free_port

pytestmark = pytest.mark.browser


def test_a_citizen_scans_a_lesson_qr_code_and_lands_on_the_lesson(page, server, tmp_path):
    lesson = sorted((ROOT / "content" / "courses" / "tong-quan-chuyen-doi-so").glob("01-*.md"))[0]
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/{lesson.stem[3:]}/")
    title = heading(page)
    code = page.locator(".hocso-qr__code")
    code.scroll_into_view_if_needed()
    code.screenshot(path=str(tmp_path / "qr.png"))
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "qr.png")], capture_output=True, text=True, check=True
    )
    url = scanned.stdout.strip()
    assert url == f"{server}q/cds-01/"
    assert page.locator(".hocso-qr__url").inner_text() == url

    phone = page.context.browser.new_context(viewport={"width": 360, "height": 640})
    citizen = phone.new_page()
    answer = citizen.goto(url)
    assert (answer.status, answer.request.redirected_from) == (200, None)  # the lesson itself, no redirect
    assert heading(citizen) == title and citizen.url == url
    phone.close()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("an toan thong tin", "khoa-hoc/an-toan-thong-tin-co-ban/"),
        ("an toàn thông tin", "khoa-hoc/an-toan-thong-tin-co-ban/"),
        ("chuyen doi so", "khoa-hoc/tong-quan-chuyen-doi-so/"),
        ("dang nhap", None),
        ("zalo bi hack", "huong-dan/lam-sao-de-bao-ve-tai-khoan-zalo/"),  # no page has "hack": any word counts
    ],
)
def test_search_finds_pages_with_or_without_diacritics(page, server, query, expected):
    page.goto(server)
    page.locator("#hocso-home-q").fill(query)
    page.locator("#hocso-home-q").press("Enter")
    page.locator(".hocso-search__list").wait_for()
    links = [
        server + href.split(server, 1)[-1] if href.startswith("http") else href
        for href in page.locator(".hocso-search__list a").evaluate_all("links => links.map(a => a.href)")
    ]
    assert links, "no results"
    if expected:
        assert f"{server}{expected}" in links[:3]
    else:
        # "đăng nhập" is written with đ: folding đ to d is what makes "dang nhap" find it.
        titles = page.locator(".hocso-search__list").inner_text()
        assert "Không tìm thấy" not in page.locator("#hocso-search-results").inner_text() and titles


def test_the_search_page_folds_each_shared_vector_as_the_index_was_folded(page, server):
    # tests/builder/test_searchindex.py holds the Python fold (the index) to the same file.
    vectors = (VECTORS / "search_fold.json").read_text(encoding="utf-8")
    page.goto(f"{server}tim-kiem/")
    page.wait_for_function("() => window.hocsoSearch")
    script = "text => JSON.stringify(JSON.parse(text).vectors.map(v => [v.why, window.hocsoSearch.fold(v.input)]))"
    folded = json.loads(page.evaluate(script, vectors))
    assert folded == [[vector["why"], vector["folded"]] for vector in json.loads(vectors)["vectors"]]


def test_search_results_are_not_numbered_so_a_lessons_own_number_reads_alone(page, server):
    page.goto(f"{server}tim-kiem/?q=mat+khau")
    first = page.locator(".hocso-search__list li").first
    first.wait_for()
    lessons = page.locator(".hocso-search__list li a", has_text=re.compile(r"^\d+\. "))
    assert lessons.count() >= 1  # "2. Mật khẩu và xác thực hai yếu tố": once shown as "2. 2. Mật khẩu…"
    assert first.evaluate("item => getComputedStyle(item).listStyleType") == "none"
    assert first.bounding_box()["x"] == page.locator(".hocso-search__list").bounding_box()["x"]


# Each text of the register: its cells' boxes, each label drawn above its value, and the page's width.
REGISTER = """() => Array.from(document.querySelectorAll(".hocso-laws tbody tr")).map(row => {
  const cells = Array.from(row.cells), box = row.getBoundingClientRect(), top = c => c.getBoundingClientRect().top;
  const below = (cell, n) => n === 0 || top(cell) >= cells[n - 1].getBoundingClientRect().bottom - 1;
  return {number: cells[0].textContent, left: box.left, right: box.right, stacked: cells.every(below),
          labels: cells.slice(1).map(cell => getComputedStyle(cell, "::before").content)};
})"""


def test_the_register_of_legal_texts_is_a_card_a_text_on_a_phone_and_a_table_on_a_wide_screen(browser, server):
    for screen in ({"width": 360, "height": 740}, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=screen, locale="vi-VN")
        page = context.new_page()
        page.goto(f"{server}van-ban/")
        texts = page.evaluate(REGISTER)
        assert len(texts) >= 10 and all(re.search(r"\d", text["number"]) for text in texts)
        if screen["width"] == 360:
            # Each text a card inside the screen, its values one under another, each under its column's name.
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            assert all(0 <= text["left"] and text["right"] <= 360 and text["stacked"] for text in texts)
            assert {tuple(text["labels"]) for text in texts} == {('"Loại"', '"Tên"', '"Ban hành"', '"Tình trạng"')}
            assert page.locator(".hocso-laws thead").first.bounding_box()["width"] <= 1  # kept for screen readers
            assert serious_accessibility_problems(page) == []
        else:
            headers = page.locator(".hocso-laws").first.locator("th").all_inner_texts()
            assert headers == ["Số hiệu", "Loại", "Tên", "Ban hành", "Tình trạng"]
            assert not any(text["stacked"] for text in texts)
            assert all(label == "none" for text in texts for label in text["labels"])
        context.close()


def test_the_search_index_is_fetched_only_when_search_is_opened(page, server):
    lesson = sorted((ROOT / "content" / "courses" / "tong-quan-chuyen-doi-so").glob("02-*.md"))[0]
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/{lesson.stem[3:]}/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.requests if url.endswith(".json")]
    page.goto(f"{server}tim-kiem/")
    page.locator("#hocso-search-q").focus()
    page.wait_for_load_state("networkidle")
    assert [url for url in page.requests if url.endswith("search/hocso.json")]


def test_a_course_saved_online_can_be_read_offline(browser, server):
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    page.goto(f"{server}khoa-hoc/an-toan-thong-tin-co-ban/")
    page.get_by_role("button", name="Lưu khóa học để đọc khi không có mạng").click(timeout=30000)
    status = page.locator(".hocso-offline .hocso-message")
    status.wait_for(timeout=30000)
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
    assert heading(page) == "Làm sao để nhận biết tin nhắn, cuộc gọi lừa đảo?"
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_timeout(500)
    context.set_offline(True)
    page.reload()
    assert heading(page) == "Làm sao để nhận biết tin nhắn, cuộc gọi lừa đảo?"
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "chuyen-de/",
        "van-ban/",
        "khoa-hoc/tong-quan-chuyen-doi-so/",
        "khoa-hoc/chinh-quyen-so-cap-xa/xu-ly-ho-so-truc-tuyen/",
        "khoa-hoc/an-toan-thong-tin-co-ban/mat-khau-va-xac-thuc/",
        "khoa-hoc/an-toan-thong-tin-co-ban/kiem-tra/",
        "huong-dan/",
        "huong-dan/lam-sao-de-dung-vneid/",
        "huong-dan/lam-sao-de-hoc-tren-trang-nay/",
        "tim-kiem/",
        "tai-khoan/",
        "cua-toi/",
        "dau-moi/",
        "xac-minh/?so=HS-7K4M-Q9PX-R",
        "ngoai-tuyen/",
        "q/khong-co-ma-nay/",
    ],
)
def test_axe_finds_no_serious_or_critical_accessibility_problem_on_a_360_px_phone(page, server, path):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert serious_accessibility_problems(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing makes the page scroll sideways


def test_the_test_can_be_taken_with_the_keyboard_alone(page, server):
    page.goto(f"{server}khoa-hoc/tong-quan-chuyen-doi-so/kiem-tra/")
    page.get_by_role("button", name="Bắt đầu luyện tập").wait_for()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Bắt đầu luyện tập":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector(".hocso-quiz__question")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    page.keyboard.press("Space")
    assert page.locator(".hocso-quiz__question").first.locator("input:checked").count() == 1


@pytest.fixture(scope="module")
def media_site(tmp_path_factory):
    """A small built site whose first lesson has a YouTube video and a PDF, served by `hocso serve`."""
    from tests.support.content import register_ids, write_course

    tmp = tmp_path_factory.mktemp("media")
    project = tmp / "project"
    (project / "content" / "site").mkdir(parents=True)
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    folder = write_course(project / "content")
    (folder / "files").mkdir()
    (folder / "files" / "bai-giang.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 2000)
    lesson = folder / "01-bai-1.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "summary: Tóm tắt của Bài 1.\n",
            "summary: Tóm tắt của Bài 1.\nvideo: dQw4w9WgXcQ\nvideo_minutes: 12\n"
            "files:\n  - file: files/bai-giang.pdf\n    title: Bài giảng\n",
        ),
        encoding="utf-8",
    )
    register_ids(project / "content")
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "HOCSO_BANK_DIR": str(tmp / "bank"),
        "HOCSO_DATA_DIR": str(tmp / "data"),
    }
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp / "site")], cwd=project, env=env, check=True
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "hocso.cli", "serve", "--site", str(tmp / "site"), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(600):  # a minute: a busy machine takes its time to import the server
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.terminate()
        pytest.fail("the media site's server did not answer within a minute")
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_the_video_loads_nothing_until_play_and_attachments_show_type_and_size(browser, media_site):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.abort())
    page.goto(media_site + "khoa-hoc/mini/bai-1/")
    page.wait_for_load_state("networkidle")
    assert [url for url in requests if not url.startswith(media_site)] == []
    assert page.get_by_role("link", name="Bài giảng").get_attribute("href") == "../files/bai-giang.pdf"
    assert "(PDF, 2 KB)" in page.locator("li", has_text="Bài giảng").inner_text()
    page.get_by_role("button", name="Xem video bài giảng").click()
    frame = page.locator("iframe.hocso-video__frame")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    context.close()


def test_a_guest_on_a_course_without_a_practice_set_is_told_so_and_offered_sign_in(browser, media_site):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(media_site + "khoa-hoc/mini/kiem-tra/")
    page.locator(".hocso-message--warning").wait_for()
    assert "Khóa học này chưa có bài luyện tập dành cho khách" in page.locator("#hocso-quiz").inner_text()
    assert page.locator("#hocso-quiz").get_by_role("link", name="Đăng nhập").is_visible()
    assert page.locator("#hocso-quiz").get_by_role("button").count() == 0
    context.close()
