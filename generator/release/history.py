"""Releases of the generated packages, recorded in the repository (spec/releases.yaml), not in
git tags (a fresh clone in CI may carry none).

A release names its spec by the git blob id of `spec/metastudio.yaml` as released
(`git cat-file blob ID`): copy-free, and still valid after a rebase or squash as long as some
commit of the history holds that exact spec. Versions are semver, from the classified diff since
the previous release: breaking -> major, compatible -> minor, docs -> patch. `info.version` of
the spec stays the API's own date.

The default BASE of `make diff` is the latest release of this record; with no release recorded,
the merge base of HEAD with `main`.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = "spec/metastudio.yaml"  # inside the repository
RECORD = REPO / "spec" / "releases.yaml"
FIRST_VERSION = "1.0.0"
MAIN = "main"


class HistoryError(Exception):
    """git could not give a version of the spec, or the record is malformed."""


@dataclass
class Release:
    version: str
    date: str
    spec: str  # git blob id of spec/metastudio.yaml as released
    acknowledged: list[str] = field(default_factory=list)
    generated: str = ""  # git tree id of generated/ as released (its Python API, for griffe)


@dataclass
class Record:
    """spec/releases.yaml: releases newest first, and the breaking changes acknowledged since."""

    releases: list[Release] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)

    @property
    def latest(self) -> Release | None:
        return self.releases[0] if self.releases else None


def load_record(path: Path = RECORD) -> Record:
    if not path.is_file():
        return Record()
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        releases = [
            Release(
                str(r["version"]),
                str(r["date"]),
                str(r["spec"]),
                [str(a) for a in r.get("acknowledged") or []],
                str(r.get("generated") or ""),
            )
            for r in data.get("releases") or []
        ]
        acknowledged = [str(a) for a in data.get("acknowledged") or []]
    except (KeyError, TypeError, AttributeError) as exc:
        raise HistoryError(f"{path}: malformed release record ({exc})") from None
    for release in releases:
        parse_version(release.version)
    return Record(releases, acknowledged)


def dump_record(record: Record) -> str:
    """The record as YAML, with the comments that explain it (the file is written by
    `python -m generator release`; acknowledgements are added by hand)."""
    out = [
        "# Releases of metastudio-client and metastudio-models, newest first. Written by",
        "# `python -m generator release`; read by `make diff` (its default BASE is the latest",
        "# release) and `make dist` (versions: semver from the classified diff since then).",
        "# spec: git blob id of spec/metastudio.yaml as released (`git cat-file blob ID`);",
        "# generated: git tree id of generated/ as released (`git archive ID`), whose Python",
        "# API griffe compares with the working tree's.",
        "#",
        "# acknowledged: breaking changes since the latest release that are intended, each",
        "# named as `make diff` prints it after its classification (`WHERE: WHAT`); they make",
        "# the next version a major one. A release moves them into its own entry.",
        "acknowledged:" + ("" if record.acknowledged else " []"),
    ]
    out += [f"  - {_quote(a)}" for a in record.acknowledged]
    out.append("releases:" + ("" if record.releases else " []"))
    for r in record.releases:
        out += [
            f"  - version: {_quote(r.version)}",
            f"    date: {_quote(r.date)}",
            f"    spec: {r.spec}",
            *([f"    generated: {r.generated}"] if r.generated else []),
            "    acknowledged:" + ("" if r.acknowledged else " []"),
        ]
        out += [f"      - {_quote(a)}" for a in r.acknowledged]
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', width=10_000).strip()


# --- versions ---------------------------------------------------------------------------------


def parse_version(version: str) -> tuple[int, int, int]:
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise HistoryError(f"not a MAJOR.MINOR.PATCH version: {version!r}")
    return int(parts[0]), int(parts[1]), int(parts[2])


def bump(version: str, level: str | None) -> str:
    """The next version after `version` for changes of `level` (None: no change)."""
    major, minor, patch = parse_version(version)
    if level == "breaking":
        return f"{major + 1}.0.0"
    if level == "compatible":
        return f"{major}.{minor + 1}.0"
    if level == "docs":
        return f"{major}.{minor}.{patch + 1}"
    return version


# --- git --------------------------------------------------------------------------------------


def git(*args: str, repo: Path = REPO) -> str:
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False, timeout=60
    )
    if proc.returncode != 0:
        raise HistoryError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout


def spec_at(ref: str, repo: Path = REPO) -> str:
    """The spec's text at a git ref (`git show REF:spec/metastudio.yaml`)."""
    return git("show", f"{ref}:{SPEC_PATH}", repo=repo)


def blob(blob_id: str, repo: Path = REPO) -> str:
    return git("cat-file", "blob", blob_id, repo=repo)


def blob_id_of(path: Path, repo: Path = REPO) -> str:
    return git("hash-object", str(path), repo=repo).strip()


@dataclass(frozen=True)
class Base:
    """The old side of a comparison: its spec text and how to name it."""

    label: str  # `release 1.0.0`, `main`, `merge-base 1a2b3c4d5e6f`
    text: str
    version: str | None  # the release's version, when the base is one
    generated: str | None = None  # git tree-ish of its generated/ (`REF:generated`, a tree id)


def default_base(record: Record, repo: Path = REPO) -> Base:
    """The latest release; with none, the merge base of HEAD with main."""
    latest = record.latest
    if latest is not None:
        generated = latest.generated or None
        return Base(f"release {latest.version}", blob(latest.spec, repo), latest.version, generated)
    merge_base = git("merge-base", "HEAD", MAIN, repo=repo).strip()
    label = f"merge-base {merge_base[:12]}"
    return Base(label, spec_at(merge_base, repo), None, f"{merge_base}:generated")


def base_at(ref: str, repo: Path = REPO) -> Base:
    return Base(ref, spec_at(ref, repo), None, f"{ref}:generated")
