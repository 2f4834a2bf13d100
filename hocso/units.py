"""`hocso check-units`: the stored units whose codes the current list of Vietnam's provinces and communes (the
`vietnam-provinces` package, the list after the 2025 reform) no longer has, and those whose name it spells otherwise.

The package holds the current codes only: no former code, and no record of which commune went into which. So this
command can say that a code is no longer current, never which unit took it in: the province's decision on the
reform says that, and a merge is then made with `POST /admin/units/merge`. A unit whose code is current but whose
name differs is shown with the current name, to rename (`PUT /admin/units/{code}/name`).

Only numeric codes are checked (the official ones): a province at the root, and every unit below it as one of the
province's communes and wards; units of the programme's own (teams, with codes such as `16813-T1`) are left alone, as
are units already merged.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import dataclass

from functions.accounts.account import Unit
from functions.accounts.issuing import ascii_fold

PREFIXES = ("tinh ", "thanh pho ", "xa ", "phuong ", "dac khu ")


@dataclass(frozen=True)
class Finding:
    """A unit the current list does not bear out: its code unknown there (`current` None), or named otherwise."""

    unit: Unit
    current: str | None
    """The name the current list gives the code; None when the code is not current."""


def _bare(name: str) -> str:
    """A name as compared: without accents, case and the kind of unit in front ("Tỉnh Nghệ An" is "Nghệ An")."""
    folded = ascii_fold(unicodedata.normalize("NFC", name)).strip()
    return next((folded[len(prefix) :] for prefix in PREFIXES if folded.startswith(prefix)), folded)


def findings(units: list[Unit]) -> list[Finding]:
    """The units whose numeric code is not current, or whose name differs from the current one, in code order."""
    import vietnam_provinces as vn

    provinces = {int(province.code): province.name for province in vn.Province.iter_all()}
    wards = {int(ward.code): (ward.name, int(ward.province_code)) for ward in vn.Ward.iter_all()}
    found = []
    for unit in sorted(units, key=lambda unit: unit.code):
        if unit.merged_into is not None or not unit.code.isdigit():
            continue
        top = unit.path.split("/", 1)[0]
        if unit.parent_code is None:
            current = provinces.get(int(unit.code))
        elif top.isdigit() and wards.get(int(unit.code), ("", -1))[1] == int(top):
            current = wards[int(unit.code)][0]
        else:
            current = None  # not a commune of its province now (a district, abolished in 2025, or a former code)
        if current is None or _bare(current) != _bare(unit.name):
            found.append(Finding(unit, current))
    return found


def _check(args: argparse.Namespace) -> int:
    import vietnam_provinces as vn

    from functions.stores.accounts import open_accounts
    from hocso.operations import _settings

    store = open_accounts(_settings())
    try:
        found = findings(store.units())
    finally:
        store.close()
    for finding in found:
        unit = finding.unit
        if finding.current is None:
            print(f"{unit.code} {unit.name}: mã không còn trong danh mục hiện hành")
        else:
            print(f"{unit.code} {unit.name}: tên hiện hành là “{finding.current}”")
    stale = sum(finding.current is None for finding in found)
    print(
        f"Danh mục đơn vị hành chính {vn.__data_version__}: {stale} đơn vị có mã không còn hiện hành, "
        f"{len(found) - stale} đơn vị khác tên hiện hành.",
        file=sys.stderr,
    )
    if stale:
        print(
            "Danh mục không cho biết đơn vị nào nhận sáp nhập: theo quyết định sắp xếp của tỉnh, sáp nhập các đơn vị "
            "này trên trang quản trị (POST /admin/units/merge).",
            file=sys.stderr,
        )
    return 1 if found else 0


def register(commands) -> None:
    """Add this sub-command to the `hocso` command line."""
    check = commands.add_parser(
        "check-units",
        help="liệt kê đơn vị có mã không còn trong danh mục đơn vị hành chính hiện hành (sau sắp xếp 2025) "
        "hoặc khác tên hiện hành",
    )
    check.set_defaults(run=_check)
