"""Signing keys: the newest signs, every one ever used is published, so rotation keeps old certificates valid.

Locally the keys are PEM files in `<data>/keys/` (made on first use); a deployment passes them in the environment
(`HOCSO_SIGNING_KEYS`, a Secrets Manager reference the template resolves at deploy time), never in the template
or the repository.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from functions.certificates.signing import PublicKeys, SigningKey
from functions.published import KEY_FOLDER
from functions.published import KEY_ID as _KEY_ID
from functions.settings import keep_once

PUBLIC_FILE = "keys.json"
_MAKING = threading.Lock()


def key_url(site_url: str, key_id: str) -> str:
    """The published address of one key's JWK: a signed credential's `kid` (Open Badges 3.0 §8.2.3 wants a URI that
    dereferences to the JWK)."""
    return f"{site_url.rstrip('/')}/{KEY_FOLDER}/{key_id}.json"


def key_id_of(kid: object, issuer_id: str) -> str | None:
    """The key id a `kid` names: the issuer's own key address, or (credentials made before keys had one) a bare id."""
    if not isinstance(kid, str):
        return None
    if _KEY_ID.match(kid):
        return kid
    prefix = key_url(issuer_id, "")[: -len(".json")]
    if kid.startswith(prefix) and kid.endswith(".json") and _KEY_ID.match(kid[len(prefix) : -len(".json")]):
        return kid[len(prefix) : -len(".json")]
    return None


@dataclass(frozen=True)
class KeyRing:
    """Keys in the order they were made; the last one signs new certificates."""

    keys: tuple[SigningKey, ...]

    @property
    def current(self) -> SigningKey:
        return self.keys[-1]

    def document(self) -> dict:
        """The JSON Web Key set to publish at `/xac-minh/keys.json`."""
        return PublicKeys.document(list(self.keys))

    def public(self) -> PublicKeys:
        return PublicKeys.from_document(self.document())


def load_dir(folder: Path) -> KeyRing | None:
    """The keys kept as `<key id>.pem` files, ordered by id (ids start with the date they were made)."""
    files = sorted(folder.glob("*.pem")) if folder.is_dir() else []
    if not files:
        return None
    return KeyRing(tuple(SigningKey.from_pem(path.stem, path.read_bytes()) for path in files))


def add_key(folder: Path, today: date) -> KeyRing:
    """Make a new key that signs from now on, keep it beside the old ones, and rewrite the public key set. A key is
    never overwritten: two makers racing for one id give two keys, the later id signing."""
    folder.mkdir(parents=True, exist_ok=True)
    existing = {path.stem for path in folder.glob("*.pem")}
    serial = 1
    while True:
        while f"{today.isoformat()}-{serial}" in existing:
            serial += 1
        key = SigningKey.generate(f"{today.isoformat()}-{serial}")
        if keep_once(folder / f"{key.key_id}.pem", key.to_pem()):
            break
        existing.add(key.key_id)
    ring = load_dir(folder)
    write_public(ring, folder / PUBLIC_FILE)  # type: ignore[arg-type]
    return ring  # type: ignore[return-value]


def write_public(ring: KeyRing, path: Path) -> None:
    """The public key set, replaced whole (a private temporary file, renamed into place)."""
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(descriptor, "w") as out:
        out.write(json.dumps(ring.document(), indent=1))
    os.chmod(name, 0o644)
    os.replace(name, path)


def from_environment(value: str) -> KeyRing:
    """Keys passed as JSON `[{"kid": ..., "pem": ...}, ...]`, oldest first."""
    return KeyRing(tuple(SigningKey.from_pem(entry["kid"], entry["pem"].encode()) for entry in json.loads(value)))


def load(folder: Path, today: date, local: bool, value: str | None = None) -> KeyRing:
    """The process's key ring: `value` (from the environment) when deployed, else the data folder, made on a first
    local run."""
    if value:
        return from_environment(value)
    ring = load_dir(folder)
    if ring is None:
        if not local:
            raise RuntimeError("neither HOCSO_SIGNING_KEYS_ID nor HOCSO_SIGNING_KEYS is set")
        with _MAKING:  # the first certificates of a fresh local run, claimed at once, make one key between them
            ring = load_dir(folder) or add_key(folder, today)
    return ring
