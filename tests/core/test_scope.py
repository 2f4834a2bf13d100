"""The one rule of administrator writes: learners of the subtree; administrators and units only strictly below."""

import pytest

from functions.errors import ApiError
from functions.scope import refusal, require_authority

COMMUNE = "40/16813/"


@pytest.mark.parametrize(
    ("target", "path", "code"),
    [
        ("learner", "40/16813/", None),  # a learner of one's own unit
        ("learner", "40/16813/16813-T1/", None),  # and of a team below it
        ("admin", "40/16813/16813-T1/", None),  # an administrator of a team below
        ("unit", "40/16813/16813-T1/", None),  # and the team itself
        ("admin", "40/16813/", "admin_not_below"),  # a colleague of the same commune
        ("unit", "40/16813/", "admin_not_below"),  # the commune itself, which colleagues administer
        ("admin", "40/", "outside_scope"),  # the province above
        ("learner", "40/", "outside_scope"),
        ("learner", "40/16702/", "outside_scope"),  # another commune
        ("admin", "40/16702/", "outside_scope"),
        ("learner", "40/168130/", "outside_scope"),  # a code that merely starts like one's own
    ],
)
def test_an_administrator_writes_on_learners_of_the_subtree_and_only_below_for_administrators(target, path, code):
    assert refusal(COMMUNE, target, path) == code


def test_a_refused_write_is_a_403_with_the_rules_code():
    with pytest.raises(ApiError) as refused:
        require_authority(COMMUNE, "admin", COMMUNE)
    assert (refused.value.status, refused.value.code) == (403, "admin_not_below")
    require_authority(COMMUNE, "learner", COMMUNE)  # allowed: no exception
