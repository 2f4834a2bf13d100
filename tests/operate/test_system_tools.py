"""The install step of `make test` (`.ci/system-tools`), run against a fake `apt-get` and fake tools on PATH.

Each test builds a PATH that holds only what the script and make need plus the tools a machine is said to have, so
that what the real machine has installed never leaks in, and reads back what the fake `apt-get` was asked for.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import ROOT

SCRIPT = ROOT / ".ci" / "system-tools"
TEST_TOOLS = ["chromium", "zbarimg", "pdftoppm", "npm"]
# What the fake apt-get puts on PATH for each package it installs.
GIVES = {
    "chromium": "chromium",
    "chromium-driver": "chromedriver",
    "zbar-tools": "zbarimg",
    "poppler-utils": "pdftoppm",
    "npm": "npm node",
    "wrk": "wrk",
}
NODESOURCE = (
    "install ok installed|nodejs-dev, nodejs-doc, nodejs-legacy, npm, nodejs-dev, nodejs-doc, nodejs-legacy, npm,"
)
DEBIAN_NODE = "install ok installed|node-types-node (= 18.18.14~18.20.4+dfsg-1~deb12u2), nodejs-legacy,"
NEEDED = ["bash", "env", "make", "chmod"]


@dataclass
class Machine:
    bin: Path
    log: Path

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": str(self.bin), "HOME": str(self.bin.parent), "LC_ALL": "C.UTF-8"}
        return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    def installs(self) -> list[str]:
        """Every `apt-get install` the script ran, as its package list."""
        if not self.log.exists():
            return []
        lines = self.log.read_text().splitlines()
        return [
            " ".join(p for p in line.split()[1:] if not p.startswith("-"))
            for line in lines
            if line.startswith("install")
        ]

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


def fake(path: Path, body: str) -> None:
    path.write_text("#!/bin/bash\n" + body + "\n")
    path.chmod(0o755)


def machine(
    tmp_path: Path, has: list[str], nodejs: str | None = None, uid: int = 0, apt_fails: bool = False
) -> Machine:
    """A PATH with the given tools, a fake dpkg-query that reports the nodejs package, a fake id and apt-get."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for name in NEEDED:
        found = shutil.which(name)
        assert found, name
        (bin_ / name).symlink_to(found)
    for tool in has:
        fake(bin_ / tool, "echo fake")
    log = tmp_path / "apt.log"
    fake(bin_ / "id", f"[[ $1 == -u ]] && echo {uid}")
    dpkg = f"printf '%s' '{nodejs}'" if nodejs else "exit 1"
    fake(bin_ / "dpkg-query", dpkg)
    gives = " ".join(f"[{package}]='{tools}'" for package, tools in GIVES.items())
    fake(
        bin_ / "apt-get",
        f"""
echo "$*" >> {log}
[[ $1 == install ]] || exit 0
{'echo "E: Unable to correct problems, you have held broken packages." >&2; exit 100' if apt_fails else ""}
declare -A gives=({gives})
for package in "$@"; do
  for tool in ${{gives[$package]:-}}; do printf '#!/bin/bash\\n' > {bin_}/$tool; /bin/chmod +x {bin_}/$tool; done
done""",
    )
    return Machine(bin_, log)


def test_a_machine_with_every_tool_installs_nothing(tmp_path: Path) -> None:
    box = machine(tmp_path, has=[*TEST_TOOLS, "node"], nodejs=NODESOURCE)
    done = box.run("bash", str(SCRIPT), *TEST_TOOLS)
    assert done.returncode == 0, done.stderr
    assert box.calls() == []


def test_nodesource_node_with_its_npm_gets_only_the_missing_qr_decoder(tmp_path: Path) -> None:
    box = machine(tmp_path, has=["chromium", "pdftoppm", "node", "npm"], nodejs=NODESOURCE)
    done = box.run("bash", str(SCRIPT), *TEST_TOOLS)
    assert done.returncode == 0, done.stderr
    assert box.calls()[0].startswith("update")
    assert box.installs() == ["zbar-tools"]


def test_make_system_installs_tool_by_tool_through_the_script(tmp_path: Path) -> None:
    box = machine(tmp_path, has=["zbarimg", "node", "npm"], nodejs=NODESOURCE)
    done = box.run("make", "--no-print-directory", "system")
    assert done.returncode == 0, done.stderr
    assert box.installs() == ["chromium chromium-driver poppler-utils"]


def test_a_bare_machine_gets_every_package_and_debian_npm(tmp_path: Path) -> None:
    box = machine(tmp_path, has=[])
    done = box.run("bash", str(SCRIPT), *TEST_TOOLS)
    assert done.returncode == 0, done.stderr
    assert box.installs() == ["chromium chromium-driver zbar-tools poppler-utils npm"]


def test_debian_node_without_npm_gets_debian_npm(tmp_path: Path) -> None:
    box = machine(tmp_path, has=["chromium", "zbarimg", "pdftoppm", "node"], nodejs=DEBIAN_NODE)
    done = box.run("bash", str(SCRIPT), *TEST_TOOLS)
    assert done.returncode == 0, done.stderr
    assert box.installs() == ["npm"]


@pytest.mark.parametrize(
    ("nodejs", "command"),
    [(NODESOURCE, "apt-get install --reinstall nodejs"), (None, "install npm for the Node.js at")],
    ids=["nodesource-without-its-npm", "node-from-elsewhere"],
)
def test_a_node_whose_npm_debian_cannot_give_is_never_replaced(
    tmp_path: Path, nodejs: str | None, command: str
) -> None:
    box = machine(tmp_path, has=["chromium", "zbarimg", "pdftoppm", "node"], nodejs=nodejs)
    done = box.run("bash", str(SCRIPT), *TEST_TOOLS)
    assert done.returncode == 1
    assert box.calls() == []
    assert "hocso: thiếu công cụ 'npm'. Hãy chạy: " + command in done.stderr
    assert "hocso: the tool 'npm' is missing" in done.stderr


def test_without_root_it_names_the_missing_tools_and_the_command_and_stops(tmp_path: Path) -> None:
    box = machine(tmp_path, has=["chromium", "node", "npm"], nodejs=NODESOURCE, uid=1000)
    done = box.run("bash", str(SCRIPT), *TEST_TOOLS)
    assert done.returncode == 1
    assert box.calls() == []
    assert done.stderr.splitlines() == [
        "hocso: thiếu công cụ 'zbarimg pdftoppm'. Hãy chạy: sudo apt-get install zbar-tools poppler-utils",
        "hocso: the tool 'zbarimg pdftoppm' is missing (installing needs root). "
        "Run: sudo apt-get install zbar-tools poppler-utils",
    ]


def test_a_refused_install_shows_apt_and_the_command_for_the_tool(tmp_path: Path) -> None:
    box = machine(tmp_path, has=["chromium", "pdftoppm", "node", "npm"], nodejs=NODESOURCE, apt_fails=True)
    done = box.run("make", "--no-print-directory", "system")
    assert done.returncode != 0
    assert "E: Unable to correct problems" in done.stderr
    assert "hocso: thiếu công cụ 'zbarimg'. Hãy chạy: sudo apt-get install zbar-tools" in done.stderr
    assert (
        "hocso: the tool 'zbarimg' is missing (apt-get exited with 100). Run: sudo apt-get install zbar-tools"
        in done.stderr
    )


def test_the_benchmarks_get_wrk_the_same_way(tmp_path: Path) -> None:
    box = machine(tmp_path, has=[])
    done = box.run("bash", str(SCRIPT), "wrk")
    assert done.returncode == 0, done.stderr
    assert box.installs() == ["wrk"]
    assert "bash .ci/system-tools wrk" in (ROOT / "Makefile").read_text()


def test_the_fake_path_hides_the_machines_own_tools(tmp_path: Path) -> None:
    """Else the tests above would prove nothing on a machine that has the tools."""
    box = machine(tmp_path, has=[])
    done = box.run("bash", "-c", "command -v zbarimg chromium pdftoppm npm node; command -v apt-get")
    assert done.stdout.splitlines() == [str(box.bin / "apt-get")]
