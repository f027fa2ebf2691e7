"""`make bench --baseline REF` measures the mock's CPU time per request from /proc: the
reading grows with work done and only with it."""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.request
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


def test_both_limits_answer_the_mock_s_bytes(tmp_path: Path) -> None:
    """The bare servers the mock is measured against write what they were given, the one on
    the mock's protocol at once for a GET and through the ASGI app otherwise."""
    body = '{"job_id": "x", "name": "bare"}'
    headers = [["content-type", "application/json"], ["x-request-id", "fixed-id"]]
    headers.append(["content-length", str(len(body))])
    answer = {"status": 200, "headers": headers, "body": body}
    for at_once in (False, True):
        with bench._bare(answer, tmp_path, at_once=at_once) as (base, _):
            for method in ("GET", "POST"):
                request = urllib.request.Request(base + "/any", method=method, data=b"")
                with urllib.request.urlopen(request, timeout=10) as response:
                    assert response.status == 200
                    assert response.headers["x-request-id"] == "fixed-id"
                    assert response.read().decode() == body
