"""`python -m generator generate [--check] [--force] [--spec PATH] [--errata PATH] [--out DIR]`

Regenerates `generated/` from the spec:

- `client/`  openapi-python-client (custom templates in generator/templates/client, settings in
             generator/config/openapi-python-client.yaml) plus the runtime modules
             (generator/runtime/*.py, copied verbatim into metastudio_client/runtime/) and the
             `metastudio` command line, metastudio_cli/ (generate/cli.py, templates/client/cli);
- `models/`  datamodel-code-generator pydantic v2 models (flags in
             generator/config/datamodel-codegen.yaml, enum template in templates/models/codegen);
- `docs/`    our jinja2 templates (generator/templates/*.md.jinja) over the spec and errata;
- `.stamp.json`  digests of the inputs and of the tree.

Order: when the stamp says the inputs are those of the tree and the tree is intact, nothing runs
(the inputs passed lint when the tree was made; `--force` regenerates anyway). Otherwise the spec
is linted first (`generator.lint`): on any problem the run stops before a generator starts and
the output is left as it was. The tree is built in a temporary folder beside the output (both
generators in parallel, the docs meanwhile) and swapped in only when everything succeeded.

`--check` builds into a temporary folder and compares it with the output byte for byte; exit 1
and the list of differing files when they differ (the golden-record check of CI).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.generate import tree

__all__ = ["main"]


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _lint(spec: Path, errata: Path) -> bool:
    """The spec passes generator.lint (which prints its file:line:rule problems).

    `make generate` must work on a fresh machine, where only `make lint` has installed the Node
    tools: without them lint runs every stage but Redocly (and says so); with them, all.
    """
    from generator.lint import main as lint_main  # generate's one use of lint
    from generator.lint.redocly import NODE_OPTIONAL_FLAG

    argv = [str(spec), NODE_OPTIONAL_FLAG]
    if errata.is_file():
        argv += ["--errata", str(errata)]
    return lint_main(argv) == 0


class LintFailed(Exception):
    """The spec has lint problems (already printed)."""


def build(
    spec: Path, errata: Path, stage: Path, scratch: Path, inputs: str, versions: dict[str, str]
) -> None:
    """Lint, then write the whole tree into `stage` (which must not exist yet).

    Both generator workers start first and import their tool while the spec is being linted;
    they are told to go only when lint passed (LintFailed otherwise, and they exit unrun).
    """
    from generator.generate import cli, docs, external
    from generator.generate.specinfo import TemplateFacts
    from generator.spec import SpecDoc
    from generator.specmodel import build

    stage.mkdir(parents=True)
    scratch.mkdir(parents=True, exist_ok=True)
    derived = external.spec_input(spec, scratch)
    workers = [external.spawn_client(derived, stage / "client", scratch)]
    try:
        workers.append(external.spawn_models(derived, stage / "models"))
        if not _lint(spec, errata):
            raise LintFailed
        info = TemplateFacts(build(SpecDoc(spec, errata)))
        clashes = info.member_clashes()
        if clashes:
            raise tree.GenerateError("\n".join(clashes))
        external.write_spec_input(info, derived)
        external.prepare_client(info, scratch)
        external.prepare_models(info, stage / "models")
        workers[0].go(external.client_facts(info))
        workers[1].go()
        docs.render(info, stage / "docs")
    finally:
        for worker in workers:  # never leave a generator running, whatever happened
            worker.collect()
    warnings = external.finish_client(workers[0], stage / "client")
    cli.render(info, stage / "client")
    warnings += external.finish_models(workers[1], stage / "models")
    for line in warnings:
        print(f"  {line.strip()}", file=sys.stderr)
    outputs = tree.tree_digest(stage)
    (stage / tree.STAMP).write_text(
        tree.stamp_text(inputs, outputs, versions), encoding="utf-8", newline="\n"
    )


def _summary(out: Path, elapsed: float, verb: str) -> None:
    counts = tree.count_files(out)
    parts = ", ".join(f"{name}/ {n} files" for name, n in sorted(counts.items()) if name != ".")
    print(f"{_display(out)}: {verb} ({parts}) in {elapsed:.2f}s")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator generate",
        description="Lint the spec, then regenerate generated/ (client, models, docs).",
    )
    parser.add_argument("--spec", type=Path, default=tree.SPEC, help="default: %(default)s")
    parser.add_argument(
        "--errata", type=Path, help="default: errata.yaml beside the spec (spec/errata.yaml)"
    )
    parser.add_argument("--out", type=Path, default=tree.OUT, help="default: %(default)s")
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate into a temporary folder and compare with --out; exit 1 when they differ",
    )
    parser.add_argument(
        "--force", action="store_true", help="regenerate even when the stamp says nothing changed"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    spec: Path = args.spec.resolve()
    errata: Path = (args.errata or spec.with_name("errata.yaml")).resolve()
    out: Path = args.out.resolve()

    try:
        versions = tree.tool_versions()
        inputs = tree.input_digest(spec, errata, versions)
    except OSError as exc:
        print(f"generate: cannot read the inputs: {exc}", file=sys.stderr)
        return 2

    if not args.check and not args.force:
        stamp = tree.read_stamp(out)
        if (
            stamp is not None
            and stamp.get("inputs") == inputs
            and stamp.get("outputs") == tree.tree_digest(out)
        ):
            verb = "up to date, skipped (lint too: the inputs are those last linted)"
            _summary(out, time.perf_counter() - started, verb)
            return 0

    if args.check:
        parent = Path(tempfile.mkdtemp(prefix="metastudio-check-"))
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        parent = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    stage = parent / out.name
    try:
        try:
            build(spec, errata, stage, parent / "scratch", inputs, versions)
        except LintFailed:
            print(
                f"generate: {_display(spec)} has lint problems (above); no generator ran, "
                f"{_display(out)} is unchanged",
                file=sys.stderr,
            )
            return 1
        except tree.GenerateError as exc:
            print(f"generate: {exc}", file=sys.stderr)
            print(f"generate: {_display(out)} is unchanged", file=sys.stderr)
            return 1
        if args.check:
            diff = tree.compare_trees(stage, out)
            elapsed = time.perf_counter() - started
            if diff:
                print(f"{_display(out)} differs from what the spec produces:")
                print("\n".join(diff.lines()))
                print("run `make generate` and commit the result")
                return 1
            _summary(out, elapsed, "matches the spec")
            return 0
        tree.swap_in(stage, out)
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    _summary(out, time.perf_counter() - started, "regenerated")
    return 0
