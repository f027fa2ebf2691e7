"""Every exchange judged by the spec, with the checks the rest of the toolkit already uses.

- The request: the mock's validators (`generator.mock.validation.OperationValidator`, compiled
  from the spec at start-up), so the proxy refuses exactly what the mock would refuse.
- The answer: the drift rules of `make fuzz --base-url` (`generator.contract.drift`): a value
  the spec's enum lacks or a field no schema declares is *drift*; any other schema error, a
  status the operation does not document, or a body that is not the JSON the spec promises is
  a *violation*.

`Routes.match` finds the operation of a request (path template and method), so only what the
spec describes is ever signed and forwarded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

import orjson

from generator.contract.drift import DriftRecord, answer_schema, check_answer
from generator.mock.validation import OperationValidator, ValidationFailed, parse_query
from generator.specmodel import ApiModel, OperationInfo

__all__ = ["Findings", "Route", "Routes", "Violation", "check_request", "check_response"]

_MAX_MESSAGE = 300


@dataclass(frozen=True, slots=True)
class Violation:
    """The spec is broken: by the request (`location` "request") or the answer ("response")."""

    location: str
    message: str


@dataclass
class Findings:
    violations: list[Violation] = field(default_factory=list)
    drift: list[DriftRecord] = field(default_factory=list)

    def response_violations(self) -> list[Violation]:
        return [v for v in self.violations if v.location == "response"]


@dataclass(frozen=True, slots=True)
class Route:
    operation: OperationInfo
    pattern: re.Pattern[str]
    validator: OperationValidator

    @property
    def label(self) -> str:
        """`GET /v1/{project_id}/...`: how drift records name an operation."""
        return f"{self.operation.http_method} {self.operation.path}"


class Routes:
    """The spec's operations by method and path template, with their request validators."""

    def __init__(self, api: ApiModel) -> None:
        self.routes: list[Route] = []
        for info in api.operations.values():
            parts = re.split(r"\{([^}/]+)\}", info.path)
            regex = "".join(
                re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)"
                for i, part in enumerate(parts)
            )
            validator = OperationValidator(api.doc, info.data, info.path_item)
            self.routes.append(Route(info, re.compile(regex), validator))

    def match(self, method: str, raw_path: str) -> tuple[Route, dict[str, str]] | None:
        """The operation `method raw_path` calls and its path parameters (decoded)."""
        for route in self.routes:
            if route.operation.http_method != method:
                continue
            found = route.pattern.fullmatch(raw_path)
            if found is not None:
                return route, {k: unquote(v) for k, v in found.groupdict().items()}
        return None


def _short(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + "..."


def check_request(
    route: Route,
    path_params: Mapping[str, str],
    query: str,
    headers: Mapping[str, str],
    body: bytes,
) -> list[Violation]:
    """The mock's verdict on a request (headers keyed by lower-case name, values as text)."""
    try:
        route.validator.validate(
            path_params, parse_query(query), headers, body, headers.get("content-type")
        )
    except ValidationFailed as exc:
        return [Violation("request", _short(str(exc)))]
    return []


def check_response(route: Route, status: int, content_type: str, body: bytes) -> Findings:
    """The drift rules' verdict on an answer, plus the two things they take for granted:
    that the status is documented and that a JSON answer is JSON."""
    op = route.operation
    findings = Findings()
    pointer = answer_schema(op.path, op.method, status)
    if pointer is None:
        message = f"status {status} is not documented for {route.label}"
        findings.violations.append(Violation("response", message))
        return findings
    if not pointer:
        return findings
    media = content_type.split(";", 1)[0].strip().lower()
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        shown = media or "no Content-Type"
        message = f"body: is not the JSON the spec documents for {status} ({shown})"
        findings.violations.append(Violation("response", message))
        return findings
    if media != "application/json":
        message = f"header.Content-Type: must be application/json, got {media or 'none'}"
        findings.violations.append(Violation("response", message))
    found = check_answer(op.path, op.method, status, parsed)
    if found is not None:
        findings.violations += [Violation("response", _short(v)) for v in found.violations]
        findings.drift += found.drift
    return findings
