"""Page weight: what a lesson page's first visit transfers (compressed), in a real Chromium, beside a plain
mkdocs-material page of the same text served the same way. Budget: 150 KB before the video is asked for."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVE = (
    "import sys, uvicorn; from starlette.applications import Starlette; from starlette.middleware import Middleware;"
    "from starlette.middleware.gzip import GZipMiddleware; from starlette.routing import Mount;"
    "from starlette.staticfiles import StaticFiles;"
    "app = Starlette(routes=[Mount('/', app=StaticFiles(directory=sys.argv[1], html=True))],"
    " middleware=[Middleware(GZipMiddleware, minimum_size=500)]);"
    "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')"
)


def _weigh(browser, url: str) -> tuple[int, int, list[str]]:
    """(bytes on the wire, requests, other hosts asked) for a first visit in a fresh context."""
    context = browser.new_context()
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    sizes: dict[str, int] = {}
    urls: list[str] = []
    session.on(
        "Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"])
    )
    session.on("Network.requestWillBeSent", lambda event: urls.append(event["request"]["url"]))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    context.close()
    origin = url.split("/", 3)[:3]
    return sum(sizes.values()), len(urls), [u for u in urls if u.startswith("http") and u.split("/", 3)[:3] != origin]


def bench_page_weight() -> None:
    from playwright.sync_api import sync_playwright

    from bench.http import free_port
    from site_builder.catalog import load_catalog
    from site_builder.pages import build_pages

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    course = sorted((ROOT / "content" / "courses").iterdir())[-1]
    lesson = sorted(course.glob("01-*.md"))[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env["HOCSO_BANK_DIR"] = str(tmp_path / "bank")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                str(ROOT / "mkdocs.yml"),
                "-d",
                str(tmp_path / "ours"),
            ],
            check=True,
            env=env,
            cwd=ROOT,
        )
        pages, _ = build_pages(load_catalog(ROOT / "content"), "/api", "http://127.0.0.1/")
        uri = f"khoa-hoc/{course.name}/{lesson.stem[3:]}.md"
        text = next(page.markdown for page in pages if page.src_uri == uri)
        plain = tmp_path / "plain"
        (plain / "docs").mkdir(parents=True)
        (plain / "docs" / "index.md").write_text(text, encoding="utf-8")
        (plain / "mkdocs.yml").write_text(
            "site_name: Plain\ntheme:\n  name: material\n  language: vi\n  font: false\nplugins:\n  - search\n"
            "markdown_extensions:\n  - admonition\n  - attr_list\n  - md_in_html\n  - tables\n  - pymdownx.details\n"
            "  - pymdownx.superfences\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
            "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
            encoding="utf-8",
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                str(plain / "mkdocs.yml"),
                "-d",
                str(tmp_path / "plain-site"),
            ],
            check=True,
            env=env,
            cwd=plain,
        )
        servers, results = [], {}
        try:
            for name, folder in (("ours", tmp_path / "ours"), ("plain", tmp_path / "plain-site")):
                port = free_port()
                servers.append(subprocess.Popen([sys.executable, "-c", SERVE, str(folder), str(port)], cwd=ROOT))
                for _ in range(100):
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                        break
                    except OSError:
                        time.sleep(0.1)
                results[name] = port
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                ours = _weigh(browser, f"http://127.0.0.1:{results['ours']}/{uri[:-3]}/")
                base = _weigh(browser, f"http://127.0.0.1:{results['plain']}/")
                browser.close()
        finally:
            for server in servers:
                server.terminate()
                server.wait()
    print(
        f"page: a lesson page's first visit transfers {ours[0] / 1024:.0f} KB in {ours[1]} requests "
        f"(budget 150 KB; other hosts: {len(ours[2])}); plain mkdocs-material, same text: {base[0] / 1024:.0f} KB "
        f"in {base[1]} requests; ratio {ours[0] / base[0]:.2f}"
    )
    if ours[2]:
        print("  other hosts asked:", ", ".join(sorted(set(u[:60] for u in ours[2]))))
