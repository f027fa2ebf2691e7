"""The spec's operations, each served by a handler registered under its operationId.

A handler module (one per resource: `training.py`, `videos.py`) decorates each function
with `@operation("<operationId>")`. `handlers_for(model)` imports every module of this
package and returns one handler per spec operation; a spec operation without one stops the
mock at start-up with a message naming it (`MissingHandlers`), so a new operation in the spec
is never silently a 404.

A handler gets the shared context, the validated request and the ASGI scope, and returns
(status, body bytes).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable, Mapping

from starlette.types import Scope

from generator.mock.context import MockContext
from generator.mock.model import MockFacts
from generator.mock.validation import Validated

__all__ = ["Handler", "MissingHandlers", "handlers_for", "operation"]

Handler = Callable[[MockContext, Validated, Scope], Awaitable[tuple[int, bytes]]]

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
