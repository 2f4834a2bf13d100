"""The programme's target rule, written once: 80% in ethnic-minority, mountain and island units, 100% elsewhere,
weighted by learners up the tree."""

from functions import targets
from functions.settings import settings_from
from tests.support.world import VINH, XEN


def test_remote_units_are_held_to_80_percent_and_the_others_to_100():
    assert (targets.REMOTE, targets.OTHER) == (80, 100)
    assert (targets.percent(remote=True), targets.percent(remote=False)) == (80, 100)


def test_a_deployment_may_set_other_percents():
    assert (targets.percent(True, remote_target=70, other_target=90), targets.percent(False, 70, 90)) == (70, 90)


def test_a_subtree_is_held_to_its_units_percents_weighted_by_their_learners():
    # 30 learners in remote communes and 10 in a ward: (30 x 80 + 10 x 100) / 40, not the plain mean of 80 and 100
    owed = targets.owed(30, targets.percent(True)) + targets.owed(10, targets.percent(False))
    assert owed == 3400
    assert targets.weighted(owed, 40) == 85.0


def test_a_target_is_met_when_the_passes_reach_what_is_owed():
    assert targets.met(34, 3400) and targets.met(40, 3400)
    assert not targets.met(33, 3400)


def test_units_and_settings_default_to_the_rule():
    remote, ward = XEN, VINH
    assert (remote.target_percent(), ward.target_percent()) == (targets.REMOTE, targets.OTHER)
    assert (remote.target_percent(70, 90), ward.target_percent(70, 90)) == (70, 90)
    settings = settings_from({})
    assert (settings.remote_target, settings.other_target) == (targets.REMOTE, targets.OTHER)
