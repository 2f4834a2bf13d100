"""A focal official in a real Chromium against `make run`: the commune's administrator gives them two colleagues on
the focal officials page; the focal official signs in on a phone, sees those two and no one else, each a card with
what they have left, and prints the reminders (the page printed to PDF by Chromium, its text read back); axe finds no
serious problem."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from tests.support.actors import DEMO_PASSWORD, import_learner, issue_learner, printed_login, sign_in
from tests.support.adminpages import sign_in as sign_in_page
from tests.support.adminpages import signed_in_as, table_rows
from tests.support.browser import heading, serious_accessibility_problems

pytestmark = pytest.mark.browser
COMMUNE = "16813"


# Each learner's card: its cells' labels as drawn, whether it lies inside the screen, and its values one under another.
CARDS = """table => Array.from(table.tBodies[0].rows).map(row => {
  const cells = Array.from(row.cells), box = row.getBoundingClientRect(), width = document.documentElement.clientWidth;
  const top = cell => cell.getBoundingClientRect().top, bottom = cell => cell.getBoundingClientRect().bottom;
  const below = (cell, n) => n === 0 || top(cell) >= bottom(cells[n - 1]) - 1;
  return {labels: cells.slice(1).map(cell => getComputedStyle(cell, "::before").content.replace(/^"|"$/g, "")),
          inside: box.left >= 0 && box.right <= width, stacked: cells.every(below)};
})"""


def issued_only(server, admin, name: str) -> str:
    """A learner of the commune imported and never activated; their username."""
    return issue_learner(server, admin, name, COMMUNE)["Tên đăng nhập"]


def test_a_focal_official_sees_only_their_learners_and_prints_reminders(page, server, tmp_path):
    admin = sign_in(server, printed_login(server, "Quản trị Xã Mường Xén"), DEMO_PASSWORD)
    focal = import_learner(server, admin, "Bùi Thị Đầu Mối", COMMUNE)
    studying = import_learner(server, admin, "Lương Văn Nhắc", COMMUNE)
    idle = issued_only(server, admin, "Vi Thị Chưa Vào")
    stranger = import_learner(server, admin, "Hồ Văn Người Khác", COMMUNE)

    # The administrator gives the focal official their two colleagues on the focal officials page.
    sign_in_page(page, server, "Quản trị Xã Mường Xén")
    page.goto(f"{server}quan-tri/dau-moi/")
    assert heading(page) == "Cán bộ đầu mối"
    page.get_by_label("Tên đăng nhập của cán bộ đầu mối").fill(focal.username)
    page.get_by_label("Tên đăng nhập của các học viên được giao (mỗi dòng một người)").fill(
        f"{studying.username}\n{idle}\n"
    )
    page.get_by_role("button", name="Lưu danh sách").click()
    page.locator(".hocso-admin__focal-outcome", has_text="Đã lưu").wait_for()
    assert page.locator(".hocso-admin__focal-outcome").inner_text() == "Đã lưu: Bùi Thị Đầu Mối theo dõi 2 học viên."
    report = page.locator("table", has=page.locator("caption", has_text="Tiến độ theo cán bộ đầu mối"))
    # The report may already show other focal officials (the server is shared): its new row is drawn after the save.
    report.locator("tbody tr", has_text=focal.username).wait_for()
    assert [focal.username, "Xã Mường Xén", "2", "1", "0", "0"] in [row[1:] for row in table_rows(report)]
    # A learner of another focal official's list is refused by name, and nothing changes.
    page.get_by_label("Tên đăng nhập của cán bộ đầu mối").fill(stranger.username)
    page.get_by_label("Tên đăng nhập của các học viên được giao (mỗi dòng một người)").fill(idle)
    page.get_by_role("button", name="Lưu danh sách").click()
    refusal = page.locator(".hocso-admin__focal-outcome .hocso-message--error")
    refusal.wait_for()
    assert refusal.inner_text().startswith("Có học viên đang do cán bộ đầu mối khác theo dõi")
    assert refusal.inner_text().endswith(f"Các tên đăng nhập cần xem lại: {idle}.")
    assert serious_accessibility_problems(page) == []

    # The focal official signs in and sees their two colleagues, no one else.
    learner = page.context.browser.new_context(viewport={"width": 412, "height": 915}, locale="vi-VN").new_page()
    signed_in_as(learner, server, focal.username, focal.password, "cua-toi/")
    learner.goto(f"{server}dau-moi/")
    table = learner.locator("table", has=learner.locator("caption", has_text="Học viên bạn theo dõi"))
    table.wait_for()
    rows = {row[1]: row for row in table_rows(table)}
    assert sorted(rows) == sorted([studying.username, idle])
    assert rows[idle][0] == "Vi Thị Chưa Vào" and rows[idle][3].startswith("Kích hoạt tài khoản bằng mã")
    assert rows[studying.username][3].startswith("Học nốt 10 bài của khóa")
    assert stranger.username not in learner.content()
    # On the phone, a card a learner inside the screen: the name on top, then each value under its column's name
    # (five columns once left what is still to do a few letters wide, a word a line).
    cards = table.evaluate(CARDS)
    assert [card["labels"] for card in cards] == [["Tên đăng nhập", "Đơn vị", "Còn phải làm", "Hạn hoàn thành"]] * 2
    assert all(card["inside"] and card["stacked"] for card in cards)
    assert learner.locator(".hocso-focal__scroll").evaluate("box => box.scrollWidth <= box.clientWidth")
    summary = learner.locator(".hocso-focal__screen [role=status]").inner_text()
    assert (
        summary == "Bạn theo dõi 2 người: 0 đã hoàn thành, 2 chưa hoàn thành "
        "(1 chưa kích hoạt tài khoản, 0 sắp hết hạn, 0 đã quá hạn)."
    )
    assert learner.get_by_role("button", name="In phiếu nhắc (2 người chưa hoàn thành)").is_enabled()
    assert serious_accessibility_problems(learner) == []

    # Printed: the reminders alone, one slip each, with what is left, the deadline and where to sign in.
    learner.pdf(path=str(tmp_path / "phieu-nhac.pdf"), format="A4")
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "phieu-nhac.pdf").pages)
    text = re.sub(r"\s+", " ", text)
    for name in ("Vi Thị Chưa Vào", "Lương Văn Nhắc"):
        assert name in text
    assert f"Tên đăng nhập: {idle}" in text and "Kích hoạt tài khoản bằng mã trên phiếu tài khoản" in text
    assert "Học nốt 10 bài của khóa" in text and "Hạn hoàn thành: " in text
    assert f"Đăng nhập để học tại: {server}tai-khoan/" in text
    assert "Người nhắc: Bùi Thị Đầu Mối (cán bộ đầu mối)" in text
    assert "Học viên bạn theo dõi" not in text and "In phiếu nhắc" not in text  # the screen's table stays on screen
    learner.context.close()
