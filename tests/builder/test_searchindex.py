"""Folding and the search index."""

import json

import pytest

from site_builder import searchindex
from tests.support.paths import VECTORS

FOLD_VECTORS = json.loads((VECTORS / "search_fold.json").read_text(encoding="utf-8"))["vectors"]


def test_fold_removes_diacritics_and_turns_d_stroke_into_d():
    assert searchindex.fold("Chuyển đổi SỐ") == "chuyen doi so"
    assert searchindex.fold("Đăng nhập  an   toàn") == "dang nhap an toan"


def test_fold_treats_composed_and_decomposed_text_alike():
    import unicodedata

    text = "Hoàng Thị Thùy Dương"
    assert searchindex.fold(unicodedata.normalize("NFD", text)) == searchindex.fold(text) == "hoang thi thuy duong"


def test_plain_keeps_visible_text_only():
    markup = (
        '<h2 id="x">Mật khẩu</h2><svg><title>QR</title></svg><p>Dùng <b>cụm</b> mật khẩu &amp; 2FA</p>'
        "<script>x()</script>"
    )
    assert searchindex.plain(markup) == "Mật khẩu Dùng cụm mật khẩu & 2FA"


def test_the_index_keeps_titles_as_written_and_text_folded():
    entry = searchindex.entry("huong-dan/mat-khau/", "Mật khẩu mạnh", "Tóm tắt.", "<p>Đặt mật khẩu</p>")
    [row] = json.loads(searchindex.document([entry]))
    assert row == {
        "u": "huong-dan/mat-khau/",
        "t": "Mật khẩu mạnh",
        "d": "Tóm tắt.",
        "x": "mat khau manh tom tat. dat mat khau",
    }


@pytest.mark.parametrize("vector", FOLD_VECTORS, ids=[vector["why"] for vector in FOLD_VECTORS])
def test_fold_gives_each_shared_vector_the_folded_form_the_search_page_gives_it(vector):
    # tests/browser/test_browser_site.py runs search.js's fold on the same file: the index and the query fold alike.
    assert searchindex.fold(vector["input"]) == vector["folded"]
