"""The command table is the spec's: resources are its tags, actions its operations, options its
parameters and body fields, waits its lifecycles; every option reaches a parameter of the
facade method (and every parameter has its option); a spec copy with a sixth operation gets
its command from `make generate` alone; completion for bash and zsh."""

from __future__ import annotations

import inspect
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from cliutil import tool
from metastudio_cli.commands import RESOURCES
from metastudio_cli.complete import BASH, candidates
from metastudio_client import MetaStudio
from mockserver import UPDATABLE_STATE

from generator.generate.tree import ERRATA, REPO, SPEC
from generator.specmodel import default_model

MODEL = default_model()


def test_resources_are_the_tags_and_actions_the_operations() -> None:
    tags = [tag["name"] for tag in MODEL.doc.data["tags"]]
    assert list(RESOURCES) == tags
    found = {
        action["operation"]: (resource, name)
        for resource, facts in RESOURCES.items()
        for name, action in facts["actions"].items()
        if action["kind"] == "call"
    }
    assert set(found) == set(MODEL.operations)
    for op in MODEL.operations.values():
        assert found[op.operation_id][0] == op.tag
    assert {name for _, name in found.values()} == {"show", "update", "command", "list"}
    assert sorted(RESOURCES["training-jobs"]["actions"]) == ["command", "show", "update", "wait"]
    assert sorted(RESOURCES["video-jobs"]["actions"]) == ["list", "show", "wait"]


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_every_option_is_a_facade_parameter_and_back(resource: str) -> None:
    for name, action in RESOURCES[resource]["actions"].items():
        signature = inspect.signature(getattr(MetaStudio, action["operation"]))
        parameters = [p for p in signature.parameters.values() if p.name not in ("self", "timeout")]
        positional = [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD]
        keywords = {p.name for p in parameters if p.kind is p.KEYWORD_ONLY}
        assert [arg["dest"] for arg in action["args"]] == positional, name
        mine = {option["dest"] for option in action["options"]}
        if action.get("body") is not None:
            mine.add("body")
        if action.get("pager"):
            mine |= {"offset", "limit"}  # --starting-token and --page-size
        assert mine == keywords, (resource, name)


def test_options_carry_the_spec_types() -> None:
    options = {o["flag"]: o for o in RESOURCES["video-jobs"]["actions"]["list"]["options"]}
    state = options["state"]
    schema = MODEL.doc.data["components"]["schemas"]["VideoJobState"]
    assert (state["array"], state["choices"], state["enum"]) == (
        True,
        schema["enum"],
        "VideoJobState",
    )
    assert options["create-since"]["kind"] == "date-time"
    assert options["job-ids"]["array"] and "choices" not in options["job-ids"]
    assert "offset" not in options and "limit" not in options
    body = RESOURCES["training-jobs"]["actions"]["command"]["body"]
    command = next(f for f in body["fields"] if f["field"] == "command")
    assert command["required"] and command["choices"][0] == "SUBMITVERIFYING"


def test_waits_stop_at_the_lifecycle_final_states() -> None:
    for resource, enum in (("training-jobs", "TrainingJobState"), ("video-jobs", "VideoJobState")):
        life = MODEL.lifecycles[enum]
        wait = RESOURCES[resource]["actions"]["wait"]
        assert set(wait["final"]) == set(life.final)
        assert set(wait["stop"]) >= set(life.final)
        for state in set(wait["stop"]) - set(life.final):
            assert state in life.failed and life.system_step(state) is None
        assert set(wait["failed"]) == set(life.failed) & set(wait["stop"])
    stuck = set(RESOURCES["training-jobs"]["actions"]["wait"]["stop"]) - set(
        MODEL.lifecycles["TrainingJobState"].final
    )
    assert UPDATABLE_STATE in stuck  # only an update moves such a job on


def test_completion_candidates() -> None:
    assert candidates([""]) == [*RESOURCES, "completion"]
    assert candidates(["video-jobs", ""]) == list(RESOURCES["video-jobs"]["actions"])
    states = MODEL.lifecycles["VideoJobState"].states
    assert candidates(["video-jobs", "list", "--state", ""]) == list(states)
    after = candidates(["video-jobs", "list", "--state", f"{states[0]},"])
    assert after == [f"{states[0]},{s}" for s in states[1:]]
    assert candidates(["--output", ""]) == ["json", "yaml", "table", "text"]
    flags = candidates(["video-jobs", "list", "--sort-dir", "asc", "--"])
    assert {"--state", "--max-items", "--query", "--output"} <= set(flags)
    assert candidates(["training-jobs", "wait", "j1", "--"])[:2] == ["--x-app-user-id", "--timeout"]


def _bash_complete(words: list[str]) -> list[str]:
    metastudio = Path(sys.executable).with_name("metastudio")
    quoted = " ".join(shlex.quote(word) for word in ["metastudio", *words])
    script = (
        f"{BASH}\n"
        f'metastudio() {{ {shlex.quote(str(metastudio))} "$@"; }}\n'
        f"COMP_WORDS=({quoted})\n"
        f"COMP_CWORD={len(words)}\n"
        "_metastudio\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run([tool("bash"), "-c", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_bash_completion_script() -> None:
    assert _bash_complete(["vid"]) == ["video-jobs"]
    assert _bash_complete(["video-jobs", "list", "--sort-dir", ""]) == ["asc", "desc"]
    assert _bash_complete(["video-jobs", "list", "--state", "SUCC"]) == ["SUCCEED", "SUCCESS"]


# -- a sixth operation ------------------------------------------------------------------------
def _spec_with_a_sixth_operation(folder: Path) -> Path:
    data: Any = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    path = "/v1/{project_id}/2d-digital-human-videos/{job_id}"
    show = json.loads(json.dumps(data["paths"][path]["get"]))
    # the official SDK has the method (lint checks x-sdk-method); the spec does not, yet
    show.update(operationId="cancel_video_job", **{"x-sdk-method": "cancel2_d_digital_human_video"})
    show["summary"] = "Cancel a video production task"
    show.pop("x-errata", None)
    show["parameters"] = [
        {
            "name": "reason",
            "in": "query",
            "required": False,
            "description": "Why the task is cancelled.",
            "schema": {"$ref": "#/components/schemas/CancelReason"},
        }
    ]
    data["components"]["schemas"]["CancelReason"] = {
        "type": "string",
        "description": "Why a task is cancelled.",
        "enum": ["mistake", "obsolete"],
        "x-enum-descriptions": ["Made by mistake.", "No longer needed."],
    }
    for response in show["responses"].values():
        if isinstance(response, dict):
            response.pop("links", None)
    data["paths"][path + "/cancel"] = {"parameters": data["paths"][path]["parameters"], "get": show}
    copy = folder / SPEC.name
    copy.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copyfile(ERRATA, folder / ERRATA.name)
    return copy


@pytest.mark.slow
def test_a_sixth_operation_gets_its_command_with_no_hand_edit(tmp_path: Path) -> None:
    spec = _spec_with_a_sixth_operation(tmp_path)
    out = tmp_path / "generated"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    env = {**os.environ, "PYTHONPATH": str(out / "client"), "HOME": str(tmp_path)}

    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "metastudio_cli", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    listing = cli("video-jobs", "--help")
    assert listing.returncode == 0 and "cancel" in listing.stdout, listing
    help_text = cli("video-jobs", "cancel", "--help").stdout
    assert "--reason VALUE" in help_text and "[one of: mistake, obsolete]" in help_text
    env["METASTUDIO_AUTH_TOKEN"] = "t"
    sent = cli(
        "video-jobs", "cancel", "j1", "--reason", "obsolete", "--dry-run",
        "--endpoint", "http://127.0.0.1:9", "--project-id", "p1",
    )  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    request = json.loads(sent.stdout)
    assert (
        request["url"]
        == "http://127.0.0.1:9/v1/p1/2d-digital-human-videos/j1/cancel?reason=obsolete"
    )
    bad = cli("video-jobs", "cancel", "j1", "--reason", "boredom")
    assert bad.returncode == 252 and "invalid choice 'boredom'" in bad.stderr


@pytest.mark.slow
def test_the_generated_cli_passes_mypy_strict_and_the_client_ruff(tmp_path: Path) -> None:
    client = REPO / "generated" / "client"
    tools = Path(sys.executable).parent
    mypy = subprocess.run(
        [str(tools / "mypy"), "--strict", "--cache-dir", str(tmp_path / "mypy"), "metastudio_cli"],
        cwd=client,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    for args in (["check", "--no-cache"], ["format", "--no-cache", "--check"]):
        ruff = subprocess.run(
            [str(tools / "ruff"), *args, "metastudio_cli"],
            cwd=client,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert ruff.returncode == 0, ruff.stdout + ruff.stderr
