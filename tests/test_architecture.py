"""ARCHITECTURE.md's import rules, checked on the source so the document stays true."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
TESTS = PACKAGE.parent / "tests"
# folders of tests/ that are not a part of generator/, and what they hold instead
OTHER_TEST_FOLDERS = {
    "client": "the generated client (generated/client): facade, endpoints, deployment",
    "spec": "the spec against its sources: the pages, the SDK, the lifecycle facts file",
    "support": "helpers, imported by bare name",
    "fixtures": "data files",
    "examples": "the scripts of examples/, each run against a fresh mock",
}
# top-level test files about the repository rather than one module
REPOSITORY_TESTS = {"test_architecture.py", "test_readme.py", "test_new_operation.py"}

# part of `generator` -> the other parts it may import (spec.py and specmodel.py are open to
# everyone; generate may call lint's entry point, see below)
ALLOWED: dict[str, set[str]] = {
    "spec": set(),
    "specmodel": {"spec"},
    "runtime": set(),
    "lint": {"spec", "specmodel"},
    "generate": {"spec", "specmodel", "lint"},
    "mock": {"spec", "specmodel", "runtime"},
    "contract": {"spec", "specmodel", "runtime", "mock"},
    "proxy": {"spec", "specmodel", "runtime", "mock", "contract"},
    "crosscheck": {"spec"},
    "release": {"spec"},
    "site": {"spec"},
}


def part_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def imported_parts(path: Path) -> set[str]:
    """The `generator.<part>` modules a file imports, statically or through importlib."""
    parts: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.ImportFrom) and node.level >= 2:
            # `from ..x import y` inside generator/<part>/ reaches generator.x
            names = [f"generator.{node.module or node.names[0].name}"]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        for name in names:
            bits = name.split(".")
            if bits[0] == "generator" and len(bits) > 1:
                parts.add(bits[1])
    return parts


FILES = sorted(p for p in PACKAGE.rglob("*.py") if part_of(p) in ALLOWED)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_architecture(path: Path) -> None:
    part = part_of(path)
    foreign = imported_parts(path) - ALLOWED[part] - {part}
    assert not foreign, f"generator/{part} must not import generator.{sorted(foreign)}"


def test_generate_reaches_lint_only_through_its_entry_point() -> None:
    """generate calls `generator.lint.main` (with its explicit --node-optional option) and
    nothing else of lint: no importlib, no environment variable between them."""
    imported: set[tuple[str, str]] = set()
    for path in (PACKAGE / "generate").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "generator.lint"
            ):
                imported.update((node.module or "", alias.name) for alias in node.names)
            if isinstance(node, ast.Attribute):
                assert node.attr != "import_module", path
    assert imported == {
        ("generator.lint", "main"),
        ("generator.lint.redocly", "NODE_OPTIONAL_FLAG"),
    }


def test_runtime_imports_only_stdlib_httpx_and_itself() -> None:
    allowed_third_party = {"httpx", "orjson"}  # orjson: optional, behind an ImportError guard
    for path in (PACKAGE / "runtime").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots = {node.module.split(".")[0]}
            else:
                continue
            stray = {r for r in roots if r not in sys.stdlib_module_names} - allowed_third_party
            assert not stray, f"{path.name} imports {stray}: runtime ships inside the client"


def test_tests_mirror_the_package() -> None:
    """A module's tests are found from its path: generator/<part>/ -> tests/<part>/,
    generator/<module>.py -> tests/test_<module>.py (or tests/<module>/)."""
    parts = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_")}
    for folder in sorted(p for p in TESTS.iterdir() if p.is_dir() and p.name != "__pycache__"):
        assert folder.name in parts | modules | set(OTHER_TEST_FOLDERS), (
            f"tests/{folder.name}/ mirrors nothing in generator/: name it after the part it"
            f" tests ({', '.join(sorted(parts))}) or one of {sorted(OTHER_TEST_FOLDERS)}"
        )
    for path in sorted(TESTS.glob("test_*.py")):
        stem = path.stem.removeprefix("test_")
        assert stem in modules or path.name in REPOSITORY_TESTS, (
            f"tests/{path.name}: put it in tests/<part>/ for the generator/<part>/ it tests"
        )
    helpers = [p.name for p in (TESTS / "support").glob("test_*.py")]
    assert not helpers, f"tests/support/ holds helpers, not tests: {helpers}"


def test_the_proxy_signs_with_the_runtime_only_and_nothing_imports_it() -> None:
    """No second signer: the proxy hashes nothing itself, and reaches contract/ only for the
    drift rules and the fuzz run's budget defaults."""
    for path in (PACKAGE / "proxy").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not {a.name for a in node.names} & {"hmac", "hashlib"}, path
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                assert node.module not in ("hmac", "hashlib"), path
                if node.module.startswith("generator.contract"):
                    assert node.module in ("generator.contract.drift", "generator.contract.fuzz")
    for path in FILES:
        if part_of(path) != "proxy":
            assert "proxy" not in imported_parts(path), path


# The schema walk lives once, in spec.py (the one module every part may import); a second
# definition under one of these names anywhere else is a copy that can drift.
SCHEMA_WALK = {"properties", "ref_name", "default_of", "json_schema", "json_media_schema"}


def test_the_schema_walk_is_written_once_in_spec_py() -> None:
    copies = []
    for path in FILES:
        if path.name == "spec.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "name", "")
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
                name.lstrip("_") in SCHEMA_WALK or name in {"_deref", "deref"}
            ):
                copies.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {name}")
    assert not copies, f"schema walk helpers belong in generator/spec.py: {copies}"


def test_one_spec_model_and_no_second_lifecycle_parse() -> None:
    """specmodel.ApiModel is the model; the parts derive facts from it under other names."""
    clashes = []
    for path in FILES:
        if path.name == "specmodel.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name in {
                "SpecModel",
                "SpecInfo",
                "ApiModel",
            }:
                clashes.append(f"{path.relative_to(PACKAGE)}:{node.lineno} class {node.name}")
            if isinstance(node, ast.Name | ast.Attribute) and (
                getattr(node, "id", None) == "parse_lifecycle"
                or getattr(node, "attr", None) == "parse_lifecycle"
            ):
                clashes.append(f"{path.relative_to(PACKAGE)}:{node.lineno} parse_lifecycle")
    assert not clashes, clashes
