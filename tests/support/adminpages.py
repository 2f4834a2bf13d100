"""The administrators' pages as the browser tests drive them: signing in with a demo login, a learner list saved as
an administrator saves it, a download started by a button, a table's cells, and a province's whole list."""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

PASSWORD = "hocso-demo-2026"
HEADER = ["Họ và tên", "Mã đơn vị", "Chức vụ", "Số điện thoại", "Email"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Lô", "Vi", "Lương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Hữu", "Thanh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Sơn", "Tâm", "Yến"]


def written(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> str:
    """A learner list as an administrator saves it from Excel ("CSV UTF-8": with a byte-order mark)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return str(path)


def province_list(path: Path, units: list[str], count: int) -> list[str]:
    """`count` learners spread over `units`, each with a CCCD and a phone of their own (a province's list: 36,000 are
    about 2.3 MB, under the 4 MB an upload may be); the names of the first rows."""
    rng = random.Random(15)
    names = [f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(count)]
    rows = [[name, rng.choice(units), f"09{n:08d}", f"040{n:09d}"] for n, name in enumerate(names)]
    written(path, rows, ["Họ và tên", "Mã đơn vị", "Số điện thoại", "Số CCCD"])
    return [row[0] for row in rows[:3]]


def sign_in(page, server, label: str, lands_on: str = "quan-tri/") -> None:
    """Sign in through the account page with a demo login `make run` printed; administrators land on the dashboard,
    learners on their courses."""
    username = re.search(rf"{label}:\s+(\S+)", server.printed()).group(1)
    signed_in_as(page, server, username, PASSWORD, lands_on)


def signed_in_as(page, server, username: str, password: str, lands_on: str = "quan-tri/"):
    """The page signed in through the account page with `username` and `password`, landed on `lands_on`."""
    page.goto(f"{server}tai-khoan/")
    form = page.locator("form[data-action=signin]")
    form.get_by_label("Tên đăng nhập", exact=True).fill(username)
    form.get_by_label("Mật khẩu", exact=True).fill(password)
    form.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{server}{lands_on}")
    return page


def admin_page(page, server, actor, link: str, path: str):
    """The page signed in as the administrator `actor`, then on one of their pages through the administrators' menu
    (its `link`, at `path` under quan-tri/)."""
    signed_in_as(page, server, actor.username, actor.password)
    page.get_by_role("navigation", name="Các trang quản trị").get_by_role("link", name=link, exact=True).click()
    page.wait_for_url(f"{server}quan-tri/{path}")
    return page


def table_rows(locator) -> list[list[str]]:
    return [
        [cell.inner_text().strip() for cell in row.locator("td").all()] for row in locator.locator("tbody tr").all()
    ]


def downloaded(page, name: str, timeout: float = 30_000):
    """The file a button downloads (through a job's signed link, or made in the page)."""
    with page.expect_download(timeout=timeout) as download:
        page.get_by_role("button", name=name).click()
    return download.value
