"""What `make fuzz` saw: operations, cases by mode, failures by check with a curl line each.

`Collector` is fed schemathesis engine events (it is installed as a CLI event handler for the
duration of one run); `render()` turns what it gathered into the summary `make fuzz` prints.
Curl lines are built from the request as it went on the wire; an IAM token is replaced by
`$METASTUDIO_AUTH_TOKEN` so no secret reaches a terminal or a CI log. AK/SK requests keep
their signature: it covers that one request only and expires with its X-Sdk-Date.
"""

from __future__ import annotations

import collections
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.runtime._constants import ENV_TOKEN

__all__ = ["Collector", "FailureRecord", "curl_line"]

_SECRET_HEADERS = {"x-auth-token": f"${ENV_TOKEN}"}
_NOISE_HEADERS = {"accept-encoding", "connection", "content-length", "user-agent", "accept"}


def curl_line(method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> str:
    """A one-line curl command reproducing a request (secrets replaced by shell variables)."""
    parts = ["curl", "-sS", "-X", method]
    for name, value in headers.items():
        lower = name.lower()
        if lower in _NOISE_HEADERS:
            continue
        if lower in _SECRET_HEADERS:
            # double quotes so the shell expands the variable
            parts.append(f'-H "{name}: {_SECRET_HEADERS[lower]}"')
            continue
        parts.append("-H " + shlex.quote(f"{name}: {value}"))
    if body:
        text = body.decode("utf-8", "backslashreplace")
        parts.append("--data-binary " + shlex.quote(text))
    parts.append(shlex.quote(url))
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class FailureRecord:
    check: str
    operation: str
    title: str
    message: str
    status: int | None
    curl: str


@dataclass
class Collector:
    """Gathers cases, requests and failures from the events of one schemathesis run."""

    operations: set[str] = field(default_factory=set)
    cases_by_mode: collections.Counter[str] = field(default_factory=collections.Counter)
    requests: int = 0
    failures: list[FailureRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)  # see drift.py: reported, not failures
    _seen: set[tuple[str, str, str]] = field(default_factory=set)
    _counted: set[str] = field(default_factory=set)

    def on_event(self, event: Any) -> None:
        from schemathesis.engine import events

        if isinstance(event, events.ScenarioFinished):
            self._scenario(event.recorder)
        elif isinstance(event, events.NonFatalError):
            self.errors.append(f"{event.label}: {event.info.format()}".strip())

    def _scenario(self, recorder: Any) -> None:
        for case_id, node in recorder.cases.items():
            if case_id in self._counted:
                continue
            interaction = recorder.interactions.get(case_id)
            if interaction is None:
                continue
            self._counted.add(case_id)
            case = node.value
            self.requests += 1
            self.operations.add(case.operation.label)
            meta = case.meta
            mode = meta.generation.mode.value if meta is not None else "probe"
            self.cases_by_mode[mode] += 1
        for case_id, checks in recorder.checks.items():
            for check in checks:
                info = check.failure_info
                if info is None:
                    continue
                self._failure(recorder, case_id, check.name, info)

    def _failure(self, recorder: Any, case_id: str, name: str, info: Any) -> None:
        failure = info.failure
        target_id = failure.case_id or case_id
        node = recorder.cases.get(target_id)
        operation = node.value.operation.label if node is not None else recorder.label
        title = str(getattr(failure, "title", type(failure).__name__))
        key = (name, operation, title)
        if key in self._seen:
            return
        self._seen.add(key)
        interaction = recorder.interactions.get(target_id)
        curl = ""
        status = None
        if interaction is not None:
            request = interaction.request
            headers = {k: v[0] if isinstance(v, list) else v for k, v in request.headers.items()}
            curl = curl_line(request.method, request.uri, headers, request.body)
            if interaction.response is not None:
                status = interaction.response.status_code
        message = str(getattr(failure, "message", "") or "").strip()
        self.failures.append(FailureRecord(name, operation, title, message, status, curl))

    def failures_by_check(self) -> dict[str, int]:
        counts = collections.Counter(f.check for f in self.failures)
        return dict(sorted(counts.items()))

    def render(self, notes: Sequence[str] = ()) -> str:
        lines = ["", "== make fuzz: summary =="]
        lines.append(f"operations : {len(self.operations)}")
        for op in sorted(self.operations):
            lines.append(f"  {op}")
        modes = ", ".join(f"{m} {n}" for m, n in sorted(self.cases_by_mode.items()))
        lines.append(f"cases      : {self.requests}" + (f" ({modes})" if modes else ""))
        if not self.failures:
            lines.append("failures   : none")
        else:
            by_check = ", ".join(f"{k} {v}" for k, v in self.failures_by_check().items())
            lines.append(f"failures   : {len(self.failures)} ({by_check})")
            for n, f in enumerate(self.failures, 1):
                status = f" -> {f.status}" if f.status is not None else ""
                lines.append(f"  {n}. [{f.check}] {f.operation}{status}: {f.title}")
                first = f.message.splitlines()[0] if f.message else ""
                if first and first != f.title:
                    lines.append(f"     {first}")
                if f.curl:
                    lines.append(f"     {f.curl}")
        if self.drift:
            lines.append(f"drift      : {len(self.drift)} (answers beyond the spec; not failures)")
            lines.extend(f"  {n}. {text}" for n, text in enumerate(self.drift, 1))
        if self.errors:
            lines.append(f"errors     : {len(self.errors)}")
            for error in self.errors[:10]:
                lines.append(f"  {error.splitlines()[0]}")
        lines.extend(notes)
        return "\n".join(lines)
