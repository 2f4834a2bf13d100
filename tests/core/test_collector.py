"""The cycle collector held back while a report or an import holds its many objects: back on after the last holder,
whatever the threads and whatever goes wrong, and left off if it was off."""

import gc
import threading

import pytest

from functions import collector


@pytest.fixture(autouse=True)
def collecting():
    was_on = gc.isenabled()
    gc.enable()
    yield
    gc.enable() if was_on else gc.disable()


def test_the_collector_is_back_on_after_the_last_of_two_threads_holding_it():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with collector.held():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with collector.held():
            second_in.set()
            first_out.wait(5)
            seen["after the first left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert seen == {"after the first left": False} and gc.isenabled()


def test_a_failure_inside_still_turns_it_back_on_and_an_off_collector_stays_off():
    with pytest.raises(ValueError), collector.held():
        assert not gc.isenabled()
        raise ValueError("a report that failed")
    assert gc.isenabled()
    gc.disable()
    with collector.held():
        pass
    assert not gc.isenabled()


def test_a_report_is_built_with_the_collector_held():
    from datetime import date

    from functions.reports import lineage, report

    observed = []
    real = lineage.depth_first
    try:
        lineage.depth_first = lambda units, root: observed.append(gc.isenabled()) or real(units, root)
        report.build([], [], root="", today=date(2026, 12, 6))
    finally:
        lineage.depth_first = real
    assert observed == [False] and gc.isenabled()


def test_nested_holds_let_it_run_only_when_the_outer_one_ends():
    with collector.held():
        with collector.held():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_as_a_decorator_each_call_holds_it():
    @collector.held()
    def work() -> bool:
        return gc.isenabled()

    assert (work(), work(), gc.isenabled()) == (False, False, True)


def test_an_import_enrols_with_the_collector_held_and_gives_it_back_after_reading():
    from functions.enrolment import imports, roster

    seen = []

    class Stop(Exception):
        pass

    class Store:
        def units(self):
            seen.append(gc.isenabled())
            raise Stop

    with pytest.raises(Stop):
        roster.enrol(Store(), [], cohort=None, issued_on=None, calendar=None)
    rows = imports.read_table("Họ và tên,Đơn vị\nLò Văn A,16813\n".encode(), "hoc-vien.csv")
    imports.parse_learners(rows, {"16813"})
    assert seen == [False] and gc.isenabled()
