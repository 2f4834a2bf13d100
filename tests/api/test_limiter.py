"""The events' per-client allowance, on an injected clock: a minute's limit per address, a window per client, IPv6 by
/64, and a table that cannot grow past its bound however many addresses send."""

import pytest

from functions.api.events.limiter import MinuteLimiter
from functions.clients import UNKNOWN
from functions.clients import address_key as client_key
from tests.support.clock import Clock


@pytest.fixture
def clock():
    return Clock(1000.0)  # seconds, as time.monotonic counts them


def test_a_client_gets_its_limit_in_a_window_then_waits_for_the_window_to_end(clock):
    limiter = MinuteLimiter(3, clock=clock)
    assert [limiter.wait("203.0.113.7") for _ in range(3)] == [0, 0, 0]
    clock.now += 20
    assert limiter.wait("203.0.113.7") == 40  # the window opened at its first event, 20 s ago
    clock.now += 39.5
    assert limiter.wait("203.0.113.7") == 1
    clock.now += 0.5
    assert [limiter.wait("203.0.113.7") for _ in range(4)] == [0, 0, 0, 60]  # a new window, a new allowance


def test_refused_events_are_not_counted_against_the_next_window(clock):
    limiter = MinuteLimiter(2, clock=clock)
    for _ in range(100):
        limiter.wait("203.0.113.7")
    clock.now += 60
    assert [limiter.wait("203.0.113.7") for _ in range(3)] == [0, 0, 60]


def test_each_client_has_its_own_allowance(clock):
    limiter = MinuteLimiter(1, clock=clock)
    assert [limiter.wait("203.0.113.7"), limiter.wait("203.0.113.7"), limiter.wait("203.0.113.8")] == [0, 60, 0]


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64"),
        ("[2001:db8:aa:bb::9]", "2001:db8:aa:bb::/64"),
        ("testclient", UNKNOWN),
        ("", UNKNOWN),
        (None, UNKNOWN),
    ],
)
def test_a_client_is_its_ipv4_address_or_its_ipv6_64(address, key):
    assert client_key(address) == key


def test_a_host_stepping_through_its_ipv6_addresses_is_one_client(clock):
    limiter = MinuteLimiter(5, clock=clock)
    answers = [limiter.wait(client_key(f"2001:db8:aa:bb::{n:x}")) for n in range(10)]
    assert answers == [0] * 5 + [60] * 5


def test_the_table_never_grows_past_its_bound_and_newcomers_then_share_one_allowance(clock):
    limiter = MinuteLimiter(2, clock=clock, max_clients=100)
    for n in range(100):
        assert limiter.wait(f"198.51.100.{n}") == 0
    newcomers = [limiter.wait(f"192.0.2.{n}") for n in range(50)]
    assert newcomers == [0, 0] + [60] * 48  # the 50 new addresses shared one client's allowance
    assert len(limiter) == 101
    clock.now += 60  # every window has passed: the next newcomer sweeps them away
    assert limiter.wait("192.0.2.200") == 0
    assert len(limiter) == 1
