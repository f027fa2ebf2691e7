"""CHANGELOG.md, generated from the classified diffs between consecutive releases of
spec/releases.yaml (and, for `make dist`, the unreleased changes since the latest one)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from generator.release import compare, history, pyapi

CHANGELOG = history.REPO / "CHANGELOG.md"
HEADINGS = {"breaking": "Breaking", "compatible": "Compatible", "docs": "Docs"}


def section(
    title: str,
    changes: list[compare.Change],
    intro: str = "",
    python_api: list[pyapi.PyBreak] | None = None,
) -> list[str]:
    out = [f"## {title}", ""]
    if intro:
        out += [intro, ""]
    if not changes:
        out += ["No change of the spec.", ""]
    if python_api:
        out += ["### Breaking (generated Python API)", ""]
        out += [f"- `{b.path}`: {b.what}" for b in python_api]
        out.append("")
    for kind in reversed(compare.KINDS):
        picked = [c for c in changes if c.kind == kind]
        if picked:
            out += [f"### {HEADINGS[kind]}", ""]
            out += [f"- `{c.where}`: {c.what}" for c in picked]
            out.append("")
    return out


def render(
    record: history.Record,
    repo: Path = history.REPO,
    unreleased: tuple[str, list[compare.Change], list[pyapi.PyBreak]] | None = None,
) -> str:
    """The whole changelog; `unreleased` = (next version, changes and Python API breakages
    since the latest release)."""
    out = [
        "# Changelog",
        "",
        "Versions of the generated packages `metastudio-client` and `metastudio-models` (semver:",
        "breaking -> major, compatible -> minor, docs -> patch), generated from the classified",
        "changes of `spec/metastudio.yaml` between the releases of `spec/releases.yaml` by",
        "`python -m generator release` (see docs/releases.md).",
        "The spec's `info.version` stays the API's own date.",
        "",
    ]
    if unreleased is not None:
        version, changes, breaks = unreleased
        out += section(f"{version} (unreleased)", changes, python_api=breaks)
    releases = record.releases
    docs = [compare.doc_from_text(history.blob(r.spec, repo)) for r in releases]
    pairs = [(docs[i + 1], docs[i]) for i in range(len(docs) - 1)]  # (older, newer)
    diffs = compare.compare_many(pairs) if pairs else []
    for i, release in enumerate(releases):
        api = docs[i].data.get("info", {}).get("version", "?")
        title = f"{release.version} ({release.date}, API {api})"
        if i < len(diffs):
            older = releases[i + 1].generated
            breaks = python_api(older, release.generated, repo) if older else []
            out += section(title, diffs[i], python_api=breaks)
        else:
            out += [*section(title, [], "First release.")[:-2], ""]
    return "\n".join(out).rstrip("\n") + "\n"


def python_api(old_tree: str, new_tree: str, repo: Path = history.REPO) -> list[pyapi.PyBreak]:
    """griffe's breakages between two recorded generated/ trees (none when one is missing)."""
    if not new_tree:
        return []
    with tempfile.TemporaryDirectory(prefix="metastudio-changelog-") as tmp:
        old = pyapi.extract(old_tree, Path(tmp) / "old", repo)
        new = pyapi.extract(new_tree, Path(tmp) / "new", repo)
        return pyapi.breakages(old, new)
