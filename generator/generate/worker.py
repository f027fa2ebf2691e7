"""`python -m generator.generate.worker TOOL ARGS...`: one external generator, warmed up.

The child imports its generator (openapi-python-client alone takes over a second to import),
then waits for one line on stdin: `go` runs the tool with ARGS exactly as its console script
would, anything else (or end of input) exits with status 3 without running it. `make generate`
starts both workers while the spec is being linted and says `go` only when lint passed, so a
broken spec never reaches a generator, yet the import time overlaps the lint.

Nothing of the tools is changed here: what our client needs beyond openapi-python-client's
stock output reaches it through its documented hooks (custom templates, config, post hooks),
staged by external.prepare_client, and our own step after it (external.finish_client).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

ABORTED = 3


def _openapi_python_client(argv: list[str]) -> Callable[[], object]:
    from openapi_python_client.cli import app

    return lambda: app(args=argv, prog_name="openapi-python-client")


def _datamodel_codegen(argv: list[str]) -> Callable[[], object]:
    # What a run imports lazily anyway; importing it now overlaps the lint too.
    import datamodel_code_generator.model.pydantic_v2
    import datamodel_code_generator.parser.openapi  # noqa: F401
    from datamodel_code_generator.__main__ import main

    return lambda: main(argv)


TOOLS: dict[str, Callable[[list[str]], Callable[[], object]]] = {
    "openapi-python-client": _openapi_python_client,
    "datamodel-codegen": _datamodel_codegen,
}


def main(argv: list[str]) -> int:
    tool, args = argv[0], argv[1:]
    run = TOOLS[tool](args)
    if sys.stdin.readline().strip() != "go":
        return ABORTED
    result = run()
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
