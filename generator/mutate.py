"""`make mutate` / `python -m generator mutate`: mutation testing with cosmic-ray.

Why: a green suite only says the code does what the tests check. A mutant (one operator, number,
condition or exception changed by cosmic-ray) that no test notices marks a gap.

How, bounded in time: `MUTATED` below (the one place to edit) names the modules; the tests that
judge each follow from the layout of tests/ (`tests_of`), without the `slow` and `browser` ones.
The work happens in a scratch copy of the repository (`reports/mutate/tree`) so the worktree is
never mutated; every test process there imports that copy (PYTHONPATH). The runtime is copied
verbatim into the generated client, so before each runtime mutant's tests the (mutated) runtime
is copied into the copy's `generated/client/metastudio_client/runtime/`: the client's tests
judge the mutant by behaviour (and the verbatim-copy check sees both copies mutated alike). One
worker, one mutant at a time, each with a per-mutant timeout (a mutant that hangs counts as
killed). Mutations inside type annotations are skipped: with `from __future__ import
annotations` they are never evaluated.

Prints killed/survived per module, the survivors' diffs and the total score. Sessions are kept
in reports/mutate/*.sqlite: `--resume` finishes an interrupted run, `--retest-survivors`
judges only the previous survivors again (after adding tests). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "reports" / "mutate"
TREE = OUT / "tree"
COPIED = ("generator", "generated", "tests", "spec", "pyproject.toml")
RUNTIME = "generator/runtime/"
CLIENT_RUNTIME = "generated/client/metastudio_client/runtime/"

# The modules whose mutants are judged. Which tests judge them is not listed: it follows the
# layout of tests/ (see `tests_of`).
MUTATED: tuple[str, ...] = (
    *(p.relative_to(REPO).as_posix() for p in sorted((REPO / RUNTIME).glob("*.py"))),
    "generator/mock/auth.py",
    "generator/mock/lifecycle.py",
    "generator/mock/validation.py",
    "generator/lint/rules.py",
    "generator/specmodel.py",
)
# Tests that judge a module beyond its own folder: the runtime ships inside the generated
# client (tests/client/ runs it there); the lifecycle's parsing in specmodel is driven by the
# mock's lifecycle engine.
ALSO: dict[str, tuple[str, ...]] = {
    RUNTIME: ("tests/client",),
    "generator/specmodel.py": ("tests/mock/test_lifecycle.py", "tests/mock/test_units.py"),
}


def _tests_in(folder: Path) -> list[Path]:
    return [p.relative_to(REPO) for p in (REPO / folder).glob("test_*.py")]


def tests_of(module: str) -> tuple[str, ...]:
    """The test files that judge `module`, fastest first: generator/<part>/<name>.py is judged
    by tests/<part>/test_<name>.py, then the rest of tests/<part>/ (generator/<name>.py by
    tests/test_<name>.py), then what ALSO adds; the runs leave out `slow` and `browser`."""
    path = Path(module)
    folder = Path("tests", *path.parts[1:-1])
    own = folder / f"test_{path.stem.lstrip('_')}.py"
    rest = sorted(_tests_in(folder)) if len(path.parts) > 2 else []
    extra: list[Path] = []
    for prefix, paths in ALSO.items():
        if module.startswith(prefix):
            for name in paths:
                where = Path(name)
                extra += [where] if name.endswith(".py") else sorted(_tests_in(where))
    found: list[str] = []
    for candidate in (own, *rest, *extra):
        if (REPO / candidate).is_file() and candidate.as_posix() not in found:
            found.append(candidate.as_posix())
    return tuple(found)


TARGETS: dict[str, tuple[str, ...]] = {
    module: tests_of(module) for module in MUTATED if (REPO / module).is_file()
}

# Selective mutation: cosmic-ray replaces a binary operator by each of the 11 others and a
# comparison by each of 7. Kept: the arithmetic replacements (+ - * /), `|` -> `&`, and the
# comparisons within their kind. Dropped: shifts, powers, bitwise targets (on str and float
# they only raise TypeError, killed by any test that runs the line, a cost without signal) and
# ordering vs identity swaps (`a < b` -> `a is b`). Regexes matched from the operator's start
# (cosmic-ray's own operators filter).
EXCLUDED_OPERATORS = (
    r"core/ReplaceBinaryOperator_\w+_(FloorDiv|Mod|Pow|RShift|LShift|BitOr|BitXor)$",
    r"core/ReplaceBinaryOperator_(?!BitOr)\w+_BitAnd$",
    r"core/ReplaceComparisonOperator_(Lt|LtE|Gt|GtE)_(Is|IsNot)$",
    r"core/ReplaceComparisonOperator_(Is|IsNot)_(Lt|LtE|Gt|GtE)$",
    r"core/ReplaceComparisonOperator_(Eq|NotEq)_(Is|IsNot)$",
)
SAMPLE_SEED = 15

# pytest without the plugins none of the subsets needs (they cost ~1 s per start).
PYTEST: tuple[str, ...] = ("-m", "pytest", "-x", "-q", "--no-header", "-o", "addopts=")
PYTEST += ("--import-mode=importlib", "-m", "not slow and not browser")
PYTEST += ("-p", "no:cacheprovider", "-p", "no:schemathesis", "-p", "no:hypothesispytest")


@dataclass
class Score:
    """One module's outcome."""

    module: str
    killed: int
    survived: int
    skipped: int  # annotations and excluded operators
    unsampled: int
    other: int  # incompetent or the worker failed
    seconds: float
    diffs: list[str]

    @property
    def judged(self) -> int:
        return self.killed + self.survived

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.judged if self.judged else 100.0


def build_tree() -> None:
    """A fresh copy of what the tests need; .cache (the pinned Node tools) is linked."""
    if TREE.exists():
        shutil.rmtree(TREE)
    TREE.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, TREE / name, ignore=ignore)
        else:
            shutil.copy2(source, TREE / name)
    if (REPO / ".cache").exists():
        (TREE / ".cache").symlink_to(REPO / ".cache")


def tree_env() -> dict[str, str]:
    """Every Python process started under the tree imports the tree's packages first."""
    paths = [TREE, TREE / "generated" / "client", TREE / "generated" / "models"]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in paths)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def check_imports() -> None:
    """Refuse to run when the tests would import the worktree instead of the mutated copy."""
    code = "import generator, metastudio_client.runtime as r; print(generator.__file__, r.__file__)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=TREE,
        env=tree_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    outside = [path for path in out if not Path(path).resolve().is_relative_to(TREE.resolve())]
    if outside:
        raise SystemExit(f"mutate: the tests would import {outside}, not the copy in {TREE}")


def test_command(module: str, tests: tuple[str, ...]) -> str:
    """The command cosmic-ray runs per mutant (no shell of its own: shlex-split)."""
    pytest = shlex.join([sys.executable, *PYTEST, *tests])
    if module.startswith(RUNTIME):
        # the client's copy of the runtime gets the mutant too
        pytest = f"cp {RUNTIME}*.py {CLIENT_RUNTIME} && exec {pytest}"
    return shlex.join(["sh", "-c", pytest])


def annotation_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) of every annotation, as (line, column), when they are never evaluated."""
    tree = ast.parse(source)
    lazy = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(a.name == "annotations" for a in node.names)
        for node in tree.body
    )
    if not lazy:
        return []
    spans = []
    for node in ast.walk(tree):
        notes: list[ast.expr | None] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            notes.append(node.returns)
        elif isinstance(node, ast.arg | ast.AnnAssign):
            notes.append(node.annotation)
        for note in notes:
            if note is not None and note.end_lineno is not None and note.end_col_offset is not None:
                spans.append(
                    ((note.lineno, note.col_offset), (note.end_lineno, note.end_col_offset))
                )
    return spans


def bare_star(lines: list[str], line: int, column: int) -> bool:
    """cosmic-ray reads the `*` of `def f(a, *, b)` as a multiplication: not an operator."""
    rest = lines[line - 1][column:]
    return rest.startswith("*") and rest[1:].lstrip()[:1] in (",", ")", "")


def skip_annotations(db_path: Path, source: str) -> int:
    """Mark the mutants inside annotations (and of bare `*` markers) as skipped."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans = annotation_spans(source)
    lines = source.splitlines()
    result = WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output="type annotation")
    skipped = []
    with use_db(str(db_path), WorkDB.Mode.open) as db:
        for item in db.pending_work_items:
            start = tuple(item.mutations[0].start_pos)
            if any(low <= start < high for low, high in spans) or bare_star(lines, *start):
                skipped.append(item.job_id)
        if skipped:
            db.set_multiple_results(skipped, result)
    return len(skipped)


def sample(db_path: Path, keep: int) -> None:
    """Keep `keep` pending mutants (a seeded random choice), skip the others."""
    import random

    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    with use_db(str(db_path), WorkDB.Mode.open) as db:
        items = sorted(db.pending_work_items, key=lambda i: repr(i.mutations[0]))
        ids = [item.job_id for item in items]
        random.Random(SAMPLE_SEED).shuffle(ids)
        result = WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output="not sampled")
        if ids[keep:]:
            db.set_multiple_results(ids[keep:], result)


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def cosmic_ray(*args: str) -> None:
    subprocess.run(
        [tool("cosmic-ray"), *args],
        cwd=TREE,
        env=tree_env(),
        check=True,
    )


def baseline(command: str) -> float:
    """The unmutated subset must pass; returns its wall time."""
    began = time.monotonic()
    proc = subprocess.run(
        shlex.split(command), cwd=TREE, env=tree_env(), capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"mutate: the tests fail without any mutant:\n{proc.stdout[-3000:]}")
    return time.monotonic() - began


def run_module(module: str, args: argparse.Namespace) -> Score:
    """Initialise (or resume) one module's session, execute it, and score it."""
    slug = module.replace("/", "_").removesuffix(".py")
    db_path, config, stamp = (OUT / f"{slug}.{ext}" for ext in ("sqlite", "toml", "sha256"))
    source = (REPO / module).read_text(encoding="utf-8")
    digest = hashlib.sha256(source.encode()).hexdigest()
    command = test_command(module, TARGETS[module])
    took = baseline(command)
    timeout = max(args.timeout, 5 * took)
    config.write_text(
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(module)}\n"
        f"timeout = {timeout:.1f}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(command)}\n"
        '[cosmic-ray.distributor]\nname = "local"\n'
        "[cosmic-ray.filters.operators-filter]\n"
        f"exclude-operators = {json.dumps(list(EXCLUDED_OPERATORS))}\n",
        encoding="utf-8",
    )
    fresh = not (args.resume or args.retest_survivors) or not db_path.exists()
    if not fresh and (not stamp.exists() or stamp.read_text() != digest):
        print(f"{module}: changed since its last session, starting afresh", flush=True)
        fresh = True
    if fresh:
        db_path.unlink(missing_ok=True)
        cosmic_ray("init", str(config), str(db_path))
        stamp.write_text(digest)
        skip_annotations(db_path, source)
        subprocess.run([tool("cr-filter-operators"), str(db_path), str(config)], check=True)
        if args.sample:
            sample(db_path, args.sample)
    elif args.retest_survivors:
        with sqlite3.connect(db_path) as raw:
            # cosmic-ray stores the enum's name
            raw.execute("DELETE FROM work_results WHERE upper(test_outcome) = 'SURVIVED'")
    pending = pending_count(db_path)
    print(
        f"{module}: {pending} mutants to run, baseline {took:.1f}s, timeout {timeout:.0f}s",
        flush=True,
    )
    began = time.monotonic()
    cosmic_ray("exec", str(config), str(db_path))
    if module.startswith(RUNTIME):  # leave no mutant behind in the client's copy
        for path in (TREE / RUNTIME).glob("*.py"):
            shutil.copyfile(path, TREE / CLIENT_RUNTIME / path.name)
    return score(module, db_path, time.monotonic() - began)


def pending_count(db_path: Path) -> int:
    from cosmic_ray.work_db import WorkDB, use_db

    with use_db(str(db_path), WorkDB.Mode.open) as db:
        return len(db.pending_work_items)


def score(module: str, db_path: Path, seconds: float) -> Score:
    from cosmic_ray.work_db import WorkDB, use_db

    counts: Counter[str] = Counter()
    diffs: list[str] = []
    with use_db(str(db_path), WorkDB.Mode.open) as db:
        done: list[tuple[Any, Any]] = list(db.completed_work_items)
    for item, result in sorted(done, key=lambda pair: tuple(pair[0].mutations[0].start_pos)):
        if result.worker_outcome == "skipped":
            counts["unsampled" if result.output == "not sampled" else "skipped"] += 1
        elif result.test_outcome == "killed":
            counts["killed"] += 1
        elif result.test_outcome == "survived":
            counts["survived"] += 1
            mutation = item.mutations[0]
            diffs.append(f"# {mutation.operator_name} line {mutation.start_pos[0]}\n{result.diff}")
        else:
            counts["other"] += 1
    return Score(
        module, counts["killed"], counts["survived"], counts["skipped"], counts["unsampled"],
        counts["other"], seconds, diffs,
    )  # fmt: skip


def report(scores: list[Score]) -> str:
    lines = ["", "survivors:"]
    for s in scores:
        lines += [f"## {s.module}", *s.diffs] if s.diffs else []
    lines += ["", f"{'module':<34} {'killed':>6} {'survived':>8} {'score':>6} {'skipped':>7}"]
    for s in scores:
        lines.append(
            f"{s.module:<34} {s.killed:>6} {s.survived:>8} {s.percent:>5.1f}% {s.skipped:>7}"
            + (f"  ({s.unsampled} not sampled)" if s.unsampled else "")
            + (f"  ({s.other} incompetent)" if s.other else "")
        )
    killed = sum(s.killed for s in scores)
    judged = sum(s.judged for s in scores)
    total = 100.0 * killed / judged if judged else 100.0
    lines.append(f"{'total':<34} {killed:>6} {judged - killed:>8} {total:>5.1f}%")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator mutate", description=__doc__)
    parser.add_argument(
        "--module", action="append", default=[], help="only modules whose path contains this"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="per-mutant minimum, s")
    parser.add_argument("--resume", action="store_true", help="continue the last sessions")
    parser.add_argument(
        "--retest-survivors", action="store_true", help="judge only the last survivors again"
    )
    parser.add_argument(
        "--sample", type=int, default=0, help="judge at most this many mutants per module"
    )
    parser.add_argument("--fail-under", type=float, default=0.0, help="exit 1 below this score")
    args = parser.parse_args(argv)
    modules = [m for m in TARGETS if not args.module or any(p in m for p in args.module)]
    if not modules:
        parser.error(f"no module matches {args.module}; known: {', '.join(TARGETS)}")
    OUT.mkdir(parents=True, exist_ok=True)
    build_tree()
    check_imports()
    scores = [run_module(module, args) for module in modules]
    text = report(scores)
    print(text)
    (OUT / "report.txt").write_text(text + "\n", encoding="utf-8")
    killed, judged = sum(s.killed for s in scores), sum(s.judged for s in scores)
    return 1 if judged and 100.0 * killed / judged < args.fail_under else 0
