"""`make docs` (`python -m generator docs`): site/index.html, the offline HTML API reference.

One self-contained file, rendered from the spec by the pinned Redocly CLI (`build-docs`, Redoc
3) with `--inlineBundle`: the Redoc standalone bundle that ships inside the CLI is inlined, so
nothing comes from a CDN. The generated Markdown pages of `generated/docs/` become sections of
the same page (Redoc tags marked `x-traitTag`, grouped by `x-tagGroups`): the overview (index.md)
is appended to the spec's `info.description`, then "Lifecycles" (with the lifecycle SVGs of
`make generate` embedded inline), "Errata" and one section per enum. The hand-written
reference, `docs/*.md` (client, mock, limits, faults, proxy, cli, ...), follows as "Guides", one
section per page. Links between the pages become links between the sections; a link out of
them (the README, examples/) names the file, which the page does not carry.

Redoc 3's footer shows a Redocly logo loaded from its CDN; the one network reference of the
bundle that the page would fetch is replaced by an inline picture (`OFFLINE_PATCHES`), and the
build fails if the bundle no longer contains it (the browser test catches any new one).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from generator.spec import SpecDoc

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "spec" / "metastudio.yaml"
DOCS = REPO / "generated" / "docs"
GUIDES = REPO / "docs"  # the hand-written reference
OUT = REPO / "site" / "index.html"
NODE_MODULES = Path(
    os.environ.get("METASTUDIO_NODE_MODULES", REPO / ".cache" / "node" / "node_modules")
)
REDOCLY = NODE_MODULES / ".bin" / "redocly"
_QUIET_ENV = {
    "REDOCLY_TELEMETRY": "off",  # also sets disableTelemetry in the page
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "REDOCLY_SUPPRESS_NOTIFICATIONS": "true",
    "NO_COLOR": "1",
}
_LOGO = (
    "data:image/svg+xml,"
    "%3Csvg xmlns='http://www.w3.org/2000/svg' width='52' height='12'%3E%3Ctext x='0' y='10' "
    "font-family='sans-serif' font-size='10' fill='%23555'%3ERedoc%3C/text%3E%3C/svg%3E"
)
# URL in the inlined Redoc bundle that the page would load -> what it loads instead.
OFFLINE_PATCHES = {
    "https://cdn.redoc.ly/redoc/logo-mini-full.svg": _LOGO,
    "https://cdn.redoc.ly/redoc/logo-mini.svg": _LOGO,
}
# Section (tag) names of the pages; enum sections are ENUM_PREFIX + the enum name, lower case.
LIFECYCLES = "lifecycles"
ERRATA = "errata"
ENUM_PREFIX = "enum-"
GUIDE_PREFIX = "guide-"  # + the docs/*.md page's stem
_GENERATED_COMMENT = re.compile(r"\A<!--.*?-->\n")
_TITLE = re.compile(r"\A# [^\n]*\n+")
_MERMAID = re.compile(r"<details><summary>Mermaid source</summary>.*?</details>\n*", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+\.svg)\)")
_LINK = re.compile(r"\]\(([^)\s#]+\.md)?(#[^)\s]*)?\)")
_ANY_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)\)")
_URL = re.compile(r"\A[a-z][a-z0-9+.-]*:")
# CSS px per Graphviz pt of the inline lifecycle pictures: 11 pt labels at 10 px.
SVG_SCALE = 0.9
_SVG_PROLOG = re.compile(r"\A.*?(?=<svg)", re.DOTALL)


class SiteError(Exception):
    """The site cannot be built; the message says why and what to run."""


def slug(text: str) -> str:
    """Redoc's route segment for a heading or tag: lower case, runs of other characters `-`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def section_of(page: str) -> str:
    """Tag name of a generated page (path relative to generated/docs)."""
    if page == "lifecycle.md":
        return LIFECYCLES
    if page == "errata.md":
        return ERRATA
    if page.startswith("enums/") and page.endswith(".md"):
        return ENUM_PREFIX + slug(page[len("enums/") : -len(".md")])
    raise SiteError(f"no section for a link to {page}")


def _target(page: str, link: str) -> str:
    """The page a relative link of `page` points at, relative to generated/docs."""
    parts = [*page.split("/")[:-1], *link.split("/")]
    resolved: list[str] = []
    for part in parts:
        if part == "..":
            if resolved:
                resolved.pop()
        elif part not in ("", "."):
            resolved.append(part)
    return "/".join(resolved)


def _svg_inline(svg: str, name: str) -> str:
    """An SVG file as an element for the page: no XML prolog or comments, one line (a blank
    line would end Markdown's HTML block), drawn at SVG_SCALE px per pt in a frame that
    scrolls when the page is narrower. Redoc lower-cases the attributes of inline HTML, which
    kills `viewBox`, so the size is set by the outer width/height and the scale of the
    drawing's top group (Graphviz's `scale(1 1)`)."""
    body = _SVG_PROLOG.sub("", svg)
    body = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
    size = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"\s+viewBox="[^"]*"', body)
    if size is None or 'transform="scale(1 1) ' not in body:
        raise SiteError(f"{name}: not a Graphviz SVG (no size in pt, viewBox or scale)")
    width, height = (float(size.group(i)) * SVG_SCALE for i in (1, 2))
    body = body.replace(
        size.group(0),
        f'<svg role="img" aria-label="{name}" width="{width:.0f}" height="{height:.0f}"',
    )
    body = body.replace('transform="scale(1 1) ', f'transform="scale({SVG_SCALE} {SVG_SCALE}) ', 1)
    body = " ".join(line.strip() for line in body.splitlines() if line.strip())
    return (
        f'<div class="lifecycle-diagram" data-svg="{name}" style="overflow-x:auto;'
        f"width:calc(100vw - 360px);max-width:{width + 2:.0f}px;"
        f'border:1px solid #dee2e6;border-radius:6px;background:#fff">{body}</div>'
    )


def convert(page: str, text: str, docs: Path) -> str:
    """A generated Markdown page as the description of its section."""
    text = _GENERATED_COMMENT.sub("", text)
    text = _TITLE.sub("", text)
    text = _MERMAID.sub("", text)

    def image(match: re.Match[str]) -> str:
        path = docs / _target(page, match.group(2))
        if not path.is_file():
            raise SiteError(f"{page}: picture {match.group(2)} not found ({path})")
        return _svg_inline(path.read_text(encoding="utf-8"), path.name)

    def link(match: re.Match[str]) -> str:
        file, anchor = match.group(1), (match.group(2) or "")[1:]
        section = section_of(_target(page, file)) if file else section_of(page)
        return f"](#/{section}/{slug(anchor)})" if anchor else f"](#/{section})"

    text = _IMAGE.sub(image, text)
    return _LINK.sub(link, text)


def guide_section(name: str) -> str:
    """Tag name of a hand-written page (`client.md` -> `guide-client`)."""
    return GUIDE_PREFIX + slug(Path(name).stem)


def convert_guide(name: str, text: str) -> tuple[str, str]:
    """A page of docs/ as a section: (its title, its description)."""
    title = _TITLE.match(text)
    heading = title.group(0).strip().removeprefix("# ") if title else Path(name).stem
    page = f"docs/{name}"

    def link(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        if _URL.match(target):
            return match.group(0)
        file, _, anchor = target.partition("#")
        where = _target(page, file) if file else page
        if where.startswith("docs/") and where.endswith(".md") and where.count("/") == 1:
            section = guide_section(where)
        elif where.startswith("generated/docs/") and where.endswith(".md"):
            section = section_of(where.removeprefix("generated/docs/"))
        elif where in label.rstrip("/"):
            return label
        else:
            return f"{label} (`{where}`)"
        return f"[{label}](#/{section}/{slug(anchor)})" if anchor else f"[{label}](#/{section})"

    return heading, _ANY_LINK.sub(link, _TITLE.sub("", text))


def guide_pages(guides: Path) -> list[str]:
    """The pages of docs/, by name."""
    return sorted(path.name for path in guides.glob("*.md"))


def _tags(data: dict[str, Any]) -> list[str]:
    """The spec's own tags: the `tags` list, then any an operation uses that it lacks."""
    names = [str(tag["name"]) for tag in data.get("tags") or [] if "name" in tag]
    for item in (data.get("paths") or {}).values():
        for operation in item.values():
            if isinstance(operation, dict):
                for name in operation.get("tags") or []:
                    if str(name) not in names:
                        names.append(str(name))
    return names


def docs_spec(spec: dict[str, Any], docs: Path, guides: Path = GUIDES) -> dict[str, Any]:
    """The spec plus the generated pages and those of docs/ as trait-tag sections, grouped in
    the side menu."""
    data = copy.deepcopy(spec)
    if not (docs / "index.md").is_file():
        raise SiteError(f"{docs} has no index.md: run `make generate` first")

    def page(rel: str) -> str:
        return convert(rel, (docs / rel).read_text(encoding="utf-8"), docs)

    info = data.setdefault("info", {})
    info["description"] = (
        str(info.get("description", "")).rstrip()
        + "\n\n# About this reference\n\n"
        + "Built by `make docs` from the spec and the pages `make generate` writes to "
        + f"`generated/docs/`: the [lifecycles](#/{LIFECYCLES}), the [errata](#/{ERRATA}) and one "
        + "section per enum are in the side menu below the operations, and after them the "
        + "guides, the hand-written pages of `docs/`.\n\n"
        + page("index.md")
    )
    enums = sorted(path.relative_to(docs).as_posix() for path in (docs / "enums").glob("*.md"))
    sections: list[dict[str, Any]] = [
        {"name": LIFECYCLES, "x-displayName": "Lifecycles", "description": page("lifecycle.md")},
        {"name": ERRATA, "x-displayName": "Errata", "description": page("errata.md")},
    ]
    for rel in enums:
        sections.append(
            {"name": section_of(rel), "x-displayName": Path(rel).stem, "description": page(rel)}
        )
    guide_names = guide_pages(guides)
    for name in guide_names:
        title, text = convert_guide(name, (guides / name).read_text(encoding="utf-8"))
        sections.append({"name": guide_section(name), "x-displayName": title, "description": text})
    for section in sections:
        section["x-traitTag"] = True
    own = _tags(data)
    data["tags"] = [*(data.get("tags") or []), *sections]
    data["x-tagGroups"] = [
        {"name": "Operations", "tags": own},
        {"name": "Lifecycles and errata", "tags": [LIFECYCLES, ERRATA]},
        {"name": "Enums", "tags": [section_of(rel) for rel in enums]},
        {"name": "Guides", "tags": [guide_section(name) for name in guide_names]},
    ]
    return data


def offline(html: str) -> str:
    """The page with every network reference of OFFLINE_PATCHES replaced."""
    for url, local in OFFLINE_PATCHES.items():
        if url not in html:
            raise SiteError(
                f"the Redoc bundle no longer contains {url}: review OFFLINE_PATCHES in "
                "generator/site.py (the browser test lists what the page now fetches)"
            )
        html = html.replace(url, local)
    for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", html[: html.find('<div id="redoc"')]):
        if re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag):
            raise SiteError(f"the page head loads from the network: {tag}")
    return html


def build(spec: Path, docs: Path, out: Path) -> int:
    """Write `out`; returns its size in bytes."""
    if not REDOCLY.exists():
        raise SiteError(
            f"Redocly CLI not found at {REDOCLY}: run `make docs` (it installs the pinned Node "
            "tools into .cache/node)"
        )
    data = docs_spec(SpecDoc(spec).data, docs)
    title = str(data.get("info", {}).get("title", "API reference"))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="metastudio-site-") as tmp:
        source = Path(tmp) / "openapi.json"
        source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        rendered = Path(tmp) / "index.html"
        result = subprocess.run(
            [
                str(REDOCLY),
                "build-docs",
                str(source),
                "--inlineBundle",
                "--openapi.layout=stacked",
                "--title",
                title,
                "--output",
                str(rendered),
            ],
            cwd=tmp,  # no redocly.yaml of ours applies
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, **_QUIET_ENV},
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0 or not rendered.is_file():
            raise SiteError(f"redocly build-docs failed:\n{result.stdout}\n{result.stderr}")
        html = offline(rendered.read_text(encoding="utf-8"))
    staged = out.with_name(f".{out.name}.tmp")
    staged.write_text(html, encoding="utf-8", newline="\n")
    os.replace(staged, out)
    return len(html.encode("utf-8"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator docs",
        description="Build the offline HTML API reference (one self-contained file).",
    )
    parser.add_argument("--spec", type=Path, default=SPEC, help="default: %(default)s")
    parser.add_argument("--docs", type=Path, default=DOCS, help="default: %(default)s")
    parser.add_argument("--out", type=Path, default=OUT, help="default: %(default)s")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        size = build(args.spec, args.docs, args.out)
    except SiteError as exc:
        print(f"docs: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"{args.out}: {size / 1024:.0f} KiB in {elapsed:.2f}s (open it in a browser)")
    return 0
