"""What a new password may not be, and the device cookie's entries."""

import pytest

from functions.accounts import devices
from functions.accounts.password_policy import general_problem, name_problem, problem


@pytest.mark.parametrize(
    "password",
    [
        "12345678",
        "123456a@",
        "matkhau1",
        "Matkhau@2026",
        "anhyeuem",
        "ANHYEUEM123",
        "password1",
        "qwerty123",
        "11111111",
        "abababab",
        "Việt Nam@123",
        "hanoi2026!",
    ],
)
def test_common_passwords_and_vietnamese_habits_are_refused(password):
    assert general_problem(password, "tuyetnta1234") == "password_common"


def test_short_passwords_and_the_username_are_refused():
    assert general_problem("a1b2c3d", "tuyetnta1234") == "password_too_short"
    assert general_problem("TuyetNTA1234!", "tuyetnta1234") == "password_has_username"
    assert general_problem("song-nuoc-may-troi", "tuyetnta1234") is None


@pytest.mark.parametrize("password", ["Tuyet@2026", "tuyết-và-mây", "NGUYENhoa77", "xyz-thi-xyz", "NguyenThiAnhTuyet"])
def test_the_learners_name_is_refused_without_accents_or_case(password):
    assert name_problem(password, "Nguyễn Thị Ánh Tuyết") == "password_has_name"


def test_short_name_parts_and_other_names_pass():
    assert name_problem("lo-va-xe-dap", "Lò Văn Đạt") is None  # "lo" is shorter than 3 letters
    assert name_problem("dat-dai-2026", "Lò Văn Đạt") == "password_has_name"  # đ is read as d
    assert problem("song-nuoc-may-troi", "datlv1234", "Lò Văn Đạt") is None


def test_a_device_entry_proves_its_account_only():
    first = devices.entry("tuyetnta1234", "k" * 48)
    cookie = devices.remember(None, first)
    assert devices.trusted(cookie, "tuyetnta1234", "k" * 48) == first
    assert devices.trusted(cookie, "phuocdh5678", "k" * 48) is None
    assert devices.trusted(cookie, "tuyetnta1234", "x" * 48) is None
    assert devices.trusted(first[:-2] + "AA", "tuyetnta1234", "k" * 48) is None


def test_a_shared_computer_keeps_the_newest_entries():
    cookie = None
    made = [devices.entry(f"nguoi{n}", "k" * 48) for n in range(devices.KEEP + 2)]
    for item in made:
        cookie = devices.remember(cookie, item)
    assert devices.entries(cookie) == made[::-1][: devices.KEEP]
    assert devices.trusted(cookie, "nguoi0", "k" * 48) is None and devices.trusted(
        cookie, f"nguoi{devices.KEEP + 1}", "k" * 48
    )
    assert devices.remember(cookie, made[-3]).split("~")[0] == made[-3]
