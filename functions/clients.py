"""Which client sent a request, as far as rate limits can tell: the one place that reads a caller's address.

Locally the connection's peer is the client, and `X-Forwarded-For` is whatever a client chose to write. On AWS the
peer is CloudFront (API Gateway's `sourceIp`), so the viewer's address is read from what CloudFront adds: the header
the settings name (`CloudFront-Viewer-Address`, `address:port`, which CloudFront sets and a client cannot), else the
last `X-Forwarded-For` entry that is not the peer (CloudFront appends the viewer's address; a client can only add
entries to the left of it). Counters key an address by `address_key`: an IPv6 address by its /64, which one
subscriber commonly holds whole, as an IPv4 address counts for a whole office.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

UNKNOWN = "unknown"
"""The key of a client whose address cannot be read: such clients share one allowance."""


def viewer_address(peer: str | None, headers: Mapping[str, str], *, header: str | None, behind_proxy: bool) -> str:
    """The caller's address: the edge's `header` when present, else (behind a proxy) the last forwarded hop that is
    not the peer, else the peer."""
    if header:
        value = headers.get(header, "").strip()
        if value:
            return value.rsplit(":", 1)[0]  # the port follows the last colon, for IPv4 and IPv6 alike
    address = peer or ""
    forwarded = headers.get("x-forwarded-for", "")
    if behind_proxy and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        while hops and hops[-1] == peer:
            hops.pop()
        address = hops[-1] if hops else address
    return address


def address_key(address: str | None) -> str:
    """What an address is counted under: itself for IPv4 (an IPv4-mapped IPv6 address too), its /64 for IPv6, and
    `UNKNOWN` when it cannot be read."""
    try:
        parsed = ipaddress.ip_address((address or "").strip().strip("[]"))
    except ValueError:
        return UNKNOWN
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)
