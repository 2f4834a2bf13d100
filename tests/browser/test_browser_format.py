"""format.js, the pages' one way of writing dates, times, percents and counts, in a real headless Chromium whose own
time zone is the machine's (UTC here), so Vietnam's is applied by the helper and not by chance."""

from __future__ import annotations

import pytest

from tests.support.paths import ROOT

pytestmark = pytest.mark.browser

WRITTEN = """() => {
  const f = window.hocsoFormat;
  return [f.day("2026-11-23"), f.day("2026-11"), f.day("2026-11-23T18:30:00+00:00"), f.day("2026-11-23T16:59:59Z"),
          f.day(null), f.moment("2026-11-23T18:30:05Z"), f.moment(new Date(Date.UTC(2027, 0, 1, 2, 5))),
          f.clock("2026-11-23T18:30:05Z"),
          f.percent(85.5), f.percent(100), f.percent(0), f.percent(66.66), f.percent(null), f.count(12345), f.count(0)];
}"""


def test_dates_are_written_dd_mm_yyyy_in_vietnam_and_percents_with_a_decimal_comma(page, server):
    page.goto(f"{server}xac-minh/")
    page.wait_for_function("() => window.hocsoFormat")
    assert page.evaluate("() => Intl.DateTimeFormat().resolvedOptions().timeZone") != "Asia/Ho_Chi_Minh"
    assert page.evaluate(WRITTEN) == [
        "23/11/2026",
        "11/2026",
        "24/11/2026",
        "23/11/2026",
        "—",
        "01:30 24/11/2026",
        "09:05 01/01/2027",
        "01:30:05",
        "85,5%",
        "100%",
        "0%",
        "66,7%",
        "—",
        "12.345",
        "0",
    ]


def test_only_the_pages_that_write_dates_or_percents_load_the_helper(page, server):
    lesson = sorted((ROOT / "content" / "courses" / "tong-quan-chuyen-doi-so").glob("02-*.md"))[0]
    for path in ["", f"khoa-hoc/tong-quan-chuyen-doi-so/{lesson.stem[3:]}/", "tim-kiem/"]:
        page.goto(f"{server}{path}")
        page.wait_for_load_state("networkidle")
    assert not [url for url in page.requests if url.endswith("/format.js")]
    for path in ["khoa-hoc/tong-quan-chuyen-doi-so/kiem-tra/", "tai-khoan/", "cua-toi/", "xac-minh/", "quan-tri/"]:
        page.requests.clear()
        page.goto(f"{server}{path}")
        page.wait_for_load_state("networkidle")
        assert [url for url in page.requests if url.endswith("assets/hocso/format.js")], path
