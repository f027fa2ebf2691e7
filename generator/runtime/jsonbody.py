"""Decoding answer bodies: orjson when it is installed (`pip install metastudio-client[fast]`),
the standard library otherwise. Decoding is about half the cost of turning a MetaStudio answer
into a model, so the optional accelerator is worth one import guard."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["ACCELERATED", "loads"]

_loads: Callable[[bytes], Any]
try:  # an optional accelerator, never required: the client must work without it
    from orjson import loads as _loads

    ACCELERATED = True
except ImportError:  # pragma: no cover - depends on the environment
    _loads = json.loads
    ACCELERATED = False


def loads(body: bytes) -> Any:
    """The JSON value of an answer body (bytes as they came off the wire)."""
    return _loads(body)
