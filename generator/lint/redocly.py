"""Stage (c): Redocly CLI `lint` with the `recommended` ruleset (config: redocly.yaml here).

Started with `Popen` before the spec is even parsed, so its Node start-up overlaps the Python
stages; `collect()` turns its `--format=json` output into problems. Every Redocly problem is
reported, warnings included: a rule we do not want is turned off in redocly.yaml, with a comment
saying why, rather than tolerated as a warning nobody reads.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.lint.problems import Problem

REPO = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("redocly.yaml")
# Overridable so the tests can simulate a machine without the Node tools.
NODE_MODULES = Path(
    os.environ.get("METASTUDIO_NODE_MODULES", REPO / ".cache" / "node" / "node_modules")
)
BINARY = NODE_MODULES / ".bin" / "redocly"
NODE_OPTIONAL_FLAG = "--node-optional"

_QUIET_ENV = {
    "REDOCLY_TELEMETRY": "off",
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "REDOCLY_SUPPRESS_NOTIFICATIONS": "true",
    "NO_COLOR": "1",
}


@dataclass
class Run:
    """A started Redocly process, or the reason there is none (`skipped`/`error`)."""

    proc: subprocess.Popen[bytes] | None = None
    skipped: str | None = None
    error: str | None = None


def start(spec: Path, node_optional: bool = False) -> Run:
    """Start Redocly; without the Node tools that is an error unless `node_optional` (then a
    note says Redocly was skipped: `make generate` on a machine where only `make lint` would
    install them)."""
    if not BINARY.exists():
        if not NODE_MODULES.exists() and node_optional:
            return Run(skipped=f"Redocly skipped: {NODE_MODULES} is missing")
        return Run(
            error=f"Redocly CLI not found at {BINARY}; run `make lint` (it installs the pinned "
            f"Node tools into .cache/node), or pass {NODE_OPTIONAL_FLAG} to lint without Node"
        )
    cmd = [
        str(BINARY),
        "lint",
        str(spec),
        "--config",
        str(CONFIG),
        "--format=json",
        "--max-problems=100000",
        "--lint-config=error",
    ]
    try:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **_QUIET_ENV},
        )
    except OSError as exc:
        return Run(error=f"cannot run Redocly CLI ({BINARY}): {exc}; is `node` on PATH?")
    return Run(proc=proc)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def collect(run: Run, spec: Path, display: str) -> list[Problem]:
    """Wait for Redocly and return its problems (`redocly/<rule-id>`)."""
    if run.error is not None:
        return [Problem(display, 1, "redocly", run.error)]
    if run.proc is None:
        return []
    out, err = run.proc.communicate()
    text = out.decode("utf-8", "replace")
    try:
        report: dict[str, Any] = json.loads(text[text.index("{") :])
        raw: list[dict[str, Any]] = report["problems"]
    except (ValueError, KeyError, TypeError):
        tail = " | ".join(
            line.strip()
            for line in err.decode("utf-8", "replace").splitlines()
            if line.strip() and "║" not in line and "╔" not in line and "╚" not in line
        )[-600:]
        return [
            Problem(
                display,
                1,
                "redocly",
                f"Redocly CLI failed (exit {run.proc.returncode}) without a JSON report: {tail}",
            )
        ]
    problems = []
    for item in raw:
        rule = str(item.get("ruleId", "unknown"))
        message = " ".join(str(item.get("message", "")).split())
        suggest = item.get("suggest") or []
        if suggest:
            message += f" (did you mean: {', '.join(map(str, suggest[:3]))}?)"
        locations = item.get("location") or [{}]
        loc = locations[0]
        source = str((loc.get("source") or {}).get("ref", ""))
        path = display if not source or _same(Path(source), spec) else source
        line = int((loc.get("start") or {}).get("line", 1))
        problems.append(Problem(path, line, f"redocly/{rule}", message))
    return problems


def stop(run: Run) -> None:
    if run.proc is not None and run.proc.poll() is None:
        run.proc.kill()
        run.proc.communicate()
