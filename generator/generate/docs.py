"""generated/docs/: Markdown pages rendered by our jinja2 templates from the spec and errata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from generator.generate import diagrams
from generator.generate.specinfo import TemplateFacts
from generator.generate.tree import REPO, TEMPLATES


def _cell(value: Any) -> str:
    """One Markdown table cell: a single line, pipes escaped."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text.replace("|", "\\|")


def _code(value: Any) -> str:
    """Inline code for a value as it appears on the wire (JSON for non-strings)."""
    text = value if isinstance(value, str) else json.dumps(value)
    return f"``{text}``" if "`" in text else f"`{text}`"


def _anchor(text: str) -> str:
    """GitHub's heading anchor for simple headings (letters, digits, `-`, `_`)."""
    return "".join(c for c in text.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(cell=_cell, code=_code, anchor=_anchor)
    return env


def _display(path: Path) -> str:
    """Repo-relative path for the pages (the file name alone for a spec outside the repo, so a
    copy of the spec in a temporary folder renders the same pages)."""
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return f"spec/{path.name}"


def render(info: TemplateFacts, out: Path) -> list[Path]:
    """Write every page under `out` (generated/docs); returns the files written."""
    env = environment()
    spec_name = _display(info.doc.path)
    errata_name = _display(info.doc.errata_path)
    api = info.data.get("info", {})
    common = {
        "spec": spec_name,
        "errata_file": errata_name,
        "api_title": str(api.get("title", "")),
        "api_version": str(api.get("version", "")),
    }
    pages: dict[str, str] = {}
    for group in info.enums:
        pages[f"enums/{group.name}.md"] = env.get_template("enum_group.md.jinja").render(
            group=group, **common
        )
    pages["lifecycle.md"] = env.get_template("lifecycle.md.jinja").render(
        lifecycles=info.lifecycles,
        svg_files={life.name: diagrams.file_name(life) for life in info.lifecycles},
        **common,
    )
    pages["errata.md"] = env.get_template("errata.md.jinja").render(errata=info.errata, **common)
    pages["index.md"] = env.get_template("index.md.jinja").render(
        operations=info.operations,
        enums=info.enums,
        lifecycles=info.lifecycles,
        errata=info.errata,
        comma_joined=info.comma_joined_query(),
        **common,
    )
    written = []
    for rel, text in sorted(pages.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.rstrip("\n") + "\n", encoding="utf-8", newline="\n")
        written.append(path)
    written += diagrams.render(info.lifecycles, spec_name, out)
    return sorted(written)
