"""The wave script (`bench/wave.py`) against a real `hocso serve`: every learner signs in, does the lessons, sits the
test and is certified; the request bound stops it; its command line reads a logins file and says how it went."""

from __future__ import annotations

import contextlib
import subprocess
import sys

import pytest

from bench import wave
from tests.support.paths import ROOT
from tests.support.servers import free_port


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data = tmp_path_factory.mktemp("wave")
    logins = wave.local(data, 6)
    port = free_port()
    server = wave.serve_locally(data, port)
    try:
        yield f"http://127.0.0.1:{port}/", logins
    finally:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=10)


def test_every_learner_of_the_wave_goes_from_sign_in_to_a_certificate(served):
    base_url, logins = served
    done = wave.replay(base_url, "wave", logins[:3], concurrency=3, max_seconds=120)
    assert done.journeys == 3 and done.errors() == 0, dict(done.statuses)
    assert done.statuses["signin"] == {200: 3} and done.statuses["start"] == {201: 3}
    assert done.statuses["lesson"] == {200: 30} and done.statuses["submit"] == {200: 3}
    assert done.statuses["certificate"] == {201: 3}
    report = list(done.lines())
    assert report[0].startswith("wave: 3 learners, ") and any(line.lstrip().startswith("submit") for line in report)


def test_the_wave_stops_at_its_request_bound(served):
    base_url, logins = served
    done = wave.replay(base_url, "wave", logins[3:5], concurrency=2, max_requests=5)
    assert done.sent == 5 and done.journeys == 0


def test_the_command_reads_its_logins_and_exits_zero_when_nothing_failed(served, tmp_path):
    base_url, logins = served
    rows = tmp_path / "logins.csv"
    rows.write_text("username,password\n" + f"{logins[5][0]},{logins[5][1]}\n", encoding="utf-8")
    command = [sys.executable, "-m", "bench.wave", "--base-url", base_url, "--course", "wave", "--logins", str(rows)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wave: 1 learners, ") and "certificate" in done.stdout
