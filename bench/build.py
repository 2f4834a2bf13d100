"""Build time: the plugin against plain mkdocs-material building the same pages, on a catalogue of 16 courses.

The catalogue is the demo courses copied under new ids until there are 16 (the four demo courses 4 times each: 160
lessons, 1,600 questions), the size of the national programme's 16 topics, with the demo's guides.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSES = 16  # copies of the demo courses, as many of each


def catalogue(target: Path, copies: int) -> None:
    """`copies` renamed copies of every demo course, the guides, content/site and the register of legal texts beside
    them, ids registered."""
    from site_builder import shortlinks
    from site_builder.catalog import load_catalog

    shutil.copytree(ROOT / "content" / "site", target / "site")
    shutil.copytree(ROOT / "content" / "guides", target / "guides")
    shutil.copy(ROOT / "content" / "laws.yml", target / "laws.yml")  # the build checks every citation against it
    shutil.copy(ROOT / "content" / "topics.yml", target / "topics.yml")  # the courses name its topics
    for source in sorted((ROOT / "content" / "courses").iterdir()):
        for n in range(copies):
            folder = target / "courses" / f"{source.name}-{n:02d}"
            shutil.copytree(source, folder)
            for path in folder.glob("*"):
                if path.suffix in (".md", ".yml"):
                    text = path.read_text(encoding="utf-8")
                    text = re.sub(r"\b([a-z]+-\d\d)\b", rf"\1-{n:02d}", text)
                    if path.name == "course.yml":
                        text = re.sub(r"(?m)^id: (\S+)$", rf"id: \1-c{n:02d}", text)
                        text = re.sub(r'(?m)^title: ("?)(.+?)\1$', rf"title: \1\2 ({n + 1})\1", text, count=1)
                    path.write_text(text, encoding="utf-8")
    shortlinks.register_new(load_catalog(target))


def _timed(command: list[str], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_build() -> None:
    from site_builder.catalog import load_catalog
    from site_builder.pages import build_pages

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        ours = tmp_path / "ours"
        catalogue(ours / "content", COURSES // len(list((ROOT / "content" / "courses").iterdir())))
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        (ours / "mkdocs.yml").write_text(config, encoding="utf-8")
        env["HOCSO_BANK_DIR"] = str(tmp_path / "bank")

        pages, _ = build_pages(load_catalog(ours / "content"), "/api", "http://127.0.0.1:8000/")
        plain = tmp_path / "plain"
        for page in pages:
            target = plain / "docs" / page.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
        shutil.copytree(ours / "content" / "site", plain / "docs", dirs_exist_ok=True)
        plain_config = config.replace("docs_dir: content/site", "docs_dir: docs")
        plain_config = (
            plain_config.split("  - hocso:")[0]
            + "\nmarkdown_extensions:"
            + plain_config.split("markdown_extensions:")[1]
        )
        (plain / "mkdocs.yml").write_text(plain_config, encoding="utf-8")

        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d"]
        with_plugin, without = [], []
        for _ in range(3):
            with_plugin.append(_timed(mkdocs + [str(tmp_path / "a"), "-f", str(ours / "mkdocs.yml")], env, ours))
            without.append(_timed(mkdocs + [str(tmp_path / "b"), "-f", str(plain / "mkdocs.yml")], env, plain))
    a, b = min(with_plugin), min(without)
    print(
        f"build: {len(pages)} generated pages ({COURSES} courses x 10 lessons, {COURSES * 100:,} questions, guides) in "
        f"{a:.2f} s with the plugin, {b:.2f} s for plain mkdocs-material on the same pages; plugin adds "
        f"{100 * (a / b - 1):+.0f}% (budget +25%; catalogue + 50 guides under 20 s); the first build, drawing every "
        f"poster and lesson handout (cached after), {with_plugin[0]:.1f} s"
    )


def bench_build_scale() -> None:
    """Build time per page at two catalogue sizes: a flat figure means cost grows linearly with pages."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    per_page = []
    for courses in (16, 48):
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "project"
            catalogue(project / "content", courses // len(list((ROOT / "content" / "courses").iterdir())))
            (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
            env["HOCSO_BANK_DIR"] = str(Path(tmp) / "bank")
            command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(Path(tmp) / "site")]
            _timed(command, env, project)  # draws the posters once, as a first build would
            seconds = _timed(command, env, project)
            pages = sum(1 for _ in (Path(tmp) / "site").rglob("index.html"))
            per_page.append((courses, pages, seconds))
    (c1, p1, s1), (c2, p2, s2) = per_page
    print(
        f"build scale: {c1} courses {p1} pages in {s1:.1f} s ({1000 * s1 / p1:.0f} ms/page); {c2} courses {p2} pages "
        f"in {s2:.1f} s ({1000 * s2 / p2:.0f} ms/page); per-page ratio {(s2 / p2) / (s1 / p1):.2f} (1.0 = linear)"
    )
