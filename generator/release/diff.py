"""`make diff BASE=<git ref>` / `python -m generator diff`: the classified changes of
spec/metastudio.yaml since BASE, one line each, and the breaking-change gate.

Exit status: 0 no unacknowledged breaking change, 1 an unacknowledged breaking change,
2 usage, git or tool problem. Without --base, BASE is the latest release recorded in
spec/releases.yaml, or else the merge base of HEAD with main (see history.py).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.release import compare, history, pyapi
from generator.spec import SpecDoc, SpecLoadError

SPEC = history.REPO / history.SPEC_PATH


@dataclass
class Outcome:
    base: history.Base
    changes: list[compare.Change]
    unacknowledged: list[compare.Change]
    stale_acks: list[str]
    next_version: str
    python_api: list[pyapi.PyBreak]


def run(
    base: history.Base,
    spec: Path = SPEC,
    record: history.Record | None = None,
    python_api: bool = True,
) -> Outcome:
    """Compare `base` with `spec` and judge the result against the record's acknowledgements;
    with `python_api`, also the generated packages' Python API (griffe) when the base has a
    generated/ tree. Its breakages make the next version major; they do not fail the gate."""
    record = history.load_record() if record is None else record
    breaks = pyapi.since(base.generated) if python_api and base.generated else []
    changes = compare.compare(compare.doc_from_text(base.text), SpecDoc(spec, load_errata=False))
    acks = set(record.acknowledged)
    breaking = [c for c in changes if c.kind == "breaking"]
    unacknowledged = [c for c in breaking if not c.keys & acks]
    stale = sorted(acks - {key for c in breaking for key in c.keys})
    start = base.version or (record.latest.version if record.latest else None)
    level = "breaking" if breaks else compare.level(changes)
    next_version = history.bump(start, level) if start else history.FIRST_VERSION
    return Outcome(base, changes, unacknowledged, stale, next_version, breaks)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator diff", description=__doc__)
    parser.add_argument("--base", help="git ref to compare with (default: the latest release)")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the new side (working tree)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print breaking changes only")
    args = parser.parse_args(argv)
    try:
        record = history.load_record()
        base = history.base_at(args.base) if args.base else history.default_base(record)
        outcome = run(base, args.spec, record)
    except (history.HistoryError, compare.DiffToolError, SpecLoadError) as exc:
        print(f"diff: {exc}", file=sys.stderr)
        return 2
    label = history.SPEC_PATH
    for change in outcome.changes:
        if change.kind == "breaking" or not args.quiet:
            print(change.format(label, base.label))
    for breakage in outcome.python_api:
        if not args.quiet:
            print(breakage.format())
    counts = {k: sum(c.kind == k for c in outcome.changes) for k in compare.KINDS}
    print(
        f"diff: {len(outcome.changes)} changes since {base.label} ({counts['breaking']} breaking, "
        f"{counts['compatible']} compatible, {counts['docs']} docs); "
        f"{len(outcome.python_api)} breakages of the generated Python API (griffe, not "
        f"gated); next version {outcome.next_version}",
        file=sys.stderr,
    )
    for ack in outcome.stale_acks:
        print(f"diff: acknowledged in spec/releases.yaml but not found: {ack}", file=sys.stderr)
    if outcome.unacknowledged:
        print(
            f"diff: {len(outcome.unacknowledged)} breaking change(s) not acknowledged; if "
            "intended, list each under `acknowledged:` in spec/releases.yaml (the next release "
            "is then a major one):",
            file=sys.stderr,
        )
        for change in outcome.unacknowledged:
            print(f"  - {history._quote(change.key)}", file=sys.stderr)
        return 1
    return 0
