"""What a build keeps for the next (`site_builder.buildcache`) gives what computing again gives, and is computed again
as soon as anything it is made of changes: the text, the day, the register, the code."""

from __future__ import annotations

import errno
import os
import shutil
from datetime import date

from site_builder import buildcache, citations, laws, qrcodes, searchindex, shortpages, yamlsource
from site_builder.buildcache import FileMemo, Memo
from site_builder.catalog import load_catalog, load_checked
from tests.builder.test_citations import REGISTER
from tests.support.content import mkdocs_build, register_ids, write_course
from tests.support.paths import ROOT


def counted(calls: list, value):
    """A computation that records each time it runs."""
    return lambda: calls.append(value) or value


def test_a_memo_returns_what_was_computed_and_computes_again_when_an_input_changes(tmp_path):
    calls: list = []
    memo = Memo(tmp_path / "memo.json")
    assert memo.get(counted(calls, "a"), "what", "input 1") == "a"
    memo.save()
    again = Memo(tmp_path / "memo.json")  # the next build
    assert again.get(counted(calls, "b"), "what", "input 1") == "a"
    assert again.get(counted(calls, "c"), "what", "input 2") == "c"
    assert again.get(counted(calls, "d"), "other", "input 1") == "d"
    assert calls == ["a", "c", "d"]


def test_a_memo_file_keeps_only_what_the_last_build_asked_for_and_a_damaged_one_is_computed_again(tmp_path):
    memo = Memo(tmp_path / "memo.json")
    memo.get(lambda: 1, "n", 1)
    memo.get(lambda: 2, "n", 2)
    memo.save()
    second = Memo(tmp_path / "memo.json")
    second.get(lambda: 0, "n", 2)
    second.save()
    calls: list = []
    assert Memo(tmp_path / "memo.json").get(counted(calls, 3), "n", 1) == 3 and calls == [3]
    (tmp_path / "memo.json").write_text("{not json", encoding="utf-8")
    assert Memo(tmp_path / "memo.json").get(lambda: 4, "n", 2) == 4


def test_a_serve_rebuild_starts_from_the_last_builds_memo_without_its_file(tmp_path):
    first = Memo(tmp_path / "memo.json")
    first.get(lambda: "kept", "x")
    calls: list = []
    assert Memo(tmp_path / "memo.json", first).get(counted(calls, "again"), "x") == "kept" and calls == []


def test_yaml_kept_in_a_memo_reads_back_as_parsed_and_an_edited_text_is_parsed_again(tmp_path):
    text = "id: a\nlist:\n  - 1\n  - {x: 2.5, y: null, z: true}\nid: b\n"
    memo = Memo(tmp_path / "sources.json")
    with yamlsource.kept_in(memo):
        first = yamlsource.parse(text, offset=3)
    memo.save()
    with yamlsource.kept_in(Memo(tmp_path / "sources.json")):
        kept = yamlsource.parse(text, offset=3)
        edited = yamlsource.parse(text.replace("2.5", "3"), offset=3)
    fresh = yamlsource.parse(text, offset=3)
    for located in (first, kept):
        assert (located.data, located.lines, located.offset, located.duplicates) == (
            fresh.data,
            fresh.lines,
            fresh.offset,
            fresh.duplicates,
        )
    assert kept.line_of(("list", 1, "y")) == 7 and kept.duplicates == [(("id",), 8)]
    assert edited.data["list"][1]["x"] == 3
    kept.data["list"].append("changed by a reader")  # a reader's change never reaches the memo
    with yamlsource.kept_in(Memo(tmp_path / "sources.json")):
        assert yamlsource.parse(text, offset=3).data == fresh.data


def test_yaml_json_cannot_hold_as_it_is_is_parsed_every_time(tmp_path):
    text = "issued: 2025-12-10\n1: one\n"
    memo = Memo(tmp_path / "sources.json")
    with yamlsource.kept_in(memo):
        assert yamlsource.parse(text).data == {"issued": date(2025, 12, 10), 1: "one"}
        assert yamlsource.parse(text).data == {"issued": date(2025, 12, 10), 1: "one"}


def test_citation_problems_kept_in_a_memo_are_those_found_and_an_edited_lesson_is_checked_again(content, tmp_path):
    (content / laws.FILE).write_text(REGISTER, encoding="utf-8")
    lesson = content / "courses/mini/01-bai-1.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nNghị định 13/2023/NĐ-CP quy định.\n", encoding="utf-8")
    day = date(2026, 3, 1)
    fresh = citations.check_content(load_catalog(content), day)
    memo = Memo(tmp_path / "memo.json")
    assert citations.check_content(load_catalog(content), day, memo) == fresh
    memo.save()
    assert citations.check_content(load_catalog(content), day, Memo(tmp_path / "memo.json")) == fresh
    assert [item.code for item in fresh] == ["law_not_in_force"]
    # the same text on a day the decree was still in force
    assert citations.check_content(load_catalog(content), date(2025, 3, 1), Memo(tmp_path / "memo.json")) == []
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("quy định.", "đã hết hiệu lực."), encoding="utf-8")
    assert citations.check_content(load_catalog(content), day, Memo(tmp_path / "memo.json")) == []


def test_a_catalogue_checked_with_memos_is_refused_and_warned_as_without(content, tmp_path):
    (content / laws.FILE).write_text(REGISTER, encoding="utf-8")
    register_ids(content)
    day = date(2026, 3, 1)
    memo, sources = Memo(tmp_path / "memo.json"), Memo(tmp_path / "sources.json")
    with yamlsource.kept_in(sources):
        kept = load_checked(content, day, memo)
    assert [str(item) for item in kept.warnings] == [str(item) for item in load_checked(content, day).warnings]
    assert kept.courses[0].questions == load_checked(content, day).courses[0].questions


def test_kept_qr_codes_search_text_and_short_link_copies_are_those_computed(tmp_path):
    memo = Memo(tmp_path / "memo.json")
    url = qrcodes.short_url("https://h.vn/", "x-01")
    assert qrcodes.svg(url, "Bài", memo) == qrcodes.svg(url, "Bài") == qrcodes.svg(url, "Bài", memo)
    assert qrcodes.svg(url, "Bài khác", memo) == qrcodes.svg(url, "Bài khác") != qrcodes.svg(url, "Bài")
    html = "<h1>Chuyển đổi số</h1><p>Đoạn <b>một</b>.</p>"
    assert searchindex.entry("a/", "Tựa", "Tóm", html, memo) == searchindex.entry("a/", "Tựa", "Tóm", html)
    assert searchindex.entry("a/", "Tựa", "Tóm", html + "<p>Hai</p>", memo).text.endswith("hai")
    page = '<html><head></head><body><a href="../bai-2/">Bài 2</a><img src="anh.png"></body></html>'
    site = tmp_path / "site"
    (site / "khoa-hoc/c/bai-1").mkdir(parents=True)
    (site / "khoa-hoc/c/bai-1/index.html").write_text(page, encoding="utf-8")
    links = {"c-01": "khoa-hoc/c/bai-1/"}
    [plain] = shortpages.write(site, links, "https://h.vn/")
    made = plain.read_text(encoding="utf-8")
    copies = FileMemo(tmp_path / "copies")
    shortpages.write(site, links, "https://h.vn/", copies)
    shortpages.write(site, links, "https://h.vn/", FileMemo(tmp_path / "copies"))  # the next build: read back
    assert plain.read_text(encoding="utf-8") == made and 'href="../../khoa-hoc/c/bai-2/"' in made
    (site / "khoa-hoc/c/bai-1/index.html").write_text(page.replace("Bài 2", "Bài hai"), encoding="utf-8")
    edited = FileMemo(tmp_path / "copies")
    shortpages.write(site, links, "https://h.vn/", edited)
    assert "Bài hai" in plain.read_text(encoding="utf-8")
    assert len(list((tmp_path / "copies").glob("*.txt"))) == 2
    edited.save()  # the copy of the page before the edit is no longer asked for
    assert len(list((tmp_path / "copies").glob("*.txt"))) == 1


def _files(folders: list) -> list:
    return [path for folder in folders for path in folder.rglob("*") if path.is_file()]


def test_a_cached_file_is_placed_in_the_site_as_a_link_to_it_or_as_a_copy_where_a_link_cannot_be_made(
    tmp_path, monkeypatch
):
    kept, other = tmp_path / "kept.pdf", tmp_path / "other.pdf"
    kept.write_bytes(b"%PDF kept")
    other.write_bytes(b"%PDF other")
    site = tmp_path / "site.pdf"
    buildcache.place(kept, site)
    assert os.path.samefile(kept, site)
    buildcache.place(kept, site)  # a dirty build finds it linked already
    assert os.path.samefile(kept, site) and site.read_bytes() == b"%PDF kept"
    buildcache.place(other, site)  # or an older file there
    assert os.path.samefile(other, site) and kept.read_bytes() == b"%PDF kept"

    def refused(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refused)
    copied = tmp_path / "copied.pdf"
    buildcache.place(kept, copied)
    assert copied.read_bytes() == b"%PDF kept" and not os.path.samefile(kept, copied)
    buildcache.place(other, copied)
    assert copied.read_bytes() == b"%PDF other" and not os.path.samefile(other, copied)


def test_a_rebuild_with_the_caches_writes_the_site_a_build_without_them_writes_and_follows_an_edited_lesson(tmp_path):
    project = tmp_path / "project"
    (project / "content" / "site").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    folder = write_course(project / "content")
    register_ids(project / "content")

    def build(site: str):
        done = mkdocs_build(project / "mkdocs.yml", tmp_path / site, tmp_path / "bank")
        assert done.returncode == 0, done.stderr
        return {
            path.relative_to(tmp_path / site).as_posix(): path.read_bytes()
            for path in sorted((tmp_path / site).rglob("*"))
            if path.is_file()
        }

    first = build("first")
    assert (project / "build" / "cache" / "memo.json").is_file()
    # handouts, posters and short links' copies are the caches' files linked, not copies of them
    cached = [project / "build" / "handouts", project / "build" / "posters", project / "build" / "cache"]
    for name in ("khoa-hoc/mini/bai-1.pdf", "ap-phich/mini-1.pdf", "q/mini-1/index.html"):
        assert any(os.path.samefile(tmp_path / "first" / name, kept) for kept in _files(cached)), name
    assert build("cached") == first
    lesson = folder / "01-bai-1.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nMột đoạn mới về chữ ký số.\n", encoding="utf-8")
    edited = build("edited")
    shutil.rmtree(project / "build" / "cache")
    assert build("uncached") == edited
    changed = sorted(name for name in first if first[name] != edited.get(name))
    assert "khoa-hoc/mini/bai-1/index.html" in changed and "q/mini-1/index.html" in changed
    assert "search/hocso.json" in changed and "offline.json" in changed
    assert "Một đoạn mới về chữ ký số" in edited["q/mini-1/index.html"].decode()
    assert "mot doan moi ve chu ky so" in edited["search/hocso.json"].decode()
