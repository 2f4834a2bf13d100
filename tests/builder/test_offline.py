"""The service worker's manifest (`offline.json`) of a built site folder: revisions, titles, courses, shell."""

from __future__ import annotations

import gzip
import hashlib
import json

from site_builder import offline

OFFLINE_PAGE = """<html><head><title>Không có mạng - Học số</title>
<link rel="stylesheet" href="../assets/main.css"><script src="../assets/hocso/hocso.js"></script>
<script src="https://elsewhere.example/x.js"></script></head><body></body></html>"""


def write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_the_manifest_gives_each_kept_file_its_revision_and_each_course_its_compressed_size(tmp_path):
    lesson = "<html><head><title>Bài 1 &amp; 2 - Học số</title></head><body>" + "chữ " * 500 + "</body></html>"
    write(
        tmp_path,
        {
            "index.html": "<title>Học số</title>",
            "ngoai-tuyen/index.html": OFFLINE_PAGE,
            "assets/main.css": "body{}",
            "assets/hocso/hocso.js": "1;",
            "khoa-hoc/mini/index.html": "<title>Khóa mini - Học số</title>",
            "khoa-hoc/mini/bai-1/index.html": lesson,
            "khoa-hoc/mini/files/bai-giang.pdf": "%PDF-1.4",
            "khoa-hoc/mini/kiem-tra/index.html": "<title>Bài kiểm tra - Học số</title>",
            "q/cds-01/index.html": "<title>Bài 1 &amp; 2 - Học số</title>",
            "ap-phich/cds-01.pdf": "%PDF",
            "404.html": "<title>Không tìm thấy</title>",
            "sw.js": "",
        },
    )
    offline.write(
        tmp_path,
        {"mini": ["khoa-hoc/mini/", "khoa-hoc/mini/bai-1/"]},
        "Học số",
        links={"cds-01": "khoa-hoc/mini/bai-1/"},
    )
    manifest = json.loads((tmp_path / "offline.json").read_text(encoding="utf-8"))

    assert sorted(manifest["files"]) == [
        "",
        "404.html",
        "assets/hocso/hocso.js",
        "assets/main.css",
        "khoa-hoc/mini/",
        "khoa-hoc/mini/bai-1/",
        "khoa-hoc/mini/files/bai-giang.pdf",
        "khoa-hoc/mini/kiem-tra/",
        "ngoai-tuyen/",
        "q/cds-01/",
    ]
    data = lesson.encode()
    assert manifest["files"]["khoa-hoc/mini/bai-1/"] == [hashlib.sha256(data).hexdigest()[:16], len(data)]
    assert manifest["titles"]["khoa-hoc/mini/bai-1/"] == "Bài 1 & 2"
    assert manifest["titles"][""] == "Học số"
    # a short link's page is kept when opened, but the offline page lists its page, not the copy
    assert "q/cds-01/" not in manifest["titles"]
    assert manifest["links"] == {"q/cds-01/": "khoa-hoc/mini/bai-1/"}
    pages = ["khoa-hoc/mini/", "khoa-hoc/mini/bai-1/", "khoa-hoc/mini/files/bai-giang.pdf"]
    sources = ["khoa-hoc/mini/index.html", "khoa-hoc/mini/bai-1/index.html", "khoa-hoc/mini/files/bai-giang.pdf"]
    sent = sum(len(gzip.compress((tmp_path / name).read_bytes(), 6, mtime=0)) for name in sources)
    assert manifest["courses"] == {"mini": {"pages": pages, "bytes": sent}}
    assert sent < sum(manifest["files"][page][1] for page in pages)
    assert manifest["shell"] == ["ngoai-tuyen/", "assets/main.css", "assets/hocso/hocso.js", "404.html"]


def test_an_unchanged_file_keeps_its_revision_and_a_changed_one_gets_a_new_one(tmp_path):
    write(tmp_path, {"a/index.html": "<title>A</title>", "b/index.html": "<title>B</title>"})
    first = offline.document(tmp_path, {})
    write(tmp_path, {"b/index.html": "<title>B, viết lại</title>"})
    second = offline.document(tmp_path, {})
    assert first["files"]["a/"] == second["files"]["a/"]
    assert first["files"]["b/"][0] != second["files"]["b/"][0]
    assert second["shell"] == []
