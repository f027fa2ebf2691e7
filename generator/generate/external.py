"""The two external generators, started as child processes so that they run in parallel:
openapi-python-client (generated/client) and datamodel-code-generator (generated/models)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator.generate.specinfo import TemplateFacts
from generator.generate.tree import CONFIG, REPO, RUNTIME, TEMPLATES, GenerateError

CLIENT_PACKAGE = "metastudio_client"
MODELS_PACKAGE = "metastudio_models"


def _env() -> dict[str, str]:
    """Child environment: the venv's bin first on PATH (post hooks call `ruff`), our package
    importable, a fixed hash seed (no set-ordering surprises), no bytecode files, no colours."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1", TERM="dumb")
    env["_TYPER_STANDARD_TRACEBACK"] = "1"  # a plain traceback if openapi-python-client fails
    env.pop("FORCE_COLOR", None)
    return env


class Worker:
    """A generator in a child process (generator/generate/worker.py): started early, it imports
    its tool and waits; `go()` lets it run, `collect()` without `go()` makes it exit unrun."""

    def __init__(self, tool: str, argv: list[str], cwd: Path) -> None:
        self.tool = tool
        self.output: str | None = None
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator.generate.worker", tool, *argv],
            cwd=cwd,
            env=_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def _send(self, text: str) -> None:
        stdin = self.proc.stdin
        if stdin is None:
            return
        self.proc.stdin = None  # communicate() must not touch the closed pipe again
        try:
            stdin.write(text.encode())
            stdin.close()
        except BrokenPipeError:  # the worker died while importing; collect() reports it
            pass

    def go(self, facts: dict[str, Any] | None = None) -> None:
        """Run; `facts` become globals of the tool's template environment (worker.py)."""
        self._send("go\n" + json.dumps(facts or {}))

    def collect(self) -> None:
        """Wait for the process and keep its output; never raises for a failed run. A worker
        not told to go by now must not run: it is killed (it has only been importing)."""
        if self.output is None:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
                self.proc.stdin = None
                self.proc.kill()
            out, _ = self.proc.communicate()
            self.output = out.decode("utf-8", "replace")

    def wait(self) -> str:
        """The output of a successful run; GenerateError otherwise."""
        self.collect()
        assert self.output is not None
        if self.proc.returncode != 0:
            raise GenerateError(f"{self.tool} failed (exit {self.proc.returncode}):\n{self.output}")
        return self.output


def package_version(info: TemplateFacts) -> str:
    """PEP 440 version from info.version: a date 2025-02-10 becomes 2025.2.10."""
    raw = str(info.data.get("info", {}).get("version", "0"))
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw)
    if match:
        return ".".join(str(int(part)) for part in match.groups())
    return raw


def spec_license(info: TemplateFacts) -> str:
    """SPDX expression of the spec's info.license (identifier), "" when it has none."""
    license_info = info.data.get("info", {}).get("license") or {}
    return str(license_info.get("identifier") or "")


# -- openapi-python-client ------------------------------------------------------------------------
def spec_input(spec: Path, scratch: Path) -> Path:
    """Where write_spec_input puts the spec the generators read (same file name as the spec)."""
    return scratch / "input" / spec.name


def write_spec_input(info: TemplateFacts, path: Path) -> None:
    """The derived spec (TemplateFacts.derived_spec) as JSON, which is YAML too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(info.derived_spec(), indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def spawn_client(spec: Path, out: Path, scratch: Path) -> Worker:
    """Worker generating `out` (generated/client) from `spec` (the derived spec) and the files
    prepare_client puts in `scratch`: the effective config and the custom templates."""
    argv = [
        "generate",
        "--path",
        str(spec),
        "--config",
        str(scratch / "openapi-python-client.json"),
        "--meta",
        "uv",
        "--custom-template-path",
        str(scratch / "client-templates"),
        "--output-path",
        str(out),
        "--fail-on-warning",  # a skipped schema or endpoint is a broken client, not a warning
    ]
    return Worker("openapi-python-client", argv, scratch)


def client_facts(info: TemplateFacts) -> dict[str, Any]:
    """Facts openapi-python-client does not keep, as globals of its template environment (sent
    to the worker with `go`): the query parameters with explode: false; for facade.py.jinja
    the waiters with their lifecycle's final states, the paged list operations, the official
    SDK's method names and the parameters' descriptions, the spec's `servers` (URL template,
    region variable and its enum); the spec's license for pyproject."""
    return {
        "comma_joined_query": info.comma_joined_query(),
        "spec_license": spec_license(info),
        "waiters": [asdict(w) for w in info.waiters()],
        "pagers": [asdict(p) for p in info.pagers()],
        "sdk_methods": info.sdk_methods(),
        "parameter_descriptions": info.parameter_descriptions(),
        "servers": [asdict(server) for server in info.api.servers],
    }


def prepare_client(info: TemplateFacts, scratch: Path) -> None:
    """Stage the custom templates and the config with the package version taken from the
    spec (the spec's other facts reach the templates through `client_facts`)."""
    shutil.copytree(TEMPLATES / "client", scratch / "client-templates")
    config = yaml.safe_load((CONFIG / "openapi-python-client.yaml").read_text(encoding="utf-8"))
    config["package_version_override"] = package_version(info)
    config_path = scratch / "openapi-python-client.json"
    config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")


def finish_client(job: Worker, out: Path) -> list[str]:
    """Wait, then: no caches in the output, and the runtime modules copied verbatim into
    metastudio_client/runtime/. Returns the generator's warnings."""
    text = job.wait()
    for cache in sorted(out.rglob(".ruff_cache")):
        shutil.rmtree(cache)
    runtime = out / CLIENT_PACKAGE / "runtime"
    runtime.mkdir()
    for module in sorted(RUNTIME.glob("*.py")):
        shutil.copyfile(module, runtime / module.name)
    return [line for line in text.splitlines() if "warning" in line.lower()]


# -- datamodel-code-generator ---------------------------------------------------------------------
def _package_files(info: TemplateFacts, out: Path) -> None:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES / "models")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    api = info.data.get("info", {})
    context = {
        "package": MODELS_PACKAGE,
        "project": MODELS_PACKAGE.replace("_", "-"),
        "version": package_version(info),
        "title": str(api.get("title", "")),
        "license": spec_license(info),
    }
    for name in ("pyproject.toml", "README.md", ".gitignore"):
        text = env.get_template(f"{name}.jinja").render(**context)
        (out / name).write_text(text, encoding="utf-8", newline="\n")
    (out / MODELS_PACKAGE / "py.typed").write_text("# Marker file for PEP 561\n", encoding="utf-8")
    version = env.get_template("_version.py.jinja").render(**context)
    (out / MODELS_PACKAGE / "_version.py").write_text(version, encoding="utf-8", newline="\n")


def spawn_models(spec: Path, out: Path) -> Worker:
    """Worker generating `out` (generated/models); it runs in `out`, so the ruff that
    datamodel-code-generator calls formats with the package's own [tool.ruff] settings
    (prepare_models writes pyproject.toml before the worker is told to go)."""
    (out / MODELS_PACKAGE).mkdir(parents=True)
    config = yaml.safe_load((CONFIG / "datamodel-codegen.yaml").read_text(encoding="utf-8"))
    argv: list[str] = []
    for option in config["args"]:
        argv += shlex.split(option)
    argv += [
        "--input",
        str(spec),
        "--output",
        str(out / MODELS_PACKAGE / "__init__.py"),
        "--custom-template-dir",
        str(TEMPLATES / "models" / "codegen"),
        "--ignore-pyproject",
    ]
    return Worker("datamodel-codegen", argv, out)


def prepare_models(info: TemplateFacts, out: Path) -> None:
    _package_files(info, out)


# Appended to the models' __init__.py: `metastudio_models.__version__` (see _version.py.jinja).
VERSION_EXPORT = "\n\nfrom ._version import __version__ as __version__  # noqa: E402\n"


def finish_models(job: Worker, out: Path) -> list[str]:
    text = job.wait()
    init = out / MODELS_PACKAGE / "__init__.py"
    if init.exists():  # absent when the worker failed; its output then says why
        with init.open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(VERSION_EXPORT)
    return [line for line in text.splitlines() if "warning" in line.lower()]
