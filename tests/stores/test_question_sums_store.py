"""The question sums store contract, run against every implementation: SQLite and DynamoDB (moto's server over
HTTP): sums add up per unit, course and month, a submission's sums are one write, a course's subtree reads back in
unit path then month order. Its failures under injected DynamoDB faults are in tests/core/test_question_sums.py."""

from functions.questions.sums import Cell, Sums
from functions.stores.dynamodb.questions import EXPRESSION, updates
from tests.support.stores import contract_fixture, count_writes, written
from tests.support.world import PROVINCE, VINH, XEN

questions = contract_fixture("questions")


def cell(unit, month: str, course: str = "attt", **sums: Sums) -> Cell:
    return Cell(unit.path, unit.code, course, month, {q.replace("_", "-"): s for q, s in sums.items()})


def test_sums_of_one_cell_add_up_and_read_back(questions):
    questions.add(cell(XEN, "2026-11", q1=Sums(1, 1, 4, 16, 4), q2=Sums(1, 0, 5, 25, 0)))
    questions.add(cell(XEN, "2026-11", q1=Sums(1, 0, 2, 4, 0), q3=Sums(1, 1, 0, 0, 0)))
    assert questions.cells(XEN.path, "attt") == [
        cell(XEN, "2026-11", q1=Sums(2, 1, 6, 20, 4), q2=Sums(1, 0, 5, 25, 0), q3=Sums(1, 1, 0, 0, 0))
    ]


def test_cells_are_read_by_course_and_subtree_in_unit_then_month_order(questions):
    questions.add(cell(XEN, "2026-12", q1=Sums(1, 1, 3, 9, 3)))
    questions.add(cell(VINH, "2026-11", q1=Sums(1, 0, 3, 9, 0)))
    questions.add(cell(XEN, "2026-11", q1=Sums(1, 1, 1, 1, 1)))
    questions.add(cell(PROVINCE, "2026-11", q1=Sums(1, 1, 1, 1, 1)))
    questions.add(cell(XEN, "2026-11", "cds", q9=Sums(1, 1, 1, 1, 1)))
    found = [(c.unit_code, c.month) for c in questions.cells(PROVINCE.path, "attt")]
    assert found == [("40", "2026-11"), ("16684", "2026-11"), ("16813", "2026-11"), ("16813", "2026-12")]
    assert [(c.unit_code, c.month) for c in questions.cells(XEN.path, "attt")] == [
        ("16813", "2026-11"),
        ("16813", "2026-12"),
    ]
    assert [c.questions for c in questions.cells(PROVINCE.path, "cds")] == [{"q9": Sums(1, 1, 1, 1, 1)}]
    assert questions.cells("42/", "attt") == [] and questions.cells(PROVINCE.path, "none") == []


def test_question_ids_with_any_character_an_id_may_hold_read_back(questions):
    ids = {"attt-01-q01": Sums(1, 1, 2, 4, 2), "A_b.c-9": Sums(1, 0, 0, 0, 0), "right": Sums(1, 1, 0, 0, 0)}
    questions.add(Cell(XEN.path, XEN.code, "attt", "2026-11", ids))
    assert questions.cells(XEN.path, "attt")[0].questions == ids


def test_a_submission_of_twenty_questions_is_one_write(questions):
    """DynamoDB's is the request's own UpdateItem; SQLite's is its pending sums' upsert (`written`)."""
    writes = count_writes(questions)
    drawn = {f"attt-{n // 10 + 1:02d}-q{n % 10 + 1:02d}": Sums(1, n % 2, 12, 144, 12 * (n % 2)) for n in range(20)}
    questions.add(Cell(XEN.path, XEN.code, "attt", "2026-11", drawn))
    written(questions)
    assert writes() == 1
    questions.add(Cell(XEN.path, XEN.code, "attt", "2026-11", drawn))
    written(questions)
    assert writes() == 2
    assert questions.cells(XEN.path, "attt")[0].questions["attt-01-q02"] == Sums(2, 2, 24, 288, 24)


def test_sums_added_once_under_a_token_are_added_once_however_often_they_are_given(questions):
    replayed = cell(XEN, "2026-11", q1=Sums(1, 1, 4, 16, 4), q2=Sums(1, 0, 5, 25, 0))
    assert questions.add_once(replayed, "attempt-1") is True
    assert questions.add_once(replayed, "attempt-1") is False
    assert questions.add_once(cell(XEN, "2026-11", q1=Sums(1, 0, 1, 1, 0)), "attempt-2") is True
    questions.add(cell(XEN, "2026-11", q2=Sums(1, 1, 2, 4, 2)))
    assert questions.cells(XEN.path, "attt") == [cell(XEN, "2026-11", q1=Sums(2, 1, 5, 17, 4), q2=Sums(2, 1, 7, 29, 2))]


def test_the_largest_test_allowed_is_split_into_updates_dynamodb_takes():
    drawn = {f"bank-{n:03d}-question": Sums(1, n % 2, 150 + n % 7, (150 + n % 7) ** 2, n % 2 * 150) for n in range(200)}
    split = updates(Cell(XEN.path, XEN.code, "attt", "2026-11", drawn))
    assert len(split) > 1 and all(len(update["UpdateExpression"]) <= EXPRESSION for update in split)
    named = [name for update in split for name in update["ExpressionAttributeNames"].values() if name != "month"]
    assert len(named) == len(set(named)) == sum(1 for sums in drawn.values() for value in sums.astuple() if value)
    assert len(updates(Cell(XEN.path, XEN.code, "attt", "2026-11", dict(list(drawn.items())[:20])))) == 1


def test_a_cell_whose_update_is_split_reads_back_whole(questions):
    if hasattr(questions, "expression"):
        questions.expression = 300  # a few questions an update, so the server parses small expressions
    drawn = {f"q{n:02d}": Sums(1, n % 2, 10 + n, (10 + n) ** 2, n % 2 * (10 + n)) for n in range(20)}
    questions.add(Cell(XEN.path, XEN.code, "attt", "2026-11", drawn))
    questions.add_once(Cell(XEN.path, XEN.code, "attt", "2026-11", drawn), "attempt-1")
    assert questions.cells(XEN.path, "attt")[0].questions == {q: s + s for q, s in drawn.items()}
