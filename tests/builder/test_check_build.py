"""`hocso check-build`, the build-output contract as `make build` and a deploy run it: a whole build passes, a build
missing what the plugin makes stops with each missing output named."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from tests.support.paths import ROOT


def _check(site, bank, keys) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-m",
        "hocso.cli",
        "check-build",
        "--site",
        str(site),
        "--bank",
        str(bank),
        "--public-keys",
        str(keys),
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ}, timeout=120)


def test_a_whole_build_passes_the_check(built_site, tmp_path):
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps(built_site.public_keys), encoding="utf-8")
    done = _check(built_site.site, built_site.bank, keys)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Bản dựng đủ mọi mục")


def test_a_build_without_short_links_or_banks_stops_naming_them(built_site, tmp_path):
    site = shutil.copytree(built_site.site, tmp_path / "site")
    bank = shutil.copytree(built_site.bank, tmp_path / "bank")
    shutil.rmtree(site / "q")
    first_bank = sorted(bank.glob("*.json"))[0]
    first_bank.unlink()
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps(built_site.public_keys), encoding="utf-8")
    done = _check(site, bank, keys)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0].startswith("Bản dựng thiếu ") and "plugin hocso" in lines[0]
    assert any(line.startswith("  - site/q/") for line in lines)
    assert f"  - bank/{first_bank.name}: question bank of {first_bank.stem}" in lines
