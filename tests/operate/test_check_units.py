"""`hocso check-units`, run as an operator runs it, on a data folder of its own: units whose codes the current list of
communes (`vietnam-provinces`, after the 2025 reform) no longer has, and those it names otherwise."""

import os
import subprocess
import sys

from tests.support.paths import ROOT

UNITS = (
    "Mã đơn vị,Tên đơn vị,Mã đơn vị cha,Loại\n"
    "40,Tỉnh Nghệ An,,Tỉnh\n"
    "16813,Xã Mường Xén,40,Xã\n"
    "16813-T1,Tổ công nghệ số cộng đồng,16813,Tổ\n"
    "16702,Phường Vinh Tân,40,Phường\n"
    "16684,Phường Vinh Phú,40,Phường\n"
)


def hocso(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOCSO_DATA_DIR": str(tmp_path / "data"), "HOCSO_BANK_DIR": str(ROOT / "build" / "bank")}
    return subprocess.run(
        [sys.executable, "-m", "hocso.cli", *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )


def test_a_code_no_longer_current_and_a_name_changed_are_listed_and_teams_left_alone(tmp_path):
    (tmp_path / "don-vi.csv").write_text(UNITS, encoding="utf-8")
    assert hocso(tmp_path, "import-units", "don-vi.csv").returncode == 0
    checked = hocso(tmp_path, "check-units")
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        "16684 Phường Vinh Phú: mã không còn trong danh mục hiện hành",  # Vinh Phú is 16702 since the reform
        "16702 Phường Vinh Tân: tên hiện hành là “Phường Vinh Phú”",
    ]
    assert "1 đơn vị có mã không còn hiện hành, 1 đơn vị khác tên hiện hành" in checked.stderr
    assert "Danh mục không cho biết đơn vị nào nhận sáp nhập" in checked.stderr


def test_a_tree_of_current_codes_passes(tmp_path):
    (tmp_path / "don-vi.csv").write_text("\n".join(UNITS.splitlines()[:4]) + "\n", encoding="utf-8")
    assert hocso(tmp_path, "import-units", "don-vi.csv").returncode == 0
    checked = hocso(tmp_path, "check-units")
    assert (checked.returncode, checked.stdout) == (0, "")
