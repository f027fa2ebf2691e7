"""`python -m generator lint [SPEC] [--errata PATH]`: every check of the spec, as file:line:rule.

Stages (each problem is one line `path:line: rule-id: message`; all sorted by file and line,
then one summary line; exit status 1 if there is any problem):

(a) `yaml-syntax`  the spec (and errata file) parse as YAML 1.2, without duplicate keys;
(b) `structure`    openapi-spec-validator (OpenAPI 3.1), in a child process;
(c) `redocly/<id>` Redocly CLI `lint`, `recommended` ruleset, config in lint/redocly.yaml;
                   without the pinned Node tools that is a problem, unless `--node-optional`
                   (what `make generate` passes: it must work before `make lint` installed
                   them), which skips Redocly and says so;
(d) house rules    see `rules.py` (`--list-rules`); the `lifecycle-*` rules report the
                   issues `generator.specmodel` finds in `x-lifecycle`.

(b) and (c) are started as child processes as soon as possible and (d) runs meanwhile, so the
wall time is roughly that of the slowest of them. Only a YAML error in the spec itself stops the
run: the later stages could not run on it. Everything else is reported together.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from generator.lint import redocly
from generator.lint.problems import Problem
from generator.spec import SPEC_PATH, SpecDoc, SpecLoadError

__all__ = ["Problem", "lint", "main"]

REPO = Path(__file__).resolve().parents[2]


def _display(path: Path) -> str:
    """The path as typed if relative; relative to the working directory if it is below it."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _start_structural(spec: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.lint.structural", str(spec.resolve())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=REPO,  # so `-m generator...` imports this checkout
    )


def _collect_structural(proc: subprocess.Popen[bytes], doc: SpecDoc, display: str) -> list[Problem]:
    out, err = proc.communicate()
    problems = []
    for line in out.decode("utf-8", "replace").splitlines():
        item = json.loads(line)
        problems.append(
            Problem(display, doc.line_of(item["pointer"]), "structure", item["message"])
        )
    if proc.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        problems.append(
            Problem(display, 1, "structure", f"openapi-spec-validator crashed: {tail[0]}")
        )
    return problems


def _house_rules(doc: SpecDoc, display: str, rule_ids: list[str]) -> list[Problem]:
    from generator.lint.rules import RULES, Context
    from generator.lint.walk import Walk

    ctx = Context(doc, Walk.of(doc.data))
    errata_display = _display(doc.errata_path)
    problems = []
    for rule_id in rule_ids:
        try:
            for finding in RULES[rule_id](ctx):
                if finding.in_errata and doc.errata is not None:
                    line, path = doc.errata.line_of(finding.pointer), errata_display
                else:
                    line, path = doc.line_of(finding.pointer), display
                problems.append(Problem(path, line, rule_id, finding.message))
        except Exception as exc:  # a rule bug must not hide the other stages' findings
            problems.append(Problem(display, 1, rule_id, f"rule crashed: {exc!r}"))
    return problems


def lint(
    spec: Path,
    errata: Path | None = None,
    rule_ids: list[str] | None = None,
    *,
    node_optional: bool = False,
) -> tuple[list[Problem], list[str]]:
    """Run every stage; returns (problems sorted by file and line, notes for the summary).

    `node_optional`: without the pinned Node tools, skip Redocly (with a note) instead of
    reporting it as a problem.
    """
    from generator.lint.rules import RULES

    display = _display(spec)
    notes: list[str] = []
    run = redocly.start(spec, node_optional)
    structural = _start_structural(spec)
    try:
        problems: list[Problem] = []
        try:
            doc = SpecDoc(spec, errata)
        except SpecLoadError as exc:
            if exc.path != spec:  # the errata file: report it, lint the spec without it
                problems.append(Problem(_display(exc.path), exc.line, "yaml-syntax", exc.message))
                doc = SpecDoc(spec, errata, load_errata=False)
                rule_ids = [r for r in rule_ids or RULES if r != "errata-refs"]
            else:
                raise
        problems += _house_rules(doc, display, rule_ids or list(RULES))
        problems += _collect_structural(structural, doc, display)
        problems += redocly.collect(run, spec, display)
    except SpecLoadError as exc:
        return [Problem(_display(exc.path), exc.line, "yaml-syntax", exc.message)], notes
    finally:
        redocly.stop(run)
        if structural.poll() is None:
            structural.kill()
            structural.communicate()
    if run.skipped:
        notes.append(run.skipped)
    return sorted(set(problems)), notes


def _stage(problem: Problem) -> str:
    """Which stage reported a problem, for the summary line."""
    if problem.rule in ("yaml-syntax", "structure"):
        return problem.rule
    return "redocly" if problem.rule.startswith("redocly") else "house"


def main(argv: list[str]) -> int:
    from generator.lint.rules import RULES

    parser = argparse.ArgumentParser(
        prog="python -m generator lint",
        description="Lint the OpenAPI spec: YAML, structure, Redocly recommended, house rules.",
    )
    parser.add_argument(
        "spec", nargs="?", type=Path, default=SPEC_PATH, help="default: spec/metastudio.yaml"
    )
    parser.add_argument(
        "--errata", type=Path, help="errata file (default: errata.yaml beside the spec)"
    )
    parser.add_argument(
        "--rule", action="append", choices=sorted(RULES), help="run only these house rules"
    )
    parser.add_argument("--list-rules", action="store_true", help="list house rule ids and exit")
    parser.add_argument(
        redocly.NODE_OPTIONAL_FLAG,
        action="store_true",
        help="skip Redocly (and say so) when the pinned Node tools are not installed",
    )
    args = parser.parse_args(argv)
    if args.list_rules:
        for rule_id, fn in RULES.items():
            print(f"{rule_id:20} {(fn.__doc__ or '').strip()}")
        return 0

    started = time.perf_counter()
    problems, notes = lint(args.spec, args.errata, args.rule, node_optional=args.node_optional)
    elapsed = time.perf_counter() - started
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in problems:
        print(problem)
    display = _display(args.spec)
    if problems:
        counts: dict[str, int] = {}
        for problem in problems:
            counts[_stage(problem)] = counts.get(_stage(problem), 0) + 1
        detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"{display}: {len(problems)} problem(s) ({detail}) in {elapsed:.2f}s")
        return 1
    redocly_note = " (Redocly skipped)" if notes else ""
    print(f"{display}: clean{redocly_note} in {elapsed:.2f}s")
    return 0
