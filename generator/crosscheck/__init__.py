"""`make crosscheck` / `python -m generator crosscheck`: the spec against the official SDK.

For every operation's `x-sdk-method`, the SDK's request and response models are walked
(`sdk.py`, `docstrings.py`) and compared with the spec (`compare.py`). Every difference is
printed as `spec/metastudio.yaml:LINE: kind: wire.path: spec X, SDK Y`, followed by a total.

A difference is *accounted for* when `spec/sdk-decisions.yaml` has an entry with the same
kind and wire path whose `spec`/`sdk` texts match (so a new SDK version that adds one more
enum value shows up as unaccounted), see `decisions.py`. Exit status: 0 when every difference
is accounted for, 1 otherwise (or with `--strict` when any difference exists), 2 when the SDK
is not installed or the spec cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.spec import SPEC_PATH, SpecDoc, SpecLoadError

from .compare import Difference, compare_operation
from .decisions import Decisions, DecisionsError

__all__ = ["DEFAULT_DECISIONS", "DEFAULT_SPEC", "crosscheck", "main"]

DEFAULT_SPEC = SPEC_PATH
DEFAULT_DECISIONS = DEFAULT_SPEC.with_name("sdk-decisions.yaml")


def signer_headers() -> dict[str, str]:
    """Headers huaweicloudsdkcore adds to every signed request, with where each is set."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials, Credentials
    from huaweicloudsdkcore.signer.signer import Signer

    return {
        Signer._HEADER_X_DATE: "huaweicloudsdkcore.signer.Signer._HEADER_X_DATE",
        BasicCredentials._X_PROJECT_ID: "huaweicloudsdkcore BasicCredentials._X_PROJECT_ID",
        Credentials._X_SECURITY_TOKEN: (
            "huaweicloudsdkcore Credentials._X_SECURITY_TOKEN (temporary credentials)"
        ),
    }


def crosscheck(doc: SpecDoc) -> list[Difference]:
    """Every difference between the spec and the installed SDK, in document order."""
    from .sdk import load_sdk, read_operation

    v1 = load_sdk()
    headers = signer_headers()
    found: list[Difference] = []
    for op in doc.operations():
        method = op.data.get("x-sdk-method")
        if not isinstance(method, str):
            continue
        sdk_op = read_operation(v1, method)
        op_id = str(op.data.get("operationId", method))
        found += compare_operation(doc, op.path, op.method, op_id, sdk_op, headers)
    return found


def _line(doc: SpecDoc, spec_name: str, d: Difference) -> str:
    return (
        f"{spec_name}:{doc.line_of(d.pointer)}: {d.kind}: {d.wire}: spec {d.spec}, SDK {d.sdk}"
        f" ({d.evidence})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator crosscheck",
        description="Compare spec/metastudio.yaml with the official SDK huaweicloudsdkmetastudio.",
    )
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--decisions", type=Path, default=DEFAULT_DECISIONS)
    parser.add_argument(
        "--all", action="store_true", help="also print the differences already accounted for"
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail on any difference, accounted for or not"
    )
    args = parser.parse_args(argv)
    try:
        doc = SpecDoc(args.spec)
        known = _errata_ids(doc)
        decisions = (
            Decisions.load(args.decisions, known) if args.decisions.is_file() else Decisions()
        )
    except (SpecLoadError, DecisionsError) as exc:
        print(f"crosscheck: {exc}", file=sys.stderr)
        return 2
    try:
        differences = crosscheck(doc)
    except ImportError as exc:
        print(f"crosscheck: the official SDK is not installed ({exc})", file=sys.stderr)
        return 2
    spec_name = _display(args.spec)
    open_ = [d for d in differences if decisions.find(d) is None]
    shown = differences if args.all else open_
    for d in shown:
        decision = decisions.find(d)
        suffix = f" -> {decision.summary}" if decision is not None else ""
        print(_line(doc, spec_name, d) + suffix)
    stale = decisions.unused(differences)
    for entry in stale:
        print(
            f"{_display(args.decisions)}:{entry.line}: stale: {entry.kind}: {entry.wire}: "
            "no such difference any more"
        )
    print(
        f"crosscheck: {len(differences)} differences with the SDK, "
        f"{len(differences) - len(open_)} accounted for in {_display(args.decisions)}, "
        f"{len(open_)} not accounted for, {len(stale)} stale decisions"
    )
    if open_ or stale or (args.strict and differences):
        return 1
    return 0


def _errata_ids(doc: SpecDoc) -> set[str]:
    data = doc.errata.data if doc.errata is not None else []
    return (
        {str(e.get("id")) for e in data if isinstance(e, dict)} if isinstance(data, list) else set()
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
