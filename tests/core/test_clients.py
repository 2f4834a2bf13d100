"""Which client sent a request: the edge's header, the last forwarded hop behind a proxy, else the peer."""

import pytest

from functions.clients import UNKNOWN, address_key, viewer_address

CLOUDFRONT = "130.176.1.1"


def test_locally_the_peer_is_the_client_whatever_it_forwards():
    assert viewer_address("127.0.0.1", {"x-forwarded-for": "10.0.0.9"}, header=None, behind_proxy=False) == "127.0.0.1"


def test_behind_cloudfront_the_viewer_is_the_last_hop_a_client_could_not_write():
    forged = {"x-forwarded-for": "10.0.0.9, 203.0.113.7, " + CLOUDFRONT}
    assert viewer_address(CLOUDFRONT, forged, header=None, behind_proxy=True) == "203.0.113.7"
    assert viewer_address(CLOUDFRONT, {}, header=None, behind_proxy=True) == CLOUDFRONT


@pytest.mark.parametrize(
    ("value", "address"), [("203.0.113.7:46532", "203.0.113.7"), ("2001:db8::7:46532", "2001:db8::7")]
)
def test_the_edges_viewer_header_wins_and_loses_its_port(value, address):
    headers = {"cloudfront-viewer-address": value, "x-forwarded-for": "10.0.0.9"}
    assert viewer_address(CLOUDFRONT, headers, header="cloudfront-viewer-address", behind_proxy=True) == address


def test_an_address_is_counted_whole_for_ipv4_and_by_its_64_for_ipv6():
    assert address_key("203.0.113.7") == address_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert address_key("2001:db8:1:2::7") == address_key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert address_key("[2001:db8:1:3::7]") == "2001:db8:1:3::/64"
    assert address_key("testclient") == address_key(None) == UNKNOWN
