"""`make dist` / `python -m generator dist`: wheels and sdists of generated/client and
generated/models in dist/, versioned from the classified diff since the latest release.

The version is set at build time on a copy of each package (generated/ keeps the API's date as
its version and is never edited); the build runs `uv build` with the setuptools of our own
build-system pin. Reproducible: the same tree gives the same version and byte-identical files,
with SOURCE_DATE_EPOCH (default: the commit time of HEAD) stamped into every archive entry;
sdists are repacked in name order with fixed owners, modes and gzip header.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from generator.release import changelog, compare, diff, history, pyapi

REPO = history.REPO
PACKAGES = (REPO / "generated" / "client", REPO / "generated" / "models")
DIST = REPO / "dist"
VERSION_LINE = re.compile(r'^version = "[^"]*"$', re.M)
IGNORE = shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".ruff_cache", "*.pyc")


class DistError(Exception):
    """A build step failed."""


@dataclass(frozen=True)
class Plan:
    version: str
    base: str  # what the version was computed against
    changes: list[compare.Change]
    python_api: list[pyapi.PyBreak]


def plan() -> Plan:
    """The version to build: the latest release bumped by the level of the changes since."""
    record = history.load_record()
    outcome = diff.run(history.default_base(record), record=record)
    if outcome.unacknowledged:
        keys = "; ".join(c.key for c in outcome.unacknowledged)
        raise DistError(f"unacknowledged breaking changes (see `make diff`): {keys}")
    return Plan(outcome.next_version, outcome.base.label, outcome.changes, outcome.python_api)


def source_date_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        return int(value)
    return int(history.git("log", "-1", "--format=%ct", "HEAD").strip())


def uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        raise DistError("uv not found beside the Python running this (make bootstraps .venv)")
    return found


def build_constraints(folder: Path) -> Path:
    """Our own build-system pin (pyproject.toml), so every build uses the same setuptools."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    path = folder / "build-constraints.txt"
    path.write_text("\n".join(pyproject["build-system"]["requires"]) + "\n", encoding="utf-8")
    return path


def stage(package: Path, version: str, into: Path, epoch: int) -> Path:
    """A copy of `package` whose pyproject says `version`, every file dated `epoch`."""
    copy = into / package.name
    shutil.copytree(package, copy, ignore=IGNORE)
    pyproject = copy / "pyproject.toml"
    text, count = VERSION_LINE.subn(f'version = "{version}"', pyproject.read_text("utf-8"))
    if count != 1:
        raise DistError(f"{package}/pyproject.toml: expected one `version = ...` line")
    pyproject.write_text(text, encoding="utf-8")
    for path in [copy, *copy.rglob("*")]:
        os.utime(path, (epoch, epoch))
    return copy


def normalize_sdist(path: Path, epoch: int) -> None:
    """Repack an sdist deterministically: sorted names, fixed mtime, owner and modes."""
    with tarfile.open(path, "r:gz") as src:
        members = []
        for info in src.getmembers():
            data = src.extractfile(info).read() if info.isfile() else None  # type: ignore[union-attr]
            members.append((info, data))
    members.sort(key=lambda m: m[0].name)
    raw = io.BytesIO()
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for info, data in members:
            info.mtime, info.uid, info.gid, info.uname, info.gname = epoch, 0, 0, "", ""
            info.mode = 0o755 if info.isdir() else 0o644
            info.pax_headers = {}
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    path.write_bytes(raw.getvalue())


def build(out: Path, version: str, epoch: int) -> list[Path]:
    """Wheels and sdists of both packages at `version` into `out`; returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("metastudio_*.whl"), *out.glob("metastudio_*.tar.gz")]:
        old.unlink()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryDirectory(prefix="metastudio-dist-") as tmp:
        constraints = build_constraints(Path(tmp))
        for package in PACKAGES:
            copy = stage(package, version, Path(tmp), epoch)
            cmd = [uv(), "build", "-q", "--python", sys.executable, "-b", str(constraints)]
            proc = subprocess.run(
                [*cmd, "--sdist", "--wheel", "-o", str(out), str(copy)],
                capture_output=True,
                text=True,
                env=env,
                timeout=300,
                check=False,
            )
            if proc.returncode != 0:
                raise DistError(f"uv build {package.name} failed: {proc.stderr.strip()[-2000:]}")
    for sdist in out.glob("metastudio_*.tar.gz"):
        normalize_sdist(sdist, epoch)
    return sorted([*out.glob("metastudio_*.whl"), *out.glob("metastudio_*.tar.gz")])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator dist", description=__doc__)
    parser.add_argument("--out", type=Path, default=DIST, help="output folder (default dist/)")
    args = parser.parse_args(argv)
    try:
        chosen = plan()
        epoch = source_date_epoch()
        files = build(args.out, chosen.version, epoch)
        record = history.load_record()
        released = record.latest is not None and record.latest.version == chosen.version
        unreleased = None if released else (chosen.version, chosen.changes, chosen.python_api)
        text = changelog.render(record, unreleased=unreleased)
    except (DistError, history.HistoryError, compare.DiffToolError) as exc:
        print(f"dist: {exc}", file=sys.stderr)
        return 2 if not isinstance(exc, DistError) or "unacknowledged" not in str(exc) else 1
    (args.out / "CHANGELOG.md").write_text(text, encoding="utf-8")
    sums = "".join(f"{sha256(f)}  {f.name}\n" for f in files)
    (args.out / "SHA256SUMS").write_text(sums, encoding="utf-8")
    print(f"dist: version {chosen.version} ({len(chosen.changes)} changes since {chosen.base})")
    for f in files:
        print(f"  {args.out / f.name}")
    return 0
