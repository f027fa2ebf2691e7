"""`python -m generator generate`, run for real (lint, openapi-python-client,
datamodel-code-generator, our templates) in child processes.

- golden record: a tree generated from scratch into a temporary folder is byte for byte the
  committed generated/; a stale or hand-edited tree is reported by `--check` (what CI runs) and
  repaired by a plain run, which is then byte for byte the same again; a run with nothing
  changed is skipped;
- a broken spec stops the run with lint's file:line:rule message before any generator runs,
  and leaves the output folder as it was;
- the generated client and models pass `mypy --strict` and ruff with their own settings;
- the runtime modules ship verbatim; the docs are built from the spec, not copied.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.generate import docs
from generator.generate.specinfo import TemplateFacts
from generator.generate.tree import (
    ERRATA,
    OUT,
    REPO,
    RUNTIME,
    SPEC,
    STAMP,
    compare_trees,
    tree_digest,
    tree_files,
)
from generator.spec import SpecDoc
from generator.specmodel import build

pytestmark = pytest.mark.slow  # each runs the generators

CLIENT = OUT / "client"
MODELS = OUT / "models"
INFO = TemplateFacts(build(SpecDoc(SPEC, ERRATA)))


def generate(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"


def _copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return dst


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tree generated from scratch into an empty temporary folder."""
    out = tmp_path_factory.mktemp("fresh") / "generated"
    result = generate("--out", out)
    assert result.returncode == 0, _explain(result)
    assert "regenerated" in result.stdout
    return out


def test_fresh_tree_is_byte_for_byte_the_committed_one(fresh: Path) -> None:
    diff = compare_trees(fresh, OUT)
    assert not diff, "\n".join(diff.lines())
    files = tree_files(fresh)
    assert {rel.split("/")[0] for rel in files} == {"client", "docs", "models"}
    # No caches, no timestamps (the repair run below is byte for byte the same again).
    assert not [p for p in fresh.rglob("*") if p.name in {".ruff_cache", "__pycache__"}]
    assert (fresh / STAMP).is_file()


def test_check_reports_hand_edits_and_a_plain_run_repairs_them(fresh: Path, tmp_path: Path) -> None:
    out = _copy_tree(fresh, tmp_path / "generated")
    (out / "docs" / "index.md").write_text("edited by hand\n", encoding="utf-8")
    (out / "models" / "metastudio_models" / "extra.py").write_text("x = 1\n", encoding="utf-8")
    (out / "client" / "README.md").unlink()

    result = generate("--check", "--out", out)
    assert result.returncode == 1, _explain(result)
    assert "differs  docs/index.md" in result.stdout
    assert "extra    models/metastudio_models/extra.py" in result.stdout
    assert "missing  client/README.md" in result.stdout
    assert (out / "docs" / "index.md").read_text(encoding="utf-8") == "edited by hand\n"

    # The stamp no longer matches the tree, so a plain run (no --force) regenerates.
    result = generate("--out", out)
    assert result.returncode == 0, _explain(result)
    assert "regenerated" in result.stdout
    assert not compare_trees(out, OUT)

    # Nothing changed since: skipped.
    result = generate("--out", out)
    assert result.returncode == 0, _explain(result)
    assert "up to date, skipped" in result.stdout
    assert not compare_trees(out, OUT)
    assert not [p.name for p in tmp_path.iterdir() if p.name != "generated"]  # no temp dirs


def test_broken_spec_stops_before_any_generator(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    text = SPEC.read_text(encoding="utf-8")
    # The one line that keeps the member names of 1080P/4K stable: lint must catch its loss.
    varnames = "      x-enum-varnames: [RESOLUTION_1080P, RESOLUTION_4K]\n"
    assert varnames in text
    broken = spec_dir / "metastudio.yaml"
    broken.write_text(text.replace(varnames, ""), encoding="utf-8")
    shutil.copyfile(ERRATA, spec_dir / "errata.yaml")
    parent = tmp_path / "work"
    out = _copy_tree(OUT, parent / "generated")
    before = tree_digest(out), (out / STAMP).read_bytes()

    result = generate("--spec", broken, "--out", out)
    assert result.returncode == 1, _explain(result)
    assert re.search(r"metastudio\.yaml:\d+: enum-varnames: ", result.stdout), _explain(result)
    assert "no generator ran" in result.stderr
    assert "Generating" not in result.stdout + result.stderr  # openapi-python-client's banner
    assert (tree_digest(out), (out / STAMP).read_bytes()) == before
    assert [p.name for p in parent.iterdir()] == ["generated"]  # the staging folder is gone


def test_enum_values_that_would_share_a_member_name_are_refused(tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8")
    old = "      enum: [asc, desc]\n      x-enum-descriptions:\n        - Ascending.\n"
    assert old in text
    new = old.replace("[asc, desc]", "[asc, desc, ASC]") + "        - Also ascending.\n"
    spec = tmp_path / "metastudio.yaml"
    spec.write_text(text.replace(old, new), encoding="utf-8")
    assert INFO.member_clashes() == []
    (clash,) = TemplateFacts(build(SpecDoc(spec, ERRATA))).member_clashes()
    assert re.fullmatch(
        r".*metastudio\.yaml:\d+: enum-member-names: SortDir: 'asc' and 'ASC' both become "
        r"member ASC; give the enum x-enum-varnames",
        clash,
    )


def test_broken_spec_with_check_fails_too(tmp_path: Path) -> None:
    broken = tmp_path / "metastudio.yaml"
    broken.write_text(SPEC.read_text(encoding="utf-8") + "\n  : bad: [\n", encoding="utf-8")
    result = generate("--check", "--spec", broken, "--errata", ERRATA)
    assert result.returncode == 1, _explain(result)
    assert re.search(r"metastudio\.yaml:\d+: yaml-syntax: ", result.stdout), _explain(result)


@pytest.mark.parametrize(
    ("folder", "package"), [(CLIENT, "metastudio_client"), (MODELS, "metastudio_models")]
)
def test_generated_package_passes_mypy_strict_and_its_own_ruff(
    folder: Path, package: str, tmp_path: Path
) -> None:
    tools = Path(sys.executable).parent
    mypy = subprocess.run(
        [str(tools / "mypy"), "--strict", "--cache-dir", str(tmp_path / "mypy"), package],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    for args in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
        ruff = subprocess.run(
            [str(tools / "ruff"), *args], cwd=folder, capture_output=True, text=True, timeout=60
        )
        assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    assert (folder / package / "py.typed").is_file()
    pyproject = (folder / "pyproject.toml").read_text(encoding="utf-8")
    assert 'build-backend = "setuptools.build_meta"' in pyproject
    assert f'"{package}" = ["py.typed"]' in pyproject


def test_runtime_modules_are_copied_verbatim() -> None:
    shipped = CLIENT / "metastudio_client" / "runtime"
    sources = sorted(RUNTIME.glob("*.py"))
    assert {p.name for p in sources} >= {"__init__.py", "signing.py", "auth.py"}
    assert sorted(p.name for p in shipped.iterdir() if p.suffix == ".py") == [
        p.name for p in sources
    ]
    for source in sources:
        assert (shipped / source.name).read_bytes() == source.read_bytes(), source.name


# -- docs -----------------------------------------------------------------------------------------


def test_enum_pages_list_every_value_member_description_and_use() -> None:
    pages = sorted(p.stem for p in (OUT / "docs" / "enums").glob("*.md"))
    assert pages == sorted(group.name for group in INFO.enums)
    for group in INFO.enums:
        page = (OUT / "docs" / "enums" / f"{group.name}.md").read_text(encoding="utf-8")
        for value in group.values:
            assert f"| `{value.value}` | `{value.member}` |" in page, (group.name, value)
            assert " ".join(value.description.split()) in page
        assert group.usages, group.name
        for usage in group.usages:
            assert f"| `{usage.where}` |" in page
    state = (OUT / "docs" / "enums" / "VideoJobState.md").read_text(encoding="utf-8")
    assert "| `list_video_jobs query state[]` | query parameter | array items |" in state
    resolution = (OUT / "docs" / "enums" / "ModelResolution.md").read_text(encoding="utf-8")
    assert "| `1080P` | `RESOLUTION_1080P` |" in resolution


def test_lifecycle_page_is_drawn_from_x_lifecycle(tmp_path: Path) -> None:
    page = (OUT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    assert page.count("stateDiagram-v2") == 2
    for life in INFO.lifecycles:
        assert f"    [*] --> {life.initial}\n" in page
        for t in life.edges:
            assert f"    {t.source} --> {t.target} : {t.label}\n" in page
        for state in life.final:
            assert f"    {state} --> [*]\n" in page
    assert (
        "    WAIT_FILE_UPLOAD --> AUTO_VERIFYING : SUBMITVERIFYING if all_parts_uploaded\n" in page
    )

    # Change the lifecycle in a copy of the spec: the page follows (no hand copy anywhere).
    data = json.loads(json.dumps(INFO.data))
    life = data["components"]["schemas"]["VideoJobState"]["x-lifecycle"]
    life["transitions"].append({"from": ["WAITING"], "trigger": "system_failure", "to": "CANCELED"})
    copy = tmp_path / "metastudio.yaml"
    copy.write_text(json.dumps(data), encoding="utf-8")
    docs.render(TemplateFacts(build(SpecDoc(copy, ERRATA))), tmp_path / "docs")
    changed = (tmp_path / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    assert "    WAITING --> CANCELED : system_failure\n" in changed
    assert "WAITING --> CANCELED" not in page


def test_errata_page_has_every_entry_and_its_referrers() -> None:
    page = (OUT / "docs" / "errata.md").read_text(encoding="utf-8")
    assert INFO.errata
    for entry in INFO.errata:
        assert f"\n## {entry['id']}\n" in page
        for pointer, _ in entry["referrers"]:
            assert f"`#{pointer}`" in page
    index = (OUT / "docs" / "index.md").read_text(encoding="utf-8")
    for op in INFO.operations:
        assert f"| `{op.operation_id}` | {op.http_method} | `{op.path}` |" in index
