"""Whether a certificate still stands, asked of the status list its signed data points to.

A verifier with only the file and the published keys can prove who signed it and that it was not edited, but not that
it was not revoked since: for that it fetches the issuer's status list (the address and the bit are in the signed
data, `status`), checks the list's signature with the same keys, and reads the bit. When that cannot be done (no
network, no place in a list, a list that does not check out) the answer says so, never "valid".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from functions.certificates import status
from functions.certificates.record import Certificate
from functions.certificates.signing import PublicKeys

UNCHECKED = "chưa kiểm tra được trạng thái thu hồi"
TEXT = {
    "standing": "chưa bị thu hồi (theo danh sách thu hồi đã ký tại {url})",
    "revoked": "ĐÃ THU HỒI: đơn vị cấp đã thu hồi giấy chứng nhận này (danh sách thu hồi đã ký tại {url})",
    "no_place": UNCHECKED + ": dữ liệu đã ký không chỉ tới danh sách thu hồi nào (cấp trước khi có danh sách).",
    "offline": UNCHECKED + ": đã chọn không kết nối mạng (--offline).",
    "unreachable": UNCHECKED + ": không tải được danh sách thu hồi {url} ({error}).",
    "untrusted": UNCHECKED + ": danh sách thu hồi {url} không dùng được: {error}",
}


@dataclass(frozen=True)
class Place:
    """Where a certificate's revocation bit is published: the list's address, its issuer, the bit."""

    url: str
    issuer_id: str
    bit: int


@dataclass(frozen=True)
class Standing:
    """The answer: `state` is standing, revoked or unchecked; `message` says it in Vietnamese."""

    state: Literal["standing", "revoked", "unchecked"]
    message: str


def of_certificate(certificate: Certificate) -> Place | None:
    """The place a certificate's signed fields name; None for one signed before they did."""
    if certificate.site_url is None or certificate.status_index is None:
        return None
    list_id, bit = status.position(certificate.status_index)
    return Place(status.list_url(certificate.site_url, list_id), certificate.site_url.rstrip("/") + "/", bit)


def of_credential(body: dict) -> Place | None:
    """The place a verified Open Badges credential's `credentialStatus` names; None when it names none we read."""
    entry, issuer = body.get("credentialStatus"), body.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(entry, dict) or entry.get("statusPurpose") != status.PURPOSE or not isinstance(issuer_id, str):
        return None
    url, index = entry.get("statusListCredential"), entry.get("statusListIndex")
    if not isinstance(url, str) or not isinstance(index, str) or not index.isdigit():
        return None
    return Place(url, issuer_id, int(index))


def check(place: Place | None, keys: PublicKeys, fetch: Callable[[str], bytes] | None, now: datetime) -> Standing:
    """Fetch the list (`fetch` raises OSError when it cannot; None means offline), check it, read the bit."""
    if place is None:
        return Standing("unchecked", TEXT["no_place"])
    if fetch is None:
        return Standing("unchecked", TEXT["offline"])
    try:
        token = fetch(place.url).decode("ascii").strip()
    except (OSError, ValueError) as error:
        return Standing("unchecked", TEXT["unreachable"].format(url=place.url, error=error))
    try:
        revoked = status.is_set(
            status.read_list(token, keys, url=place.url, issuer_id=place.issuer_id, now=now), place.bit
        )
    except status.StatusError as error:
        return Standing("unchecked", TEXT["untrusted"].format(url=place.url, error=error.message))
    return (
        Standing("revoked", TEXT["revoked"].format(url=place.url))
        if revoked
        else Standing("standing", TEXT["standing"].format(url=place.url))
    )
