"""Adding an operation, proven (ARCHITECTURE.md, "Adding an operation").

In a scratch copy of the repository (spec/, generator/, tests/, pyproject.toml) a new read on
training jobs comes from tests/fixtures/new_operation/: `spec.yaml` merged into the spec and
`handler.py` dropped into generator/mock/handlers/. With no other edit:

- lint passes on the copy, and `generate` makes the client method (facade), the `metastudio`
  command and the docs entry;
- the copy's mock serves it: unsigned 401, signed 200, and the copy's generated CLI (so its
  client) reads the state of a seeded job through it, signing with AK/SK;
- the contract run (schemathesis, `python -m generator fuzz`) sends it requests, and
  `crosscheck` compares it with the official SDK's method it names;
- the tests that enumerate operations (auth on each, each example through the client) run it.

Every step runs in a child process whose working directory is the copy, so `generator`,
`metastudio_client` and the spec are the copy's (the editable install comes after them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from mockserver import CREDENTIALS, REPO

from generator.mock.serve import spawn
from generator.runtime._constants import ENV_AK, ENV_PROJECT_ID, ENV_SK
from generator.runtime.auth import AkSkAuth

pytestmark = pytest.mark.slow  # lint, generate, a mock, a fuzz run and a pytest run: ~30 s

FIXTURES = Path(__file__).parent / "fixtures" / "new_operation"
SNIPPET: Any = yaml.safe_load((FIXTURES / "spec.yaml").read_text(encoding="utf-8"))
OPERATION = "show_training_job_state"  # the fixture's operationId
PATH = next(iter(SNIPPET["paths"]))
JOB = SNIPPET["paths"][PATH]["get"]["responses"]["200"]["content"]["application/json"]
JOB_ID = JOB["examples"]["page"]["value"]["job_id"]  # the spec's example job: the mock seeds it
NODE_MODULES = REPO / ".cache" / "node" / "node_modules"


def _merge(into: dict[str, Any], new: Mapping[str, Any], where: str = "") -> None:
    """Add `new` to `into`; the fixture only adds, so an existing leaf is a mistake."""
    for key, value in new.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value, f"{where}/{key}")
        else:
            assert key not in into, f"the fixture would replace {where}/{key}"
            into[key] = value


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scratch repository with the fixture's spec snippet and handler, and nothing else."""
    root = tmp_path_factory.mktemp("repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ruff_cache")
    for part in ("spec", "generator", "tests"):
        shutil.copytree(REPO / part, root / part, ignore=ignore)
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    spec = root / "spec" / "metastudio.yaml"
    data: Any = yaml.safe_load(spec.read_text(encoding="utf-8"))
    _merge(data, SNIPPET)
    spec.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copyfile(FIXTURES / "handler.py", root / "generator/mock/handlers/training_state.py")
    return root


def _run(
    copy: Path, *argv: str, env: Mapping[str, str] = {}, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python <argv>` in the copy, with the copy's generated packages first on the path."""
    generated = copy / "generated"
    environ = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": os.pathsep.join([str(generated / "client"), str(generated / "models")]),
        "METASTUDIO_NODE_MODULES": str(NODE_MODULES),
        "HOME": str(copy),
        **env,
    }
    return subprocess.run(
        [sys.executable, *argv],
        cwd=copy,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


# Without the Node tools (a machine where `make lint` never ran) lint says Redocly is skipped.
NODE = () if (NODE_MODULES / ".bin" / "redocly").exists() else ("--node-optional",)


@pytest.fixture(scope="module")
def generated(copy: Path) -> Path:
    _ok(_run(copy, "-m", "generator", "generate", timeout=300))  # lints Node-optional itself
    return copy / "generated"


def test_lint_passes_on_the_copy(copy: Path) -> None:
    out = _ok(_run(copy, "-m", "generator", "lint", *NODE))
    assert "metastudio.yaml: clean" in out


def test_generate_makes_the_method_the_command_and_the_docs_entry(generated: Path) -> None:
    client = generated / "client"
    facade = (client / "metastudio_client" / "facade.py").read_text(encoding="utf-8")
    assert facade.count(f"def {OPERATION}(") == 4  # sync, async and both raw-response views
    assert (client / "metastudio_client" / "_api" / "training_jobs" / f"{OPERATION}.py").is_file()
    index = (generated / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"| `{OPERATION}` | GET | `{PATH}` |" in index
    commands = (client / "metastudio_cli" / "commands.py").read_text(encoding="utf-8")
    assert f'"operation": "{OPERATION}"' in commands


def test_the_mock_serves_it_behind_auth_and_the_cli_calls_it(copy: Path, generated: Path) -> None:
    proc, base_url, output = spawn(copy / "state.sqlite", CREDENTIALS, cwd=copy)
    try:
        path = PATH.format(project_id=CREDENTIALS.project_id, job_id=JOB_ID)
        with httpx.Client(base_url=base_url, timeout=10) as client:
            assert client.get(path).status_code == 401
            auth = AkSkAuth(CREDENTIALS.ak, CREDENTIALS.sk, CREDENTIALS.project_id)
            signed = client.get(path, auth=auth)
            assert signed.status_code == 200, signed.text
            assert signed.json()["job_id"] == JOB_ID and signed.json()["state"]
        env = {ENV_AK: CREDENTIALS.ak, ENV_SK: CREDENTIALS.sk}
        env[ENV_PROJECT_ID] = CREDENTIALS.project_id
        argv = ("-m", "metastudio_cli", "training-jobs", "state", JOB_ID, "--endpoint", base_url)
        answer = json.loads(_ok(_run(copy, *argv, env=env, timeout=60)))
        assert answer == signed.json()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode is not None, "".join(output)


def test_without_its_handler_the_mock_refuses_to_start_naming_it(copy: Path) -> None:
    """This repository's own mock (no fixture handler) on the copy's spec: the handler is the
    one piece of code the operation needs, and the mock says which is missing."""
    spec = copy / "spec" / "metastudio.yaml"
    with pytest.raises(RuntimeError, match=f"no handler for spec operation.*{OPERATION}"):
        spawn(copy / "refused.sqlite", CREDENTIALS, ["--spec", str(spec)], cwd=REPO)


def test_the_contract_run_covers_it(copy: Path, generated: Path) -> None:
    reports = copy / "reports"
    argv = ["-m", "generator", "fuzz", "--max-examples", "5", "--phases", "examples,coverage"]
    out = _ok(_run(copy, *argv, "--report-dir", str(reports), timeout=300))
    assert f"GET {PATH}\n" in out  # the summary's operations
    har = json.loads((reports / "fuzz.har").read_text(encoding="utf-8"))
    served = [
        e["response"]["status"]
        for e in har["log"]["entries"]
        if e["request"]["url"].split("?")[0].endswith(f"/{JOB_ID}/state")
    ]
    assert 200 in served, served


def test_crosscheck_compares_it_with_the_sdk_method_it_names(copy: Path) -> None:
    """The fixture borrows an SDK method of another path, so `make crosscheck` finds exactly
    that one difference: a real operation either matches its SDK method or gets one entry per
    difference in spec/sdk-decisions.yaml (ARCHITECTURE.md counts it)."""
    done = _run(copy, "-m", "generator", "crosscheck")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"operation: {OPERATION}.endpoint: spec GET {PATH}, SDK GET " in done.stdout
    assert "1 not accounted for" in done.stdout, done.stdout


def test_the_tests_that_enumerate_operations_run_it(copy: Path, generated: Path) -> None:
    argv = ["-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA"]
    files = ["tests/mock/test_auth.py", "tests/client/test_endpoints.py"]
    out = _ok(_run(copy, *argv, *files, timeout=300))
    ran = [line for line in out.splitlines() if line.startswith("PASSED") and OPERATION in line]
    # 401 and signed on the mock; the 200 example and each error example through the client
    assert sum("test_auth.py" in line for line in ran) == 2, out
    assert sum("test_example_parses_through_the_operation" in line for line in ran) >= 3, out
