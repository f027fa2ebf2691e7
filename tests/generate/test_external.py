"""What `make generate` relies on in openapi-python-client, checked against the installed version,
and our step after it (external.LAYOUT): one way into the generated client.

openapi-python-client is used through its command line and documented hooks only (custom
templates, config, post hooks); nothing of it is patched. When a new version changes what our
templates and LAYOUT rely on, these tests say what to check.
"""

from __future__ import annotations

import ast
import json
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2
import metastudio_client
import openapi_python_client
import pytest

from generator.generate import external
from generator.generate.tree import OUT, REPO, TEMPLATES, GenerateError

STOCK = Path(openapi_python_client.__file__).parent / "templates"
OURS = TEMPLATES / "client"
ONLY_OURS = {"facade.py.jinja"}  # templates openapi-python-client does not have
OUR_STEPS = ("cli/",)  # rendered by our own steps (generate/cli.py), not by openapi-python-client
PACKAGE = OUT / "client" / external.CLIENT_PACKAGE


def replaced() -> list[str]:
    """Our client templates that stand in for one of openapi-python-client's own."""
    names = (p.relative_to(OURS).as_posix() for p in OURS.rglob("*.jinja"))
    return sorted(
        name for name in names if name not in ONLY_OURS and not name.startswith(OUR_STEPS)
    )


def test_the_installed_openapi_python_client_is_the_version_checked() -> None:
    installed = version("openapi-python-client")
    assert installed == external.OPENAPI_PYTHON_CLIENT, (
        f"openapi-python-client {installed} is installed, but generator/templates/client/ and"
        f" generate/external.py were checked against {external.OPENAPI_PYTHON_CLIENT}: compare"
        f" each template ours replace ({', '.join(replaced())}) with the new version's, check"
        " that it still renders client.py.jinja once into client.py and endpoint_module.py.jinja"
        " into api/<tag>/<operation>.py (LAYOUT), then set OPENAPI_PYTHON_CLIENT"
    )
    pin = re.search(r'"openapi-python-client==([^"]+)"', (REPO / "pyproject.toml").read_text())
    assert pin and pin.group(1) == installed, "pyproject.toml pins another version"


def test_every_template_we_replace_is_one_of_its_own() -> None:
    gone = [name for name in replaced() if not (STOCK / name).is_file()]
    assert not gone, (
        f"openapi-python-client {version('openapi-python-client')} has no {gone}: ours would"
        " never be rendered (renamed upstream? add it to ONLY_OURS if it is a new one of ours)"
    )


def test_generate_uses_its_command_line_and_patches_nothing() -> None:
    """Of openapi_python_client, generator/generate imports only the command line (`cli.app`),
    and assigns no attribute of anything (no monkey-patching)."""
    for path in sorted((REPO / "generator" / "generate").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openapi_"):
                assert node.module == "openapi_python_client.cli", (path.name, node.module)
                assert [alias.name for alias in node.names] == ["app"], path.name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("openapi_") for a in node.names), path.name
            if isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    root = target
                    while isinstance(root, ast.Attribute):
                        root = root.value
                    assert not (
                        isinstance(target, ast.Attribute)
                        and isinstance(root, ast.Name)
                        and root.id[0].isupper()
                    ), f"{path.name}:{node.lineno} assigns to a class attribute"


def test_layout_says_what_a_version_no_longer_writes(tmp_path: Path) -> None:
    package = tmp_path / external.CLIENT_PACKAGE
    (package / "api").mkdir(parents=True)
    (package / "client.py").write_text("", encoding="utf-8")
    with pytest.raises(GenerateError, match=r"wrote no metastudio_client/errors\.py, which"):
        external.arrange_package(package)
    (package / "errors.py").write_text("", encoding="utf-8")
    external.arrange_package(package)
    assert sorted(p.name for p in package.iterdir()) == ["_api", "facade.py"]


def test_one_way_in_the_generated_package() -> None:
    """The facade is the client: no stock `Client`, no public endpoint modules, no second error
    family or response type; the facade builds requests with our endpoint modules' `request`."""
    names = sorted(p.name for p in PACKAGE.iterdir())
    assert "_api" in names and "facade.py" in names, names
    assert not {"api", "client.py", "errors.py"} & set(names), names
    for name in ("Client", "AuthenticatedClient"):
        assert not hasattr(metastudio_client, name) and name not in metastudio_client.__all__
    types = (PACKAGE / "types.py").read_text(encoding="utf-8")
    assert "class Response" not in types
    facade = (PACKAGE / "facade.py").read_text(encoding="utf-8")
    assert "_get_kwargs" not in facade
    modules = sorted((PACKAGE / "_api").glob("*/*.py"))
    endpoints = [p for p in modules if p.name != "__init__.py"]
    assert endpoints, modules
    for path in endpoints:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        assert functions == ["request"], (path.name, functions)
        assert f"{path.stem}.request(" in facade, path.stem


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        [1, 2.5, "x"],
        {'a "quoted" key': ["back\\slash", "tab\there", "line\nbreak", "中文 é"]},
        {"nested": {"empty": [], "none": None, "false": False}},
    ],
)
def test_facts_reach_the_templates_as_the_same_values(value: Any) -> None:
    text = external.facts_template({"fact": value})
    use = f'{{% from "{external.FACTS_TEMPLATE}" import fact %}}{{{{ fact | tojson }}}}'
    env = jinja2.Environment(loader=jinja2.DictLoader({external.FACTS_TEMPLATE: text, "use": use}))
    assert json.loads(env.get_template("use").render()) == value
