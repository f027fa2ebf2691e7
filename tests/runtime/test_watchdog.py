"""generator/runtime/_watchdog.py at its edges (found by `make mutate`), through the generated
client's copy (`metastudio_client.runtime`, what users run): its read watchdog: finished reads
dropped in bulk."""

from __future__ import annotations

import socket
import threading
import time

from metastudio_client.runtime import (
    _watchdog,
)


def test_the_watchdog_drops_finished_reads_in_bulk_past_64_plus_twice_the_live() -> None:
    """Cancelled reads stay in the heap until it holds more than 64 + 2 x live entries."""
    dog = _watchdog.Watchdog()
    # A thread that never runs: the real one pops finished reads off the heap's top whenever
    # the scheduler lets it start, which made the counts below depend on timing (flaky in CI).
    dog._thread = threading.Thread(target=lambda: None)
    far = time.monotonic() + 3600  # increasing deadlines
    left, right = socket.socketpair()
    try:
        tokens = [dog.watch(far + i, left) for i in range(67)]
        dog.cancel(tokens[0])  # 67 entries, 66 live: kept
        assert len(dog._heap) == 67
        for token in tokens[1:-1]:
            dog.cancel(token)  # the 66th cancel leaves 1 live: 67 > 64 + 2 -> compacted
        assert [token for _, token in dog._heap] == tokens[-1:]
        more = [dog.watch(far + 100 + i, left) for i in range(63)]
        for token in [tokens[-1], *more]:
            dog.cancel(token)
        assert len(dog._heap) == 64  # 64 finished, none live: not more than 64, kept
    finally:
        left.close()
        right.close()
