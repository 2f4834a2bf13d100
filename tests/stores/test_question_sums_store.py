"""The question sums store contract, run against every implementation: SQLite and DynamoDB (moto's server over
HTTP): sums add up per unit, course and month, a submission's sums are one write, a course's subtree reads back in
unit path then month order. Its failures under injected DynamoDB faults are in tests/core/test_question_sums.py."""

from functions.questions.sums import Cell, Sums
from tests.support.stores import contract_fixture, count_writes
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
    writes = count_writes(questions)
    drawn = {f"attt-{n // 10 + 1:02d}-q{n % 10 + 1:02d}": Sums(1, n % 2, 12, 144, 12 * (n % 2)) for n in range(20)}
    questions.add(Cell(XEN.path, XEN.code, "attt", "2026-11", drawn))
    assert writes() == 1
    questions.add(Cell(XEN.path, XEN.code, "attt", "2026-11", drawn))
    assert writes() == 2
    assert questions.cells(XEN.path, "attt")[0].questions["attt-01-q02"] == Sums(2, 2, 24, 288, 24)


def test_the_largest_test_allowed_reads_back_whole_though_dynamodb_splits_its_update(questions):
    from functions.stores.dynamodb.questions import EXPRESSION, updates

    drawn = {f"bank-{n:03d}-question": Sums(1, n % 2, 150 + n % 7, (150 + n % 7) ** 2, n % 2 * 150) for n in range(200)}
    big = Cell(XEN.path, XEN.code, "attt", "2026-11", drawn)
    split = updates(big)
    assert len(split) > 1 and all(len(update["UpdateExpression"]) <= EXPRESSION for update in split)
    assert len(updates(Cell(XEN.path, XEN.code, "attt", "2026-11", dict(list(drawn.items())[:20])))) == 1
    questions.add(big)
    assert questions.cells(XEN.path, "attt")[0].questions == drawn
