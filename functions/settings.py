"""Settings of the functions: one typed model, read once from the environment (variables prefixed HOCSO_).

Every field names its default once and describes itself; docs/api.md#settings lists each field's variable, and
tests/operate/test_docs.py keeps the two the same.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from functions import targets

PREFIX = "HOCSO_"

MESSAGES: dict[str, str] = {
    "int_parsing": "cần một số nguyên",
    "greater_than_equal": "cần từ {ge} trở lên",
    "less_than_equal": "cần không quá {le}",
    "literal_error": "cần là {expected}",
}
"""Why a value was refused, for an operator reading the command's output or the function's log."""


def keep_once(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it exists: the first writer wins, across threads and processes (a private temporary
    file of its own, linked into place), and nothing half-written is ever seen. True if this call wrote it."""
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        try:
            os.link(name, path)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(name)


class MissingSecret(RuntimeError):
    """A secret the deployment must provide is absent; a local run makes its own instead."""


class SettingsError(RuntimeError):
    """An environment variable holds a value its setting cannot take; the message names each such variable."""


class Settings(BaseModel):
    """Where state, keys and the published banks live, which store to use, and what certificates say."""

    # Frozen, so hashable: the stores are cached per settings (functions.api.deps). By name, fields can be given as
    # keywords (`Settings(token_secret_value=...)`). A plain model, read by `settings_from`: pydantic-settings did the
    # same and cost every function's cold start about 15 ms, importing sources hocso never uses (cloud vaults, CLI,
    # dotenv).
    model_config = ConfigDict(frozen=True, validate_by_name=True)

    data_dir: Path = Field(default=Path(".data"), description="The data folder: the SQLite file, keys, slips, PDFs.")
    bank_dir: Path = Field(default=Path("build/bank"), description="The published answer banks (`<course>.json`).")
    store: Literal["sqlite", "dynamodb"] = Field(
        default="sqlite", description="Where state is kept: the SQLite file or DynamoDB."
    )
    table: str = Field(
        default="hocso", description="The DynamoDB table (key design in `functions/stores/dynamodb/table.py`)."
    )
    dynamodb_endpoint: str | None = Field(
        default=None, description="Another DynamoDB-API endpoint than AWS's, e.g. a test server."
    )
    site_url: str = Field(
        default="http://127.0.0.1:8000/",
        description="The public site address (with a final `/`): QR codes and slips point there.",
    )
    issuer: str = Field(
        default="Ban tổ chức bồi dưỡng chuyển đổi số",
        description="The issuing body printed and signed on certificates and slips.",
    )
    bucket: str | None = Field(
        default=None, description="The S3 bucket of certificate PDFs and slips; unset, `<data>/blobs`."
    )
    s3_endpoint: str | None = Field(default=None, description="Another S3-API endpoint than AWS's, e.g. a test server.")
    token_secret_value: str | None = Field(
        default=None,
        validation_alias="HOCSO_TOKEN_SECRET",
        repr=False,
        description="The key that signs sign-in tokens; unset, made once in the data folder (SQLite only).",
    )
    signing_keys_value: str | None = Field(
        default=None,
        validation_alias="HOCSO_SIGNING_KEYS",
        repr=False,
        description='Certificate signing keys, JSON `[{"kid", "pem"}]`, oldest first; unset, PEM files in '
        "`<data>/keys/` (SQLite only).",
    )
    remote_target: int = Field(
        default=targets.REMOTE,
        ge=0,
        le=100,
        validation_alias="HOCSO_TARGET_REMOTE",
        description="Percent of learners to finish in ethnic-minority, mountain and island units.",
    )
    other_target: int = Field(
        default=targets.OTHER,
        ge=0,
        le=100,
        validation_alias="HOCSO_TARGET_OTHER",
        description="Percent of learners to finish in every other unit.",
    )
    csv_decimal: Literal[".", ","] = Field(
        default=".",
        description="The decimal mark of report CSV files: `.` (with `,` between fields) for programs and Excel set to "
        "English; `,` (with `;` between fields) for Excel on computers set to Vietnamese, which reads `33,3`.",
    )
    guest_starts_per_hour: int = Field(
        default=60,
        ge=1,
        description="Practice attempts guests may start per client address and clock hour.",
    )
    client_header: str | None = Field(
        default=None,
        description="A header the edge sets to the caller's address (on AWS, CloudFront's "
        "`CloudFront-Viewer-Address`); unset, the address is the connection's own, which is right for `make run` and "
        "wrong behind a proxy.",
    )
    origin_secret: str | None = Field(
        default=None,
        repr=False,
        description="The value CloudFront sends in `X-Hocso-Origin`; set, a request without it is refused "
        "(`direct_access_refused`), so the API cannot be called around CloudFront; unset, every request is let in.",
    )
    bulk_limit: int = Field(
        default=10_000,
        ge=1,
        description="Certificates one ZIP may hold: a background job draws it (about 40 PDFs a second when none is "
        "kept yet, so 10,000 in about 4 minutes of a 15-minute worker) into the blob store; `hocso certificates` has "
        "no limit.",
    )
    jobs_function: str | None = Field(
        default=None,
        description="The Lambda function that runs background jobs (imports, certificate ZIPs, report files), "
        "invoked asynchronously; unset, jobs run in threads of this process.",
    )
    ids_file: Path | None = Field(
        default=None,
        validation_alias="HOCSO_IDS",
        description="The published short ids the events function counts; unset, `ids.txt` beside the banks.",
    )
    events_per_minute: int = Field(
        default=120,
        ge=1,
        description="Events one client address may add in a minute, per process: a commune hall of 40 people behind "
        "one Wi-Fi scanning a poster sends about 80.",
    )
    calendar: Path = Field(
        default=Path("content/calendar.yml"),
        description="The working-day overrides (days off, working Saturdays), if present.",
    )
    api_base_path: str = Field(default="/api", description="The path prefix API Gateway passes to the Lambda handlers.")
    token_secret_id: str | None = Field(
        default=None,
        description="The Secrets Manager secret holding the token key, read at run time (deployed stages); "
        "`HOCSO_TOKEN_SECRET` wins when set.",
    )
    token_secret_version: str | None = Field(
        default=None, description="The version of `token_secret_id` the deploy pinned; unset, its current version."
    )
    signing_keys_id: str | None = Field(
        default=None,
        description="The Secrets Manager secret holding the certificate signing keys, read at run time by the "
        "certificates function alone; `HOCSO_SIGNING_KEYS` wins when set.",
    )
    signing_keys_version: str | None = Field(
        default=None, description="The version of `signing_keys_id` the deploy pinned; unset, its current version."
    )
    secrets_endpoint: str | None = Field(
        default=None, description="Another Secrets Manager-API endpoint than AWS's, e.g. a test server."
    )

    @field_validator("site_url")
    @classmethod
    def _with_final_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    def __hash__(self) -> int:
        # The stores are found by settings on every request (`functions.api.deps`, seven times a submission): a hash
        # of where state lives, not of every field (pydantic's own), which equal settings share all the same.
        return hash((self.store, self.data_dir, self.table, self.bank_dir))

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
        """The key that signs sign-in tokens given in the environment, or made once and kept in the data folder locally
        (a deployed function reads the secret `token_secret_id` names instead: `functions.vault.token_secret`).

        A deployment that forgets to set it fails loudly instead of running with a secret anyone could know.
        """
        if self.token_secret_value:
            return self.token_secret_value
        if not self.local:
            raise MissingSecret("neither HOCSO_TOKEN_SECRET_ID nor HOCSO_TOKEN_SECRET is set")
        path = self.data_dir / "token-secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            keep_once(path, secrets.token_urlsafe(48).encode())  # a racing first sign-in reads the winner's secret
        return path.read_text().strip()


def _variable(name: str) -> str:
    alias = Settings.model_fields[name].validation_alias
    return alias if isinstance(alias, str) else PREFIX + name.upper()


VARIABLES: dict[str, str] = {name: _variable(name) for name in Settings.model_fields}
"""Each setting's environment variable, by field name."""


def _refused(error: ValidationError) -> SettingsError:
    """One line per refused value, naming its variable; a secret's value is never repeated."""
    names = {variable: name for name, variable in VARIABLES.items()}
    lines = []
    for problem in error.errors():
        key = str(problem["loc"][0]) if problem["loc"] else ""
        name = key if key in VARIABLES else names.get(key, key)  # an aliased field may be keyed by its variable
        field = Settings.model_fields.get(name)
        shown = "" if field is not None and not field.repr else f"={problem['input']!r}"
        context = {part: str(value).replace(" or ", " hoặc ") for part, value in problem.get("ctx", {}).items()}
        reason = MESSAGES[problem["type"]].format(**context) if problem["type"] in MESSAGES else problem["msg"]
        lines.append(f"Biến môi trường {VARIABLES.get(name, key)}{shown} không hợp lệ: {reason}.")
    return SettingsError("\n".join(lines))


def settings_from(environ: Mapping[str, str]) -> Settings:
    """Settings from an environment mapping alone (not the process's); defaults suit a local run from the repository
    root. Raises SettingsError naming each variable whose value is refused."""
    # Every field given, from the mapping or its default: keywords outrank the environment source, so the process's own
    # variables fill nothing in.
    values: dict[str, Any] = {
        name: environ[variable] if environ.get(variable) else Settings.model_fields[name].get_default()
        for name, variable in VARIABLES.items()
    }
    try:
        return Settings(**values)
    except ValidationError as error:
        raise _refused(error) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read from its environment on first use. Raises SettingsError naming each variable
    whose value is refused."""
    return settings_from(os.environ)
