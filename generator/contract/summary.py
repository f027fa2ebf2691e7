"""What `make fuzz` saw: operations, cases by mode, failures by check with a curl line each.

`Collector` is fed schemathesis engine events (it is installed as a CLI event handler for the
duration of one run); `render()` turns what it gathered into the summary `make fuzz` prints.
The warnings schemathesis prints beside a passing run are explained there, one line each
(`WARNING_REASONS`, `explain_extraction`); one this module cannot explain says so, to be
looked at.
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

__all__ = ["WARNING_REASONS", "Collector", "FailureRecord", "curl_line", "explain_extraction"]

_SECRET_HEADERS = {"x-auth-token": f"${ENV_TOKEN}"}
_NOISE_HEADERS = {"accept-encoding", "connection", "content-length", "user-agent", "accept"}


# What a schemathesis warning of a passing run means for this API, by warning kind, for the
# operations it is about: `lifecycle` ones are the writes whose success depends on the job's
# state (settings.lifecycle_writes). A kind or an operation not listed is "not explained".
WARNING_REASONS: dict[str, tuple[str, str]] = {
    "validation_mismatch": (
        "lifecycle",
        "the job's state refused the generated data with the spec's documented 400 (the "
        "custom check lifecycle_refusal_is_justified verified each refusal), not a schema "
        "mismatch; tests/contract/test_contract.py sends such writes to jobs in legal states",
    ),
}


def explain_extraction(expression: str, body: object) -> str | None:
    """Why a link found no value: None unless `body` has an empty list on the path of
    `expression` (`$response.body#/jobs/0/job_id` on `{"jobs": []}`), the one case that is
    the data's doing (a generated filter matched nothing), not the link's."""
    if "#" not in expression:
        return None
    node = body
    for part in expression.split("#", 1)[1].strip("/").split("/"):
        if isinstance(node, list):
            if not node:
                return "the list on its path was empty (generated filters matched no job)"
            if not part.isdigit() or int(part) >= len(node):
                return None
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return None


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
    # schemathesis' warnings (kind -> operations) and links that found no value
    # ((link, expression, body)), from the run's context at its end
    warnings: dict[str, list[str]] = field(default_factory=dict)
    unextracted: list[tuple[str, str, object]] = field(default_factory=list)
    lifecycle: frozenset[str] = frozenset()  # labels of the lifecycle writes
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

    def on_finished(self, ctx: Any) -> None:
        """Take the warnings and link extraction failures of the run from the CLI context."""
        self.warnings = {kind: list(ops) for kind, ops in ctx.warnings.as_labels().items() if ops}
        seen: set[tuple[str, str]] = set()
        for failure in ctx.statistic.extraction_failures:
            if (failure.id, failure.expression) in seen:
                continue
            seen.add((failure.id, failure.expression))
            try:
                body: object = failure.response.json()
            except Exception:  # not JSON: nothing to explain it with
                body = None
            self.unextracted.append((failure.id, failure.expression, body))

    def _warning_lines(self) -> list[str]:
        lines: list[str] = []
        for kind, operations in sorted(self.warnings.items()):
            scope, reason = WARNING_REASONS.get(kind, ("", ""))
            covered = scope == "lifecycle" and set(operations) <= self.lifecycle
            why = reason if covered else "not explained here: see schemathesis' WARNINGS above"
            lines.append(f'  schemathesis "{kind}" ({", ".join(operations)}): {why}')
        for link, expression, body in self.unextracted:
            why = explain_extraction(expression, body) or "not explained here: look at the link"
            lines.append(f"  link {link}: nothing at {expression}; {why}")
        return lines

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
        warned = self._warning_lines()
        if warned:
            unexplained = sum("not explained here" in line for line in warned)
            status = f"{unexplained} not explained" if unexplained else "each explained"
            lines.append(f"warnings   : {len(warned)} ({status}; warnings are not failures)")
            lines.extend(warned)
        if self.drift:
            lines.append(f"drift      : {len(self.drift)} (answers beyond the spec; not failures)")
            lines.extend(f"  {n}. {text}" for n, text in enumerate(self.drift, 1))
        if self.errors:
            lines.append(f"errors     : {len(self.errors)}")
            for error in self.errors[:10]:
                lines.append(f"  {error.splitlines()[0]}")
        lines.extend(notes)
        return "\n".join(lines)
