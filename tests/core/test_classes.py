"""Classroom training rules: a class of at most three days, attendance only on its days and of its learners, each
mark once, completion by every day attended (and the test passed when the class asks for it), usernames read from a
registration CSV."""

from datetime import date

import pytest

from functions.classes import (
    TrainingClass,
    check_dates,
    check_marks,
    check_scores,
    completed,
    passed_on_paper,
    usernames_of_csv,
)
from functions.errors import ApiError

DAY1, DAY2, DAY3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)


def a_class(last_day: date = DAY3, needs_test: bool = False) -> TrainingClass:
    return TrainingClass(
        class_id="lop",
        title="Tập huấn",
        place="Hội trường",
        first_day=DAY1,
        last_day=last_day,
        trainer="Giảng viên",
        course_id="cds",
        unit_code="16813",
        unit_path="40/16813/",
        learner_ids=("u.a", "u.b", "u.c"),
        needs_test=needs_test,
    )


def problem(error: pytest.ExceptionInfo) -> tuple[str, list[str]]:
    return error.value.code, [detail["problem"] for detail in error.value.details]


def test_a_class_lasts_one_to_three_days():
    check_dates(DAY1, DAY1)
    check_dates(DAY1, DAY3)
    with pytest.raises(ApiError) as too_long:
        check_dates(DAY1, date(2026, 12, 4))
    assert problem(too_long) == ("class_too_long", ["4 ngày"])
    with pytest.raises(ApiError) as reversed_:
        check_dates(DAY2, DAY1)
    assert problem(reversed_) == ("class_dates_reversed", ["2026-12-01"])


def test_marks_are_kept_once_and_refused_whole_outside_the_days_or_the_learners():
    training = a_class()
    assert check_marks(training, [("u.a", DAY1), ("u.a", DAY1), ("u.b", DAY3)]) == [("u.a", DAY1), ("u.b", DAY3)]
    with pytest.raises(ApiError) as outside:
        check_marks(training, [("u.a", DAY1), ("u.a", date(2026, 12, 4)), ("u.z", date(2026, 11, 30))])
    assert problem(outside) == ("attendance_outside_dates", ["2026-11-30", "2026-12-04"])
    with pytest.raises(ApiError) as stranger:
        check_marks(training, [("u.z", DAY1), ("u.a", DAY2)])
    assert problem(stranger) == ("attendance_not_registered", ["u.z"])


def test_a_learner_completes_by_every_day_attended_and_the_test_when_asked():
    marks = [("u.a", DAY1), ("u.a", DAY2), ("u.a", DAY3), ("u.b", DAY1), ("u.b", DAY3)]
    marks += [("u.c", DAY1), ("u.c", DAY2), ("u.c", DAY3)]
    assert completed(a_class(), marks, passed=set()) == ["u.a", "u.c"]
    assert completed(a_class(needs_test=True), marks, passed={"u.c", "u.b"}) == ["u.c"]
    assert completed(a_class(last_day=DAY1), [("u.b", DAY1)], passed=set()) == ["u.b"]


def test_usernames_come_from_their_column_or_else_the_first():
    headed = "\ufeffHọ và tên,Tên đăng nhập\r\nVi Thị Chưa, chuavt5339 \r\n,\r\nĐặng Hữu Phước,phuocdh6819\r\n"
    assert usernames_of_csv(headed.encode()) == ["chuavt5339", "phuocdh6819"]
    assert usernames_of_csv(b"chuavt5339\nphuocdh6819\n") == ["chuavt5339", "phuocdh6819"]
    assert usernames_of_csv(b"") == []
    with pytest.raises(ApiError) as unreadable:
        usernames_of_csv("Tên đăng nhập\nchuavt5339\n".encode("utf-16"))
    assert unreadable.value.code == "import_unreadable"


def test_paper_scores_are_checked_whole_against_the_course_and_the_class():
    assert check_scores(a_class(needs_test=True), 20, [("u.a", 16), ("u.b", 0), ("u.a", 18)]) == {
        "u.a": (18, 20),  # typed twice in one batch: the later one
        "u.b": (0, 20),
    }
    with pytest.raises(ApiError) as no_test:
        check_scores(a_class(), 20, [("u.a", 16)])
    assert problem(no_test) == ("class_no_test", [])
    with pytest.raises(ApiError) as out:
        check_scores(a_class(needs_test=True), 20, [("u.a", 21), ("u.b", -1), ("u.z", 5)])
    assert problem(out) == ("paper_score_out_of_range", ["u.a: 21/20", "u.b: -1/20"])
    with pytest.raises(ApiError) as stranger:
        check_scores(a_class(needs_test=True), 20, [("u.a", 20), ("u.z", 5)])
    assert problem(stranger) == ("paper_score_not_registered", ["u.z"])


def test_a_paper_score_passes_at_the_course_mark_as_an_online_attempt_would():
    assert passed_on_paper((16, 20), 80) and not passed_on_paper((15, 20), 80)
    assert passed_on_paper((2, 3), 66) and not passed_on_paper((2, 3), 67)  # 66.7 %
    assert not passed_on_paper((0, 0), 1)


def test_a_paper_pass_completes_a_class_that_needs_the_test_with_every_day_attended():
    marks = [(who, day) for who in ("u.a", "u.b") for day in (DAY1, DAY2, DAY3)] + [("u.c", DAY1)]
    paper = {who for who, score in {"u.a": (17, 20), "u.c": (20, 20)}.items() if passed_on_paper(score, 80)}
    assert completed(a_class(needs_test=True), marks, paper) == ["u.a"]
    assert completed(a_class(needs_test=True), marks, paper | {"u.b"}) == ["u.a", "u.b"]
