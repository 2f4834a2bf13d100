"""The functions' settings: one typed model read from HOCSO_* variables, and a refused value named at start."""

import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from functions.settings import VARIABLES, Settings, SettingsError, get_settings, settings_from
from tests.support.paths import ROOT
from tests.support.servers import free_port

EVERY = {
    "HOCSO_DATA_DIR": "/srv/hocso",
    "HOCSO_BANK_DIR": "/srv/bank",
    "HOCSO_STORE": "dynamodb",
    "HOCSO_TABLE": "hocso-prod",
    "HOCSO_DYNAMODB_ENDPOINT": "http://127.0.0.1:8001",
    "HOCSO_SITE_URL": "https://hoc.example.vn",
    "HOCSO_ISSUER": "Sở Khoa học và Công nghệ tỉnh Nghệ An",
    "HOCSO_BUCKET": "hocso-prod-blobs",
    "HOCSO_S3_ENDPOINT": "http://127.0.0.1:8002",
    "HOCSO_TOKEN_SECRET": "t" * 48,
    "HOCSO_SIGNING_KEYS": "[]",
    "HOCSO_TARGET_REMOTE": "70",
    "HOCSO_TARGET_OTHER": "90",
    "HOCSO_GUEST_STARTS_PER_HOUR": "30",
    "HOCSO_CSV_DECIMAL": ",",
    "HOCSO_CLIENT_HEADER": "CloudFront-Viewer-Address",
    "HOCSO_BULK_LIMIT": "50",
    "HOCSO_JOBS_FUNCTION": "arn:aws:lambda:ap-southeast-1:123456789012:function:hocso-prod-JobsFunction-x:live",
    "HOCSO_IDS": "/var/task/ids.txt",
    "HOCSO_EVENTS_PER_MINUTE": "240",
    "HOCSO_CALENDAR": "/var/task/calendar.yml",
    "HOCSO_API_BASE_PATH": "/v1",
    "HOCSO_TOKEN_SECRET_ID": "hocso/prod/token-secret",
    "HOCSO_TOKEN_SECRET_VERSION": "3f1c8a2e-token",
    "HOCSO_SIGNING_KEYS_ID": "hocso/prod/signing-keys",
    "HOCSO_SIGNING_KEYS_VERSION": "9b7d5e1a-keys",
    "HOCSO_SECRETS_ENDPOINT": "http://127.0.0.1:8003",
    "HOCSO_ORIGIN_SECRET": "o" * 32,
}
"""A value other than the default for every setting."""


@pytest.fixture
def environment(monkeypatch):
    """The process's environment without any HOCSO_ variable, read afresh by `get_settings`."""
    for name in [name for name in os.environ if name.startswith("HOCSO_")]:
        monkeypatch.delenv(name)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_the_defaults_suit_a_local_run_from_the_repository_root():
    settings = settings_from({})
    assert (settings.data_dir, settings.bank_dir, settings.store, settings.site_url) == (
        Path(".data"),
        Path("build/bank"),
        "sqlite",
        "http://127.0.0.1:8000/",
    )
    assert (settings.remote_target, settings.other_target, settings.calendar, settings.api_base_path) == (
        80,
        100,
        Path("content/calendar.yml"),
        "/api",
    )
    assert settings.local and settings.sqlite_path == Path(".data/hocso.sqlite3") and settings.ids_file is None


def test_every_variable_is_read_alike_from_the_process_and_from_a_mapping(environment):
    for name, value in EVERY.items():
        environment.setenv(name, value)
    settings = get_settings()
    assert set(EVERY) == set(VARIABLES.values())
    assert settings == settings_from(EVERY)
    assert [name for name in VARIABLES if getattr(settings, name) == getattr(settings_from({}), name)] == []
    assert (settings.store, settings.bulk_limit, settings.ids_file, settings.token_secret()) == (
        "dynamodb",
        50,
        Path("/var/task/ids.txt"),
        "t" * 48,
    )
    assert settings.site_url == "https://hoc.example.vn/"  # the final slash links are joined to


def test_an_empty_variable_counts_as_unset(environment):
    environment.setenv("HOCSO_BULK_LIMIT", "")
    environment.setenv("HOCSO_BUCKET", "")
    assert (get_settings().bulk_limit, get_settings().bucket) == (10_000, None)
    assert settings_from({"HOCSO_BULK_LIMIT": "", "HOCSO_BUCKET": ""}) == settings_from({})


def test_the_process_reads_its_settings_once(environment):
    environment.setenv("HOCSO_BULK_LIMIT", "5")
    first = get_settings()
    environment.setenv("HOCSO_BULK_LIMIT", "6")
    assert get_settings() is first and first.bulk_limit == 5


def test_settings_made_from_keywords_are_frozen_hashable_and_keep_secrets_out_of_their_repr(tmp_path):
    settings = Settings(data_dir=tmp_path, store="sqlite", token_secret_value="s" * 48, signing_keys_value="[]")
    opened = []

    @lru_cache(maxsize=4)  # as the functions cache a store per settings
    def store(settings: Settings) -> int:
        opened.append(settings)
        return len(opened)

    assert store(settings) == store(Settings(data_dir=tmp_path, token_secret_value="s" * 48, signing_keys_value="[]"))
    assert len(opened) == 1 and settings.token_secret() == "s" * 48
    assert "s" * 48 not in repr(settings) and "signing_keys_value" not in repr(settings)
    with pytest.raises(ValueError):
        settings.bulk_limit = 1


def test_a_refused_value_is_named_by_its_variable():
    with pytest.raises(SettingsError) as refused:
        settings_from(
            {
                "HOCSO_BULK_LIMIT": "nhiều",
                "HOCSO_STORE": "mysql",
                "HOCSO_TARGET_REMOTE": "120",
                "HOCSO_EVENTS_PER_MINUTE": "0",
            }
        )
    assert str(refused.value).splitlines() == [
        "Biến môi trường HOCSO_STORE='mysql' không hợp lệ: cần là 'sqlite' hoặc 'dynamodb'.",
        "Biến môi trường HOCSO_TARGET_REMOTE='120' không hợp lệ: cần không quá 100.",
        "Biến môi trường HOCSO_BULK_LIMIT='nhiều' không hợp lệ: cần một số nguyên.",
        "Biến môi trường HOCSO_EVENTS_PER_MINUTE='0' không hợp lệ: cần từ 1 trở lên.",
    ]


def test_the_process_settings_name_a_refused_variable_too(environment):
    environment.setenv("HOCSO_TARGET_OTHER", "một trăm")
    environment.setenv("HOCSO_GUEST_STARTS_PER_HOUR", "60/giờ")
    with pytest.raises(SettingsError) as refused:
        get_settings()
    assert str(refused.value).splitlines() == [
        "Biến môi trường HOCSO_TARGET_OTHER='một trăm' không hợp lệ: cần một số nguyên.",
        "Biến môi trường HOCSO_GUEST_STARTS_PER_HOUR='60/giờ' không hợp lệ: cần một số nguyên.",
    ]


def test_the_server_stops_at_start_naming_a_refused_variable(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>hocso</title>")
    env = {**os.environ, "HOCSO_DATA_DIR": str(tmp_path / "data"), "HOCSO_EVENTS_PER_MINUTE": "nhanh"}
    done = subprocess.run(
        [sys.executable, "-m", "hocso.cli", "serve", "--site", str(tmp_path), "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == "Biến môi trường HOCSO_EVENTS_PER_MINUTE='nhanh' không hợp lệ: cần một số nguyên.\n"
    assert "đang chạy" not in done.stdout


def test_an_operator_command_stops_naming_a_refused_variable(tmp_path):
    env = {**os.environ, "HOCSO_DATA_DIR": str(tmp_path / "data"), "HOCSO_STORE": "sqlite3"}
    done = subprocess.run(
        [sys.executable, "-m", "hocso.cli", "keys"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (
        2,
        "Biến môi trường HOCSO_STORE='sqlite3' không hợp lệ: cần là 'sqlite' hoặc 'dynamodb'.\n",
    )
    assert not (tmp_path / "data").exists()
