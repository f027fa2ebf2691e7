"""`make bench --baseline REF` measures the mock's CPU time per request from /proc: the
reading grows with work done and only with it."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from mockserver import MockServer

from generator import bench


def test_cpu_seconds_follow_the_work_of_the_process() -> None:
    before = bench._cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:
        pass
    spent = bench._cpu_seconds(os.getpid()) - before
    assert 0.15 <= spent <= 2.0, spent
    idle = bench._cpu_seconds(os.getpid())
    time.sleep(0.2)
    assert bench._cpu_seconds(os.getpid()) - idle < 0.1


def test_durable_writes_are_counted_only_when_both_writes_land(
    tmp_path: Path, mock_factory: Callable[..., MockServer]
) -> None:
    """The write loader (raw asyncio streams) drives a real mock: every pair it counts is a
    created job that its command moved, found in the file afterwards."""
    mock = mock_factory(tmp_path / "s.sqlite")
    rate = bench.synced_writes(mock.base_url, mock.credentials, 0.5, writers=2)
    assert rate > 0
    _, step = bench.write_pair()
    with sqlite3.connect(mock.db_path) as db:
        moved = db.execute(
            "SELECT count(*) FROM training_jobs WHERE hold = 1 AND state = ?", (step.to,)
        ).fetchone()[0]
    assert moved >= rate * 0.5 * 0.9, (moved, rate)
