"""The classroom training store's contract, run against every implementation: SQLite and DynamoDB (moto's server
over HTTP): a class kept and read back, learners registered once each and never past the most, attendance marks
kept once however often they are synced, classes found by subtree."""

from datetime import date

import pytest

from functions.classes import MOST_LEARNERS, ClassFull, ClassNotFound, TrainingClass
from tests.support.servers import run_together
from tests.support.stores import contract_fixture
from tests.support.world import PROVINCE, VINH, XEN

classes = contract_fixture("classes")
DAY1, DAY2, DAY3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)


def a_class(class_id: str = "lop-1", unit=XEN, first_day: date = DAY1, learners: tuple[str, ...] = ()) -> TrainingClass:
    return TrainingClass(
        class_id=class_id,
        title="Tập huấn chuyển đổi số cho cán bộ đầu mối",
        place="Hội trường UBND xã",
        first_day=first_day,
        last_day=DAY3,
        trainer="Nguyễn Văn Giảng",
        course_id="chuyen-doi-so",
        unit_code=unit.code,
        unit_path=unit.path,
        learner_ids=learners,
    )


def test_a_class_reads_back_as_kept(classes):
    assert classes.get("lop-1") is None
    kept = a_class()
    classes.add(kept)
    assert classes.get("lop-1") == kept
    assert kept.days() == [DAY1, DAY2, DAY3]


def test_learners_are_added_each_once_in_registration_order(classes):
    classes.add(a_class())
    assert classes.register("lop-1", ["u.b", "u.a", "u.b"]).learner_ids == ("u.b", "u.a")
    assert classes.register("lop-1", ["u.c", "u.a"]).learner_ids == ("u.b", "u.a", "u.c")
    assert classes.get("lop-1").learner_ids == ("u.b", "u.a", "u.c")


def test_racing_registrations_of_one_class_lose_no_learner(classes):
    classes.add(a_class())
    run_together(3, lambda n: classes.register("lop-1", [f"u.{n}a", f"u.{n}b"]))
    assert sorted(classes.get("lop-1").learner_ids) == ["u.0a", "u.0b", "u.1a", "u.1b", "u.2a", "u.2b"]


def test_registering_past_the_most_writes_nothing_and_an_unknown_class_is_refused(classes):
    classes.add(a_class())
    classes.register("lop-1", [f"u.{n:03d}" for n in range(MOST_LEARNERS - 1)])
    with pytest.raises(ClassFull):
        classes.register("lop-1", ["u.new1", "u.new2"])
    assert len(classes.get("lop-1").learner_ids) == MOST_LEARNERS - 1
    assert len(classes.register("lop-1", ["u.new1", "u.000"]).learner_ids) == MOST_LEARNERS
    with pytest.raises(ClassNotFound):
        classes.register("lop-khac", ["u.a"])


def test_attendance_synced_twice_is_kept_once(classes):
    classes.add(a_class())
    sheet = [("u.b", DAY1), ("u.a", DAY1), ("u.a", DAY2)]
    assert classes.attend("lop-1", sheet) == 3
    assert classes.attend("lop-1", sheet) == 0
    assert classes.attend("lop-1", [("u.a", DAY2), ("u.a", DAY3), ("u.a", DAY3)]) == 1
    assert classes.attendance("lop-1") == [("u.a", DAY1), ("u.a", DAY2), ("u.a", DAY3), ("u.b", DAY1)]
    assert classes.attendance("lop-khac") == []


def test_classes_are_found_by_the_subtree_of_their_unit_by_first_day(classes):
    classes.add(a_class("lop-xen", XEN, DAY2))
    classes.add(a_class("lop-vinh", VINH, DAY1))
    classes.add(a_class("lop-tinh", PROVINCE, DAY3))
    assert [c.class_id for c in classes.under(PROVINCE.path)] == ["lop-vinh", "lop-xen", "lop-tinh"]
    assert [c.class_id for c in classes.under(VINH.path)] == ["lop-vinh"]
    assert classes.under("42/") == []


def test_a_paper_score_is_kept_once_per_learner_and_replaced_when_recorded_again(classes):
    classes.add(a_class())
    assert classes.scores("lop-1") == {}
    classes.record_scores("lop-1", {"u.b": (12, 20), "u.a": (17, 20)})
    classes.record_scores("lop-1", {"u.b": (12, 20)})  # a replay
    assert classes.scores("lop-1") == {"u.a": (17, 20), "u.b": (12, 20)}
    classes.record_scores("lop-1", {"u.b": (16, 20), "u.c": (0, 20)})
    assert classes.scores("lop-1") == {"u.a": (17, 20), "u.b": (16, 20), "u.c": (0, 20)}
    classes.attend("lop-1", [("u.a", DAY1)])
    assert classes.attendance("lop-1") == [("u.a", DAY1)]  # scores and marks share a class, not a list
    assert classes.scores("lop-khac") == {}
