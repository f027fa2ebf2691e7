"""`python -m generator.generate.worker TOOL ARGS...`: one external generator, warmed up.

The child imports its generator (openapi-python-client alone takes over a second to import),
then waits for one line on stdin: `go` runs the tool with ARGS exactly as its console script
would, anything else (or end of input) exits with status 3 without running it. `make generate`
starts both workers while the spec is being linted and says `go` only when lint passed, so a
broken spec never reaches a generator, yet the import time overlaps the lint.

After `go`, the rest of stdin is one JSON object: the spec's facts our client templates need
(TemplateFacts.template_facts). openapi-python-client has no setting for template variables (its
config file ignores unknown keys), so they become globals of its own Jinja environment here,
before it renders anything; no template file is written for them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

ABORTED = 3
FACTS: dict[str, Any] = {}  # template globals, read from stdin after `go`


# Our templates that openapi-python-client renders into the package beside its own files (it
# has no setting for extra files): template in the custom template folder -> module in the
# package. They see everything its templates see (`endpoint_collections_by_tag`, the filters,
# the macros), and its post hooks (ruff) format them with the rest.
PACKAGE_EXTRAS = {"facade.py.jinja": "facade.py"}


def _openapi_python_client(argv: list[str]) -> Callable[[], object]:
    from openapi_python_client import Project
    from openapi_python_client.cli import app

    build_api = Project._build_api
    build = Project.build

    def build_with_facts(self: Project) -> Any:
        self.env.globals.update(FACTS)
        return build(self)

    def build_api_and_extras(self: Project) -> None:
        build_api(self)
        for template, module in PACKAGE_EXTRAS.items():
            text = self.env.get_template(template).render()
            (self.package_dir / module).write_text(text, encoding=self.config.file_encoding)

    Project._build_api = build_api_and_extras  # type: ignore[method-assign]
    Project.build = build_with_facts  # type: ignore[method-assign]
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
    FACTS.update(json.loads(sys.stdin.read() or "{}"))
    result = run()
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
