"""Helpers for the mock tests: spec response checks, bounded polling, the lifecycle's path."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

import httpx
from jsonschema.protocols import Validator
from mockserver import SPEC

from generator.mock.model import MockFacts, load_facts
from generator.mock.validation import compile_schema


@functools.cache
def model() -> MockFacts:
    return load_facts(SPEC)


@functools.cache
def _response_validator(operation_id: str, status: str) -> Validator:
    m = model()
    op = m.operations[operation_id]
    response, _ = m.doc.deref(op.data["responses"][status])
    return compile_schema(m.doc, response["content"]["application/json"]["schema"])


def assert_conforms(response: httpx.Response, operation_id: str) -> None:
    """The response's status is declared for the operation and its body fits the schema."""
    status = str(response.status_code)
    assert status in model().operations[operation_id].data["responses"], response.text
    errors = list(_response_validator(operation_id, status).iter_errors(response.json()))
    assert not errors, [e.message for e in errors[:3]]
    assert response.headers.get("x-request-id")


def assert_error(response: httpx.Response, status: int, *needles: str) -> str:
    """An MSS error body with `status`, whose message contains every needle."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error_code", "error_msg"}, body
    codes = {400: "MSS.00000003", 401: "MSS.00000001", 404: "MSS.00000002"}
    if status in codes:
        assert body["error_code"] == codes[status], body
    message: str = body["error_msg"]
    for needle in needles:
        assert needle in message, (needle, message)
    assert response.headers.get("x-request-id")
    return message


def poll(fetch: Callable[[], Any], until: Callable[[Any], bool], timeout: float = 10.0) -> Any:
    """Call `fetch` until `until(result)` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = fetch()
        if until(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached in {timeout}s; last: {result!r}")
        time.sleep(0.02)


def system_path(start: str) -> list[tuple[str, str | None, float]]:
    """From `start`, the chain of system steps of the training lifecycle: (to, log, after)."""
    life = model().training
    chain: list[tuple[str, str | None, float]] = []
    state = start
    while (step := life.system_step(state)) is not None and len(chain) <= len(life.states):
        chain.append((step.to, step.log_type, step.after or 0.0))
        state = step.to
    return chain
