"""Staff in post in a real Chromium against `make run`: the province imports a commune with its headcounts by
category, half the commune's staff get accounts, and the dashboard shows the commune off target by headcount, with
the categories as columns, though every account issued is counted."""

from __future__ import annotations

import pytest

from tests.support.adminpages import sign_in, table_rows, written

pytestmark = pytest.mark.browser
COMMUNE = "16999-BC"  # made by this test alone, so other modules sharing `make run` are not disturbed


def test_a_province_imports_headcounts_and_a_commune_with_half_its_staff_is_off_target(page, server, tmp_path):
    sign_in(page, server, "Quản trị tỉnh")
    page.goto(f"{server}quan-tri/nhap-du-lieu/")
    page.get_by_label("Đơn vị trực thuộc").check()
    units = [[COMMUNE, "Xã Thử Biên Chế", "40", "Xã", "có", "4", "2"]]
    header = [
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã đơn vị cha",
        "Loại",
        "Vùng khó khăn",
        "Biên chế CB, CC, VC",
        "Biên chế Tổ CNSCĐ",
    ]
    page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "don-vi.csv", units, header))
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.locator(".hocso-admin__outcome", has_text="Đã nhập").wait_for()

    # Half the staff get accounts: two of four officials, one of two team members.
    page.get_by_label("Học viên (tạo tài khoản học tập)").check()
    learners = [
        ["Hà Văn Một", COMMUNE, "", "0912000901", "", "Cán bộ, công chức, viên chức"],
        ["Hà Thị Hai", COMMUNE, "", "0912000902", "", "Cán bộ, công chức, viên chức"],
        ["Lương Văn Ba", COMMUNE, "", "0912000903", "", "Tổ CNSCĐ"],
    ]
    header = ["Họ và tên", "Mã đơn vị", "Chức vụ", "Số điện thoại", "Email", "Đối tượng"]
    page.get_by_label("Tệp danh sách").set_input_files(written(tmp_path / "hoc-vien.csv", learners, header))
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.locator(".hocso-admin__outcome", has_text="Đã nhập").wait_for()

    page.goto(f"{server}quan-tri/?unit={COMMUNE}")
    verdict = page.locator("[data-verdict]")
    verdict.wait_for()
    assert verdict.get_attribute("data-verdict") == "false"
    assert verdict.inner_text() == ("Tỷ lệ hoàn thành trên số biên chế: 0% (0 / 6 biên chế) — chỉ tiêu 80%: Chưa đạt")
    table = page.locator("table", has=page.locator("caption", has_text="Số liệu theo đơn vị"))
    headers = [cell.inner_text().strip() for cell in table.locator("thead th").all()]
    assert headers[-6:] == [
        "Biên chế CB, CC, VC",
        "Đạt CB, CC, VC",
        "Hoàn thành CB, CC, VC",
        "Biên chế Tổ CNSCĐ",
        "Đạt Tổ CNSCĐ",
        "Hoàn thành Tổ CNSCĐ",
    ]
    [row] = table_rows(table)
    assert row[:4] == ["Xã Thử Biên Chế", "6", "3", "0"]  # staff in post, accounts issued, activated
    assert row[-6:] == ["4", "0", "0%", "2", "0", "0%"]
    assert row[headers.index("Đánh giá")] == "Chưa đạt"

    # The form below the table: a headcount below the accounts issued is refused whole, with the reason.
    staff = page.locator("form.hocso-admin__headcounts")
    staff.wait_for()
    assert staff.get_by_label("Thành viên Tổ công nghệ số cộng đồng (đã cấp 1 tài khoản)").input_value() == "2"
    staff.get_by_label("Thành viên Tổ công nghệ số cộng đồng (đã cấp 1 tài khoản)").fill("0")
    staff.get_by_label("Cán bộ, công chức, viên chức (đã cấp 2 tài khoản)").fill("2")
    staff.get_by_role("button", name="Lưu số biên chế").click()
    staff.locator("[role=status]", has_text="Số biên chế nhỏ hơn số tài khoản đã cấp").wait_for()
    staff.get_by_label("Thành viên Tổ công nghệ số cộng đồng (đã cấp 1 tài khoản)").fill("1")
    staff.get_by_role("button", name="Lưu số biên chế").click()
    page.locator(
        "[data-verdict]", has_text="(0 / 3 biên chế)"
    ).wait_for()  # reloaded: every staff member has an account
