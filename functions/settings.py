"""Settings of the functions, read once from the environment (prefix HOCSO_)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where state and the published banks live, and which store to use."""

    data_dir: Path
    bank_dir: Path
    store: str
    table: str = "hocso"
    dynamodb_endpoint: str | None = None

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "hocso.sqlite3"


def settings_from(environ: dict[str, str]) -> Settings:
    """Settings from an environment mapping; defaults suit a local run from the repository root."""
    return Settings(
        data_dir=Path(environ.get("HOCSO_DATA_DIR", ".data")),
        bank_dir=Path(environ.get("HOCSO_BANK_DIR", "build/bank")),
        store=environ.get("HOCSO_STORE", "sqlite"),
        table=environ.get("HOCSO_TABLE", "hocso"),
        dynamodb_endpoint=environ.get("HOCSO_DYNAMODB_ENDPOINT") or None,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read on first use."""
    return settings_from(dict(os.environ))
