"""Edges of the waiters that `make mutate` found untested, through the generated client's copy
(`metastudio_client.runtime.waiters`): durations in messages, the default schedule, argument
checks, a poll that overruns the deadline, APITimeoutError near and far from the deadline, and
the status line on a terminal (sync and async). Time is a fake clock moved by a fake sleep."""

from __future__ import annotations

import asyncio
import io
import re

import httpx
import pytest
from metastudio_client.runtime.errors import APITimeoutError
from metastudio_client.runtime.waiters import WaiterTimeoutError, async_wait_for, wait_for

START = 1000.0  # the fake clock does not start at 0, so elapsed = now - start matters


class Clock:
    def __init__(self) -> None:
        self.now = START
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Detached(io.StringIO):
    """A stream whose isatty fails (detached or closed) but which still takes writes."""

    def __init__(self, error: type[Exception]) -> None:
        super().__init__()
        self.error = error

    def isatty(self) -> bool:
        raise self.error("detached")


@pytest.mark.parametrize(
    ("timeout", "shown"), [(59, "59s"), (61, "1m01s"), (3599, "59m59s"), (3660, "1h01m")]
)
def test_timeout_messages_spell_durations(timeout: float, shown: str) -> None:
    clock = Clock()
    with pytest.raises(WaiterTimeoutError) as caught:
        wait_for(lambda: "RUNNING", ["DONE"], timeout=timeout, sleep=clock.sleep, clock=clock)
    assert str(caught.value) == (
        f"waiting: still RUNNING after {shown} (timeout {shown}); waiting for one of DONE"
    )
    assert caught.value.elapsed == timeout


def test_default_schedule_and_no_timeout() -> None:
    clock = Clock()
    states = iter(["A"] * 9 + ["DONE"])
    assert wait_for(lambda: next(states), ["DONE"], timeout=None, sleep=clock.sleep, clock=clock)
    assert [round(s, 4) for s in clock.sleeps] == [
        1.0, 1.5, 2.25, 3.375, 5.0625, 7.5938, 11.3906, 15.0, 15.0,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"timeout": -1.0}, "timeout must be >= 0"),
        ({"initial_delay": -1.0}, "need 0 <= initial_delay <= max_delay"),
        ({"initial_delay": 2.0, "max_delay": 1.0}, "need 0 <= initial_delay <= max_delay"),
        ({"backoff": 0.5}, "backoff >= 1"),
    ],
)
def test_bad_schedules_are_refused(settings: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        wait_for(lambda: "DONE", ["DONE"], **settings)  # type: ignore[arg-type]


def test_a_constant_schedule_is_allowed() -> None:
    clock = Clock()
    states = iter(["A", "A", "DONE"])
    wait_for(lambda: next(states), ["DONE"], backoff=1, sleep=clock.sleep, clock=clock)
    assert clock.sleeps == [1.0, 1.0]


def test_a_poll_that_overruns_the_deadline_ends_the_wait_at_once() -> None:
    clock = Clock()
    polls: list[float] = []

    def slow() -> str:
        polls.append(clock.now)
        clock.now += 10  # the answer took 10 s
        return "RUNNING"

    with pytest.raises(WaiterTimeoutError):
        wait_for(slow, ["DONE"], timeout=5, sleep=clock.sleep, clock=clock)
    assert polls == [START] and clock.sleeps == []


def _timeout_error() -> APITimeoutError:
    return APITimeoutError("read timeout", request=httpx.Request("GET", "http://x/"))


def test_an_api_timeout_at_the_deadline_is_the_waiters_timeout() -> None:
    clock = Clock()

    def late(timeout: float | None = None) -> str:
        assert timeout is not None
        clock.now += timeout  # the poll used up all that was left
        raise _timeout_error()

    with pytest.raises(WaiterTimeoutError) as caught:
        wait_for(late, ["DONE"], timeout=5, sleep=clock.sleep, clock=clock, deadline_kw="timeout")
    assert isinstance(caught.value.__cause__, APITimeoutError)
    assert caught.value.elapsed == 5.0


def test_an_api_timeout_well_before_the_deadline_propagates() -> None:
    clock = Clock()

    def early(timeout: float | None = None) -> str:
        clock.now += 1
        raise _timeout_error()

    with pytest.raises(APITimeoutError):
        wait_for(early, ["DONE"], timeout=60, sleep=clock.sleep, clock=clock, deadline_kw="timeout")


@pytest.mark.parametrize("error", [OSError, ValueError])
def test_a_stream_without_a_working_isatty_gets_no_status_line(error: type[Exception]) -> None:
    stream = Detached(error)
    states = iter(["A", "DONE"])
    wait_for(lambda: next(states), ["DONE"], stream=stream, sleep=lambda s: None)
    assert stream.getvalue() == ""


def _durations(text: str) -> list[str]:
    return re.findall(r"\((\w+)\)", text)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_status_line_on_a_terminal_ticks_every_second(mode: str) -> None:
    clock = Clock()
    terminal = Terminal()
    states = iter(["RUNNING", "DONE"])
    settings = {"initial_delay": 2.5, "max_delay": 2.5, "stream": terminal, "clock": clock}
    if mode == "sync":
        wait_for(lambda: next(states), ["DONE"], sleep=clock.sleep, **settings)  # type: ignore[arg-type]
    else:

        async def fetch() -> str:
            return next(states)

        asyncio.run(async_wait_for(fetch, ["DONE"], sleep=clock.asleep, **settings))  # type: ignore[arg-type]
    assert clock.sleeps == [1.0, 1.0, 0.5]  # the 2.5 s pause in ticks
    assert _durations(terminal.getvalue()) == ["0s", "1s", "2s", "2s", "2s"]
    assert terminal.getvalue().endswith("waiting: DONE (2s)\n")


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_terminal_with_progress_off_sleeps_in_one_go(mode: str) -> None:
    clock = Clock()
    states = iter(["RUNNING", "DONE"])
    settings = {"initial_delay": 2.5, "progress": False, "stream": Terminal(), "clock": clock}
    if mode == "sync":
        wait_for(lambda: next(states), ["DONE"], sleep=clock.sleep, **settings)  # type: ignore[arg-type]
    else:

        async def fetch() -> str:
            return next(states)

        asyncio.run(async_wait_for(fetch, ["DONE"], sleep=clock.asleep, **settings))  # type: ignore[arg-type]
    assert clock.sleeps == [2.5]
