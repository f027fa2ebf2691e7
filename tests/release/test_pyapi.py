"""griffe on the generated packages: a breakage of the Python API between two trees of
generated/ is found and named; a changed constant is not counted; the same tree has none."""

from __future__ import annotations

import shutil
from pathlib import Path

from mockserver import REPO

from generator.release import history, pyapi

MODELS = REPO / "generated" / "models"


def tree(root: Path, extra: str) -> Path:
    shutil.copytree(MODELS, root / "models", ignore=shutil.ignore_patterns("__pycache__"))
    init = root / "models" / "metastudio_models" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root


def test_a_moved_parameter_and_a_removed_class_are_breakages(tmp_path: Path) -> None:
    old = tree(
        tmp_path / "old",
        "\n\ndef planted(a: int, b: int) -> int:\n    return a\n\n\nclass Planted:\n    pass\n"
        "\n\nPLANTED_LIMIT = 1\n",
    )
    new = tree(
        tmp_path / "new",
        "\n\ndef planted(b: int, a: int) -> int:\n    return a\n\nPLANTED_LIMIT = 2\n",
    )
    found = pyapi.breakages(old, new)
    whats = sorted(b.what for b in found)
    assert whats == [
        "metastudio_models.Planted: Public object was removed",
        "metastudio_models.planted(a): Positional parameter was moved",
        "metastudio_models.planted(b): Positional parameter was moved",
    ]
    assert all(b.path == "generated/models/metastudio_models/__init__.py" for b in found)
    assert all(b.format().startswith(f"{b.path}:{b.line}: breaking (python API): ") for b in found)


def test_the_same_tree_has_no_breakage(tmp_path: Path) -> None:
    same = tree(tmp_path / "a", "")
    assert pyapi.breakages(same, same) == []


def test_the_latest_release_generated_tree_is_in_git(tmp_path: Path) -> None:
    latest = history.load_record().latest
    assert latest is not None and latest.generated
    root = pyapi.extract(latest.generated, tmp_path)
    assert (root / "client" / "metastudio_client" / "__init__.py").is_file()
    assert (root / "models" / "metastudio_models" / "__init__.py").is_file()


def test_an_instance_attribute_moved_out_of_init_is_not_removed(tmp_path: Path) -> None:
    old = tree(
        tmp_path / "old",
        "\n\nclass Holder:\n    def __init__(self) -> None:\n        self.config = 1\n"
        "        self.gone = 2\n",
    )
    new = tree(
        tmp_path / "new",
        "\n\nclass Holder:\n    def __init__(self) -> None:\n        self._setup()\n\n"
        "    def _setup(self) -> None:\n        self.config = 1\n",
    )
    whats = [b.what for b in pyapi.breakages(old, new)]
    assert whats == ["metastudio_models.Holder.gone: Public object was removed"]
