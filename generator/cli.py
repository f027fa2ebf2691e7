"""`python -m generator <command>`: one entry point, each command lives in its own subpackage."""

from __future__ import annotations

import importlib
import sys

# command -> module exposing `main(argv: list[str]) -> int`; imported lazily so `lint` stays fast.
COMMANDS = {
    "lint": "generator.lint",
    "generate": "generator.generate",
    "fuzz": "generator.contract.fuzz",
    "bench": "generator.bench",
    "mock": "generator.mock.cli",
    "proxy": "generator.proxy.cli",
    "crosscheck": "generator.crosscheck",
    "diff": "generator.release.diff",
    "dist": "generator.release.dist",
    "release": "generator.release.cut",
    "docs": "generator.site",
    "mutate": "generator.mutate",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in COMMANDS:
        print(f"usage: python -m generator {{{','.join(COMMANDS)}}} [options]", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[args[0]])
    result: int = module.main(args[1:])
    return result
