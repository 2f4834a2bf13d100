"""The administrators' command line, run as a user runs it (a subprocess), on a data folder of its own."""

import json
import logging
import os
import subprocess
import sys
import zipfile

import pypdf
import pytest

from tests.support.paths import ROOT


@pytest.fixture
def hocso(tmp_path):
    env = {**os.environ, "HOCSO_DATA_DIR": str(tmp_path / "data"), "HOCSO_BANK_DIR": str(ROOT / "build" / "bank")}

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "hocso.cli", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )

    run.data = tmp_path / "data"
    return run


UNITS = (
    "Mã đơn vị;Tên đơn vị;Mã đơn vị cha;Loại;Vùng khó khăn\n40;Tỉnh Nghệ An;;Tỉnh;không\n16813;Xã Mường Xén;40;Xã;có\n"
)
LEARNERS = (
    "Họ và tên,Mã đơn vị,Chức vụ,Số điện thoại,Email,Số CCCD\n"
    "Nguyễn Thị Ánh Tuyết,16813,Công chức,0912345678,,040190000001\n"
    "Đặng Hữu Phước,16813,Công chức,091234,,040190000002\n"
    "Hoàng Thị Thùy Dương,16813,Viên chức,0987654321,,040190000003\n"
)


def test_units_and_learners_import_all_or_nothing_and_print_slips(hocso, tmp_path):
    (tmp_path / "don-vi.csv").write_text(UNITS, encoding="utf-8-sig")
    (tmp_path / "hoc-vien.csv").write_text(LEARNERS, encoding="utf-8")
    done = hocso("import-units", "don-vi.csv")
    assert done.returncode == 0 and "Đã nhập 2 đơn vị." in done.stdout

    refused = hocso("import-learners", "hoc-vien.csv", "--cohort", "Đợt 1")
    assert refused.returncode == 1
    assert "dòng 3, cột" in refused.stderr and "[bad_phone]" in refused.stderr
    assert "Không nhập gì: 1 lỗi trong 3 dòng." in refused.stderr

    applied = hocso("import-learners", "hoc-vien.csv", "--cohort", "Đợt 1", "--apply-good", "--issued-on", "2026-11-23")
    assert applied.returncode == 0, applied.stderr
    assert "Đã cấp 2 tài khoản mới (0 người đã có tài khoản)." in applied.stdout
    text = "".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "phieu-tai-khoan.pdf").pages)
    assert "Nguyễn Thị Ánh Tuyết" in text and "Hoàng Thị Thùy Dương" in text and "Đặng Hữu Phước" not in text
    assert "07/12/2026" in text  # 10 working days from Monday 23/11/2026, the holiday of 24/11 skipped

    again = hocso("import-learners", "hoc-vien.csv", "--cohort", "Đợt 1", "--apply-good", "--issued-on", "2026-11-23")
    assert "Không có tài khoản mới: 2 người đã có tài khoản; không ghi phiếu." in again.stdout
    assert "Nguyễn Thị Ánh Tuyết" in "".join(
        p.extract_text() for p in pypdf.PdfReader(tmp_path / "phieu-tai-khoan.pdf").pages
    )

    (tmp_path / "moi.csv").write_text(
        LEARNERS.splitlines()[0] + "\nLò Thị Sen,16813,Công chức,0911111111,,040190000009\n", encoding="utf-8"
    )
    more = hocso("import-learners", "moi.csv", "--cohort", "Đợt 2", "--issued-on", "2026-11-23")
    assert "Phiếu tài khoản: phieu-tai-khoan-2.pdf" in more.stdout  # the first batch's slips are kept


def test_admins_are_made_and_certificates_verified_offline(hocso, tmp_path):
    (tmp_path / "don-vi.csv").write_text(UNITS, encoding="utf-8")
    hocso("import-units", "don-vi.csv")
    made = hocso("add-admin", "--unit", "16813", "--name", "Lê Văn Quản")
    assert made.returncode == 0 and "Tài khoản quản trị Xã Mường Xén: tên đăng nhập quanlv" in made.stdout
    assert hocso("add-admin", "--unit", "99", "--name", "X").returncode == 1

    keys = hocso("keys")
    assert keys.returncode == 0
    published = json.loads((hocso.data / "keys" / "keys.json").read_text())
    assert len(published["keys"]) == 1
    rotated = hocso("keys", "--rotate")
    assert len(json.loads((hocso.data / "keys" / "keys.json").read_text())["keys"]) == 2, rotated.stdout

    (tmp_path / "giả.pdf").write_bytes(b"%PDF-1.4 not really")
    fake = hocso("verify-certificate", "giả.pdf", "--keys", str(hocso.data / "keys" / "keys.json"))
    assert fake.returncode == 1 and fake.stdout.startswith("KHÔNG HỢP LỆ")
    keyless = hocso("verify-certificate", "giả.pdf")
    assert keyless.returncode == 2 and "Không đọc được tập khóa công khai site/xac-minh/keys.json" in keyless.stderr

    (tmp_path / "di-chuyen.csv").write_text(
        "Mã đơn vị,Tên đơn vị,Mã đơn vị cha\n16813,Xã Mường Xén,99\n99,Tỉnh khác,\n", encoding="utf-8"
    )
    moved = hocso("import-units", "di-chuyen.csv")
    assert moved.returncode == 1 and "[unit_moved]" in moved.stderr


def test_the_demo_loads_once_and_bulk_certificates_zip(hocso, tmp_path):
    first = hocso("demo")
    assert first.returncode == 0, first.stderr
    assert "Học viên chưa kích hoạt:" in first.stdout and "Giấy chứng nhận mẫu:" in first.stdout
    again = hocso("demo")
    assert first.stdout.splitlines()[2] == again.stdout.splitlines()[2]  # the same province administrator
    reported = hocso("report", "--unit", "40", "--course", "tong-quan-chuyen-doi-so", "--out", "bao-cao.xlsx")
    assert reported.returncode == 0, reported.stderr
    assert reported.stdout.startswith("Tỉnh Nghệ An: 9 tài khoản, 1 đạt, 1 giấy chứng nhận, 0 quá hạn")
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "bao-cao.xlsx").active
    assert any("Xã Mường Xén" in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    bulk = hocso("certificates", "--unit", "40", "--out", "giay.zip")
    assert bulk.returncode == 0 and "Đã ghi 1 giấy chứng nhận của Tỉnh Nghệ An vào giay.zip" in bulk.stdout
    [name] = zipfile.ZipFile(tmp_path / "giay.zip").namelist()
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(zipfile.ZipFile(tmp_path / "giay.zip").read(name))
    checked = hocso("verify-certificate", str(pdf), "--keys", str(hocso.data / "keys" / "keys.json"), "--offline")
    assert checked.returncode == 3 and checked.stdout.startswith("HỢP LỆ") and "Lô Văn Hùng" in checked.stdout
    assert "CHÚ Ý: chưa kiểm tra được trạng thái thu hồi: đã chọn không kết nối mạng" in checked.stdout


def test_counts_left_parked_or_only_logged_are_reconciled_once(hocso, tmp_path, caplog):
    from datetime import date

    from functions.reports.tally import Mark, park
    from functions.stores.sqlite.tally import SQLiteTally

    (tmp_path / "don-vi.csv").write_text(UNITS, encoding="utf-8")
    hocso("import-units", "don-vi.csv")
    passes = [
        Mark(f"u.{n}", "16813", "40/16813/", "Đợt 1", "tong-quan-chuyen-doi-so", "passed", date(2026, 11, 23), None)
        for n in range(3)
    ]
    parked = SQLiteTally(hocso.data / "hocso.sqlite3")
    parked.park(passes[:2])  # what `reached` keeps when the counters cannot be written
    parked.close()
    closed = SQLiteTally(tmp_path / "gone.sqlite3")
    closed.close()
    with caplog.at_level(logging.ERROR, logger="hocso.reports"):
        park(closed, passes[2:])  # a store that cannot even park: the mark goes to the function's log
    (tmp_path / "ham.log").write_text(caplog.text, encoding="utf-8")

    before = hocso("report", "--unit", "40", "--out", "truoc.csv")
    assert ", 0 đạt," in before.stdout
    done = hocso("reconcile-counts", "--log", "ham.log")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Đã đếm 3 bước còn treo; 0 bước đã được đếm từ trước.\n"
    again = hocso("reconcile-counts", "--log", "ham.log")
    assert again.stdout == "Đã đếm 0 bước còn treo; 1 bước đã được đếm từ trước.\n"
    after = hocso("report", "--unit", "40", "--out", "sau.csv")
    assert ", 3 đạt," in after.stdout
