"""SQLite's question sums are written behind the requests: a process's pending sums add up per cell and question and
are written in one transaction by a thread, before any read, and when the store closes or is dropped. A write that
fails loses nothing: it is tried again, and what cannot be written at the last is logged to be replayed."""

import gc
import logging
import sqlite3
import subprocess
import sys

import pytest

from functions.questions.sums import Cell, Sums, logged, replay
from functions.stores.sqlite import questions as module
from functions.stores.sqlite.questions import SQLiteQuestionSums
from tests.support.stores import FailingCommit, count_writes
from tests.support.waiting import until
from tests.support.world import VINH, XEN

TWENTY = {f"q{n:02d}": Sums(1, n % 2, 10, 100, 10 * (n % 2)) for n in range(20)}


def stored(path) -> dict[tuple[str, str], tuple[int, ...]]:
    """The sums as another connection reads them from the file: (unit path, question) to the five sums."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT unit_path, question_id, n, right, rest, rest2, right_rest FROM question_sums")
        return {(unit, question): tuple(sums) for unit, question, *sums in rows}


@pytest.fixture
def sums(tmp_path):
    store = SQLiteQuestionSums(tmp_path / "sums.sqlite3")
    yield store
    store.close()


def test_a_waves_submissions_are_summed_and_written_together_by_the_thread(sums, tmp_path):
    writes = count_writes(sums)
    for _ in range(50):
        sums.add(Cell(XEN.path, XEN.code, "attt", "2026-11", TWENTY))
    sums.add(Cell(VINH.path, VINH.code, "attt", "2026-11", {"q00": Sums(1, 1, 0, 0, 0)}))
    until(lambda: len(stored(tmp_path / "sums.sqlite3")) == 21, never="the pending sums were never written")
    found = stored(tmp_path / "sums.sqlite3")
    assert found[(XEN.path, "q01")] == (50, 50, 500, 5000, 500)
    assert found[(XEN.path, "q02")] == (50, 0, 500, 5000, 0)
    assert found[(VINH.path, "q00")] == (1, 1, 0, 0, 0)
    assert writes() == 2  # one upsert a cell, for fifty-one submissions


def test_what_is_pending_is_read_back_at_once_by_the_store_itself(sums):
    sums.add(Cell(XEN.path, XEN.code, "attt", "2026-11", TWENTY))
    sums.add(Cell(XEN.path, XEN.code, "attt", "2026-11", TWENTY))
    [cell] = sums.cells(XEN.path, "attt")
    assert cell.questions == {q: s + s for q, s in TWENTY.items()}


def test_a_write_refused_while_another_holds_the_file_is_kept_and_written_once_later(sums, tmp_path, monkeypatch):
    monkeypatch.setattr(module, "FLUSH_INTERVAL", 3600)  # only this test's flushes write
    sums._db.execute("PRAGMA busy_timeout=10")
    sums.add(Cell(XEN.path, XEN.code, "attt", "2026-11", TWENTY))
    other = sqlite3.connect(tmp_path / "sums.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing: the store's transaction waits, then gives up
    with pytest.raises(sqlite3.OperationalError):
        sums.flush()
    sums.add(Cell(XEN.path, XEN.code, "attt", "2026-11", TWENTY))  # added while the first is kept pending
    other.execute("ROLLBACK")
    other.close()
    sums.flush()
    found = stored(tmp_path / "sums.sqlite3")
    assert found[(XEN.path, "q01")] == (2, 2, 20, 200, 20) and len(found) == 20
    sums.flush()
    assert stored(tmp_path / "sums.sqlite3") == found  # nothing written twice


def test_sums_that_cannot_be_written_even_at_closing_are_logged_and_replayed_once(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(module, "FLUSH_INTERVAL", 3600)
    store = SQLiteQuestionSums(tmp_path / "sums.sqlite3")
    store._db.execute("PRAGMA busy_timeout=10")
    store.add(Cell(XEN.path, XEN.code, "attt", "2026-11", TWENTY))
    store.add(Cell(VINH.path, VINH.code, "cds", "2026-12", {"q00": Sums(1, 1, 0, 0, 0)}))
    other = sqlite3.connect(tmp_path / "sums.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with caplog.at_level(logging.ERROR, logger="hocso.questions"):
        store.close()
    other.execute("ROLLBACK")
    other.close()
    records = logged(caplog.text)
    assert sorted((r.cell.unit_path, r.cell.course_id, r.cell.month) for r in records) == sorted(
        [(XEN.path, "attt", "2026-11"), (VINH.path, "cds", "2026-12")]
    )
    with pytest.raises(sqlite3.ProgrammingError):  # closed: a submission's sums are then logged by `observe`
        store.add(Cell(XEN.path, XEN.code, "attt", "2026-11", TWENTY))
    again = SQLiteQuestionSums(tmp_path / "sums.sqlite3")
    assert replay(again, records) == (2, 0) and replay(again, records) == (0, 2)
    assert again.cells(XEN.path, "attt")[0].questions == TWENTY
    again.close()


def test_a_store_dropped_without_closing_writes_what_it_had_pending(tmp_path, monkeypatch):
    monkeypatch.setattr(module, "FLUSH_INTERVAL", 3600)
    store = SQLiteQuestionSums(tmp_path / "sums.sqlite3")
    store.add(Cell(XEN.path, XEN.code, "attt", "2026-11", TWENTY))
    del store
    gc.collect()
    assert stored(tmp_path / "sums.sqlite3")[(XEN.path, "q01")] == (1, 1, 10, 100, 10)


def test_a_process_that_ends_without_closing_writes_what_it_had_pending(tmp_path):
    script = (
        "import sys; from pathlib import Path\n"
        "from functions.stores.sqlite import questions\n"
        "from functions.questions.sums import Cell, Sums\n"
        "questions.FLUSH_INTERVAL = 3600\n"
        "store = questions.SQLiteQuestionSums(Path(sys.argv[1]))\n"
        "store.add(Cell('40/16813/', '16813', 'attt', '2026-11', {'q1': Sums(1, 1, 3, 9, 3)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "sums.sqlite3")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert stored(tmp_path / "sums.sqlite3") == {("40/16813/", "q1"): (1, 1, 3, 9, 3)}


def test_a_commit_that_fails_leaves_no_transaction_open_and_the_sums_pending(sums, tmp_path, monkeypatch):
    monkeypatch.setattr(module, "FLUSH_INTERVAL", 3600)
    sums.add(Cell(XEN.path, XEN.code, "attt", "2026-11", TWENTY))
    failing = FailingCommit(sums._db)
    sums._pending._db = failing  # type: ignore[assignment]
    with pytest.raises(sqlite3.OperationalError):
        sums.flush()
    assert not sums._db.in_transaction and stored(tmp_path / "sums.sqlite3") == {}
    sums.flush()
    assert stored(tmp_path / "sums.sqlite3")[(XEN.path, "q01")] == (1, 1, 10, 100, 10)
