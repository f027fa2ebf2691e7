"""The Python API of the generated packages between two trees, by griffe.

The spec diff judges the wire. The packages' Python API also changes when a template or the
runtime changes (a removed attribute, a moved positional parameter), which no spec diff sees;
griffe compares `generated/` at BASE (`git archive`, no worktree) with the working tree. Its
breakages make the next version a major one (`make dist`) and are listed by `make diff`; they
do not fail the gate, which is about the spec. A changed attribute value (a constant) is not
counted: griffe reports every one, and a different default is not a broken call.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import griffe

from generator.release import history

# folder under generated/ -> import name
PACKAGES = {"client": "metastudio_client", "models": "metastudio_models"}
IGNORED = {griffe.BreakageKind.ATTRIBUTE_CHANGED_VALUE}


@dataclass(frozen=True)
class PyBreak:
    """One breakage of the generated Python API."""

    path: str  # generated/client/metastudio_client/facade.py
    line: int
    what: str  # `metastudio_client.facade.MetaStudio.config: Public object was removed`

    def format(self) -> str:
        return f"{self.path}:{self.line}: breaking (python API): {self.what}"


def extract(treeish: str, into: Path, repo: Path = history.REPO) -> Path:
    """`generated/` of a git tree-ish (`REF:generated` or a recorded tree id) into `into`."""
    proc = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", treeish],
        capture_output=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        raise history.HistoryError(f"git archive {treeish}: {proc.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def breakages(old_generated: Path, new_generated: Path) -> list[PyBreak]:
    """griffe's breakages of both packages from `old_generated` to `new_generated`."""
    found: list[PyBreak] = []
    for folder, name in PACKAGES.items():
        old_root, new_root = old_generated / folder, new_generated / folder
        if not (old_root / name).is_dir() or not (new_root / name).is_dir():
            continue
        old = griffe.load(name, search_paths=[old_root], resolve_aliases=False)
        new = griffe.load(name, search_paths=[new_root], resolve_aliases=False)
        for b in griffe.find_breaking_changes(old, new):
            if b.kind in IGNORED or _still_assigned(b, new):
                continue
            obj = b.obj
            root = old_root if b.kind == griffe.BreakageKind.OBJECT_REMOVED else new_root
            filepath = obj.filepath if isinstance(obj.filepath, Path) else Path(root)
            try:
                relative = filepath.relative_to(root)
            except ValueError:
                relative = Path(name)
            is_param = b.kind.name.startswith("PARAMETER")
            param = getattr(b.old_value, "name", None) if is_param else None
            subject = f"{obj.path}({param})" if param else obj.path
            # a synthesized __init__ (dataclass, attrs) has no line: its class's
            line = obj.lineno or (obj.parent.lineno if obj.parent is not None else None) or 1
            path = f"generated/{folder}/{relative.as_posix()}"
            found.append(PyBreak(path, line, f"{subject}: {b.kind.value}"))
    return sorted(set(found), key=lambda p: (p.path, p.line, p.what))


def _still_assigned(b: griffe.Breakage, new: griffe.Object | griffe.Alias) -> bool:
    """griffe sees instance attributes assigned in `__init__` only: one now assigned in
    another method of the same class (`self.config = ...` in `_setup`) was not removed."""
    obj = b.obj
    if b.kind != griffe.BreakageKind.OBJECT_REMOVED or "instance-attribute" not in obj.labels:
        return False
    parent = obj.parent
    if parent is None:
        return False
    try:
        cls = new[parent.path.split(".", 1)[1]] if "." in parent.path else new
    except KeyError:
        return False
    return f"self.{obj.name} =" in cls.source or f"self.{obj.name}:" in cls.source


def since(treeish: str, repo: Path = history.REPO) -> list[PyBreak]:
    """Breakages from `generated/` at `treeish` to the working tree's (none when the base
    has no generated/)."""
    try:
        history.git("rev-parse", "--verify", "-q", f"{treeish}^{{tree}}", repo=repo)
    except history.HistoryError:
        return []
    with tempfile.TemporaryDirectory(prefix="metastudio-pyapi-") as tmp:
        return breakages(extract(treeish, Path(tmp)), repo / "generated")
