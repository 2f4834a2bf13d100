"""The two secrets of a stage, kept in AWS Secrets Manager and read by the functions at run time.

`hocso/<stage>/token-secret` signs sign-in tokens; `hocso/<stage>/signing-keys` holds the Ed25519 keys that sign
certificates (JSON `[{"kid": ..., "pem": ...}]`, oldest first, the last one signing). The template gives each function
the secret's name and the version read here (`HOCSO_TOKEN_SECRET_ID`/`_VERSION`, `HOCSO_SIGNING_KEYS_ID`/`_VERSION`),
never its value: the function fetches the pinned version on first use (`functions.vault`), so neither the template,
the stack, a function's configuration nor this repository holds a secret. Only the roles that need one may read it:
every function but the anonymous counter the token secret, the certificates function alone the signing keys.

A third, `hocso/<stage>/origin-secret`, is what CloudFront sends the API in `X-Hocso-Origin` and the functions
require (`HOCSO_ORIGIN_SECRET`, `functions/api/origin.py`): worth little to a thief (it only lets a caller skip the web
ACL), it is resolved into the distribution and the functions' environment the same way.

They live outside the stack on purpose: deleting or replacing the stack must not lose the keys every certificate ever
issued is verified with. A first deploy makes both; `--rotate-signing-key` adds a key (the old ones stay published).
The token secret and the signing keys are then kept under the stack's own KMS key (`under_key`), whose policy lets
only the roles that read each one decrypt it; the origin secret stays under Secrets Manager's key, as CloudFormation
resolves it into the distribution.
"""

from __future__ import annotations

import json
import secrets as random
from dataclasses import dataclass
from datetime import date
from typing import Any

from functions.certificates.keys import KeyRing, from_environment
from functions.certificates.signing import SigningKey

SECRET_LIMIT = 65_536
"""Secrets Manager's limit on a secret's value: about 270 keys, as the ring only grows (old keys keep verifying)."""


def names(stage: str) -> tuple[str, str]:
    """The secrets' names: (token secret, signing keys)."""
    return f"hocso/{stage}/token-secret", f"hocso/{stage}/signing-keys"


def serialise(ring: KeyRing) -> str:
    """A key ring as the signing-keys secret holds it (what `functions.certificates.keys.from_environment` reads)."""
    return json.dumps([{"kid": key.key_id, "pem": key.to_pem().decode()} for key in ring.keys])


def with_new_key(ring: KeyRing | None, today: date) -> KeyRing:
    """`ring` and a new key made today, which signs from now on (ids as `hocso keys` makes them: date and serial)."""
    existing = {key.key_id for key in ring.keys} if ring else set()
    serial = 1
    while f"{today.isoformat()}-{serial}" in existing:
        serial += 1
    fresh = SigningKey.generate(f"{today.isoformat()}-{serial}")
    ring = KeyRing((*(ring.keys if ring else ()), fresh))
    if len(serialise(ring)) > SECRET_LIMIT:
        raise ValueError(f"{len(ring.keys)} khóa ký không còn vừa một bí mật của Secrets Manager ({SECRET_LIMIT} byte)")
    return ring


@dataclass(frozen=True)
class Secrets:
    """The versions the stack pins, and the key ring whose public half the site publishes."""

    token_version: str
    signing_version: str
    ring: KeyRing


def _current(client: Any, name: str) -> str | None:
    try:
        stages = client.describe_secret(SecretId=name)["VersionIdsToStages"]
    except client.exceptions.ResourceNotFoundException:
        return None
    return next(version for version, labels in stages.items() if "AWSCURRENT" in labels)


def ensure(client: Any, stage: str, today: date, rotate: bool = False, say=print) -> Secrets:
    """The stage's secrets, made on the first deploy; with `rotate`, a new signing key added."""
    token_name, signing_name = names(stage)
    tags = [{"Key": "project", "Value": "hocso"}, {"Key": "stage", "Value": stage}]
    token_version = _current(client, token_name)
    if token_version is None:
        token_version = client.create_secret(
            Name=token_name,
            SecretString=random.token_urlsafe(48),
            Tags=tags,
            Description="hocso: khóa ký mã đăng nhập (HOCSO_TOKEN_SECRET_ID)",
        )["VersionId"]
        say(f"Đã tạo bí mật {token_name}")
    if _current(client, signing_name) is None:
        ring = with_new_key(None, today)
        signing_version = client.create_secret(
            Name=signing_name,
            SecretString=serialise(ring),
            Tags=tags,
            Description="hocso: khóa ký giấy chứng nhận Ed25519 (HOCSO_SIGNING_KEYS_ID)",
        )["VersionId"]
        say(f"Đã tạo bí mật {signing_name} với khóa {ring.current.key_id}")
        return Secrets(token_version, signing_version, ring)
    reply = client.get_secret_value(SecretId=signing_name)
    ring, signing_version = from_environment(reply["SecretString"]), reply["VersionId"]
    if rotate:
        ring = with_new_key(ring, today)
        signing_version = client.put_secret_value(SecretId=signing_name, SecretString=serialise(ring))["VersionId"]
        say(f"Đã thêm khóa ký {ring.current.key_id}; các khóa cũ vẫn được công bố để xác minh giấy đã cấp")
    return Secrets(token_version, signing_version, ring)


def rehearsal(today: date) -> Secrets:
    """Stand-ins for a dry run: a throwaway key (never stored) and placeholder versions."""
    return Secrets(
        "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000", with_new_key(None, today)
    )


def origin_name(stage: str) -> str:
    """The name of the secret CloudFront sends the API."""
    return f"hocso/{stage}/origin-secret"


def ensure_origin(client: Any, stage: str, say=print) -> str:
    """The version of the stage's origin secret, made on the first deploy (URL-safe: it travels in a header)."""
    name = origin_name(stage)
    version = _current(client, name)
    if version is None:
        version = client.create_secret(
            Name=name,
            SecretString=random.token_urlsafe(32),
            Tags=[{"Key": "project", "Value": "hocso"}, {"Key": "stage", "Value": stage}],
            Description="hocso: tiêu đề bí mật CloudFront gửi tới API (HOCSO_ORIGIN_SECRET)",
        )["VersionId"]
        say(f"Đã tạo bí mật {name}")
    return version


def under_key(client: Any, stage: str, key_arn: str, say=print) -> list[str]:
    """Put the stage's token secret and signing keys under the KMS key `key_arn` (the stack's DataKey) where they are
    not yet; the names of those moved. A first deploy makes the secrets before the stack and its key exist (the stack
    pins their versions), so they start under Secrets Manager's own key and move once the stack is up. Secrets Manager
    re-encrypts the current and previous versions itself, under the same version ids: the pinned versions stay valid."""
    moved = []
    for name in names(stage):
        current = client.describe_secret(SecretId=name).get("KmsKeyId") or ""
        if current and (current == key_arn or key_arn.endswith(f"/{current}")):
            continue
        client.update_secret(SecretId=name, KmsKeyId=key_arn)
        moved.append(name)
        say(f"Đã chuyển bí mật {name} sang khóa KMS của hệ thống")
    return moved
