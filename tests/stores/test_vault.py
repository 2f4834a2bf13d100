"""Secrets read at run time from a real Secrets Manager-API server (moto's process): the pinned version, not the
newest; once per process; a missing secret named in a clear error; and the functions' token key and signing keys
taken from there when the settings name them."""

from __future__ import annotations

import uuid
from datetime import date

import boto3
import pytest

from functions import vault
from functions.certificates import keys
from functions.certificates.signing import SigningKey
from functions.settings import Settings
from infra.secrets import serialise


@pytest.fixture
def secrets(dynamodb_endpoint, aws_env):
    vault.read.cache_clear()
    client = boto3.client("secretsmanager", endpoint_url=dynamodb_endpoint)
    yield client, dynamodb_endpoint
    vault.read.cache_clear()


def made(client, value: str) -> tuple[str, str]:
    name = f"hocso/test/{uuid.uuid4().hex}"
    created = client.create_secret(Name=name, SecretString=value)
    return name, created["VersionId"]


def test_the_pinned_version_is_read_not_the_newest(secrets):
    client, endpoint = secrets
    name, first = made(client, "first-token-key")
    client.put_secret_value(SecretId=name, SecretString="rotated-token-key")
    assert vault.read(name, first, endpoint) == "first-token-key"
    assert vault.read(name, None, endpoint) == "rotated-token-key"


def test_a_secret_is_fetched_once_per_process(secrets):
    client, endpoint = secrets
    name, version = made(client, "kept")
    assert vault.read(name, version, endpoint) == "kept"
    client.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
    assert vault.read(name, version, endpoint) == "kept"  # cached: a pinned version never changes


def test_a_missing_secret_is_named_in_the_error(secrets):
    _, endpoint = secrets
    with pytest.raises(vault.SecretUnavailable, match="hocso/test/absent"):
        vault.read("hocso/test/absent", None, endpoint)


def test_a_deployed_function_takes_its_token_key_and_signing_keys_from_the_named_secrets(secrets, tmp_path):
    client, endpoint = secrets
    token_name, token_version = made(client, "token-key-from-the-vault")
    ring = keys.KeyRing((SigningKey.generate("2026-12-06-1"),))
    keys_name, keys_version = made(client, serialise(ring))
    settings = Settings(
        store="dynamodb",
        data_dir=tmp_path,
        token_secret_id=token_name,
        token_secret_version=token_version,
        signing_keys_id=keys_name,
        signing_keys_version=keys_version,
        secrets_endpoint=endpoint,
    )
    assert vault.token_secret(settings) == "token-key-from-the-vault"
    loaded = keys.load(settings.keys_dir, date(2026, 12, 6), settings.local, vault.signing_keys(settings))
    assert [key.key_id for key in loaded.keys] == ["2026-12-06-1"]
    assert not (tmp_path / "keys").exists() and not (tmp_path / "token-secret").exists()  # nothing kept on disk


def test_a_deployed_function_without_a_named_secret_refuses_to_make_one(tmp_path):
    from functions.settings import MissingSecret

    with pytest.raises(MissingSecret, match="HOCSO_TOKEN_SECRET_ID"):
        vault.token_secret(Settings(store="dynamodb", data_dir=tmp_path))
    assert vault.signing_keys(Settings(store="dynamodb", data_dir=tmp_path)) is None
