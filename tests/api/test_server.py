"""The local one-process system: the built site at `/`, the functions under `/api`."""

import gc

import pytest
from fastapi.testclient import TestClient

from functions.api.server import create_functions, create_server


@pytest.fixture
def site(tmp_path):
    (tmp_path / "khoa-hoc" / "mini").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<h1>Trang chủ</h1>", encoding="utf-8")
    (tmp_path / "khoa-hoc" / "mini" / "index.html").write_text("<h1>Khóa mini</h1>", encoding="utf-8")
    return tmp_path


def test_the_site_and_the_api_share_one_origin(site):
    client = TestClient(create_server(site))
    assert client.get("/").text == "<h1>Trang chủ</h1>"
    assert client.get("/khoa-hoc/mini/").text == "<h1>Khóa mini</h1>"
    assert client.get("/api/health").json() == {"status": "ok"}
    assert client.get("/api/khong-co").json()["error"]["code"] == "not_found"


def test_a_missing_site_is_refused_before_serving(tmp_path):
    with pytest.raises(FileNotFoundError):
        create_server(tmp_path / "none")


def test_what_the_functions_are_made_of_is_kept_out_of_later_collections():
    gc.unfreeze()
    quiz = create_functions().apps["quiz"]
    assert gc.get_freeze_count() > 0
    assert not any(tracked is quiz for tracked in gc.get_objects())  # frozen: no generation the collector walks
    made_after = [quiz]
    assert any(tracked is made_after for tracked in gc.get_objects())
    gc.unfreeze()
