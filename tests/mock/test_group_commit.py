"""Group commit in the store's Database (real SQLite file, real threads): concurrent writes
share one COMMIT, each is on disk (seen by a fresh connection) when its `write()` returns,
and a write that fails takes only its own changes back."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from generator.mock.store import Busy, Database, Refused

WRITERS = 12
WRITES_EACH = 5


def _database(tmp_path: Path) -> Database:
    db = Database(tmp_path / "state.sqlite", busy_timeout=10.0)
    db.open(["CREATE TABLE IF NOT EXISTS t (writer INTEGER, n INTEGER, PRIMARY KEY (writer, n))"])
    return db


def _committed(path: Path) -> set[tuple[int, int]]:
    with sqlite3.connect(path) as fresh:  # not the store's: only what is on the file
        return {(w, n) for w, n in fresh.execute("SELECT writer, n FROM t")}


def test_concurrent_writes_share_commits_and_each_is_committed_when_it_returns(
    tmp_path: Path,
) -> None:
    db = _database(tmp_path)
    commits: list[str] = []
    db.conn()  # the thread's reader, so the writer connection below is made by the first write
    start = threading.Barrier(WRITERS)
    unseen: list[tuple[int, int]] = []

    def writer(index: int) -> None:
        start.wait(timeout=30)
        for n in range(WRITES_EACH):
            with db.write() as c:
                c.execute("INSERT INTO t VALUES (?, ?)", (index, n))
                time.sleep(0.002)  # a write that takes a moment: the others queue behind it
            if (index, n) not in _committed(db.path):
                unseen.append((index, n))

    with db.write() as c:  # makes the writer connection; trace its statements from now on
        c.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    commits.clear()
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.close()
    total = WRITERS * WRITES_EACH
    assert unseen == []  # every write was on the file when write() returned
    assert len(_committed(db.path)) == total
    assert 1 <= len(commits) <= total // 2, len(commits)  # shared: far fewer than one each


def test_a_failed_write_in_a_batch_rolls_back_only_itself(tmp_path: Path) -> None:
    db = _database(tmp_path)
    start = threading.Barrier(WRITERS)
    refused: list[int] = []

    def writer(index: int) -> None:
        start.wait(timeout=30)
        try:
            with db.write() as c:
                c.execute("INSERT INTO t VALUES (?, 0)", (index,))
                time.sleep(0.002)
                if index % 3 == 0:
                    raise Refused(f"writer {index} refuses")
        except Refused:
            refused.append(index)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.close()
    assert sorted(refused) == [i for i in range(WRITERS) if i % 3 == 0]
    assert _committed(db.path) == {(i, 0) for i in range(WRITERS) if i % 3}


def test_a_write_that_cannot_get_its_turn_is_busy_and_leaves_nothing(tmp_path: Path) -> None:
    db = Database(tmp_path / "state.sqlite", busy_timeout=0.2)
    db.open(["CREATE TABLE IF NOT EXISTS t (writer INTEGER, n INTEGER)"])
    holding, release = threading.Event(), threading.Event()

    def slow() -> None:
        with db.write() as c:
            c.execute("INSERT INTO t VALUES (1, 1)")
            holding.set()
            release.wait(timeout=30)

    thread = threading.Thread(target=slow)
    thread.start()
    assert holding.wait(timeout=30)
    with pytest.raises(Busy, match="busy"), db.write() as c:
        c.execute("INSERT INTO t VALUES (2, 2)")
    release.set()
    thread.join(timeout=30)
    db.close()
    assert _committed(db.path) == {(1, 1)}  # the queued write's turn never came
