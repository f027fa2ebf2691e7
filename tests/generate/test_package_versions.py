"""Both generated packages have `__version__` (issue 24): the installed distribution's
version, which is the version generated/ carries (a wheel of `make dist` carries its own)."""

from __future__ import annotations

import importlib.metadata
import re

import metastudio_client
import metastudio_models
import pytest
from mockserver import REPO


@pytest.mark.parametrize(
    ("package", "folder", "distribution"),
    [
        (metastudio_client, "client", "metastudio-client"),
        (metastudio_models, "models", "metastudio-models"),
    ],
)
def test_each_package_has_the_version_of_its_pyproject(
    package: object, folder: str, distribution: str
) -> None:
    pyproject = (REPO / "generated" / folder / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"$', pyproject, re.M)
    assert match
    version = getattr(package, "__version__", None)
    assert version == match.group(1) == importlib.metadata.version(distribution)
    assert "__version__" in getattr(package, "__all__", ["__version__"])
