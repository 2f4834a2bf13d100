"""Reading without a network, in a real headless Chromium against a small site of its own (built and served here, so
a redeploy can be played without touching the shared `make run` server): a course is saved only when asked, and what
was saved survives a deploy with only the changed lesson fetched again; an unsaved page offline shows the Vietnamese
offline page; a mistyped short link gets the Vietnamese not-found page with status 404; a lesson marked done offline
reaches the server when the network returns."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from tests.support import waiting
from tests.support.browser import heading, serious_accessibility_problems
from tests.support.paths import ROOT
from tests.support.servers import free_port

pytestmark = pytest.mark.browser

RECORD = """async (name) => {
  const cache = await caches.open("hocso-meta");
  const hit = await cache.match(new URL("hocso-meta/" + name, location.origin + "/").href);
  return hit ? hit.json() : null;
}"""
"""What the service worker keeps of itself: "meta" (its entries, chosen courses) or "manifest" (offline.json)."""


@dataclass
class Site:
    url: str
    project: Path
    site: Path
    env: dict

    def build(self) -> None:
        """`mkdocs build` of the project into the served folder: a deploy."""
        argv = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(self.site)]
        subprocess.run(argv, cwd=self.project, env=self.env, check=True, capture_output=True)

    def manifest(self) -> dict:
        return json.loads((self.site / "offline.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A course of three lessons, built and served by `hocso serve` (site and functions) on a free port."""
    from tests.support.content import register_ids, write_course

    tmp = tmp_path_factory.mktemp("offline")
    project = tmp / "project"
    (project / "content" / "site").mkdir(parents=True)
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    write_course(project / "content", lessons=3)
    register_ids(project / "content")
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "HOCSO_BANK_DIR": str(tmp / "bank"),
        "HOCSO_DATA_DIR": str(tmp / "data"),
    }
    port = free_port()
    env["HOCSO_SITE_URL"] = f"http://127.0.0.1:{port}/"
    served = Site(f"http://127.0.0.1:{port}/", project, tmp / "site", env)
    served.build()
    process = subprocess.Popen(
        [sys.executable, "-m", "hocso.cli", "serve", "--site", str(served.site), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(served.url + "api/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield served
    process.terminate()
    process.wait(timeout=20)


def entries(page) -> dict:
    """The worker's kept entries: address → {rev, kept, opened, page}."""
    return (page.evaluate(RECORD, "meta") or {"entries": {}})["entries"]


until = partial(waiting.until, every=0.2, never="the service worker never got there")
"""Waits until `check()` is true (the worker records asynchronously)."""


def controlled(page) -> None:
    """Waits until the service worker controls the page and has read the build's manifest."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)
    until(lambda: page.evaluate(RECORD, "manifest") is not None)


def test_nothing_is_fetched_for_later_until_the_learner_asks_to_save_the_course(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))
    page = context.new_page()
    page.goto(site.url + "khoa-hoc/mini/")
    controlled(page)
    size = round(site.manifest()["courses"]["mini"]["bytes"] / 1024)
    button = page.get_by_role("button", name=f"Lưu khóa học để đọc khi không có mạng (≈ {size} KB)")
    button.wait_for()
    assert serious_accessibility_problems(page) == []
    page.wait_for_timeout(1000)
    lessons = [f"khoa-hoc/mini/bai-{n}/" for n in (1, 2, 3)]
    assert [url for url in asked if url.endswith(tuple(lessons))] == []
    assert [path for path in entries(page) if path in lessons] == []

    button.click()
    status = page.locator(".hocso-offline .hocso-message")
    status.wait_for()
    assert status.inner_text() == "Đã lưu 3 bài học trên máy này để đọc khi không có mạng."
    assert set(lessons) <= set(entries(page))
    page.reload()
    status.wait_for()
    assert page.locator(".hocso-offline button").count() == 0
    context.set_offline(True)
    page.goto(site.url + "khoa-hoc/mini/bai-3/")
    assert heading(page) == "Bài 3"
    context.close()


def test_offline_an_unsaved_page_shows_the_vietnamese_offline_page_listing_the_saved_ones(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.url + "khoa-hoc/mini/bai-1/")
    controlled(page)
    page.reload()  # opened once under the worker: saved
    until(lambda: "khoa-hoc/mini/bai-1/" in entries(page))
    context.set_offline(True)
    page.goto(site.url + "khoa-hoc/mini/bai-2/")
    assert heading(page) == "Không có mạng"
    assert page.url == site.url + "khoa-hoc/mini/bai-2/"
    saved = page.locator(".hocso-saved__list a")
    saved.first.wait_for()
    assert "Bài 1" in saved.all_inner_texts()
    assert "Bài 2" not in saved.all_inner_texts()
    assert page.get_by_role("button", name="Tải lại trang").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert serious_accessibility_problems(page) == []
    page.get_by_role("link", name="Bài 1", exact=True).last.click()
    page.wait_for_url(site.url + "khoa-hoc/mini/bai-1/")
    assert heading(page) == "Bài 1"
    context.close()


def test_a_mistyped_short_link_answers_the_vietnamese_not_found_page_with_status_404(browser, site):
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(site.url + "q/zzzz/")
    assert answer.value.code == 404
    assert "Không tìm thấy trang này" in answer.value.read().decode("utf-8")

    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    response = page.goto(site.url + "q/zzzz/")
    assert response.status == 404
    assert heading(page) == "Không tìm thấy trang này"
    hint = page.locator(".hocso-notfound__short")
    hint.wait_for()
    assert hint.inner_text().startswith("Mã không đúng? Thử tìm bài học hoặc hướng dẫn theo tên.")
    assert page.get_by_role("link", name="Về trang chủ").get_attribute("href") == "/"
    assert serious_accessibility_problems(page) == []
    page.get_by_role("searchbox").fill("bai 2")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_url(site.url + "tim-kiem/?q=bai+2")

    response = page.goto(site.url + "khoa-hoc/khong-co/")
    assert response.status == 404
    assert heading(page) == "Không tìm thấy trang này"
    assert page.locator(".hocso-notfound__short").is_hidden()
    context.close()


def test_a_lesson_marked_done_offline_reaches_the_server_when_the_network_returns(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.url + "khoa-hoc/mini/bai-2/")
    controlled(page)
    page.get_by_role("button", name="Đánh dấu đã học xong bài này").wait_for()
    page.reload()  # kept under the worker for reading offline
    until(lambda: "khoa-hoc/mini/bai-2/" in entries(page))
    context.set_offline(True)
    page.reload()
    page.get_by_role("button", name="Đánh dấu đã học xong bài này").click()
    status = page.locator(".hocso-progress__done")
    status.wait_for()
    assert status.inner_text() == "Đã ghi lại trên máy này. Kết quả sẽ được gửi đi khi có mạng."

    learner = page.evaluate("localStorage.getItem('hocso.learner')")
    request = urllib.request.Request(site.url + "api/progress/courses/mini", headers={"X-Hocso-Learner": learner})
    with urllib.request.urlopen(request) as answer:
        assert json.load(answer)["done"] == []
    assert "mini-2" in page.evaluate("localStorage.getItem('hocso.progress.queue')")
    context.set_offline(False)
    page.wait_for_function("(localStorage.getItem('hocso.progress.queue') || '[]') === '[]'", timeout=15000)
    with urllib.request.urlopen(request) as answer:
        assert json.load(answer)["done"] == ["mini-2"]
    context.close()


def test_a_saved_course_survives_a_deploy_and_only_the_changed_lesson_is_fetched_again(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.url + "khoa-hoc/mini/")
    controlled(page)
    page.get_by_role("button", name="Lưu khóa học để đọc khi không có mạng", exact=False).click()
    page.locator(".hocso-offline .hocso-message").wait_for()
    before = entries(page)

    lesson = next((site.project / "content" / "courses" / "mini").glob("02-*.md"))
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Nội dung bài Bài 2.", "Bài 2, viết lại."))
    site.build()
    changed = site.manifest()["files"]["khoa-hoc/mini/bai-2/"][0]
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    until(lambda: entries(page)["khoa-hoc/mini/bai-2/"]["rev"] == changed)
    after = entries(page)
    assert after["khoa-hoc/mini/bai-2/"]["kept"] > before["khoa-hoc/mini/bai-2/"]["kept"]
    for path in ("khoa-hoc/mini/bai-1/", "khoa-hoc/mini/bai-3/", "assets/hocso/hocso.js"):
        assert after[path] == before[path], path
    context.set_offline(True)
    page.goto(site.url + "khoa-hoc/mini/bai-2/")
    assert "Bài 2, viết lại." in page.locator("article").inner_text()
    page.goto(site.url + "khoa-hoc/mini/bai-1/")
    assert heading(page) == "Bài 1"
    context.close()


def test_the_site_can_be_added_to_a_phones_home_screen(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.url)
    controlled(page)
    chromium = context.new_cdp_session(page)
    manifest = chromium.send("Page.getAppManifest")
    assert manifest["url"] == site.url + "manifest.webmanifest"
    assert manifest["errors"] == []
    document = json.loads(manifest["data"])
    assert (document["name"], document["short_name"], document["lang"]) == ("Học chuyển đổi số", "Học số", "vi")
    errors = chromium.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # a test's browser context is a private window, where no browser offers to install
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []
    icon = page.request.get(site.url + "assets/icons/icon-512.png")
    assert icon.ok and icon.body()[:8] == b"\x89PNG\r\n\x1a\n"
    context.close()


def test_with_save_data_on_a_deploy_fetches_nothing_in_the_background(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_init_script("Object.defineProperty(navigator, 'connection', {get: () => ({saveData: true})})")
    page = context.new_page()
    page.goto(site.url + "khoa-hoc/mini/")
    controlled(page)
    until(lambda: (page.evaluate(RECORD, "meta") or {}).get("saveData") is True)
    page.get_by_role("button", name="Lưu khóa học để đọc khi không có mạng", exact=False).click()
    page.locator(".hocso-offline .hocso-message").wait_for()  # asked for: saved even so
    before = entries(page)["khoa-hoc/mini/bai-3/"]

    lesson = next((site.project / "content" / "courses" / "mini").glob("03-*.md"))
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Nội dung bài Bài 3.", "Bài 3, viết lại."))
    site.build()
    changed = site.manifest()["files"]["khoa-hoc/mini/bai-3/"][0]
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    until(lambda: page.evaluate(RECORD, "manifest")["files"]["khoa-hoc/mini/bai-3/"][0] == changed)
    page.wait_for_timeout(1500)
    assert entries(page)["khoa-hoc/mini/bai-3/"] == before
    page.goto(site.url + "khoa-hoc/mini/bai-3/")  # opened online: the page itself is fetched, and kept as it is now
    assert "Bài 3, viết lại." in page.locator("article").inner_text()
    until(lambda: entries(page)["khoa-hoc/mini/bai-3/"]["rev"] == changed)
    context.close()


def test_a_page_not_opened_for_sixty_days_is_dropped_at_the_next_deploy(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.url + "khoa-hoc/mini/bai-1/")
    controlled(page)
    page.goto(site.url + "khoa-hoc/mini/bai-2/")
    until(lambda: {"khoa-hoc/mini/bai-1/", "khoa-hoc/mini/bai-2/"} <= set(entries(page)))
    # bai-1 last opened 61 days ago, bai-2 59 days ago

    def aged() -> bool:
        """The two entries' times set back, and still so a moment later: the worker may still be recording the
        second visit, and its write of the record would undo one made meanwhile."""
        page.evaluate(
            """async (url) => {
              const cache = await caches.open("hocso-meta");
              const meta = await (await cache.match(url)).json();
              meta.entries["khoa-hoc/mini/bai-1/"].opened = Date.now() - 61 * 86400000;
              meta.entries["khoa-hoc/mini/bai-2/"].opened = Date.now() - 59 * 86400000;
              await cache.put(url, new Response(JSON.stringify(meta)));
            }""",
            site.url + "hocso-meta/meta",
        )
        time.sleep(0.5)
        kept = entries(page)
        return all(
            kept[f"khoa-hoc/mini/{lesson}/"]["opened"] < time.time() * 1000 - 58 * 86400000
            for lesson in ("bai-1", "bai-2")
        )

    until(aged)
    (site.project / "content" / "site" / "gioi-thieu.md").write_text("# Giới thiệu\n\nMột trang mới.\n")
    site.build()
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    until(lambda: "khoa-hoc/mini/bai-1/" not in entries(page))
    assert "khoa-hoc/mini/bai-2/" in entries(page)
    kept = page.evaluate("caches.open('hocso-saved').then(c => c.keys()).then(k => k.map(r => r.url))")
    assert site.url + "khoa-hoc/mini/bai-1/" not in kept and site.url + "khoa-hoc/mini/bai-2/" in kept
    context.close()


def test_a_missing_page_the_host_answers_in_its_own_words_gets_the_sites_not_found_page(browser, site):
    """CloudFront passes S3's XML for a missing page (its error pages would replace the API's answers too): a
    visitor whose browser has the worker gets the Vietnamese page, still with status 404."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.url)
    controlled(page)
    until(lambda: "404.html" in entries(page))
    s3 = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code></Error>'
    answered: list[str] = []

    def as_s3(route):
        answered.append(route.request.url)
        route.fulfill(status=404, content_type="application/xml", body=s3)

    context.route(site.url + "q/zzzz/", as_s3)
    response = page.goto(site.url + "q/zzzz/")
    assert answered == [site.url + "q/zzzz/"]  # the host's XML reached the browser
    assert response.status == 404
    assert heading(page) == "Không tìm thấy trang này"
    page.locator(".hocso-notfound__short").wait_for()
    context.close()


def test_a_poster_scanned_again_without_a_network_opens_its_page(browser, site):
    links = site.manifest()["links"]
    short = next(link for link, page in links.items() if page.rstrip("/").endswith("bai-2"))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.url + "khoa-hoc/mini/")
    controlled(page)
    page.goto(site.url + short)  # the scan: the lesson itself, at the short link, through the worker
    assert heading(page) == "Bài 2" and page.url == site.url + short
    until(lambda: short in entries(page))
    context.set_offline(True)
    page.goto(site.url + short)
    assert heading(page) == "Bài 2"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # styled
    context.close()


def test_a_saved_page_opens_offline_at_a_short_link_never_opened_on_this_phone(browser, site):
    links = site.manifest()["links"]
    short = next(link for link, page in links.items() if page.rstrip("/").endswith("bai-3"))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.url + "khoa-hoc/mini/bai-3/")
    controlled(page)
    page.reload()  # opened once under the worker: kept
    until(lambda: "khoa-hoc/mini/bai-3/" in entries(page))
    context.set_offline(True)
    page.goto(site.url + short)
    assert heading(page) == "Bài 3" and short not in entries(page)
    # the kept page, its links read from its own address
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.locator("a.md-header__button.md-logo").evaluate("a => a.href") == site.url
    context.close()
