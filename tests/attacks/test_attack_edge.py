"""Attacks on the edge: calling the functions around CloudFront (and so around its web ACL), over HTTP against the
real local server."""

from __future__ import annotations

import os
from contextlib import ExitStack

import pytest

from tests.support.servers import free_port, functions_server, running

SECRET = "origin-" + "s" * 40


@pytest.fixture
def serve(tmp_path):
    """A function server on 127.0.0.1 with the given origin secret (None: unset), as an httpx client."""
    import httpx2 as httpx

    def start(secret: str | None):
        env = {
            **os.environ,
            "HOCSO_DATA_DIR": str(tmp_path / "data"),
            "HOCSO_BANK_DIR": str(tmp_path / "bank"),
        }
        env.pop("HOCSO_ORIGIN_SECRET", None)
        if secret is not None:
            env["HOCSO_ORIGIN_SECRET"] = secret
        port = free_port()
        servers.enter_context(running(functions_server(port), env, f"http://127.0.0.1:{port}/health"))
        return servers.enter_context(httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30))

    (tmp_path / "bank").mkdir()
    with ExitStack() as servers:
        yield start


SIGNIN = {"username": "nguoi-la", "password": "doan-mo-123"}


def test_a_request_around_cloudfront_is_refused_before_the_function_reads_it(serve):
    client = serve(SECRET)
    refused = [
        client.post("/accounts/signin", json=SIGNIN),
        client.post("/accounts/signin", json=SIGNIN, headers={"X-Hocso-Origin": SECRET[:-1]}),
        client.post("/accounts/signin", json=SIGNIN, headers={"X-Hocso-Origin": SECRET + "x"}),
        client.post("/accounts/activate", content=b"{not json", headers={"Content-Type": "application/json"}),
        client.get("/quiz/courses/mini"),
        client.post("/events", json={"id": "cds-01"}),
        client.get("/admin/units"),
    ]
    assert [(answer.status_code, answer.json()["error"]["code"]) for answer in refused] == [
        (403, "direct_access_refused")
    ] * len(refused)
    assert refused[0].json()["error"]["message"].startswith("Yêu cầu phải đi qua địa chỉ của trang")
    assert refused[0].headers["Cache-Control"] == "no-store"
    through = client.post("/accounts/signin", json=SIGNIN, headers={"X-Hocso-Origin": SECRET})
    assert (through.status_code, through.json()["error"]["code"]) == (401, "signin_failed")
    assert through.headers["Cache-Control"] == "no-store"  # no error answer is kept by a cache
    assert client.get("/health").json() == {"status": "ok"}  # a monitor may ask the API's own address


def test_without_an_origin_secret_a_local_run_lets_every_request_in(serve):
    client = serve(None)
    answer = client.post("/accounts/signin", json=SIGNIN)
    assert (answer.status_code, answer.json()["error"]["code"]) == (401, "signin_failed")
