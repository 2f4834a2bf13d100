"""Secrets read at run time from AWS Secrets Manager: the token secret and the certificate signing keys never sit in a
function's environment, where anyone allowed `lambda:GetFunctionConfiguration` (and the key's `kms:Decrypt`) could
read them. A function's environment names the secret and the version the deploy pinned; the value is fetched on
first use and kept for the life of the process (or Lambda container). A pinned version never changes, so the cache
never goes stale: a rotation is a deploy, which pins the new version and starts new containers.

Only the roles that need a secret may read it (`infra/template.yaml`): every function the token secret, the
certificates function alone the signing keys.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from functions.settings import Settings


class SecretUnavailable(RuntimeError):
    """A secret the settings name cannot be read; the message names it (never its value)."""


@lru_cache(maxsize=2)
def _client(endpoint: str | None) -> Any:
    """One Secrets Manager client per process: the certificates function reads two secrets on its first request."""
    import boto3
    from botocore.config import Config

    # Timeouts well inside a function's 29 s; botocore's standard mode retries throttling with backoff.
    config = Config(connect_timeout=2, read_timeout=5, retries={"mode": "standard", "max_attempts": 4})
    return boto3.client("secretsmanager", endpoint_url=endpoint, config=config)


@lru_cache(maxsize=8)
def read(secret_id: str, version: str | None = None, endpoint: str | None = None) -> str:
    """The secret string of `secret_id` at `version` (its current version when None)."""
    from botocore.exceptions import BotoCoreError, ClientError

    client = _client(endpoint)
    asked = {"SecretId": secret_id, **({"VersionId": version} if version else {})}
    try:
        return client.get_secret_value(**asked)["SecretString"]
    except (ClientError, BotoCoreError, KeyError) as error:
        raise SecretUnavailable(f"cannot read secret {secret_id!r} (version {version or 'current'}): {error}") from None


def token_secret(settings: Settings) -> str:
    """The key that signs sign-in tokens: the secret the settings name, else as `Settings.token_secret` finds it."""
    if settings.token_secret_id and not settings.token_secret_value:
        return read(settings.token_secret_id, settings.token_secret_version, settings.secrets_endpoint)
    return settings.token_secret()


def signing_keys(settings: Settings) -> str | None:
    """The certificate signing keys as JSON (`functions.certificates.keys.from_environment`): the secret the settings
    name, else `HOCSO_SIGNING_KEYS`; None where the data folder keeps them (a local run)."""
    if settings.signing_keys_id and not settings.signing_keys_value:
        return read(settings.signing_keys_id, settings.signing_keys_version, settings.secrets_endpoint)
    return settings.signing_keys_value
