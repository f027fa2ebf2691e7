"""`make bench`, the command line's row: wall time of `metastudio --help` (budget 0.3 s), best of
N runs, against what the same interpreter needs to start at all and to import the client (what
an eager CLI would pay before it could print its help), measured in the same run."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BUDGET = 0.3  # seconds: docs/cli.md, issue 20
RUNS = 15


def _best(argv: list[str], runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=True
        )
        best = min(best, time.perf_counter() - started)
    return best


def startup_rows() -> list[tuple[str, float]]:
    python = sys.executable
    script = str(Path(python).with_name("metastudio"))
    return [
        ("metastudio --help", _best([script, "--help"])),
        ("metastudio video-jobs list --help", _best([script, "video-jobs", "list", "--help"])),
        (
            "metastudio __complete (one Tab)",
            _best([script, "__complete", "video-jobs", "list", "--state", ""]),
        ),
        ("python -c pass (interpreter floor)", _best([python, "-c", "pass"])),
        ("python -c 'import metastudio_client'", _best([python, "-c", "import metastudio_client"])),
    ]


def startup_section() -> int:
    rows = startup_rows()
    floor = dict(rows)["python -c pass (interpreter floor)"]
    print(f"bench: command-line start-up, best of {RUNS} runs (budget {BUDGET:g} s for --help)")
    for name, seconds in rows:
        print(f"  {name:40} {seconds * 1000:7.1f} ms  {seconds / floor:5.2f}x the floor")
    help_time = dict(rows)["metastudio --help"]
    verdict = "within" if help_time <= BUDGET else "OVER"
    print(f"  metastudio --help: {help_time:.3f} s, {verdict} the {BUDGET:g} s budget", flush=True)
    return 0 if help_time <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(startup_section())
