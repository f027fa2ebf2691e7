"""`make dist`: versioned, reproducible wheels and sdists, and what a user gets from them: the
built wheels installed into a fresh venv (nothing editable, nothing of the repo on sys.path)
run the README quick start against the mock."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml
from mockserver import REPO, SPEC, start_thread_server
from quickstart import exports, quick_start

from generator.mock.config import Credentials, MockConfig
from generator.release import changelog, compare, dist, history, pyapi
from generator.spec import SpecDoc

pytestmark = pytest.mark.slow  # wheel builds and a fresh venv

EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z: a fixed SOURCE_DATE_EPOCH for the comparison


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.name.startswith("metastudio_")
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    """(version, first build, second build) of the same tree."""
    version = dist.plan().version
    first = tmp_path_factory.mktemp("dist1")
    second = tmp_path_factory.mktemp("dist2")
    dist.build(first, version, EPOCH)
    dist.build(second, dist.plan().version, EPOCH)
    return version, first, second


def test_same_tree_same_versions_and_identical_files(built: tuple[str, Path, Path]) -> None:
    version, first, second = built
    names = sorted(digests(first))
    assert names == [
        f"metastudio_client-{version}-py3-none-any.whl",
        f"metastudio_client-{version}.tar.gz",
        f"metastudio_models-{version}-py3-none-any.whl",
        f"metastudio_models-{version}.tar.gz",
    ]
    assert digests(first) == digests(second)  # byte for byte, sdists included


def test_the_version_reaches_the_packages_not_generated(built: tuple[str, Path, Path]) -> None:
    version, first, _ = built
    record = history.load_record()
    assert record.latest is not None
    assert history.parse_version(version) >= history.parse_version(record.latest.version)
    for wheel in first.glob("*.whl"):
        with zipfile.ZipFile(wheel) as zf:
            metadata = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
            assert f"\nVersion: {version}\n" in zf.read(metadata).decode()
            assert all(info.date_time == (2026, 1, 1, 0, 0, 0) for info in zf.infolist())
    for sdist in first.glob("*.tar.gz"):
        with tarfile.open(sdist) as tf:
            assert {m.mtime for m in tf.getmembers()} == {EPOCH}
    # generated/ keeps the API's date as its version: it is the spec's output, never edited
    api_year = str(yaml.safe_load(SPEC.read_text())["info"]["version"])[:4]
    for package in dist.PACKAGES:
        text = (package / "pyproject.toml").read_text(encoding="utf-8")
        assert f'\nversion = "{api_year}.' in text
        assert f'version = "{version}"' not in text


def test_committed_changelog_is_generated_from_the_release_record() -> None:
    assert (REPO / "CHANGELOG.md").read_text(encoding="utf-8") == changelog.render(
        history.load_record()
    )


def test_changelog_of_a_dist_lists_the_unreleased_changes_by_kind() -> None:
    data = copy.deepcopy(SpecDoc(SPEC, load_errata=False).data)
    data["components"]["schemas"]["TrainingJob"]["properties"]["planted"] = {"type": "string"}
    data["components"]["schemas"]["Error"]["description"] = "Planted wording."
    new = compare.doc_from_text(yaml.safe_dump(data, sort_keys=False, width=1_000_000))
    changes = compare.compare(SpecDoc(SPEC, load_errata=False), new)
    moved = pyapi.PyBreak("generated/models/metastudio_models/__init__.py", 9, "x.f(a): moved")
    text = changelog.render(history.load_record(), unreleased=("1.1.0", changes, [moved]))
    unreleased = text.split("## 1.1.0 (unreleased)\n", 1)[1].split("\n## ", 1)[0]
    assert "### Compatible\n\n- `GET " in unreleased
    assert "body.planted`: property added" in unreleased
    assert "### Docs\n\n- `GET " in unreleased
    assert "### Breaking\n" not in unreleased
    assert "### Breaking (generated Python API)\n\n- `generated/models/" in unreleased
    assert text.index("## 1.1.0 (unreleased)") < text.index("## 1.0.0 (")


def install_script() -> str:
    return (
        "import importlib.metadata as m, json, sys, metastudio_client, metastudio_models\n"
        "print(json.dumps({'client': metastudio_client.__file__,"
        " 'models': metastudio_models.__file__, 'path': sys.path,"
        " 'version': m.version('metastudio-client'),"
        " 'models_version': m.version('metastudio-models')}))\n"
    )


def test_wheels_install_into_a_fresh_venv_and_run_the_quick_start(
    built: tuple[str, Path, Path], tmp_path: Path
) -> None:
    version, first, _ = built
    uv = dist.uv()
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    wheels = sorted(str(p) for p in first.glob("*.whl"))
    install = [uv, "pip", "install", "-q", "--python", str(python), *wheels]
    # the dependencies come from uv's cache (filled by `make`); online only when it lacks one
    if subprocess.run([*install, "--offline"], capture_output=True, check=False).returncode:
        subprocess.run(install, check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '')}"
    where = subprocess.run(
        [str(python), "-I", "-c", install_script()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    found = json.loads(where.stdout)
    assert found["version"] == found["models_version"] == version
    for key in ("client", "models"):
        assert Path(found[key]).is_relative_to(venv), found[key]  # installed, not editable
    assert not any(entry.startswith(str(REPO)) for entry in found["path"]), found["path"]

    _, sh, python_code = quick_start()
    server = start_thread_server(
        MockConfig(
            db_path=tmp_path / "state.sqlite",
            credentials=Credentials(),
            speed=1000.0,
            spec_path=SPEC,
        )
    )
    try:
        env.update(exports(sh))
        env["METASTUDIO_ENDPOINT"] = server.base_url
        env.pop("METASTUDIO_AUTH_TOKEN", None)
        run = subprocess.run(
            [str(python), "-I", "-c", python_code],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    finally:
        server.stop()
    assert run.returncode == 0, run.stderr
    printed = run.stdout.splitlines()
    promised = [
        line.split("#", 1)[1].strip()
        for line in python_code.splitlines()
        if line.strip().startswith("print(") and "#" in line
    ]
    assert printed[0] == promised[0]
    assert printed[-1] == promised[-1]
    assert len(printed) >= 4
