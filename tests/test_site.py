"""`make docs`: site/index.html built for real (Redocly CLI) and loaded from file:// in Debian's
headless Chromium, driven by Playwright.

- the file is self-contained: every request the page makes stays on file:, data: or blob:
  (anything else is aborted and recorded), and the console shows no error;
- every operation of the spec renders with its summary, the page's search finds
  `commond_result`, the lifecycle SVG is visible with every TrainingJobState value;
- the errata and enum pages, and the hand-written pages of docs/, are sections of the same
  page;
- a screenshot of the lifecycle section goes to reports/site-lifecycle.png.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from generator import site
from generator.generate.specinfo import TemplateFacts
from generator.generate.tree import ERRATA, REPO, SPEC
from generator.spec import SpecDoc
from generator.specmodel import build

INFO = TemplateFacts(build(SpecDoc(SPEC, ERRATA)))
REPORTS = REPO / "reports"
# What `make chromium` installs (CI runs `make test`, which depends on it).
CHROMIUM = shutil.which("chromium-headless-shell") or "/usr/bin/chromium-headless-shell"
# This machine's network is closed: no background traffic, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "index.html"
    size = site.build(SPEC, site.DOCS, out)
    assert size == out.stat().st_size
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} missing: `make chromium` installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Recorder:
    """Every request that would leave the file, and every console error, of one page."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.errors: list[str] = []

    def route(self, route: Route) -> None:
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()


@pytest.fixture(scope="module")
def loaded(browser: Browser, page_file: Path) -> Iterator[tuple[Page, Recorder, str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    recorder = Recorder()
    context.route("**/*", recorder.route)
    page = context.new_page()
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(LOCAL_SCHEMES) else recorder.external.append(request.url)
        ),
    )
    page.on(
        "console",
        lambda message: recorder.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: recorder.errors.append(f"page error: {error}"))
    url = page_file.as_uri()
    page.goto(f"{url}#/")  # same document: no reload
    page.get_by_test_id("search-trigger").wait_for()
    try:
        yield page, recorder, url
    finally:
        context.close()


@pytest.mark.slow
def test_file_is_self_contained(page_file: Path) -> None:
    html = page_file.read_text(encoding="utf-8")
    head = html[: html.index('<div id="redoc"')]
    assert "<script" in html and "hydrate(" in html  # the inlined bundle
    assert "https://cdn." not in head
    for url in site.OFFLINE_PATCHES:
        assert url not in html
    # Every lifecycle picture is inline (in the page's JSON definition), and the sections of
    # the generated pages are there.
    for life in INFO.lifecycles:
        assert f'data-svg=\\"lifecycle-{life.name}.svg\\"' in html
    enums = [site.ENUM_PREFIX + group.name.lower() for group in INFO.enums]
    guides = [site.guide_section(name) for name in site.guide_pages(site.GUIDES)]
    for name in (site.LIFECYCLES, site.ERRATA, *enums, *guides):
        assert f'"name":"{name}"' in html, name


@pytest.mark.browser
def test_every_operation_renders_with_its_summary(loaded: tuple[Page, Recorder, str]) -> None:
    page, _, url = loaded
    operations = list(INFO.operations)
    assert len(operations) == len(list(INFO.doc.operations()))
    for op in operations:
        page.goto(f"{url}#/{site.slug(op.tag)}/{op.operation_id}")
        heading = page.get_by_role("heading", name=op.summary)
        heading.wait_for(state="visible")
        assert heading.is_visible(), op.operation_id
        entry = page.locator(f'.menu-content a[href="#/{site.slug(op.tag)}/{op.operation_id}"]')
        assert entry.text_content() == f"{op.summary}{op.method.lower()}"  # the side menu
        assert page.get_by_text(op.path, exact=True).count() >= 1, op.path


@pytest.mark.browser
def test_search_finds_commond_result(loaded: tuple[Page, Recorder, str]) -> None:
    page, _, url = loaded
    page.goto(f"{url}#/")  # same document: no reload
    page.get_by_test_id("search-trigger").click()
    page.keyboard.type("commond_result")
    dialog = page.get_by_test_id("search-dialog")
    command = next(op for op in INFO.operations if op.operation_id == "execute_training_command")
    dialog.get_by_text(command.summary).wait_for(state="visible")
    assert "commond_result" in dialog.inner_text()
    page.keyboard.press("Escape")


@pytest.mark.browser
def test_lifecycle_svg_is_visible_with_the_training_states(
    loaded: tuple[Page, Recorder, str],
) -> None:
    page, _, url = loaded
    training = next(life for life in INFO.lifecycles if life.name == "TrainingJobState")
    page.goto(f"{url}#/{site.LIFECYCLES}/{site.slug(training.name)}")
    svg = page.locator(f'div[data-svg="lifecycle-{training.name}.svg"] svg')
    svg.wait_for(state="visible")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 300, box
    drawn = set(svg.locator("text").all_text_contents())
    assert set(training.states) <= drawn
    initial = svg.locator("g.node").filter(
        has=page.locator("title", has_text=re.compile(f"^{training.initial}$"))
    )
    initial.scroll_into_view_if_needed()
    assert initial.is_visible()
    assert initial.locator("text").text_content() == training.initial
    REPORTS.mkdir(exist_ok=True)
    page.screenshot(path=REPORTS / "site-lifecycle.png")
    assert (REPORTS / "site-lifecycle.png").stat().st_size > 10_000


@pytest.mark.browser
def test_errata_and_enum_pages_are_reachable(loaded: tuple[Page, Recorder, str]) -> None:
    page, _, url = loaded
    page.goto(f"{url}#/")  # same document: no reload
    menu = page.locator(".menu-content")
    for label in ("Lifecycles", "Errata", *(group.name for group in INFO.enums)):
        assert menu.get_by_text(label, exact=True).count() >= 1, label
    # The enum page's own links lead to its erratum and to its lifecycle.
    group = next(g for g in INFO.enums if g.name == "VideoJobState")
    enum_section = f"{url}#/{site.ENUM_PREFIX}{group.name.lower()}"
    page.goto(enum_section)
    page.get_by_role("heading", name=group.name).first.wait_for(state="visible")
    for value in group.values:
        assert page.get_by_text(str(value.value), exact=True).count() >= 1, value.value
    erratum = group.errata[0]
    page.locator(f'a[href="#/{site.ERRATA}/{erratum.lower()}"]').first.click()
    page.get_by_role("heading", name=erratum).first.wait_for(state="visible")
    assert page.evaluate("location.hash") == f"#/{site.ERRATA}/{erratum.lower()}"
    page.goto(enum_section)
    page.locator(f'a[href="#/{site.LIFECYCLES}/{group.name.lower()}"]').first.click()
    page.locator(f'div[data-svg="lifecycle-{group.name}.svg"] svg').wait_for(state="visible")


def test_every_link_between_the_pages_has_a_target() -> None:
    """Each `#/section[/heading]` link the pages became names a section of the page and, if
    any, a heading of that section (Redoc's route of a heading is its slug)."""
    data = site.docs_spec(INFO.data, site.DOCS)
    headings = {}
    for tag in data["tags"]:
        text = str(tag.get("description", ""))
        headings[tag["name"]] = {site.slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}
    texts = [str(data["info"]["description"])]
    texts += [str(tag.get("description", "")) for tag in data["tags"]]
    links = [link for text in texts for link in re.findall(r"\]\(#/([^)]*)\)", text)]
    assert len(links) > len(INFO.enums)
    for link in links:
        section, _, heading = link.partition("/")
        assert section in headings, link
        assert not heading or heading in headings[section], link
    assert not any(re.search(r"\]\([^)#]*\.md\b", text) for text in texts)


def test_every_page_of_docs_is_a_guide_section() -> None:
    """docs/*.md, the hand-written reference, beside the generated pages: each page is one
    section titled as the page, with its text, listed under "Guides"."""
    data = site.docs_spec(INFO.data, site.DOCS)
    tags = {tag["name"]: tag for tag in data["tags"]}
    pages = sorted((REPO / "docs").glob("*.md"))
    assert len(pages) >= 10  # client, mock, limits, faults, proxy, cli, ...
    for path in pages:
        lines = path.read_text(encoding="utf-8").splitlines()
        tag = tags[site.GUIDE_PREFIX + site.slug(path.stem)]
        assert tag["x-traitTag"] is True and tag["x-displayName"] == lines[0].removeprefix("# ")
        # the page's first paragraph line with no link in it is in the section
        plain = next(line for line in lines[1:] if line.strip() and "](" not in line)
        assert plain in tag["description"], (path.name, plain)
    group = next(g for g in data["x-tagGroups"] if g["name"] == "Guides")
    assert group["tags"] == [site.GUIDE_PREFIX + site.slug(p.stem) for p in pages]


@pytest.mark.browser
def test_nothing_left_file_and_no_console_error(loaded: tuple[Page, Recorder, str]) -> None:
    """Runs last in this module: covers every page visited above."""
    _, recorder, _ = loaded
    assert recorder.external == []
    assert recorder.errors == []


@pytest.mark.slow
def test_docs_command_explains_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site" / "index.html"
    assert site.main(["--docs", str(tmp_path), "--out", str(out)]) == 1
    assert "run `make generate` first" in capsys.readouterr().err
    assert not out.exists()
    # A Redoc bundle that loads something new from the network is refused, not shipped.
    with pytest.raises(site.SiteError, match="no longer contains"):
        site.offline('<html><head></head><body><div id="redoc"></div></body></html>')
    patched = "".join(f'<img src="{url}">' for url in site.OFFLINE_PATCHES)
    head = '<html><head><script src="https://cdn.example/x.js"></script></head>'
    with pytest.raises(site.SiteError, match="loads from the network"):
        site.offline(f'{head}<body><div id="redoc">{patched}</div></body></html>')
