"""The unit tree as a report standing on a day sees it after merges: a chain of merges folds step by step, headcounts
follow up to each merge's year, and a subtree finds the units merged into it from elsewhere."""

from datetime import date

from functions.accounts.account import Unit, unit_path
from functions.headcounts import Headcount
from functions.reports.lineage import fold, predecessors, successor

D1, D2 = date(2025, 7, 1), date(2026, 3, 1)


def unit(code: str, parent: str = "40/", **fields) -> Unit:
    """A unit under the unit at path `parent`."""
    return Unit(code=code, name=f"Xã {code}", parent_code=parent.split("/")[-2], path=unit_path(code, parent), **fields)


def counts(*pairs: tuple[int, int]) -> tuple[Headcount, ...]:
    return tuple(Headcount(year=year, category="cbccvc", staff=staff) for year, staff in pairs)


UNITS = [
    Unit(code="40", name="Tỉnh", path="40/"),
    unit("A", merged_into="B", merged_on=D1, headcounts=counts((2025, 5))),
    unit("B", merged_into="C", merged_on=D2, headcounts=counts((2025, 7), (2026, 8))),
    unit("C", headcounts=counts((2026, 10))),
]


def test_a_chain_of_merges_folds_one_step_at_a_time():
    shown, aliases = fold(UNITS, date(2025, 6, 30))
    assert ([u.code for u in shown], aliases) == (["40", "A", "B", "C"], {})
    shown, aliases = fold(UNITS, D1)
    assert ([u.code for u in shown], aliases) == (["40", "B", "C"], {"A": "B"})
    assert next(u for u in shown if u.code == "B").headcounts == counts((2025, 12), (2026, 8))
    shown, aliases = fold(UNITS, D2)
    assert ([u.code for u in shown], aliases) == (["40", "C"], {"A": "C", "B": "C"})
    assert shown[1].headcounts == counts((2025, 12), (2026, 18))
    assert successor({u.code: u for u in UNITS}, "A") == "C"


def test_a_report_of_a_merged_unit_itself_shows_it_and_a_unit_made_later_is_left_out():
    shown, aliases = fold(UNITS, D2, keep="B")
    assert ([u.code for u in shown], aliases) == (["40", "B", "C"], {"A": "B"})
    made = [*UNITS, unit("N", opened_on=D2)]
    assert "N" not in [u.code for u in fold(made, D1)[0]]
    assert "N" in [u.code for u in fold(made, D2)[0]]


def test_a_subtree_finds_the_units_merged_into_it_from_outside_once():
    district = Unit(code="D", name="Huyện", parent_code="40", path="40/D/")
    inside = unit("E", parent="40/D/")
    moved = [
        district,
        inside,
        unit("F", merged_into="E", merged_on=D1),
        unit("F1", parent="40/F/", merged_into="E", merged_on=D1),
        unit("G", merged_into="C", merged_on=D1),
    ]
    assert [u.code for u in predecessors([*UNITS, *moved], district.path)] == ["F"]  # F1's path is under F's
    assert [u.code for u in predecessors([*UNITS, *moved], "40/")] == []


def test_reports_summed_together_on_either_side_of_a_merge_are_each_the_tree_of_their_day():
    from functions.reports.report import build, build_spans
    from functions.reports.sums import Span
    from functions.reports.tally import Count

    # A's and B's learners passed in 2025 and 2026; A went into B on 1 July 2025, B into C on 1 March 2026.
    counters = [
        Count(code, None, "cds", "passed", day, None, n)
        for code, day, n in (("A", date(2025, 5, 2), 3), ("B", date(2025, 9, 1), 4), ("B", date(2026, 2, 2), 5))
    ] + [Count("C", None, "cds", "passed", date(2026, 4, 1), None, 6)]
    spans = [Span((date(2026, 1, 1), date(2026, 12, 31)), None, 2026), Span((date(2025, 1, 1), date(2025, 12, 31)))]
    today = date(2026, 6, 1)
    together = build_spans(UNITS, counters, spans, root="40", today=today, course_id="cds")
    alone = [
        build(UNITS, counters, root="40", today=today, course_id="cds", period=span.period, year=span.year)
        for span in spans
    ]
    assert together == alone
    assert [[row.unit.code for row in report.rows] for report in together] == [["40", "C"], ["40", "B", "C"]]
    assert [report.rows[0].total.passed for report in together] == [11, 7]  # the province adds up in both
