"""The focal officials' store contract, run against every implementation: SQLite and DynamoDB (moto's server over
HTTP): lists replaced whole, one focal official per learner, nothing written when a learner is taken, lists found by
subtree."""

import pytest

from functions.accounts.focal import MOST_FOLLOWED, Assignment, FollowedElsewhere
from tests.support.stores import contract_fixture
from tests.support.world import PROVINCE, VINH, XEN

focal = contract_fixture("focal")


def test_a_list_reads_back_sorted_and_is_replaced_whole(focal):
    assert focal.followed("u.an") == []
    focal.assign("u.an", XEN.path, ["u.c", "u.a", "u.b", "u.a"])
    assert focal.followed("u.an") == ["u.a", "u.b", "u.c"]
    focal.assign("u.an", XEN.path, ["u.d", "u.b"])
    assert focal.followed("u.an") == ["u.b", "u.d"]
    assert focal.under(PROVINCE.path) == [Assignment(focal_id="u.an", unit_path=XEN.path, learner_ids=("u.b", "u.d"))]


def test_a_learner_followed_by_one_focal_official_cannot_be_given_to_another_and_nothing_is_written(focal):
    focal.assign("u.an", XEN.path, ["u.a", "u.b"])
    focal.assign("u.binh", XEN.path, ["u.c"])
    with pytest.raises(FollowedElsewhere) as refused:
        focal.assign("u.binh", XEN.path, ["u.c", "u.d", "u.b", "u.a"])
    assert refused.value.learner_ids == {"u.a", "u.b"}
    assert (focal.followed("u.an"), focal.followed("u.binh")) == (["u.a", "u.b"], ["u.c"])
    with pytest.raises(FollowedElsewhere):
        focal.assign("u.chi", XEN.path, ["u.d", "u.c"])  # a new focal official's first list too
    assert focal.followed("u.chi") == [] and focal.under(XEN.path)[-1].focal_id == "u.binh"


def test_a_learner_let_go_by_one_focal_official_may_be_given_to_another(focal):
    focal.assign("u.an", XEN.path, ["u.a", "u.b"])
    focal.assign("u.an", XEN.path, ["u.b"])
    focal.assign("u.binh", XEN.path, ["u.a"])
    focal.assign("u.an", XEN.path, [])  # the role ends
    focal.assign("u.chi", XEN.path, ["u.b"])
    assert [(a.focal_id, a.learner_ids) for a in focal.under(PROVINCE.path)] == [
        ("u.binh", ("u.a",)),
        ("u.chi", ("u.b",)),
    ]


def test_lists_are_found_by_the_subtree_of_the_focal_officials_unit(focal):
    focal.assign("u.xen", XEN.path, ["u.x1"])
    focal.assign("u.vinh", VINH.path, ["u.v1", "u.v2"])
    focal.assign("u.tinh", PROVINCE.path, ["u.p1"])
    assert [a.focal_id for a in focal.under(PROVINCE.path)] == ["u.tinh", "u.vinh", "u.xen"]
    assert [a.focal_id for a in focal.under(VINH.path)] == ["u.vinh"]
    assert [a.focal_id for a in focal.under("")] == ["u.tinh", "u.vinh", "u.xen"]
    assert focal.under("42/") == []


def test_the_longest_list_replaced_by_another_as_long_is_one_write(focal):
    first = [f"u.a{n:02d}" for n in range(MOST_FOLLOWED)]
    second = [f"u.b{n:02d}" for n in range(MOST_FOLLOWED)]
    focal.assign("u.an", XEN.path, first)
    focal.assign("u.an", XEN.path, second)
    focal.assign("u.binh", XEN.path, first)
    assert (focal.followed("u.an"), focal.followed("u.binh")) == (second, first)
