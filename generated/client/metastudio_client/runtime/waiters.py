"""Poll until a job reaches a final state, with backoff, a timeout and an optional status line.

Which states are final is the caller's business: generated code passes the ``final`` list of
the spec's ``x-lifecycle``, so no state name is written here. ``fetch`` returns whatever
object the API gives (a model, a dict or a bare state); ``state_of`` picks its state (by
default the object itself when it is a str or Enum, else its ``state`` attribute or key).
Every final state counts, failures included: the waiter returns the last object and the
caller decides what FAILED means.

The progress line goes to stderr. ``progress=None`` (the default) draws it only when stderr
is a terminal, rewriting one line in place; ``True`` also writes to a non-terminal, one
plain line per state change (log friendly); ``False`` never writes.

Copied verbatim into the generated client: imports only the standard library and siblings.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from enum import Enum
from typing import TextIO, TypeVar

from .errors import APITimeoutError, MetaStudioError

__all__ = ["WaiterTimeoutError", "async_wait_for", "default_state", "wait_for"]

T = TypeVar("T")

_TICK = 1.0  # seconds between redraws of the elapsed time on a terminal


class WaiterTimeoutError(MetaStudioError, TimeoutError):
    """The job did not reach a final state in time; ``last_state``/``last`` are what was seen."""

    def __init__(
        self, message: str, *, last_state: str, last: object, elapsed: float, timeout: float
    ) -> None:
        super().__init__(message)
        self.last_state = last_state
        self.last = last
        self.elapsed = elapsed
        self.timeout = timeout


def _text(state: object) -> str:
    """A state as text: an Enum by its value (its name may differ), anything else by str()."""
    if isinstance(state, Enum):
        state = state.value
    return state if isinstance(state, str) else str(state)


def default_state(obj: object) -> object:
    """The state of a str or Enum (itself), a mapping (``obj["state"]``) or a model (``.state``)."""
    if isinstance(obj, str | Enum):
        return obj
    if isinstance(obj, Mapping):
        return obj["state"]
    return getattr(obj, "state")  # noqa: B009 - any object with a state attribute


def duration(seconds: float) -> str:
    """`42s`, `3m07s`, `2h05m`: how long a wait has run (the CLI's live display shows it too)."""
    whole = int(seconds)
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class _Progress:
    """A status line: label, state and elapsed time, redrawn in place on a terminal."""

    def __init__(self, mode: bool | None, stream: TextIO | None, label: str) -> None:
        self._stream = stream if stream is not None else sys.stderr
        isatty = getattr(self._stream, "isatty", None)
        try:
            self.tty = bool(isatty and isatty())
        except (OSError, ValueError):  # closed or detached stream
            self.tty = False
        self.enabled = mode is True or (mode is None and self.tty)
        self._label = label
        self._state: str | None = None
        self._drawn = False

    def show(self, state: str, elapsed: float) -> None:
        if not self.enabled:
            return
        text = f"{self._label}: {state} ({duration(elapsed)})"
        if self.tty:
            self._write(f"\r\x1b[K{text}")
            self._drawn = True
        elif state != self._state:
            self._write(text + "\n")
        self._state = state

    def tick(self, elapsed: float) -> None:
        if self.enabled and self.tty and self._state is not None:
            self.show(self._state, elapsed)

    def end(self) -> None:
        if self._drawn:
            self._write("\n")
            self._drawn = False

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # a broken stderr must not break the wait
            self.enabled = False


class _Schedule:
    """Backoff arithmetic and the timeout check, shared by the sync and async waiters."""

    def __init__(
        self,
        final_states: Collection[str],
        timeout: float | None,
        initial_delay: float,
        max_delay: float,
        backoff: float,
        label: str,
    ) -> None:
        if isinstance(final_states, str):
            raise TypeError("final_states must be a collection of states, not one str")
        self.finals = frozenset(_text(s) for s in final_states)
        if not self.finals:
            raise ValueError("final_states must not be empty")
        if timeout is not None and timeout < 0:
            raise ValueError("timeout must be >= 0 (or None for no limit)")
        if initial_delay < 0 or max_delay < initial_delay or backoff < 1:
            raise ValueError("need 0 <= initial_delay <= max_delay and backoff >= 1")
        self.timeout = timeout
        self.delay = initial_delay
        self.max_delay = max_delay
        self.backoff = backoff
        self.label = label
        self.state = "unknown"  # the last state seen, for WaiterTimeoutError
        self.last: object = None

    def timed_out(self, state: str, last: object, elapsed: float) -> WaiterTimeoutError:
        assert self.timeout is not None
        return WaiterTimeoutError(
            f"{self.label}: still {state} after {duration(elapsed)} "
            f"(timeout {duration(self.timeout)}); waiting for one of "
            f"{', '.join(sorted(self.finals))}",
            last_state=state,
            last=last,
            elapsed=elapsed,
            timeout=self.timeout,
        )

    def left(self, elapsed: float, polled: bool) -> float | None:
        """Seconds left for the next poll (None: no timeout); raises once none are left
        (the first poll always happens)."""
        if self.timeout is None:
            return None
        left = self.timeout - elapsed
        if left <= 0 and polled:
            raise self.timed_out(self.state, self.last, elapsed)
        return left

    def next_pause(self, state: str, last: object, elapsed: float) -> float:
        """Seconds to sleep before the next poll, or raise WaiterTimeoutError."""
        self.state, self.last = state, last
        if self.timeout is not None and elapsed >= self.timeout:
            raise self.timed_out(state, last, elapsed)
        pause = self.delay
        if self.timeout is not None:
            pause = min(pause, self.timeout - elapsed)
        self.delay = min(self.delay * self.backoff, self.max_delay)
        return pause


def wait_for(
    fetch: Callable[..., T],
    final_states: Collection[str],
    *,
    state_of: Callable[[T], object] = default_state,
    timeout: float | None = 600.0,
    initial_delay: float = 1.0,
    max_delay: float = 15.0,
    backoff: float = 1.5,
    progress: bool | None = None,
    label: str = "waiting",
    stream: TextIO | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    deadline_kw: str | None = None,
) -> T:
    """Call ``fetch`` until ``state_of(result)`` is in ``final_states``; return that result.

    Pauses start at ``initial_delay`` and grow by ``backoff`` up to ``max_delay``; the last
    pause is cut to end at ``timeout``, a deadline: then ``WaiterTimeoutError`` (also a
    ``TimeoutError``) carries the last state and object. With ``deadline_kw`` (say
    ``"timeout"``) every poll gets the seconds left as that keyword argument, so a slow
    answer cannot carry the wait past the deadline either (its ``APITimeoutError`` becomes
    the ``WaiterTimeoutError``). Other errors raised by ``fetch`` propagate unchanged.
    """
    plan = _Schedule(final_states, timeout, initial_delay, max_delay, backoff, label)
    bar = _Progress(progress, stream, label)
    start = clock()
    polled = False
    try:
        while True:
            left = plan.left(clock() - start, polled)
            try:
                last = fetch(**{deadline_kw: left}) if deadline_kw and left else fetch()
            except APITimeoutError as exc:
                if left is not None and clock() - start >= plan.timeout - 0.001:  # type: ignore[operator]
                    raise plan.timed_out(plan.state, plan.last, clock() - start) from exc
                raise
            polled = True
            state = _text(state_of(last))
            bar.show(state, clock() - start)
            if state in plan.finals:
                return last
            pause = plan.next_pause(state, last, clock() - start)
            if bar.enabled and bar.tty:
                while pause > 0:
                    step = min(pause, _TICK)
                    sleep(step)
                    pause -= step
                    bar.tick(clock() - start)
            else:
                sleep(pause)
    finally:
        bar.end()


async def async_wait_for(
    fetch: Callable[..., Awaitable[T]],
    final_states: Collection[str],
    *,
    state_of: Callable[[T], object] = default_state,
    timeout: float | None = 600.0,
    initial_delay: float = 1.0,
    max_delay: float = 15.0,
    backoff: float = 1.5,
    progress: bool | None = None,
    label: str = "waiting",
    stream: TextIO | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    deadline_kw: str | None = None,
) -> T:
    """Async twin of ``wait_for``: ``fetch`` is a coroutine function."""
    plan = _Schedule(final_states, timeout, initial_delay, max_delay, backoff, label)
    bar = _Progress(progress, stream, label)
    start = clock()
    polled = False
    try:
        while True:
            left = plan.left(clock() - start, polled)
            try:
                last = await (fetch(**{deadline_kw: left}) if deadline_kw and left else fetch())
            except APITimeoutError as exc:
                if left is not None and clock() - start >= plan.timeout - 0.001:  # type: ignore[operator]
                    raise plan.timed_out(plan.state, plan.last, clock() - start) from exc
                raise
            polled = True
            state = _text(state_of(last))
            bar.show(state, clock() - start)
            if state in plan.finals:
                return last
            pause = plan.next_pause(state, last, clock() - start)
            if bar.enabled and bar.tty:
                while pause > 0:
                    step = min(pause, _TICK)
                    await sleep(step)
                    pause -= step
                    bar.tick(clock() - start)
            else:
                await sleep(pause)
    finally:
        bar.end()
