"""Slow data: when a page's text shows on a cheap phone over 3G, beside plain mkdocs-material serving the same page.

A 360 x 740 Chromium, 400 ms latency, 400 kbit/s each way, the CPU slowed 4x (Chrome DevTools Protocol), a fresh
profile for every load (nothing cached). hocso's site is served by `hocso serve` (gzip; `/q/<id>/` is a copy of its
page, answered at once, as at the edge); the baseline is the same Markdown built by plain mkdocs-material and served
gzipped by the same framework. Measured: milliseconds from the moment the address is opened to the first contentful
paint of the page it shows. Loads are interleaved (ours, plain, ours, ...) and the median of
`ROUNDS` is printed.

`python -m bench.slowdata [ROOT]` measures the hocso checkout at ROOT (default: this one), so a figure before a change
can be taken from an exported older commit with the same bench.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.page import FLAGS, SERVE

HERE = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("HOCSO_BENCH_ROUNDS", "5"))
PHONE = {"width": 360, "height": 740}
NETWORK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1000 / 8,
    "uploadThroughput": 400 * 1000 / 8,
    "connectionType": "cellular3g",
}
CPU_SLOWDOWN = 4
PLAIN_CONFIG = (
    "site_name: Plain\ntheme:\n  name: material\n  language: vi\n  font: false\n"
    "markdown_extensions:\n  - admonition\n  - attr_list\n  - md_in_html\n  - tables\n  - pymdownx.details\n"
    "  - pymdownx.superfences\n  - pymdownx.emoji:\n"
    "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
)
# The time the page's first contentful paint happened, as wall-clock milliseconds (the same clock as Python's).
PAINTED = """() => new Promise(done => new PerformanceObserver((list, observer) => {
  const paint = list.getEntriesByName("first-contentful-paint")[0];
  if (paint) { observer.disconnect(); done(performance.timeOrigin + paint.startTime); }
}).observe({type: "paint", buffered: true}))"""


def _pages(root: Path) -> dict[str, tuple[str, str]]:
    """name -> (address on hocso's site, the page's Markdown) for home, a lesson, a guide and a course's test."""
    from site_builder.catalog import load_catalog
    from site_builder.pages import build_pages

    catalog = load_catalog(root / "content")
    pages = {page.src_uri: page.markdown for page in build_pages(catalog, "/api", "http://127.0.0.1/")[0]}
    course = catalog.courses[0]
    lesson, guide = course.lessons[0], catalog.guides[0]
    return {
        "home": ("", pages["index.md"]),
        "lesson via /q/": (f"q/{lesson.id}/", pages[f"khoa-hoc/{course.id}/{lesson.slug}.md"]),
        "lesson, direct": (f"khoa-hoc/{course.id}/{lesson.slug}/", pages[f"khoa-hoc/{course.id}/{lesson.slug}.md"]),
        "guide": (f"huong-dan/{guide.slug}/", pages[f"huong-dan/{guide.slug}.md"]),
        "quiz": (f"khoa-hoc/{course.id}/kiem-tra/", pages[f"khoa-hoc/{course.id}/kiem-tra.md"]),
    }


def _wait(port: int) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


def _first_paint(browser, url: str) -> float:
    """Milliseconds from opening `url` to the first contentful paint of its page, on a slow phone."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", NETWORK)
    session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    start = time.time() * 1000
    page.goto(url, wait_until="commit")
    painted = page.evaluate(PAINTED)
    context.close()
    return painted - start


def measure(root: Path) -> dict[str, tuple[float, float]]:
    """name -> (hocso's median ms, plain mkdocs-material's median ms) for every page of `_pages`."""
    from playwright.sync_api import sync_playwright

    from bench.http import free_port

    pages = _pages(root)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(root)}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env.update(HOCSO_BANK_DIR=str(tmp_path / "bank"), HOCSO_DATA_DIR=str(tmp_path / "data"))
        ours = tmp_path / "ours"
        build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(ours)]
        subprocess.run(build, check=True, env=env, cwd=root)
        plain = tmp_path / "plain"
        (plain / "docs").mkdir(parents=True)
        plain_urls = {}
        for number, (name, (_, markdown)) in enumerate(pages.items()):
            stem = "index" if name == "home" else f"p{number}"
            (plain / "docs" / f"{stem}.md").write_text(markdown, encoding="utf-8")
            plain_urls[name] = "" if stem == "index" else f"{stem}/"
        (plain / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
        plain_build = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "plain-site")]
        subprocess.run(plain_build, check=True, env=env, cwd=plain, capture_output=True)
        ours_port, plain_port = free_port(), free_port()
        serve = "import sys; from hocso.cli import main; sys.exit(main(sys.argv[1:]))"
        servers = [
            subprocess.Popen(
                [sys.executable, "-c", serve, "serve", "--site", str(ours), "--port", str(ours_port)],
                cwd=root,
                env=env,
                stdout=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [sys.executable, "-c", SERVE, str(tmp_path / "plain-site"), str(plain_port)], cwd=HERE, env=env
            ),
        ]
        times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in pages}
        try:
            _wait(ours_port)
            _wait(plain_port)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                for _ in range(ROUNDS):
                    for name, (address, _) in pages.items():
                        times[name][0].append(_first_paint(browser, f"http://127.0.0.1:{ours_port}/{address}"))
                        times[name][1].append(
                            _first_paint(browser, f"http://127.0.0.1:{plain_port}/{plain_urls[name]}")
                        )
                browser.close()
        finally:
            for server in servers:
                server.terminate()
                server.wait()
    return {name: (statistics.median(mine), statistics.median(base)) for name, (mine, base) in times.items()}


def bench_slow_data(root: Path = HERE) -> None:
    """Print each page's text-visible time beside plain mkdocs-material's, and their ratio."""
    results = measure(root)
    print(
        f"slow data (360x740, {NETWORK['latency']} ms, 400 kbit/s, CPU x{CPU_SLOWDOWN}; first contentful paint, "
        f"median of {ROUNDS}; budget: no later than plain mkdocs-material gzipped):"
    )
    for name, (mine, base) in results.items():
        print(f"  {name:<16} hocso {mine:5.0f} ms   plain mkdocs-material {base:5.0f} ms   ratio {mine / base:.2f}")


if __name__ == "__main__":
    bench_slow_data(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE)
