"""A unit tree whose root would hold a nation is refused: each top-level unit is one partition of the DynamoDB index
for its accounts, certificates, counters and audit, so a province must be a root, and a root holds at most
`MAX_UNITS_UNDER_TOP` units."""

from __future__ import annotations

import pytest

from functions.accounts.account import Unit
from functions.enrolment import batches
from functions.enrolment.imports import read_table
from functions.stores.sqlite.accounts import SQLiteAccounts

HEADER = "Mã đơn vị;Tên đơn vị;Mã đơn vị cha;Loại"


@pytest.fixture
def store(tmp_path):
    accounts = SQLiteAccounts(tmp_path / "hocso.sqlite3")
    yield accounts
    accounts.close()


def rows(*lines: str):
    return read_table(("\ufeff" + "\n".join((HEADER, *lines)) + "\n").encode(), "don-vi.csv")


def test_provinces_under_a_national_root_are_refused_and_so_is_all_below_them(store):
    checked = batches.check_units(
        store,
        "",
        rows(
            "VN;Việt Nam;;Quốc gia",
            "40;Tỉnh Nghệ An;VN;Tỉnh",
            "01;Thành phố Hà Nội;VN;Thành phố",
            "16813;Xã Mường Xén;40;Xã",
        ),
    )
    assert [row.code for row in checked.good] == ["VN"]
    assert [(problem.row, problem.column, problem.code) for problem in checked.problems] == [
        (3, "Loại", "province_below_unit"),
        (4, "Loại", "province_below_unit"),
        (5, "Mã đơn vị cha", "parent_has_problem"),
    ]
    assert "đơn vị gốc" in checked.problems[0].message


def test_a_province_and_a_city_as_roots_with_their_communes_are_kept(store):
    checked = batches.check_units(
        store,
        "",
        rows(
            "40;Tỉnh Nghệ An;;Tỉnh",
            "01;Thành phố Hà Nội;;Thành phố",
            "16813;Xã Mường Xén;40;Xã",
            "00004;Phường Ba Đình;01;Phường",
        ),
    )
    assert checked.problems == [] and len(checked.good) == 4


def test_a_root_stops_growing_at_the_bound_counting_the_units_it_already_has(store, monkeypatch):
    monkeypatch.setattr(batches, "MAX_UNITS_UNDER_TOP", 4)
    store.put_units(
        [
            Unit(code="40", name="Tỉnh Nghệ An", kind="Tỉnh", path="40/"),
            Unit(code="16813", name="Xã Mường Xén", parent_code="40", kind="Xã", path="40/16813/"),
        ]
    )
    checked = batches.check_units(
        store,
        "",
        rows(
            "16684;Phường Vinh Phú;40;Phường",
            "16702;Xã Nghi Lộc;40;Xã",
            "16800;Xã Kỳ Sơn;40;Xã",
            "01;Hà Nội;;Thành phố",
        ),
    )
    assert [row.code for row in checked.good] == ["16684", "16702", "01"]
    assert [(problem.row, problem.code) for problem in checked.problems] == [(4, "tree_too_wide")]
    assert "40" in checked.problems[0].message and "4" in checked.problems[0].message


def test_a_unit_already_stored_is_not_counted_again(store, monkeypatch):
    monkeypatch.setattr(batches, "MAX_UNITS_UNDER_TOP", 2)
    store.put_units(
        [
            Unit(code="40", name="Tỉnh Nghệ An", kind="Tỉnh", path="40/"),
            Unit(code="16813", name="Xã Mường Xén", parent_code="40", kind="Xã", path="40/16813/"),
        ]
    )
    checked = batches.check_units(store, "", rows("40;Tỉnh Nghệ An;;Tỉnh", "16813;Xã Mường Xén;40;Xã"))
    assert checked.problems == [] and len(checked.good) == 2
