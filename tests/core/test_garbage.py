"""The cycle collector held off during an import's bulk work, and given back as it was."""

from __future__ import annotations

import gc
import threading

import pytest

from functions.enrolment import garbage


def test_the_collector_is_off_inside_and_on_again_after():
    assert gc.isenabled()
    with garbage.held():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_holds_let_it_run_only_when_the_outer_one_ends():
    with garbage.held():
        with garbage.held():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failure_inside_gives_the_collector_back():
    with pytest.raises(ValueError), garbage.held():
        raise ValueError("row")
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off():
    gc.disable()
    try:
        with garbage.held():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_as_a_decorator_each_call_holds_it():
    @garbage.held()
    def work() -> bool:
        return gc.isenabled()

    assert work() is False
    assert work() is False
    assert gc.isenabled()


def test_two_threads_holding_it_let_it_run_when_the_last_leaves():
    first_in, second_out = threading.Event(), threading.Event()
    seen = []

    def first():
        with garbage.held():
            first_in.set()
            second_out.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with garbage.held():
        pass
    second_out.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()
