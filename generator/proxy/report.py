"""How the proxy tells what it found: violations and drift kept apart, three ways.

- `header_value`: the `X-Spec-Violations` response header, JSON with every non-ASCII (and
  control) character escaped, so no message can break the header (Prism's `sl-violations`
  crashes Node on a non-ASCII message), and at most `MAX_HEADER_BYTES` long: items that do
  not fit are counted in `omitted`.
- `log_line`: one line per exchange, control characters escaped (no forged log lines).
- `Tally.table`: per operation, exchanges, violations and drift, printed on exit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.contract.drift import DriftRecord

from .checks import Findings

__all__ = ["HEADER", "MAX_HEADER_BYTES", "Tally", "header_value", "log_line"]

HEADER = "X-Spec-Violations"
MAX_HEADER_BYTES = 4096


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("\x7f", "\\u007f")


def _value(record: DriftRecord) -> Any:
    """The drifted value itself (a record keeps it as JSON text), or the unknown field's name."""
    return json.loads(record.value) if record.kind == "enum" else record.value


def header_value(findings: Findings) -> str | None:
    """The header's JSON, or None when the exchange broke nothing and drifted nowhere."""
    if not findings.violations and not findings.drift:
        return None
    items: list[tuple[str, dict[str, Any]]] = [
        ("violations", {"location": v.location, "message": v.message}) for v in findings.violations
    ]
    items += [
        ("drift", {"kind": d.kind, "where": d.where, "value": _value(d)}) for d in findings.drift
    ]
    out: dict[str, list[dict[str, Any]]] = {"violations": [], "drift": []}
    omitted = 0
    for key, item in items:
        out[key].append(item)
        if len(_json({**out, "omitted": len(items)})) > MAX_HEADER_BYTES:
            out[key].pop()
            omitted += 1
    return _json({**out, "omitted": omitted})


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def log_line(
    method: str, target: str, status: int, millis: float, operation: str, findings: Findings
) -> str:
    """`GET /v1/... -> 200 in 12 ms [show_training_job]: 1 violation(s), 2 drift; ...`."""
    parts = [
        f"{method} {target[:300]} -> {status} in {millis:.0f} ms [{operation}]: "
        f"{len(findings.violations)} violation(s), {len(findings.drift)} drift"
    ]
    parts += [f"violation ({v.location}) {v.message}" for v in findings.violations]
    parts += [
        f"drift ({d.kind}) {d.where}" + (f" = {d.value}" if d.kind == "enum" else "")
        for d in findings.drift
    ]
    return _printable("; ".join(parts))


@dataclass
class _Row:
    exchanges: int = 0
    violations: int = 0
    drift: int = 0


@dataclass
class Tally:
    """Counts for the exit summary; `refused` are requests the proxy answered itself."""

    rows: dict[str, _Row] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)

    def add(self, operation: str, findings: Findings) -> None:
        row = self.rows.setdefault(operation, _Row())
        row.exchanges += 1
        row.violations += len(findings.violations)
        row.drift += len(findings.drift)

    def refuse(self, why: str) -> None:
        self.refused[why] = self.refused.get(why, 0) + 1

    def table(self, operations: Iterable[str] = ()) -> str:
        """The summary: every operation of the spec (in `operations` order) and any other."""
        names = list(dict.fromkeys([*operations, *self.rows]))
        width = max([len("operation"), len("total"), *map(len, names)])
        lines = [
            "== metastudio-proxy: summary ==",
            f"{'operation':<{width}}  exchanges  violations  drift",
        ]
        total = _Row()
        for name in names:
            row = self.rows.get(name, _Row())
            total.exchanges += row.exchanges
            total.violations += row.violations
            total.drift += row.drift
            lines.append(
                f"{name:<{width}}  {row.exchanges:>9}  {row.violations:>10}  {row.drift:>5}"
            )
        lines.append(
            f"{'total':<{width}}  {total.exchanges:>9}  {total.violations:>10}  {total.drift:>5}"
        )
        for why, count in sorted(self.refused.items()):
            lines.append(f"answered by the proxy ({why}): {count}")
        return "\n".join(lines)
