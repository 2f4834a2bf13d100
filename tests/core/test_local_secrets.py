"""A fresh local run makes its token secret and its first signing key once, however many first requests race for
them: found by the wave (`bench/wave.py`), whose first sign-ins, arriving together, got a 500 as one thread removed
the temporary file another was still writing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from threading import Barrier

from functions.certificates import keys
from functions.settings import Settings, keep_once

RACERS = 16


def race(call):
    start = Barrier(RACERS)

    def one(_):
        start.wait()
        return call()

    with ThreadPoolExecutor(RACERS) as pool:
        return list(pool.map(one, range(RACERS)))


def test_racing_first_sign_ins_share_one_token_secret(tmp_path):
    settings = Settings(data_dir=tmp_path)
    secrets = race(settings.token_secret)
    assert len(set(secrets)) == 1 and len(secrets[0]) >= 48
    assert sorted(path.name for path in tmp_path.iterdir()) == ["token-secret"]  # no temporary file left behind
    assert (tmp_path / "token-secret").stat().st_mode & 0o777 == 0o600


def test_racing_first_certificates_share_one_signing_key(tmp_path):
    folder = tmp_path / "keys"
    rings = race(lambda: keys.load(folder, date(2026, 12, 6), True))
    assert {tuple(key.key_id for key in ring.keys) for ring in rings} == {("2026-12-06-1",)}
    assert len({ring.current.to_pem() for ring in rings}) == 1  # one key, not two under one id
    assert sorted(path.name for path in folder.iterdir()) == ["2026-12-06-1.pem", keys.PUBLIC_FILE]


def test_racing_key_makers_never_overwrite_a_key(tmp_path):
    folder = tmp_path / "keys"
    rings = race(lambda: keys.add_key(folder, date(2026, 12, 6)))
    made = sorted(path.stem for path in folder.glob("*.pem"))
    assert made == sorted(f"2026-12-06-{serial}" for serial in range(1, RACERS + 1))
    assert max(len(ring.keys) for ring in rings) == RACERS


def test_the_first_writer_wins_and_the_second_is_told(tmp_path):
    path = tmp_path / "once"
    assert keep_once(path, b"first") and not keep_once(path, b"second")
    assert path.read_bytes() == b"first" and sorted(p.name for p in tmp_path.iterdir()) == ["once"]
