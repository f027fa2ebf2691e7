"""One daemon thread that ends sync body reads at their call's deadline.

A blocking ``recv`` in the sync client waits up to its read timeout, whatever the deadline.
``watch(deadline, sock)`` registers the socket of a body being read; if the read is still
going on at the deadline, the thread shuts the socket down (``socket.shutdown``, which wakes
the blocked ``recv`` on every platform Python supports), the read ends with a transport
error and the retry layer reports the passed deadline. ``cancel`` unregisters it. The thread
starts with the first watched read; it costs one heap push and one lock per read.

Copied verbatim into the generated client: imports only the standard library.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time

__all__: list[str] = []


class Watchdog:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._live: dict[int, socket.socket] = {}
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, deadline: float, sock: socket.socket) -> int:
        with self._cond:
            token = next(self._ids)
            self._live[token] = sock
            heapq.heappush(self._heap, (deadline, token))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="metastudio-deadline", daemon=True
                )
                self._thread.start()
            elif self._heap[0][1] == token:
                self._cond.notify()  # the earliest deadline changed
            return token

    def cancel(self, token: int) -> None:
        with self._cond:
            self._live.pop(token, None)
            if len(self._heap) > 64 + 2 * len(self._live):  # drop finished reads in bulk
                self._heap = [entry for entry in self._heap if entry[1] in self._live]
                heapq.heapify(self._heap)

    def _run(self) -> None:
        with self._cond:
            while True:
                heap = self._heap
                while heap and heap[0][1] not in self._live:
                    heapq.heappop(heap)
                if not heap:
                    self._cond.wait()
                    continue
                deadline, token = heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(heap)
                sock = self._live.pop(token)
                # The plain socket's shutdown, also for TLS: SSLSocket.shutdown would drop
                # its SSL object under the reading thread.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)


WATCHDOG = Watchdog()
