"""`make bench --baseline REF` measures the mock's CPU time per request from /proc: the
reading grows with work done and only with it."""

from __future__ import annotations

import os
import time

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
