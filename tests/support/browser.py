"""Fixtures of the browser tests: the server that `make run` starts, and a headless Chromium (Debian's)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.support.servers import free_port

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Server(str):
    """The address `make run` serves, which tests use as a string, and the data folder it keeps its state in."""

    def __new__(cls, url: str, data: Path) -> Server:
        made = super().__new__(cls, url)
        made.data = data
        return made

    def printed(self) -> str:
        """What `make run` has printed so far (the demo logins among it)."""
        return (self.data / "make-run.log").read_text()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`make run` on a free port with its own data folder; stopped with its whole process group."""
    data = tmp_path_factory.mktemp("make-run")
    port = free_port()
    log = (data / "make-run.log").open("w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}", f"HOCSO_DATA_DIR={data}", f"SITE_DIR={data}/site"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
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
    yield Server(url, data)
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)
    log.close()
    assert f"http://127.0.0.1:{port}/" in (data / "make-run.log").read_text()


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module: Playwright's sync API keeps an event loop running until it stops, which
    later tests of Lambda handlers (Mangum runs its own loop) must not inherit."""
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


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def serious_accessibility_problems(page) -> list:
    """axe-core (from npm) run on the page as it stands: its serious and critical violations, three places each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def answer_correctly(page, questions: list[dict]) -> int:
    """Tick the right choices of every shown question, found by their text among `questions` of the exported bank."""
    questions = {question["id"]: question for question in questions}
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
