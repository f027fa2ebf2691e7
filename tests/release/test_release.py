"""`python -m generator release` end to end, in a scratch git repository holding a copy of our
package and spec: first release, a compatible one, a refused then acknowledged breaking one;
the record, the versions and the generated CHANGELOG.md follow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mockserver import REPO

from generator.release import compare, history

pytestmark = pytest.mark.slow  # a release cut in a scratch repository


def sh(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "METASTUDIO_NODE_MODULES": str(compare.NODE_MODULES),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        list(args), cwd=repo, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert not check or proc.returncode == 0, proc.stderr
    return proc


def generator(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The copy's own package: `-m` puts the scratch repo first on sys.path."""
    return sh(repo, sys.executable, "-m", "generator", *args, check=False)


def edit_spec(repo: Path, change: str) -> None:
    spec = repo / history.SPEC_PATH
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    props = data["components"]["schemas"]["TrainingJob"]["properties"]
    if change == "add":
        props["planted"] = {"type": "string", "description": "Planted."}
    else:
        props.pop("asset_id")
    spec.write_text(yaml.safe_dump(data, sort_keys=False, width=1_000_000), encoding="utf-8")
    sh(repo, "git", "commit", "-qam", change)


def test_release_flow(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "generator", repo / "generator", ignore=ignore)
    (repo / "spec").mkdir()
    shutil.copy(REPO / history.SPEC_PATH, repo / history.SPEC_PATH)
    (repo / "spec" / "releases.yaml").write_text(history.dump_record(history.Record()))
    sh(repo, "git", "init", "-q", "-b", "main")
    sh(repo, "git", "add", "-A")
    sh(repo, "git", "commit", "-qm", "start")

    first = generator(repo, "release", "--date", "2026-01-01")
    assert first.returncode == 0, first.stderr
    record = history.load_record(repo / "spec" / "releases.yaml")
    assert [r.version for r in record.releases] == ["1.0.0"]
    blob = sh(repo, "git", "rev-parse", f"HEAD:{history.SPEC_PATH}").stdout.strip()
    assert record.releases[0].spec == blob
    sh(repo, "git", "commit", "-qam", "release 1.0.0")
    assert "nothing to release" in generator(repo, "release").stdout

    edit_spec(repo, "add")
    assert generator(repo, "release", "--date", "2026-02-01").returncode == 0
    sh(repo, "git", "commit", "-qam", "release 1.1.0")
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 1.1.0 (2026-02-01, API " in changelog
    assert "### Compatible" in changelog and "body.planted`: property added" in changelog

    edit_spec(repo, "remove")
    gate = generator(repo, "diff")
    assert gate.returncode == 1
    assert "not acknowledged" in gate.stderr
    assert generator(repo, "release").returncode == 1  # refused while unacknowledged
    key = next(line for line in gate.stderr.splitlines() if line.startswith("  - "))[4:]
    record = history.load_record(repo / "spec" / "releases.yaml")
    record.acknowledged.append(yaml.safe_load(key))
    (repo / "spec" / "releases.yaml").write_text(history.dump_record(record))
    assert generator(repo, "diff").returncode == 0  # acknowledged: the gate passes
    assert generator(repo, "release", "--date", "2026-03-01").returncode == 0
    record = history.load_record(repo / "spec" / "releases.yaml")
    assert [r.version for r in record.releases] == ["2.0.0", "1.1.0", "1.0.0"]
    assert record.releases[0].acknowledged == [yaml.safe_load(key)]
    assert record.acknowledged == []
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.index("## 2.0.0") < changelog.index("## 1.1.0") < changelog.index("## 1.0.0")
    assert (
        "### Breaking\n\n- `GET " in changelog and "body.asset_id`: property removed" in changelog
    )
