"""Issue 17 over HTTP against `make run`: an administrator tries to merge what is not theirs to merge, or to merge a
unit into its own sub-unit, and is refused with a code and a Vietnamese message; the tree is left as it was."""

from __future__ import annotations

import pytest

from tests.support.actors import DEMO_PASSWORD, api, printed_login, refusal, sign_in

COMMUNE, TEAM, OTHER_COMMUNE = "16813", "16813-T1", "16702"


@pytest.fixture(scope="module")
def admins(server):
    return {
        "commune": sign_in(server, printed_login(server, "Quản trị Xã Mường Xén"), DEMO_PASSWORD),
        "province": sign_in(server, printed_login(server, "Quản trị tỉnh"), DEMO_PASSWORD),
    }


def tree(server, admins) -> list[dict]:
    return api(server, "GET", "/admin/units", admins["province"].token).json()


def merge(server, token: str, sources: list[str], into: str) -> tuple[int, str | None, str]:
    answer = api(
        server, "POST", "/admin/units/merge", token, json_body={"sources": sources, "into": into, "on": "2026-07-01"}
    )
    code = refusal(answer)
    return (*code, answer.json()["error"]["message"] if code[1] else "")


def test_a_commune_administrator_cannot_merge_another_commune_into_their_own(server, admins):
    before = tree(server, admins)
    status, code, message = merge(server, admins["commune"].token, [OTHER_COMMUNE], TEAM)
    assert (status, code) == (403, "outside_scope")
    assert message == "Bạn chỉ quản lý được đơn vị của mình và các đơn vị trực thuộc."
    # Nor their own commune into their team, nor the team into a new unit of the other commune.
    assert merge(server, admins["commune"].token, [COMMUNE], TEAM)[:2] == (403, "admin_not_below")
    assert merge(server, admins["commune"].token, [TEAM], OTHER_COMMUNE)[:2] == (403, "outside_scope")
    assert tree(server, admins) == before


def test_a_unit_merged_into_its_own_sub_unit_or_itself_is_refused_as_a_cycle(server, admins):
    before = tree(server, admins)
    status, code, message = merge(server, admins["province"].token, [COMMUNE], TEAM)
    assert (status, code) == (422, "merge_cycle")
    assert "vòng lặp" in message
    assert merge(server, admins["province"].token, [COMMUNE, OTHER_COMMUNE], COMMUNE)[:2] == (422, "merge_into_itself")
    assert merge(server, admins["province"].token, ["99999"], COMMUNE)[:2] == (404, "unit_not_found")
    assert tree(server, admins) == before
