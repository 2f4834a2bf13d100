"""Permanent short ids: the register keeps every published id alive, and each id gets its page."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder import shortlinks
from site_builder.catalog import load_catalog, load_checked
from site_builder.problems import ContentError
from tests.support.content import lesson_text, register_ids, write_course
from tests.support.paths import ROOT


def codes(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_checked(content)
    return [f"{p.field}:{p.code}" for p in caught.value.problems]


def test_new_ids_are_registered_with_their_kind_and_title(content):
    assert codes(content) == ["mini:id_unregistered", "mini-1:id_unregistered", "mini-2:id_unregistered"]
    assert shortlinks.register_new(load_catalog(content)) == ["mini", "mini-1", "mini-2"]
    text = (content / "ids.yml").read_text(encoding="utf-8")
    assert 'mini-1: {kind: lesson, title: "Bài 1"}' in text
    assert load_checked(content).courses[0].id == "mini"
    assert shortlinks.register_new(load_catalog(content)) == []


def test_a_published_id_may_not_disappear(content):
    register_ids(content)
    folder = content / "courses/mini"
    (folder / "02-bai-2.md").unlink()
    (folder / "course.yml").write_text((folder / "course.yml").read_text().replace("  - 02-bai-2.md\n", ""))
    (folder / "questions.yml").write_text(
        (folder / "questions.yml").read_text().replace("lesson: mini-2", "lesson: mini-1")
    )
    assert codes(content) == ["mini-2:id_vanished"]


def test_a_retired_id_keeps_a_page_pointing_to_its_replacement(content):
    register_ids(content)
    folder = content / "courses/mini"
    (folder / "02-bai-2.md").write_text(lesson_text("mini-2b", "Bài 2 viết lại"))
    with (content / "ids.yml").open("a") as out:
        out.write('mini-2b: {kind: lesson, title: "Bài 2 viết lại"}\n')
    register = (
        (content / "ids.yml")
        .read_text()
        .replace(
            'mini-2: {kind: lesson, title: "Bài 2"}',
            'mini-2: {kind: lesson, title: "Bài 2", retired: {to: mini-2b, note: "Bài đã được viết lại."}}',
        )
    )
    (content / "ids.yml").write_text(register)
    (folder / "questions.yml").write_text(
        (folder / "questions.yml").read_text().replace("lesson: mini-2", "lesson: mini-2b")
    )
    catalog = load_checked(content)
    [(uri, title, markdown)] = shortlinks.retired_pages(catalog)
    assert (uri, title) == ("q/mini-2/index.md", "Bài 2")
    assert "Bài đã được viết lại." in markdown and "[Bài 2 viết lại](../../khoa-hoc/mini/bai-2.md)" in markdown


def test_a_retired_id_may_not_come_back_and_an_id_may_not_change_kind(content):
    register_ids(content)
    register = (content / "ids.yml").read_text()
    register = register.replace(
        'mini-2: {kind: lesson, title: "Bài 2"}', 'mini-2: {kind: lesson, title: "Bài 2", retired: {}}'
    )
    register = register.replace("mini-1: {kind: lesson", "mini-1: {kind: guide")
    (content / "ids.yml").write_text(register)
    assert codes(content) == ["mini-1:id_reused", "mini-2:id_retired_reused"]


def test_a_retired_id_pointing_nowhere_is_reported(content):
    register_ids(content)
    with (content / "ids.yml").open("a") as out:
        out.write('cu: {kind: guide, title: "Cũ", retired: {to: khong-co}}\n')
    assert codes(content) == ["cu.retired.to:id_unknown"]


def test_every_live_id_gets_a_tiny_redirect_page_to_its_current_url(tmp_path):
    content = tmp_path / "content"
    write_course(content)
    (content / "guides").mkdir()
    (content / "guides" / "mat-khau.md").write_text(
        "---\nid: hd-mk\ntitle: Mật khẩu?\nsummary: Tóm tắt.\n---\n\nNội dung.\n"
    )
    pages = dict(shortlinks.redirect_pages(load_catalog(content)))
    assert set(pages) == {"q/mini/index.html", "q/mini-1/index.html", "q/mini-2/index.html", "q/hd-mk/index.html"}
    assert 'content="0; url=../../khoa-hoc/mini/bai-1/"' in pages["q/mini-1/index.html"]
    assert 'location.replace("../../huong-dan/mat-khau/"' in pages["q/hd-mk/index.html"]
    assert len(pages["q/mini-1/index.html"]) < 700


# Runs a redirect page's script in Node with the browser objects it touches stubbed: what it sends, where it goes.
SCRIPT_RUNNER = r"""
const vm = require("vm");
const {script, cases} = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(cases.map(({search, beacon}) => {
  const seen = {beacons: [], fetches: [], went: null};
  const navigator = beacon === "absent" ? {} : {sendBeacon(url, body) {
    if (beacon === "throws") throw new TypeError("refused");
    seen.beacons.push([url, body]);
    return beacon === "accepted";
  }};
  const location = {search, hash: "#muc-2", replace(url) { seen.went = url; }};
  const fetch = (url, options) => { seen.fetches.push([url, options]); return Promise.resolve(); };
  vm.runInNewContext(script, {navigator, location, fetch, JSON});
  return seen;
})));
"""


def run_redirect_script(page: str, cases: list[dict]) -> list[dict]:
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    script = re.search(r"<script>(.*)</script>", page).group(1)
    done = subprocess.run(
        ["node", "-e", SCRIPT_RUNNER],
        input=json.dumps({"script": script, "cases": cases}),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(done.stdout)


def json_body(beacons: list) -> tuple:
    """The one beacon sent: its address and its JSON."""
    [(url, body)] = beacons
    return url, json.loads(body)


def test_a_redirect_page_counts_the_scan_with_the_posters_place_then_redirects(content):
    page = dict(shortlinks.redirect_pages(load_catalog(content)))["q/mini-1/index.html"]
    assert page.index("sendBeacon") < page.index("location.replace(")
    cases = [
        {"search": "?tu=xa-muong-xen", "beacon": "accepted"},
        {"search": "?a=1&tu=cho-vinh&b=2", "beacon": "accepted"},
        {"search": "", "beacon": "accepted"},
        {"search": "?tu=Xa_Muong_Xen", "beacon": "accepted"},
        {"search": "?tu=" + "a" * 33, "beacon": "accepted"},
    ]
    sent = [json_body(seen["beacons"]) for seen in run_redirect_script(page, cases)]
    assert sent == [
        ("/api/events", {"id": "mini-1", "kind": "scan", "place": "xa-muong-xen"}),
        ("/api/events", {"id": "mini-1", "kind": "scan", "place": "cho-vinh"}),
        ("/api/events", {"id": "mini-1", "kind": "scan", "place": None}),
        ("/api/events", {"id": "mini-1", "kind": "scan", "place": None}),
        ("/api/events", {"id": "mini-1", "kind": "scan", "place": None}),
    ]


def test_without_a_beacon_the_scan_goes_by_fetch_and_no_failure_stops_the_redirect(content):
    page = dict(shortlinks.redirect_pages(load_catalog(content)))["q/mini-1/index.html"]
    cases = [{"search": "?tu=cho-vinh", "beacon": kind} for kind in ("absent", "refused", "throws")]
    absent, refused, throws = run_redirect_script(page, cases)
    for seen in (absent, refused):
        [(url, options)] = seen["fetches"]
        assert (url, options["method"], options["keepalive"]) == ("/api/events", "POST", True)
        assert seen["went"] == "../../khoa-hoc/mini/bai-1/#muc-2"
    assert (throws["fetches"], throws["went"]) == ([], "../../khoa-hoc/mini/bai-1/#muc-2")


def test_redirect_pages_count_at_the_configured_api_or_not_at_all(content):
    elsewhere = dict(shortlinks.redirect_pages(load_catalog(content), api_url="https://api.example.vn/v1/"))
    assert 'u="https://api.example.vn/v1/events"' in elsewhere["q/mini-1/index.html"]
    without = dict(shortlinks.redirect_pages(load_catalog(content), api_url=""))["q/mini-1/index.html"]
    assert "sendBeacon" not in without and 'location.replace("../../khoa-hoc/mini/bai-1/"' in without


def test_every_redirect_page_of_the_published_catalogue_stays_under_900_bytes():
    """The beacon costs about 240 bytes; the longest Vietnamese title and slug of the real catalogue still fit."""
    pages = shortlinks.redirect_pages(load_catalog(ROOT / "content"))
    assert pages and max(len(page.encode("utf-8")) for _, page in pages) < 900
