"""Settings of the functions, read once from the environment (prefix HOCSO_)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


class MissingSecret(RuntimeError):
    """A secret the deployment must provide is absent; a local run makes its own instead."""


@dataclass(frozen=True)
class Settings:
    """Where state, keys and the published banks live, which store to use, and what certificates say."""

    data_dir: Path
    bank_dir: Path
    store: str
    table: str = "hocso"
    dynamodb_endpoint: str | None = None
    site_url: str = "http://127.0.0.1:8000/"
    issuer: str = "Ban tổ chức bồi dưỡng chuyển đổi số"
    bucket: str | None = None
    s3_endpoint: str | None = None
    token_secret_value: str | None = None
    signing_keys_value: str | None = None
    remote_target: int = 80
    """Percent of learners to finish in ethnic-minority, mountain and island units (the programme's 80%)."""
    other_target: int = 100
    guest_starts_per_hour: int = 60
    """Practice attempts guests may start per client address and hour (see `functions.practice`)."""
    client_header: str | None = None
    """A header the edge sets to the caller's address (on AWS, CloudFront's `CloudFront-Viewer-Address`); unset, the
    address is the connection's own, which is right for `make run` and wrong behind a proxy."""
    bulk_limit: int = 200
    """Certificates one ZIP download may hold: a Lambda answer is at most 6 MB (about 280 PDFs of 21 KB), and drawing
    a missing PDF takes ~50 ms. A province prints commune by commune, or with `hocso certificates`, which has no limit."""
    ids_file: Path | None = None
    """The published short ids the events function counts; by default `ids.txt` beside the banks."""
    events_per_minute: int = 120
    """Events one client (address) may add in a minute, per process: a commune hall of 40 people behind one Wi-Fi
    scanning a poster sends about 80 (a scan and the open it leads to)."""

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "hocso.sqlite3"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def local(self) -> bool:
        """Running on the embedded default: secrets may be made on this machine and kept in the data folder."""
        return self.store == "sqlite"

    def token_secret(self) -> str:
        """The key that signs sign-in tokens: from the environment, or made once and kept in the data folder locally.

        A deployment that forgets to set it fails loudly instead of running with a secret anyone could know.
        """
        if self.token_secret_value:
            return self.token_secret_value
        if not self.local:
            raise MissingSecret("HOCSO_TOKEN_SECRET is not set")
        path = self.data_dir / "token-secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh = path.with_suffix(".tmp")
            fresh.write_text(secrets.token_urlsafe(48))
            fresh.chmod(0o600)
            try:
                os.link(fresh, path)  # first writer wins; a racing process reads the winner's secret
            except FileExistsError:
                pass
            fresh.unlink(missing_ok=True)
        return path.read_text().strip()


def settings_from(environ: dict[str, str]) -> Settings:
    """Settings from an environment mapping; defaults suit a local run from the repository root."""
    site_url = environ.get("HOCSO_SITE_URL", "http://127.0.0.1:8000/")
    return Settings(
        data_dir=Path(environ.get("HOCSO_DATA_DIR", ".data")),
        bank_dir=Path(environ.get("HOCSO_BANK_DIR", "build/bank")),
        store=environ.get("HOCSO_STORE", "sqlite"),
        table=environ.get("HOCSO_TABLE", "hocso"),
        dynamodb_endpoint=environ.get("HOCSO_DYNAMODB_ENDPOINT") or None,
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        issuer=environ.get("HOCSO_ISSUER", Settings.issuer),
        bucket=environ.get("HOCSO_BUCKET") or None,
        s3_endpoint=environ.get("HOCSO_S3_ENDPOINT") or None,
        token_secret_value=environ.get("HOCSO_TOKEN_SECRET") or None,
        signing_keys_value=environ.get("HOCSO_SIGNING_KEYS") or None,
        remote_target=int(environ.get("HOCSO_TARGET_REMOTE", "80")),
        other_target=int(environ.get("HOCSO_TARGET_OTHER", "100")),
        bulk_limit=int(environ.get("HOCSO_BULK_LIMIT", "200")),
        ids_file=Path(environ["HOCSO_IDS"]) if environ.get("HOCSO_IDS") else None,
        events_per_minute=int(environ.get("HOCSO_EVENTS_PER_MINUTE", "120")),
        guest_starts_per_hour=int(environ.get("HOCSO_GUEST_STARTS_PER_HOUR", "60")),
        client_header=environ.get("HOCSO_CLIENT_HEADER") or None,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read on first use."""
    return settings_from(dict(os.environ))
