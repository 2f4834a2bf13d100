"""Background jobs attacked over HTTP against `make run`: the signed upload forms and download links (the local server
plays S3's part) changed, replayed, stretched past their limits or pointed at another file; another subtree's jobs and
uploads asked for; an anonymous caller. Each is refused with a code and nothing is written or sent."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx2 as httpx
import pytest

from tests.support.actors import DEMO_PASSWORD, add_admin, api, printed_login, run_job, sign_in

COMMUNE, OTHER_COMMUNE = "16813", "17254"
ROWS = "Họ và tên,Mã đơn vị,Số điện thoại\nLò Văn Thử,16813,0966111222\n".encode()


@pytest.fixture(scope="module")
def world(server):
    """The demo commune's administrator with one finished import, and an administrator of another commune."""
    commune = sign_in(server, printed_login(server, "Quản trị Xã Mường Xén"), DEMO_PASSWORD)
    other = add_admin(server, "Quản trị viên phường khác", OTHER_COMMUNE)
    job = run_job(server, commune.token, {"kind": "learners.import"}, ("ds.csv", ROWS))
    assert job["state"] == "done", job
    return {"commune": commune, "other": other, "job": job}


def form(server, token: str, size: int = 100) -> dict:
    return api(server, "POST", "/admin/uploads", token, json_body={"filename": "ds.csv", "size": size}).json()


def post(server, asked: dict, data: bytes, **changed: str) -> httpx.Response:
    return httpx.post(
        f"{server}{asked['url'].lstrip('/')}", data={**asked["fields"], **changed}, files={"file": ("ds.csv", data)}
    )


def link(server, world) -> str:
    answer = api(server, "POST", f"/admin/jobs/{world['job']['id']}/files/slips.csv", world["commune"].token)
    return answer.json()["url"]


def test_an_upload_form_cannot_be_turned_to_another_key_a_larger_file_or_a_later_time(server, world):
    asked = form(server, world["commune"].token)
    for field, value in (
        ("key", "jobs/" + "0" * 20 + ".json"),  # overwrite a job record
        ("key", "imports/" + "0" * 20 + ".json"),  # plant a batch manifest
        ("max", str(10**9)),
        ("expires", str(int(time.time()) + 10**6)),
        ("signature", "f" * 64),
    ):
        answer = post(server, asked, ROWS, **{field: value})
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, "link_refused"), field
    small = form(server, world["commune"].token, size=10)
    too_big = post(server, small, b"x" * (4 * 1024 * 1024 + 1))
    assert (too_big.status_code, too_big.json()["error"]["code"]) == (413, "import_too_large")
    assert httpx.post(f"{server}api/files/upload", content=b"not a form").json()["error"]["code"] == "link_refused"


def test_a_download_link_cannot_be_pointed_at_another_file_or_used_after_it_expires(server, world):
    parts = urlsplit(link(server, world))
    asked = {name: values[0] for name, values in parse_qs(parts.query).items()}
    assert httpx.get(f"{server}{parts.path.lstrip('/')}?{urlencode(asked)}").status_code == 200  # as given, it works
    for path, query in (
        (parts.path.replace(".csv", ".pdf"), asked),
        (f"{parts.path.rsplit('/', 2)[0]}/token-secret", asked),
        ("/api/files/imports/../token-secret", asked),
        (parts.path, {**asked, "filename": "x.html", "type": "text/html"}),
        (parts.path, {**asked, "expires": str(int(time.time()) - 1)}),
        (parts.path, {key: value for key, value in asked.items() if key != "signature"}),
    ):
        answer = httpx.get(f"{server}{path.lstrip('/')}?{urlencode(query)}")
        assert answer.status_code in (403, 404) and "text/html" not in answer.headers["content-type"], path
        assert answer.json()["error"]["code"] in ("link_refused", "not_found")


def test_another_subtrees_jobs_and_uploads_are_not_found(server, world):
    other, job = world["other"].token, world["job"]
    for method, path in (("GET", f"/admin/jobs/{job['id']}"), ("POST", f"/admin/jobs/{job['id']}/files/slips.pdf")):
        answer = api(server, method, path, other)
        assert (answer.status_code, answer.json()["error"]["code"]) == (404, "job_not_found")
    asked = form(server, world["commune"].token)
    assert post(server, asked, ROWS).status_code == 204
    taken = api(
        server, "POST", "/admin/jobs", other, json_body={"kind": "learners.import", "upload_id": asked["upload_id"]}
    )
    assert (taken.status_code, taken.json()["error"]["code"]) == (404, "upload_not_found")
    zipped = api(server, "POST", "/admin/jobs", other, json_body={"kind": "certificates.zip", "unit": COMMUNE})
    assert (zipped.status_code, zipped.json()["error"]["code"]) == (403, "outside_scope")


def test_without_a_token_nothing_is_started_or_shown(server, world):
    job = world["job"]
    for method, path, body in (
        ("POST", "/admin/uploads", {"filename": "ds.csv", "size": 10}),
        ("POST", "/admin/jobs", {"kind": "report"}),
        ("GET", f"/admin/jobs/{job['id']}", None),
        ("POST", f"/admin/jobs/{job['id']}/files/slips.pdf", None),
    ):
        answer = api(server, method, path, json_body=body)
        assert (answer.status_code, answer.json()["error"]["code"]) == (401, "account_required"), path
