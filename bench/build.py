"""Build time: the plugin against plain mkdocs-material building the same pages, on a catalogue of 16 courses.

The catalogue is the demo courses copied under new ids until there are 16 (the four demo courses 4 times each: 160
lessons, 1,600 questions), the size of the national programme's 16 topics, with the demo's guides.
"""

from __future__ import annotations

import os
import re
import resource
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


def _environment() -> dict[str, str]:
    """The builds' environment: this checkout's code first on the path, since a build runs in the catalogue's folder
    where an installed copy of the package (an editable install of another checkout) would be imported instead."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}


def _timed(command: list[str], env: dict, cwd: Path) -> float:
    return _run(command, env, cwd)[0]


def _run(command: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """Seconds the command took, on the clock and in CPU (user and system): on a machine shared with other work the
    second moves less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


EDIT = "\n\nMột đoạn mới: người học đọc lại bài sau khi biên tập viên sửa.\n"
"""The paragraph added to one lesson for the rebuild after an edit."""


def rebuild_after_edit(config_file: str, site_dir: str, page: str) -> None:
    """What `mkdocs serve` does when an editor saves `page` (a Markdown file): its plugins started once, a build, then
    the edit and a build with the configuration loaded again (as serve's builder loads it); prints the seconds of
    that second build, on the clock and in CPU."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    url = "http://127.0.0.1:8000/"

    def builder() -> None:
        config = load_config(config_file=config_file, site_dir=site_dir)
        config.site_url = url
        build(config, serve_url=url, dirty=False)

    load_config(config_file=config_file, site_dir=site_dir).plugins.on_startup(command="serve", dirty=False)
    builder()
    edited = Path(page)
    edited.write_text(edited.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    start, cpu = time.perf_counter(), time.process_time()
    builder()
    print(f"{time.perf_counter() - start:.3f} {time.process_time() - cpu:.3f}")


def _rebuild(config: Path, site: Path, page: Path, env: dict) -> tuple[float, float]:
    code = (
        f"from bench.build import rebuild_after_edit; rebuild_after_edit({str(config)!r}, {str(site)!r}, {str(page)!r})"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT, capture_output=True, text=True)
    wall, cpu = done.stdout.split()[-2:]
    return float(wall), float(cpu)


def bench_build() -> None:
    """The plugin's build against plain mkdocs-material building the same pages, in turns, three times each.

    Plain mkdocs-material gets the Markdown the plugin generates, written as files, and the same theme and Markdown
    extensions, with MkDocs' default search plugin (the plugin replaces it with its own index). It does none of the
    plugin's work: loading and checking the catalogue (citations, short ids, places), the QR codes, the search index,
    the handouts and posters (drawn by the first build, copied from their cache by the others), the short links'
    copies, the offline manifest, the banks' export. The figure is the second and later builds', each beside the
    plain build run right after it, since the machine's load changes between runs. Then the rebuild `mkdocs serve`
    does after one lesson is edited, beside plain mkdocs-material's after the same edit of the same page.
    """
    from site_builder.catalog import load_catalog
    from site_builder.pages import build_pages

    env = _environment()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        ours = tmp_path / "ours"
        catalogue(ours / "content", COURSES // len(list((ROOT / "content" / "courses").iterdir())))
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        (ours / "mkdocs.yml").write_text(config, encoding="utf-8")
        env["HOCSO_BANK_DIR"] = str(tmp_path / "bank")

        catalog = load_catalog(ours / "content")
        pages, _ = build_pages(catalog, "/api", "http://127.0.0.1:8000/")
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
        first = _timed(mkdocs + [str(tmp_path / "a"), "-f", str(ours / "mkdocs.yml")], env, ours)
        runs = []
        for n in range(3):
            # Each build into a new folder, as a fresh checkout's is: on a file system without a journal, ext4 looks
            # past every inode freed in the last 30 s for each file it makes, so a build that first cleared the
            # last one's site paid for the deletion again, more with every build in a row (docs/scale.md 2.7).
            with_plugin = _run(mkdocs + [str(tmp_path / f"a{n}"), "-f", str(ours / "mkdocs.yml")], env, ours)
            without = _run(mkdocs + [str(tmp_path / f"b{n}"), "-f", str(plain / "mkdocs.yml")], env, plain)
            runs.append((with_plugin, without))

        course = catalog.courses[0]
        lesson = course.lessons[len(course.lessons) // 2]
        ours_edit = _rebuild(ours / "mkdocs.yml", tmp_path / "serve-a", lesson.path, env)
        plain_page = plain / "docs" / "khoa-hoc" / course.id / f"{lesson.slug}.md"
        plain_edit = _rebuild(plain / "mkdocs.yml", tmp_path / "serve-b", plain_page, env)
    shown = "; ".join(
        f"{a[0]:.2f} s vs {b[0]:.2f} s ({100 * (a[0] / b[0] - 1):+.0f}%; CPU {a[1]:.2f} vs {b[1]:.2f} s, "
        f"{100 * (a[1] / b[1] - 1):+.0f}%)"
        for a, b in runs
    )
    print(
        f"build: {len(pages)} generated pages ({COURSES} courses x 10 lessons, {COURSES * 100:,} questions, guides), "
        f"cached builds with the plugin vs plain mkdocs-material, run by run: {shown} (budget +25%; catalogue + 50 "
        f"guides under 20 s); the first build, drawing every poster and lesson handout (cached after), {first:.1f} s"
    )
    print(
        f"build: mkdocs serve's rebuild after one lesson is edited {ours_edit[0]:.2f} s (CPU {ours_edit[1]:.2f} s) "
        f"with the plugin (the lesson's handout drawn again), {plain_edit[0]:.2f} s (CPU {plain_edit[1]:.2f} s) "
        f"for plain mkdocs-material ({100 * (ours_edit[0] / plain_edit[0] - 1):+.0f}%; CPU "
        f"{100 * (ours_edit[1] / plain_edit[1] - 1):+.0f}%)"
    )


def bench_build_scale() -> None:
    """Build time per page at two catalogue sizes: a flat figure means cost grows linearly with pages."""
    env = _environment()
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
