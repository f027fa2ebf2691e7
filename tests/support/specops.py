"""Every spec operation as a request a test can send, derived from the spec alone.

Tests that must cover every operation (auth on each, each example through the client) build
their cases from `calls()`, so an operation added to the spec is covered with no edit to them
(tests/test_new_operation.py proves it in a scratch copy). The path's parameters are the
spec's examples (the mock seeds those jobs), the body the operation's first request example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.specmodel import ApiModel, Lifecycle, OperationInfo, default_model

__all__ = ["Call", "calls", "legal_in", "path_parameters", "request_example"]

_PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class Call:
    operation_id: str
    method: str  # upper case
    path: str  # with the project and the example ids filled in
    parameters: dict[str, str]  # path parameter -> value (project_id left out)
    body: Any  # None: the operation takes no body


def path_parameters(op: OperationInfo) -> list[str]:
    """The path's parameter names in order, `project_id` left out (the client fills it in)."""
    return [name for name in _PARAM.findall(op.path) if name != "project_id"]


def request_example(model: ApiModel, op: OperationInfo) -> Any:
    """The operation's first JSON request example (None when it takes no body)."""
    body = model.doc.target(op.data.get("requestBody"))
    if not isinstance(body, dict):
        return None
    media = (body.get("content") or {}).get("application/json") or {}
    if "example" in media:
        return media["example"]
    for example in (media.get("examples") or {}).values():
        return (model.doc.target(example) or {}).get("value")
    return None


def calls(project: str, model: ApiModel | None = None) -> list[Call]:
    """One call per spec operation, in document order."""
    model = model or default_model()
    found = []
    for op in model.operations.values():
        ids = {k: str(v) for k, v in model.examples.by_operation[op.operation_id].items()}
        ids["project_id"] = project
        path = op.path.format_map(ids)
        parameters = {name: ids[name] for name in path_parameters(op)}
        body = request_example(model, op)
        found.append(Call(op.operation_id, op.http_method, path, parameters, body))
    return found


def legal_in(model: ApiModel, life: Lifecycle, call: Call, state: str) -> bool:
    """Whether the lifecycle lets this write run in `state` (its trigger: the body's command
    when the operation sends one, else the operation itself)."""
    trigger = call.operation_id
    command = call.body.get("command") if isinstance(call.body, dict) else None
    sent = model.commands.get(str(command))
    if sent is not None and sent.operation_id == call.operation_id:
        trigger = sent.value
    if life.transition(state, trigger) is not None:
        return True
    query = life.query(trigger)
    return query is not None and life.query_allowed(query, state)
