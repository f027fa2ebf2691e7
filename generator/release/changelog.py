"""CHANGELOG.md, generated from the classified diffs between consecutive releases of
spec/releases.yaml (and, for `make dist`, the unreleased changes since the latest one)."""

from __future__ import annotations

from pathlib import Path

from generator.release import compare, history

CHANGELOG = history.REPO / "CHANGELOG.md"
HEADINGS = {"breaking": "Breaking", "compatible": "Compatible", "docs": "Docs"}


def section(title: str, changes: list[compare.Change], intro: str = "") -> list[str]:
    out = [f"## {title}", ""]
    if intro:
        out += [intro, ""]
    if not changes:
        out += ["No change of the spec.", ""]
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
    unreleased: tuple[str, list[compare.Change]] | None = None,
) -> str:
    """The whole changelog; `unreleased` = (next version, changes since the latest release)."""
    out = [
        "# Changelog",
        "",
        "Versions of the generated packages `metastudio-client` and `metastudio-models` (semver:",
        "breaking -> major, compatible -> minor, docs -> patch), generated from the classified",
        "changes of `spec/metastudio.yaml` between the releases of `spec/releases.yaml` by",
        '`python -m generator release` (see README, "Spec changes, versions and releases").',
        "The spec's `info.version` stays the API's own date.",
        "",
    ]
    if unreleased is not None:
        version, changes = unreleased
        out += section(f"{version} (unreleased)", changes)
    releases = record.releases
    docs = [compare.doc_from_text(history.blob(r.spec, repo)) for r in releases]
    pairs = [(docs[i + 1], docs[i]) for i in range(len(docs) - 1)]  # (older, newer)
    diffs = compare.compare_many(pairs) if pairs else []
    for i, release in enumerate(releases):
        api = docs[i].data.get("info", {}).get("version", "?")
        title = f"{release.version} ({release.date}, API {api})"
        if i < len(diffs):
            out += section(title, diffs[i])
        else:
            out += [*section(title, [], "First release.")[:-2], ""]
    return "\n".join(out).rstrip("\n") + "\n"
