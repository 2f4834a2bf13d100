"""What the submissions benchmark (`bench/http.py`) reads from wrk's report, and which runs it refuses."""

from __future__ import annotations

import pytest

from bench import http

REPORT = """Running 15s test @ http://127.0.0.1:18099/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    25.20ms   24.71ms 397.11ms   99.73%
    Req/Sec     1.42k    74.35     1.54k    50.00%
  Latency Distribution
     50%   21.82ms
     75%   23.17ms
     90%   25.00ms
     99%   44.82ms
  21241 requests in 15.00s, 9.87MB read
Requests/sec:   1415.93
Transfer/sec:    673.91KB
"""


def test_the_rate_the_median_the_p99_and_the_count_come_from_the_distribution_rows():
    # The "+/- Stdev" columns end in 99.73% and 50.00%: only the distribution's own rows are read.
    assert http.figures(REPORT) == (1415.93, "21.82ms", "44.82ms", 21241)


def test_a_run_that_sent_each_attempt_at_most_once_is_kept():
    assert http.figures(REPORT, distinct=21241)[3] == 21241


def test_a_run_that_went_round_its_attempts_again_is_refused():
    # wrk starts the file over when it reaches its end: the second submission of an attempt answers the first result,
    # cheaper than grading, so the rate would not be the work's.
    with pytest.raises(RuntimeError, match="21241 requests sent for 21240 attempts"):
        http.figures(REPORT, distinct=21240)


@pytest.mark.parametrize(
    "line", ["  Non-2xx or 3xx responses: 12", "  Socket errors: connect 0, read 0, write 0, timeout 5"]
)
def test_a_run_with_any_failed_request_is_refused(line):
    report = REPORT.replace("  21241 requests in", f"{line}\n  21241 requests in")
    with pytest.raises(RuntimeError, match="some requests failed"):
        http.figures(report)


@pytest.mark.parametrize(
    ("latency", "ms"), [("812.00us", 0.812), ("44.82ms", 44.82), ("1.02s", 1020.0), ("1.50m", 90_000.0)]
)
def test_latencies_are_read_in_every_unit_wrk_prints(latency, ms):
    assert http.milliseconds(latency) == pytest.approx(ms)


def test_a_latency_in_no_unit_wrk_prints_is_refused():
    with pytest.raises(ValueError, match="not a latency wrk prints"):
        http.milliseconds("44.82")


def test_the_p99_is_read_against_the_mean_wait_its_rate_implies():
    # 32 connections at 1,415.93 a second wait 22.6 ms on average; a p99 of 44.82 ms is twice that.
    assert http.over_mean("44.82ms", 1415.93) == pytest.approx(44.82 / (32 / 1415.93 * 1e3))
    assert round(http.over_mean("44.82ms", 1415.93), 2) == 1.98
