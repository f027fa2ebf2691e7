"""The spec's operations, each served by a handler registered under its operationId.

A handler module (one per resource: `training.py`, `videos.py`) decorates each function
with `@operation("<operationId>")`. `handlers_for(model)` imports every module of this
package and returns one handler per spec operation; a spec operation without one stops the
mock at start-up with a message naming it (`MissingHandlers`), so a new operation in the spec
is never silently a 404.

A handler gets the shared context, the validated request and the ASGI scope, and returns
(status, body bytes). It owns its operation: the state checks, the refusals (domain errors
of `store`, which `refusals.py` turns into HTTP) and the answer. Reads share one way to
settle a job whose system step is due (`read_settled`, `settle_if_due`).
"""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from generator.mock.context import MockContext
from generator.mock.lifecycle import Lifecycle
from generator.mock.model import MockFacts
from generator.mock.store import Refused
from generator.mock.validation import Validated

__all__ = [
    "Deferred",
    "Handler",
    "MissingHandlers",
    "handlers_for",
    "not_in_state",
    "operation",
    "read_settled",
    "run_now",
    "settle_if_due",
]

Handler = Callable[[MockContext, Validated, Scope], Coroutine[Any, Any, tuple[int, bytes]]]

_REGISTRY: dict[str, Handler] = {}


class MissingHandlers(RuntimeError):
    """The spec has operations this mock has no handler for (it refuses to start)."""


def operation(operation_id: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of `operation_id`."""

    def register(handler: Handler) -> Handler:
        known = _REGISTRY.get(operation_id)
        if known is not None and known is not handler:
            raise RuntimeError(f"two handlers for {operation_id}: {known} and {handler}")
        _REGISTRY[operation_id] = handler
        return handler

    return register


def _load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def handlers_for(model: MockFacts) -> Mapping[str, Handler]:
    """The handler of every spec operation; MissingHandlers names those without one."""
    _load_all()
    missing = [
        f"{op_id} ({info.method.upper()} {info.path})"
        for op_id, info in model.operations.items()
        if op_id not in _REGISTRY
    ]
    if missing:
        raise MissingHandlers(
            f"no handler for spec operation(s): {', '.join(missing)}; add one under"
            ' generator/mock/handlers/ with @operation("<operationId>")'
        )
    return {op_id: _REGISTRY[op_id] for op_id in model.operations}


class Deferred(Exception):
    """`run_now`: the handler would have to wait (a step is due, or it awaits); serve the
    request the normal way instead."""


def run_now(handler: Coroutine[Any, Any, tuple[int, bytes]]) -> tuple[int, bytes]:
    """A read handler's answer, computed without an event-loop turn: what lets the protocol
    answer a plain GET at once (`app.MockApp.answer_now`). A handler that would wait yields
    first (`settle_if_due` gives the loop a turn before its settle starts): it is closed at
    that first yield, before anything is written, and Deferred."""
    try:
        handler.send(None)
    except StopIteration as done:
        answer: tuple[int, bytes] = done.value
        return answer
    handler.close()
    raise Deferred


async def settle_if_due(due: bool, settle: Callable[..., object], *args: Any) -> bool:
    """Apply the system steps that are due (in a thread: it writes); True when it did."""
    if due:
        await asyncio.sleep(0)  # where `run_now` stops: nothing has been written yet
        await run_in_threadpool(settle, *args)
    return due


async def read_settled(
    read: Callable[[], tuple[bytes, bool] | None], settle: Callable[..., object], *args: Any
) -> bytes | None:
    """One indexed read; a job with a step due is settled (`settle(*args)`) and read again."""
    found = read()
    if found is not None and await settle_if_due(found[1], settle, *args):
        found = read()
    return None if found is None else found[0]


def not_in_state(life: Lifecycle, job_id: str, state: str, trigger: str, what: str) -> Refused:
    """The refusal of a trigger the job's state does not allow, naming where it is allowed."""
    states = life.states_for(trigger)
    where = f"allowed only in {', '.join(states)}" if states else "not allowed in any state"
    final = " (a final state)" if state in life.final else ""
    return Refused(f"job {job_id} is in state {state}{final}; {what} is {where}")
