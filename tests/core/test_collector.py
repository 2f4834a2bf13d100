"""The cycle collector held back while a report holds its counts: back on after the last holder, whatever the
threads and whatever goes wrong, and left off if it was off."""

import gc
import threading

import pytest

from functions.reports import collector


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
