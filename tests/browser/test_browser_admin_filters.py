"""The dashboard's small gaps closed, in a real Chromium against `make run`: the cohort filter is a pick list of the
subtree's cohorts (on the dashboard and the learner list), and the reach table names each page by its title and
each poster's scans by the place's name from `content/places.yml`."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

import pytest

from tests.support.adminpages import sign_in

pytestmark = pytest.mark.browser
PLACE = "buu-dien-muong-xen"


def post_event(server, event: dict) -> int:
    request = urllib.request.Request(
        f"{server}api/events", data=json.dumps(event).encode(), method="POST", headers={"Content-Type": "text/plain"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def cohort_choices(page) -> list[str]:
    select = page.get_by_label("Đợt học")
    page.wait_for_function("document.querySelector('#hocso-admin-cohort').options.length > 1")
    return [option.text_content() for option in select.locator("option").all()]  # offered, even with the filters folded


def test_the_cohort_filter_offers_the_subtrees_cohorts_and_keeps_the_one_chosen(page, server):
    sign_in(page, server, "Quản trị tỉnh")
    page.goto(f"{server}quan-tri/")
    page.locator("summary", has_text="Bộ lọc").click()  # folded on a phone
    assert cohort_choices(page)[:2] == ["Mọi đợt", "Đợt 1"]
    unit = page.get_by_label("Đơn vị", exact=True)
    unit.select_option("16702-T1")  # a team with no learner: nothing but "every cohort"
    page.wait_for_function("document.querySelector('#hocso-admin-cohort').options.length === 1")
    unit.select_option("40")
    assert cohort_choices(page)[:2] == ["Mọi đợt", "Đợt 1"]
    page.get_by_label("Đợt học").select_option("Đợt 1")
    page.get_by_role("button", name="Xem báo cáo").click()
    page.wait_for_url(re.compile(r"cohort=%C4%90%E1%BB%A3t\+1"))
    page.locator("[data-figure]").first.wait_for()
    assert ", Đợt 1." in page.locator(".hocso-admin__body p", has_text="Số liệu đến hết ngày").inner_text()
    page.wait_for_function("document.querySelector('#hocso-admin-cohort').value === 'Đợt 1'")

    page.goto(f"{server}quan-tri/hoc-vien/?cohort=%C4%90%E1%BB%A3t+1")
    assert "Đợt 1" in cohort_choices(page)
    page.wait_for_function("document.querySelector('#hocso-admin-cohort').value === 'Đợt 1'")
    page.get_by_text(re.compile(r"^Tìm thấy \d+ học viên")).wait_for()


def test_the_reach_table_shows_page_titles_and_scans_by_the_places_name(page, server):
    for _ in range(30):  # enough to stand among the five most reached pages whatever other tests opened
        assert post_event(server, {"id": "cds-01", "kind": "scan", "place": PLACE}) == 204
    assert post_event(server, {"id": "cds-01", "kind": "scan"}) == 204
    sign_in(page, server, "Quản trị tỉnh")
    page.goto(f"{server}quan-tri/")
    reach = page.locator("table", has=page.locator("caption", has_text="Trang được mở nhiều nhất"))
    reach.wait_for()
    assert [th.inner_text() for th in reach.locator("th").all()] == [
        "Trang",
        "Lượt mở",
        "Lượt quét QR",
        "Lượt quét theo nơi dán",
    ]
    row = reach.locator("tr", has_text="Chuyển đổi số là gì?")
    cells = [cell.inner_text() for cell in row.locator("td").all()]
    assert cells[0] == "Chuyển đổi số là gì? (cds-01)"
    # Other tests scan the same page from places of their own, on the same server: ours are read among them.
    scans = dict(re.fullmatch(r"(.+): (\d+)", each).groups() for each in cells[3].split("; "))
    assert int(scans["Bưu điện văn hóa xã Mường Xén"]) >= 30 and int(scans["Không ghi nơi dán"]) >= 1
    assert PLACE not in scans  # the place named as content/places.yml names it, not by its code
    posters = page.locator("[data-reach=posters]")
    assert posters.inner_text() == (
        "Áp phích in sẵn nơi dán (mã QR đếm lượt quét theo từng nơi): Bưu điện văn hóa xã Mường Xén, "
        "Bưu điện phường Vinh Phú"
    )
    link = posters.get_by_role("link", name="Bưu điện phường Vinh Phú").get_attribute("href")
    assert link.endswith("/ap-phich/noi-dat/buu-dien-vinh-phu.pdf")
    with urllib.request.urlopen(urllib.parse.urljoin(page.url, link), timeout=10) as response:
        assert response.read().startswith(b"%PDF")
