"""Paths, input and output digests, the stamp file, tree comparison and the atomic swap.

Only the standard library and `generator.spec` (for the spec's path): the "nothing changed" path
of `make generate` imports this module and nothing heavier, so a rerun stays well under a second.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.spec import SPEC_PATH

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "generator"
TEMPLATES = GENERATOR / "templates"
CONFIG = GENERATOR / "config"
RUNTIME = GENERATOR / "runtime"
GENERATE = GENERATOR / "generate"
SPEC = SPEC_PATH
ERRATA = SPEC_PATH.with_name("errata.yaml")
OUT = REPO / "generated"

STAMP = ".stamp.json"
# Distributions whose version can change the output; recorded in the stamp and hashed.
TOOLS = ("openapi-python-client", "datamodel-code-generator", "ruff", "jinja2")
# Never part of the generated tree: caches and build by-products that importing, type-checking
# or `pip install -e` may leave in generated/ (all git-ignored by the packages' .gitignore).
IGNORED_DIRS = frozenset(
    {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist"}
)
IGNORED_SUFFIXES = (".pyc", ".pyo", ".egg-info")


class GenerateError(Exception):
    """A generator failed; the message carries its output."""


def _ignored(name: str) -> bool:
    return name in IGNORED_DIRS or name.endswith(IGNORED_SUFFIXES)


def tree_files(root: Path) -> dict[str, Path]:
    """Every file under root by POSIX relative path, sorted, without caches and the stamp."""
    found: dict[str, Path] = {}
    if not root.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _ignored(d))
        base = Path(dirpath)
        for name in sorted(filenames):
            if _ignored(name):
                continue
            path = base / name
            rel = path.relative_to(root).as_posix()
            if rel != STAMP:
                found[rel] = path
    return dict(sorted(found.items()))


def _digest(items: list[tuple[str, bytes]]) -> str:
    total = hashlib.sha256()
    for name, data in items:
        total.update(name.encode("utf-8") + b"\0")
        total.update(hashlib.sha256(data).digest())
    return total.hexdigest()


def tree_digest(root: Path) -> str:
    return _digest([(rel, path.read_bytes()) for rel, path in tree_files(root).items()])


def tool_versions() -> dict[str, str]:
    versions = {name: importlib.metadata.version(name) for name in TOOLS}
    versions["python"] = f"{sys.version_info.major}.{sys.version_info.minor}"
    versions["graphviz"] = _graphviz_version()
    return versions


def _graphviz_version() -> str:
    """`dot -V`'s version (another Graphviz may lay the lifecycle SVGs out differently)."""
    dot = shutil.which("dot")
    if dot is None:
        return "absent"
    result = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=30)
    match = re.search(r"version (\S+)", result.stderr + result.stdout)
    return match.group(1) if match else "unknown"


def source_files() -> dict[str, Path]:
    """Our files that shape the output: templates, config, runtime modules, this package and
    the spec loader and model it reads the spec with."""
    found: dict[str, Path] = {
        f"generator/{name}": GENERATOR / name for name in ("spec.py", "specmodel.py")
    }
    for folder, pattern in (
        (TEMPLATES, "*"),
        (CONFIG, "*"),
        (RUNTIME, "*.py"),
        (GENERATE, "*.py"),
    ):
        for rel, path in tree_files(folder).items():
            if Path(rel).match(pattern):
                found[path.relative_to(REPO).as_posix()] = path
    return dict(sorted(found.items()))


def input_digest(spec: Path, errata: Path, versions: dict[str, str]) -> str:
    """sha256 over the spec, the errata, our sources and the tool versions (names are logical,
    so the same inputs in another folder give the same digest)."""
    items = [("spec", spec.read_bytes())]
    items.append(("errata", errata.read_bytes() if errata.is_file() else b"<absent>"))
    items += [(rel, path.read_bytes()) for rel, path in source_files().items()]
    items.append(("tools", json.dumps(versions, sort_keys=True).encode("utf-8")))
    return _digest(items)


def stamp_text(inputs: str, outputs: str, versions: dict[str, str]) -> str:
    data = {
        "about": "Written by `python -m generator generate`. When `inputs` (sha256 of spec, "
        "errata, generator/{templates,config,runtime,generate,spec.py,specmodel.py} and tool "
        "versions) and "
        "`outputs` (sha256 of this tree) still match, a rerun skips all work.",
        "inputs": inputs,
        "outputs": outputs,
        "tools": versions,
    }
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def read_stamp(out: Path) -> dict[str, object] | None:
    try:
        data = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True)
class TreeDiff:
    only_new: list[str]  # produced by the spec but missing from the compared tree
    only_old: list[str]  # in the compared tree but no longer produced
    changed: list[str]

    def __bool__(self) -> bool:
        return bool(self.only_new or self.only_old or self.changed)

    def lines(self) -> list[str]:
        rows = [f"  missing  {rel}" for rel in self.only_new]
        rows += [f"  extra    {rel}" for rel in self.only_old]
        rows += [f"  differs  {rel}" for rel in self.changed]
        return sorted(rows, key=lambda row: row[11:])


def compare_trees(new: Path, old: Path) -> TreeDiff:
    """Byte-for-byte comparison of two trees, the stamp included."""
    new_files, old_files = tree_files(new), tree_files(old)
    for files, root in ((new_files, new), (old_files, old)):
        if (root / STAMP).is_file():
            files[STAMP] = root / STAMP
    changed = [
        rel
        for rel in sorted(new_files.keys() & old_files.keys())
        if new_files[rel].read_bytes() != old_files[rel].read_bytes()
    ]
    return TreeDiff(
        only_new=sorted(new_files.keys() - old_files.keys()),
        only_old=sorted(old_files.keys() - new_files.keys()),
        changed=changed,
    )


def swap_in(stage: Path, out: Path) -> None:
    """Replace `out` by `stage` (same file system): two renames, then the old tree goes."""
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage, out)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.replace(out, old)
    try:
        os.replace(stage, out)
    except OSError:
        os.replace(old, out)  # put the previous tree back
        raise
    shutil.rmtree(old, ignore_errors=True)


def count_files(root: Path) -> dict[str, int]:
    """Files per top-level folder (the stamp counted under '.')."""
    counts: dict[str, int] = {}
    for rel in tree_files(root):
        top = rel.split("/", 1)[0] if "/" in rel else "."
        counts[top] = counts.get(top, 0) + 1
    return counts
