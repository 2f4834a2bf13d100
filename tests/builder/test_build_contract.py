"""The build-output contract (`site_builder.contract`): every page, short link, poster, search entry, bank and key
the hocso plugin must make, counted from content/ on the real build, and named one by one when a build lacks them
(as a site engine that skips third-party plugins would build it)."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from functions.published import FILE as PUBLISHED_FILE
from site_builder.catalog import load_catalog
from site_builder.contract import expected, missing
from tests.support.content import mkdocs_build
from tests.support.paths import ROOT

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CONTENT)


def _content_counts() -> dict[str, int]:
    """What content/ holds, read from its files directly rather than through the content model."""
    courses = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in CONTENT.glob("courses/*/course.yml")]
    register = yaml.safe_load((CONTENT / "ids.yml").read_text(encoding="utf-8")) or {}
    return {
        "courses": len(courses),
        "lessons": sum(len(course["lessons"]) for course in courses),
        "guides": len(list(CONTENT.glob("guides/*.md"))),
        "retired": len([entry for entry in register.values() if entry.get("retired")]),
        "places": len(yaml.safe_load((CONTENT / "places.yml").read_text(encoding="utf-8")) or {}),
    }


def _questions(folder: Path, name: str) -> int:
    path = folder / name
    return len(yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]) if path.is_file() else 0


def test_the_contract_counts_every_course_lesson_and_guide_in_content(catalog):
    counts = _content_counts()
    paths = [output.path for output in expected(catalog)]

    def matching(pattern: str) -> int:
        return len([path for path in paths if re.fullmatch(pattern, path)])

    short_ids = counts["courses"] + counts["lessons"] + counts["guides"]
    assert counts["lessons"] >= 2 * counts["courses"] >= 2 and counts["guides"] >= 1
    assert matching(r"site/q/[^/]+/index\.html") == short_ids + counts["retired"]
    # A poster per short id, a set per course, and one set of the guides.
    assert matching(r"site/ap-phich/[^/]+\.pdf") == short_ids + counts["courses"] + 1
    assert matching(r"site/ap-phich/noi-dat/[^/]+\.pdf") == counts["places"] >= 1  # and a set per poster place
    assert "site/ap-phich/danh-muc.json" in paths
    assert paths.count("site/search/hocso.json") == short_ids
    assert matching(r"site/khoa-hoc/[^/]+/[^/]+/index\.html") == counts["lessons"] + counts["courses"]  # and the tests
    assert matching(r"bank/[^/]+\.json") == counts["courses"]
    assert matching(r"site/khoa-hoc/[^/]+/[^/]+\.pdf") == counts["lessons"]  # a handout per lesson
    assert ("site/chuyen-de/index.html" in paths) == (CONTENT / "topics.yml").is_file()
    assert f"bank/{PUBLISHED_FILE}" in paths and "site/xac-minh/keys.json" in paths and "site/sw.js" in paths


def test_the_built_site_holds_everything_the_plugin_must_make(built_site, catalog):
    lacking = missing(catalog, built_site.site, built_site.bank, built_site.public_keys)
    assert lacking == [], "the build lacks what the hocso plugin makes:\n" + "\n".join(lacking)
    for folder in CONTENT.glob("courses/*/"):
        bank = json.loads((built_site.bank / f"{folder.name}.json").read_text(encoding="utf-8"))
        assert len(bank["questions"]) == _questions(folder, "questions.yml") > 0
        assert len(bank["practice"]) == _questions(folder, "practice.yml")
    assert len(built_site.public_keys["keys"]) == 1
    assert len(expected(catalog, built_site.public_keys)) == len(expected(catalog)) + 1


def test_a_build_without_the_hocso_plugin_is_told_everything_it_lacks(tmp_path, catalog):
    """The repository's mkdocs.yml with the plugin taken out: MkDocs still builds a site, the contract names all."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    bare = re.sub(r"^  - hocso:\n(?:    .*\n)+", "", config, flags=re.M)
    assert "- hocso" in config and "- hocso" not in bare
    bare = bare.replace("docs_dir: content/site", f"docs_dir: {CONTENT / 'site'}")
    (tmp_path / "mkdocs.yml").write_text(bare, encoding="utf-8")
    done = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site", tmp_path / "bank", strict=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "gioi-thieu" / "index.html").is_file()

    keys = {"keys": [{"kid": "2026-01-01-1", "x": "abc"}]}
    lacking = missing(catalog, tmp_path / "site", tmp_path / "bank", keys)
    # the theme writes a not-found page of its own, in English
    english = "site/404.html: Vietnamese not-found page"
    assert lacking == [
        f"{output}: lacks 'Không tìm thấy trang này'" if str(output) == english else str(output)
        for output in expected(catalog, keys)
    ]
    for course in catalog.courses:
        short_id = course.meta.id
        assert f"site/q/{short_id}/index.html: short link {short_id} serving a copy of khoa-hoc/{course.id}/" in lacking
        assert f"bank/{course.id}.json: question bank of {course.id}" in lacking
        for lesson in course.lessons:
            base = f"site/khoa-hoc/{course.id}/{lesson.slug}"
            assert (
                f"{base}/index.html: lesson page of {lesson.id} with its QR code and a link to its handout" in lacking
            )
            assert f"{base}.pdf: PDF handout of {lesson.id}" in lacking
            assert f"site/search/hocso.json: lesson {lesson.id} searchable" in lacking
    assert "site/sw.js: service worker keeping pages for offline reading" in lacking
    assert "site/ngoai-tuyen/index.html: offline page listing the saved pages" in lacking
    assert "site/xac-minh/keys/2026-01-01-1.json: certificate key 2026-01-01-1" in lacking


def _linked_copy(source: Path, target: Path) -> Path:
    """A copy of a folder whose files are hard links (cheap); replace a file only by unlinking it first."""
    shutil.copytree(source, target, copy_function=os.link)
    return target


def _replace(path: Path, text: str) -> None:
    path.unlink()
    path.write_text(text, encoding="utf-8")


def test_a_build_missing_a_few_outputs_is_told_exactly_those(built_site, tmp_path, catalog):
    site = _linked_copy(built_site.site, tmp_path / "site")
    bank = _linked_copy(built_site.bank, tmp_path / "bank")
    course = catalog.courses[-1]
    lesson = course.lessons[-1]
    guide = catalog.guides[0]
    (site / "q" / lesson.id / "index.html").unlink()
    index = json.loads((site / "search" / "hocso.json").read_text(encoding="utf-8"))
    index = [row for row in index if row["u"] != f"huong-dan/{guide.slug}/"]
    _replace(site / "search" / "hocso.json", json.dumps(index))
    copy = (site / "q" / course.meta.id / "index.html").read_text(encoding="utf-8")
    _replace(site / "q" / course.meta.id / "index.html", copy.replace(f"khoa-hoc/{course.id}/", "khoa-hoc/khac/"))
    (bank / f"{course.id}.json").unlink()
    ids = (bank / PUBLISHED_FILE).read_text(encoding="utf-8")
    _replace(bank / PUBLISHED_FILE, ids.replace(f"{guide.id}\n", ""))

    assert missing(catalog, site, bank, built_site.public_keys) == [
        f"site/q/{course.meta.id}/index.html: short link {course.meta.id} serving a copy of khoa-hoc/{course.id}/: "
        f'lacks \'/khoa-hoc/{course.id}/"><meta name="robots" content="noindex">\'',
        f"site/q/{lesson.id}/index.html: short link {lesson.id} serving a copy of khoa-hoc/{course.id}/{lesson.slug}/",
        f"site/search/hocso.json: guide {guide.id} searchable: no entry for huong-dan/{guide.slug}/",
        f"bank/{course.id}.json: question bank of {course.id}",
        f"bank/{PUBLISHED_FILE}: short ids the events function counts: does not list exactly {len(ids.split())} ids",
    ]
    assert missing(catalog, built_site.site, built_site.bank, built_site.public_keys) == []
