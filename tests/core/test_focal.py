"""Who may be a focal official and whom they may follow (`functions/accounts/focal.py`), as plain functions: each
refusal a code naming every username at fault, a name given twice counted once."""

from datetime import date

import pytest

from functions.accounts.account import Account, Unit
from functions.accounts.focal import MOST_FOLLOWED, check_focal, check_learners
from functions.errors import ApiError
from tests.support.world import PROVINCE, VINH, XEN

TEAM = Unit(code="16813-T1", name="Tổ công nghệ số", parent_code=XEN.code, kind="Tổ", path=f"{XEN.path}16813-T1/")


def person(n: int, unit: Unit, role: str = "learner") -> Account:
    return Account(
        learner_id=f"u.{n}",
        username=f"hv{n}",
        full_name=f"Người {n}",
        unit_code=unit.code,
        unit_path=unit.path,
        role=role,
        identity=f"ten:{n}",
        issued_on=date(2026, 11, 23),
    )


FOCAL = person(0, XEN)
PEOPLE = {p.username: p for p in (FOCAL, person(1, XEN), person(2, TEAM), person(3, VINH), person(4, XEN, "admin"))}


def refusal(usernames: list[str], scope: str = PROVINCE.path) -> tuple[str, list[str]]:
    with pytest.raises(ApiError) as refused:
        check_learners(FOCAL, scope, usernames, {name: PEOPLE.get(name) for name in usernames})
    return refused.value.code, [detail["problem"] for detail in refused.value.details]


def test_a_focal_official_follows_learners_of_their_unit_and_the_units_below_it_each_once():
    wanted = ["hv2", "hv1", "hv2"]
    assert check_learners(FOCAL, XEN.path, wanted, {name: PEOPLE[name] for name in wanted}) == ["u.2", "u.1"]


def test_each_kind_of_wrong_name_is_refused_with_every_name_that_has_it():
    assert refusal(["hv1", "ai-do", "hv4", "khong-co"]) == ("focal_learner_unknown", ["ai-do", "hv4", "khong-co"])
    assert refusal(["hv3"], scope=XEN.path) == ("focal_learner_unknown", ["hv3"])  # outside the administrator's
    assert refusal(["hv3", "hv1"]) == ("focal_outside_unit", ["hv3"])
    assert refusal(["hv0", "hv1"]) == ("focal_self", ["hv0"])
    assert refusal([f"hv{n}" for n in range(MOST_FOLLOWED + 1)]) == ("focal_too_many", ["50"])


def test_only_a_learner_of_the_administrators_subtree_may_be_a_focal_official():
    assert check_focal(FOCAL, PROVINCE.path) is FOCAL
    for account, scope in ((None, PROVINCE.path), (PEOPLE["hv4"], PROVINCE.path), (FOCAL, VINH.path)):
        with pytest.raises(ApiError) as refused:
            check_focal(account, scope)
        assert (refused.value.status, refused.value.code) == (404, "focal_not_found")
