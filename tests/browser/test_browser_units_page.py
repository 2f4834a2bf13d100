"""The units page (quan-tri/don-vi/) in a real Chromium against `make run`, and the journey of issue 17: a province's
administrator merges two communes into a new one dated some days ago, and the province's report still adds up: its
total is the one before the merge, a month before the merge still shows the two old communes with their old figures,
and today the new commune has their sum. A merge into itself or into its own sub-unit is refused with the Vietnamese
reason and its code beside the form, nothing written; a unit is renamed from its row; a guest is asked to sign in and a
commune's administrator, with no unit below theirs, is offered no form; at 360 px the units are cards,
nothing past the screen's edge, and axe finds no serious problem.

Each test makes a province of its own (units written straight into `make run`'s store, counters with the SQLite
tally as the functions count them), which no other module reads."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from functions.accounts.account import Unit, unit_path
from functions.reports.tally import Mark
from functions.stores.sqlite.accounts import SQLiteAccounts
from functions.stores.sqlite.tally import SQLiteTally
from tests.support.actors import COURSE, Actor, add_admin, import_learner
from tests.support.adminpages import admin_page
from tests.support.browser import heading, serious_accessibility_problems

pytestmark = pytest.mark.browser
VIETNAM = timezone(timedelta(hours=7))
TODAY = datetime.now(VIETNAM).date()
MERGED_ON = TODAY - timedelta(days=12)
BEFORE = MERGED_ON.replace(day=1) - timedelta(days=1)
"""The last day of the month before the merge's: its report stands before the merge."""
PHONE = {"width": 360, "height": 740}


def province(server, code: str, communes: dict[str, str], teams: dict[str, str] | None = None) -> Actor:
    """A province and its communes (and teams under a commune), as an operator sets them up in `make run`'s store;
    an administrator of the province, activated."""
    accounts = SQLiteAccounts(server.data / "hocso.sqlite3")
    top = Unit(code=code, name=f"Tỉnh Thử Sáp Nhập {code}", kind="Tỉnh", path=unit_path(code, None))
    units = [top]
    for commune, name in communes.items():
        units.append(Unit(code=commune, name=name, kind="Xã", parent_code=code, path=f"{code}/{commune}/"))
    for team, name in (teams or {}).items():
        parent = team.rsplit("-", 1)[0]
        units.append(Unit(code=team, name=name, kind="Tổ", parent_code=parent, path=f"{code}/{parent}/{team}/"))
    accounts.put_units(units)
    accounts.close()
    return add_admin(server, f"Quản trị viên tỉnh thử sáp nhập {code}", code)


def counted(server, path: str, day: date, issued: int, passed: int) -> None:
    """`issued` accounts of the unit at `path` issued on `day`, `passed` of them passing the test that day, counted as
    the import and the quiz function count them."""
    tally = SQLiteTally(server.data / "hocso.sqlite3")
    code = path.split("/")[-2]
    try:
        for n in range(issued):
            learner = f"sap-nhap-{code}-{day.isoformat()}-{n}"
            tally.mark(Mark(learner, code, path, None, None, "issued", day, None, "cbccvc"))
            if n < passed:
                tally.mark(Mark(learner, code, path, None, COURSE, "passed", day, None, "cbccvc"))
    finally:
        tally.close()


def signed_in(page, server, actor: Actor) -> None:
    """Signed in through the account page as `actor`, then on the units page through the administrators' menu."""
    admin_page(page, server, actor, "Đơn vị", "don-vi/")


def units_table(page):
    return page.locator("table", has=page.locator("caption", has_text="Các đơn vị trong phạm vi quản lý"))


def units(page) -> list[list[str]]:
    """Each unit's row: its code (the row's header), name, kind, parent and state."""
    table = units_table(page)
    table.wait_for()
    return [
        [row.locator("th").inner_text().strip()] + [cell.inner_text().strip() for cell in row.locator("td").all()[:4]]
        for row in table.locator("tbody tr").all()
    ]


def report(page) -> dict[str, tuple[str, str]]:
    """The dashboard's table as it stands: each unit's accounts issued and passes, by the unit's name."""
    table = page.locator("table", has=page.locator("caption", has_text="Số liệu theo đơn vị"))
    table.wait_for()
    headers = [th.inner_text().strip() for th in table.locator("thead th").all()]
    issued, passed = headers.index("Đã cấp"), headers.index("Đạt")
    out = {}
    for row in table.locator("tbody tr").all():
        cells = [cell.inner_text().strip() for cell in row.locator("td").all()]
        out[cells[0]] = (cells[issued], cells[passed])
    return out


def dashboard(page, server, month: str | None = None) -> dict[str, tuple[str, str]]:
    """The province's report today, or at the end of `month` picked in the folded filters as a phone shows them."""
    page.goto(f"{server}quan-tri/?unit=92")
    page.locator(".hocso-admin__figures").wait_for()
    if month is not None:
        page.locator("summary", has_text="Bộ lọc").click()
        page.get_by_label("Tháng báo cáo").select_option(month)
        page.get_by_role("button", name="Xem báo cáo").click()
        page.wait_for_url(lambda url: url.startswith(f"{server}quan-tri/?unit=92&") and f"month={month}" in url)
    stands = BEFORE if month is not None else TODAY
    page.get_by_text(f"Số liệu đến hết ngày {stands.strftime('%d/%m/%Y')}").wait_for()
    return report(page)


def test_two_communes_merged_leave_the_province_report_adding_up_and_the_months_before_unchanged(page, server):
    names = {"92-A": "Xã Thử Nhập Một", "92-B": "Xã Thử Nhập Hai", "92-C": "Xã Thử Ở Lại"}
    admin = province(server, "92", names)
    before_day = BEFORE.replace(day=10)
    counted(server, "92/92-A/", before_day, 3, 2)
    counted(server, "92/92-B/", before_day, 2, 1)
    counted(server, "92/92-C/", before_day, 4, 3)
    # After the merge day, steps still counted under the old communes (a learner's token lives on a while).
    counted(server, "92/92-A/", MERGED_ON + timedelta(days=1), 1, 1)
    counted(server, "92/92-B/", MERGED_ON + timedelta(days=2), 2, 1)
    import_learner(server, admin, "Lò Thị Chuyển Đơn Vị", "92-A")  # an account that moves with its commune
    signed_in(page, server, admin)
    assert heading(page) == "Sáp nhập, đổi tên đơn vị"
    province_name = "Tỉnh Thử Sáp Nhập 92"
    assert units(page) == [
        ["92", province_name, "Tỉnh", "—", "Đang hoạt động"],
        ["92-A", names["92-A"], "Xã", f"92 ({province_name})", "Đang hoạt động"],
        ["92-B", names["92-B"], "Xã", f"92 ({province_name})", "Đang hoạt động"],
        ["92-C", names["92-C"], "Xã", f"92 ({province_name})", "Đang hoạt động"],
    ]
    month_before = dashboard(page, server, BEFORE.strftime("%Y-%m"))
    assert month_before == {
        province_name: ("9", "6"),
        names["92-A"]: ("3", "2"),
        names["92-B"]: ("2", "1"),
        names["92-C"]: ("4", "3"),
    }
    today_before = dashboard(page, server)
    assert today_before[province_name] == ("13", "8")  # the imported learner's account is today's

    page.goto(f"{server}quan-tri/don-vi/")
    units_table(page).wait_for()
    page.get_by_label(f"92-A — {names['92-A']}").check()
    page.get_by_label(f"92-B — {names['92-B']}").check()
    assert page.get_by_label("Đơn vị mới do sáp nhập lập ra").is_checked()
    page.get_by_label("Mã đơn vị mới").fill("92-M")
    page.get_by_label("Tên đơn vị mới").fill("Xã Thử Mới Lập")
    page.get_by_label("Đơn vị cấp trên của đơn vị mới").select_option("92")
    assert page.get_by_label("Ngày sáp nhập có hiệu lực").get_attribute("max") == TODAY.isoformat()
    page.get_by_label("Ngày sáp nhập có hiệu lực").fill(MERGED_ON.isoformat())
    page.get_by_role("button", name="Xem lại trước khi sáp nhập").click()
    confirm = page.locator(".hocso-admin__merge-confirm")
    confirm.get_by_role("heading", name="Xác nhận sáp nhập").wait_for()
    on = MERGED_ON.strftime("%d/%m/%Y")
    assert confirm.locator("p").all_inner_texts() == [
        f"Sáp nhập 92-A ({names['92-A']}), 92-B ({names['92-B']}) vào đơn vị mới 92-M (Xã Thử Mới Lập), có hiệu lực "
        f"từ ngày {on}.",
        "Học viên và quản trị viên của các đơn vị này chuyển sang đơn vị nhận (quản trị viên phải đăng nhập lại); số "
        "biên chế của các đơn vị này được tính vào đơn vị nhận; giấy chứng nhận đã cấp giữ nguyên.",
        f"Báo cáo các tháng trước ngày {on} giữ nguyên như cũ, có đủ các đơn vị cũ. Từ ngày {on}, số liệu của các đơn "
        "vị cũ được tính vào đơn vị nhận, tổng của tỉnh không đổi.",
        "Sáp nhập không hoàn tác được.",
    ]

    # The first answer is made to say `done: false` (as one past 5,000 accounts does): the page sends the same
    # request again, showing the accounts moved so far, until the API says it is done.
    sent = []

    def not_done_yet(route):
        sent.append(route.request.post_data_json)
        answer = route.fetch()
        body = answer.json()
        body["done"] = body["done"] and len(sent) > 1
        route.fulfill(response=answer, body=json.dumps(body))

    page.route("**/admin/units/merge", not_done_yet)
    outcome = page.locator(".hocso-admin__merge-outcome")
    outcome.evaluate(
        "box => { window.shown = []; new MutationObserver(() => window.shown.push(box.textContent))"
        ".observe(box, { childList: true, subtree: true, characterData: true }); }"
    )
    confirm.get_by_role("button", name="Sáp nhập", exact=True).click()
    outcome.get_by_text("Đã sáp nhập").wait_for()
    assert outcome.inner_text() == (
        f"Đã sáp nhập 92-A, 92-B vào 92-M (Xã Thử Mới Lập) từ ngày {on}; 1 tài khoản đã chuyển sang. "
        "Xem báo cáo của đơn vị nhận"
    )
    assert len(sent) == 2 and sent[0] == sent[1]
    assert sent[0] == {
        "sources": ["92-A", "92-B"],
        "on": MERGED_ON.isoformat(),
        "into": "92-M",
        "new": {"name": "Xã Thử Mới Lập", "parent_code": "92", "kind": "Xã", "remote": False},
    }
    assert "Đang chuyển tài khoản sang đơn vị nhận: đã chuyển 1 tài khoản…" in page.evaluate("window.shown")
    page.unroute("**/admin/units/merge")
    merged = f"Đã sáp nhập vào 92-M (Xã Thử Mới Lập) từ ngày {on}"
    assert [row[0::4] for row in units(page)] == [
        ["92", "Đang hoạt động"],
        ["92-A", merged],
        ["92-B", merged],
        ["92-C", "Đang hoạt động"],
        ["92-M", "Đang hoạt động"],
    ]

    # The report: the province's total as before; a month before the merge exactly as it was; today the new
    # commune with the old ones' sum, and no row of theirs.
    today_after = dashboard(page, server)
    assert today_after[province_name] == today_before[province_name]
    assert today_after == {
        province_name: today_before[province_name],
        "Xã Thử Mới Lập": tuple(
            str(int(a) + int(b)) for a, b in zip(today_before[names["92-A"]], today_before[names["92-B"]], strict=True)
        ),
        names["92-C"]: today_before[names["92-C"]],
    }
    assert today_after["Xã Thử Mới Lập"] == ("9", "5")
    assert dashboard(page, server, BEFORE.strftime("%Y-%m")) == month_before


def test_a_merge_into_itself_or_its_own_sub_unit_is_refused_in_vietnamese_and_a_unit_is_renamed_on_a_phone(
    page, server
):
    names = {"91-A": "Xã Thử Vòng Một", "91-B": "Xã Thử Vòng Hai"}
    admin = province(server, "91", names, {"91-A-T": "Tổ công nghệ số cộng đồng xã Thử Vòng Một"})
    page.set_viewport_size(PHONE)
    signed_in(page, server, admin)
    before = units(page)
    assert [row[0] for row in before] == ["91", "91-A", "91-A-T", "91-B"]
    outcome = page.locator(".hocso-admin__merge-outcome")

    page.get_by_label(f"91-A — {names['91-A']}").check()
    page.get_by_label(f"91-B — {names['91-B']}").check()
    page.get_by_label("Một đơn vị đã có").check()
    assert not page.get_by_label("Mã đơn vị mới").is_visible()
    page.get_by_label("Đơn vị nhận đã có").select_option("91-A")
    page.get_by_label("Ngày sáp nhập có hiệu lực").fill((TODAY + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Xem lại trước khi sáp nhập").click()
    assert outcome.inner_text() == f"Ngày sáp nhập không được sau hôm nay ({TODAY.strftime('%d/%m/%Y')})."
    page.get_by_label("Ngày sáp nhập có hiệu lực").fill(MERGED_ON.isoformat())
    page.get_by_role("button", name="Xem lại trước khi sáp nhập").click()
    page.get_by_role("button", name="Sáp nhập", exact=True).click()
    refused = outcome.locator(".hocso-message--error")
    refused.wait_for()
    assert refused.inner_text() == (
        "Không sáp nhập được một đơn vị vào chính nó. Chưa lưu thay đổi nào. 91-A. (mã lỗi: merge_into_itself)"
    )
    assert page.get_by_label("Đơn vị nhận đã có").get_attribute("aria-invalid") == "true"
    assert page.get_by_role("alert").count() == 1

    # A commune into its own team: the tree would turn into a loop.
    page.get_by_label(f"91-B — {names['91-B']}").uncheck()
    page.get_by_label("Đơn vị nhận đã có").select_option("91-A-T")
    page.get_by_role("button", name="Xem lại trước khi sáp nhập").click()
    assert not refused.is_visible()
    page.get_by_role("button", name="Sáp nhập", exact=True).click()
    refused.get_by_text("merge_cycle").wait_for()
    assert refused.inner_text() == (
        "Không sáp nhập được một đơn vị vào đơn vị trực thuộc của chính nó (cây đơn vị sẽ thành vòng lặp). Chưa lưu "
        f"thay đổi nào. 91-A-T thuộc 91-A ({names['91-A']}). (mã lỗi: merge_cycle)"
    )
    page.reload()
    assert units(page) == before  # nothing written

    # Renamed from its row: the form takes the unit, the table the new name.
    units_table(page).get_by_role("button", name="Đổi tên đơn vị 91-B").click()
    assert page.get_by_label("Tên mới").input_value() == names["91-B"]
    page.get_by_label("Tên mới").fill("Xã Thử Vòng Hai Mới")
    page.get_by_role("button", name="Đổi tên", exact=True).click()
    page.get_by_text("Đã đổi tên đơn vị 91-B").wait_for()
    assert page.locator(".hocso-admin__rename-outcome").inner_text() == (
        f"Đã đổi tên đơn vị 91-B: “{names['91-B']}” thành “Xã Thử Vòng Hai Mới”."
    )
    assert units(page)[3][:2] == ["91-B", "Xã Thử Vòng Hai Mới"]
    assert units_table(page).get_by_role("button", name="Đổi tên đơn vị 91", exact=True).count() == 0  # their own unit

    # A phone: each unit a card under its code, nothing wider than the screen, axe clean with the refusal shown.
    page.get_by_label(f"91-A — {names['91-A']}").check()
    page.get_by_label("Một đơn vị đã có").check()
    page.get_by_label("Đơn vị nhận đã có").select_option("91-A")
    page.get_by_label("Ngày sáp nhập có hiệu lực").fill(MERGED_ON.isoformat())
    page.get_by_role("button", name="Xem lại trước khi sáp nhập").click()
    page.get_by_role("button", name="Sáp nhập", exact=True).click()
    refused.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.get_by_role("region", name="Các đơn vị trong phạm vi quản lý")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    code = units_table(page).locator("tbody th").first
    code.scroll_into_view_if_needed()
    assert code.evaluate(
        "c => document.elementFromPoint(c.getBoundingClientRect().x + 5, c.getBoundingClientRect().y + 5) === c"
    )
    assert serious_accessibility_problems(page) == []


def test_a_guest_is_asked_to_sign_in_and_a_commune_administrator_has_nothing_to_merge(page, server):
    page.goto(f"{server}quan-tri/don-vi/")
    page.get_by_text("Trang này dành cho quản trị viên.").wait_for()
    assert page.get_by_role("status").get_by_role("link", name="Đăng nhập").get_attribute("href") == "../../tai-khoan/"
    assert not page.get_by_role("heading", name="Sáp nhập đơn vị").is_visible()
    province(server, "90", {"90-A": "Xã Thử Một Mình"})
    commune_admin = add_admin(server, "Quản trị viên xã thử một mình", "90-A")
    signed_in(page, server, commune_admin)
    assert units(page) == [
        ["90-A", "Xã Thử Một Mình", "Xã", "90", "Đang hoạt động"]
    ]  # the province is not theirs to read
    assert page.get_by_role("status").inner_text() == (
        "Không có đơn vị trực thuộc nào để sáp nhập hay đổi tên: chỉ quản trị viên cấp trên sáp nhập, đổi tên được "
        "đơn vị của bạn."
    )
    assert not page.get_by_role("heading", name="Sáp nhập đơn vị").is_visible()
    assert units_table(page).get_by_role("button").count() == 0
