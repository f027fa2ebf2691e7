"""`make diff`: planted changes of the spec, each with the classification a caller or client of
the old spec needs, through the real api-smart-diff and our house rules.

Every case plants one kind of change into a copy of today's spec (so the cases follow the spec
as it grows); cases that cannot interfere share one diff run (a batch) to keep the suite fast.
`tool` marks a house rule that overrides api-smart-diff's own verdict: the test proves both
that the tool says otherwise and that we say what we say."""

from __future__ import annotations

import copy
import itertools
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from mockserver import REPO, SPEC

from generator.release import changelog, compare, diff, history
from generator.spec import SpecDoc

pytestmark = pytest.mark.slow  # each runs api-smart-diff (Node) or griffe on git trees

Data = dict[str, Any]
TRAINING = "/v1/{project_id}/digital-human-training-manage/user/jobs/{job_id}"
COMMAND = TRAINING + "/command"
VIDEO = "/v1/{project_id}/2d-digital-human-videos/{job_id}"
LIST = "/v1/{project_id}/digital-human-videos"


def schema(d: Data, name: str) -> Data:
    result: Data = d["components"]["schemas"][name]
    return result


def prop(d: Data, name: str, field: str) -> Data:
    result: Data = schema(d, name)["properties"][field]
    return result


def list_param(d: Data, name: str) -> Data:
    return next(p for p in d["paths"][LIST]["get"]["parameters"] if p.get("name") == name)


@dataclass(frozen=True)
class Expect:
    kind: str
    where: str  # substring of Change.where
    what: str  # substring of Change.what
    tool: str | None = None  # api-smart-diff's own verdict when a house rule overrides it
    count: int = 1  # how many changes match (a list shifted by an insertion: one per item)


@dataclass(frozen=True)
class Case:
    name: str
    batch: str
    plant: Callable[[Data], None]
    expect: tuple[Expect, ...]


def _set(node: Data, key: str, value: Any) -> None:
    node[key] = value


def _rename_key(node: Data, old: str, new: str) -> None:
    node[new] = node.pop(old)


def _last_enum_removed(d: Data, name: str) -> None:
    schema(d, name)["enum"].pop()
    varnames = schema(d, name).get("x-enum-varnames")
    if varnames:
        varnames.pop()
    descriptions = schema(d, name).get("x-enum-descriptions")
    if descriptions:
        descriptions.pop()


def _enum_added(d: Data, name: str) -> None:
    schema(d, name)["enum"].append("PLANTED_VALUE")
    if "x-enum-descriptions" in schema(d, name):
        schema(d, name)["x-enum-descriptions"].append("Planted.")


def _inserted_mid_list(d: Data, name: str) -> None:
    """A new enum value inserted after the first, with its member name and description."""
    node = schema(d, name)
    node["enum"].insert(1, "PLANTED_MID")
    node["x-enum-varnames"].insert(1, "PLANTED_MID")
    node["x-enum-descriptions"].insert(1, "Planted.")


def _first_param_added_and_format_changed(d: Data) -> None:
    params = d["paths"][LIST]["get"]["parameters"]
    params.insert(0, {"name": "planted_first", "in": "query", "schema": {"type": "string"}})
    list_param(d, "create_since")["schema"]["format"] = "date"


SHIFTED = len(
    SpecDoc(SPEC, load_errata=False).data["components"]["schemas"]["ModelResolution"]["enum"]
)


def _bound(d: Data, name: str, field: str, key: str, delta: int) -> None:
    node = prop(d, name, field)
    node[key] = node[key] + delta


CASES = [
    # --- batch "request": the update and command bodies --------------------------------------
    Case(
        "request optional property added",
        "request",
        lambda d: _set(
            schema(d, "UpdateTrainingJobRequest")["properties"],
            "planted_opt",
            {"type": "string", "description": "Planted."},
        ),
        (Expect("compatible", "request body.planted_opt", "property added"),),
    ),
    Case(
        "request property made required",
        "request",
        lambda d: _set(schema(d, "UpdateTrainingJobRequest"), "required", ["name"]),
        (Expect("breaking", "PUT " + TRAINING + " request body", 'field "name" made required'),),
    ),
    Case(
        "request property removed",
        "request",
        lambda d: schema(d, "UpdateTrainingJobRequest")["properties"].pop("contact"),
        (Expect("breaking", "request body.contact", "property removed"),),
    ),
    Case(
        "request maximum narrowed",
        "request",
        lambda d: _bound(d, "UpdateTrainingJobRequest", "video_multipart_count", "maximum", -1),
        (Expect("breaking", "request body.video_multipart_count", "maximum"),),
    ),
    Case(
        "request maximum widened",
        "request",
        lambda d: _bound(
            d, "UpdateTrainingJobRequest", "action_video_multipart_count", "maximum", +1
        ),
        (Expect("compatible", "request body.action_video_multipart_count", "maximum"),),
    ),
    Case(
        "request minimum widened",
        "request",
        lambda d: _bound(
            d, "UpdateTrainingJobRequest", "action_video_multipart_count", "minimum", -1
        ),
        (Expect("compatible", "request body.action_video_multipart_count", "minimum"),),
    ),
    Case(
        "request pattern added",
        "request",
        lambda d: _set(prop(d, "UpdateTrainingJobRequest", "name"), "pattern", "^[a-z]+$"),
        (Expect("breaking", "request body.name", "pattern"),),
    ),
    Case(
        "request length limit added",
        "request",
        lambda d: _set(prop(d, "UpdateTrainingJobRequest", "batch_name"), "maxLength", 8),
        (Expect("breaking", "request body.batch_name", "maxLength 8 added"),),
    ),
    Case(
        "request enum value removed",
        "request",
        lambda d: _last_enum_removed(d, "TrainingCommand"),
        (
            Expect("breaking", "command request body.command", "enum value"),
            Expect("docs", "command request body.command", "x-enum-descriptions"),
        ),
    ),
    Case(
        "request enum value added",
        "request",
        lambda d: _enum_added(d, "UpdateCommandMessage"),
        (
            Expect("compatible", "request body.command_message", '"PLANTED_VALUE" added'),
            Expect("docs", "request body.command_message", "x-enum-descriptions"),
        ),
    ),
    Case(
        "request default changed",
        "request",
        lambda d: _set(prop(d, "UpdateTrainingJobRequest", "video_multipart_count"), "default", 2),
        (Expect("compatible", "request body.video_multipart_count", "default 1 -> 2"),),
    ),
    # --- batch "response": the training job as read ------------------------------------------
    Case(
        "response property removed",
        "response",
        lambda d: schema(d, "TrainingJob")["properties"].pop("asset_id"),
        (Expect("breaking", "response 200 body.asset_id", "property removed", "non-breaking"),),
    ),
    Case(
        "response property added",
        "response",
        lambda d: _set(
            schema(d, "TrainingJob")["properties"],
            "planted_field",
            {"type": "string", "description": "Planted."},
        ),
        (Expect("compatible", "response 200 body.planted_field", "property added"),),
    ),
    Case(
        "response property type changed",
        "response",
        lambda d: _set(prop(d, "TrainingJob", "name"), "type", "integer"),
        (
            Expect(
                "breaking", "response 200 body.name", 'type "string" -> "integer"', "non-breaking"
            ),
        ),
    ),
    Case(
        "response enum value added",
        "response",
        lambda d: _enum_added(d, "OperateUser"),
        (
            Expect("compatible", "operate_user", '"PLANTED_VALUE" added', "breaking"),
            Expect("docs", "operate_user", "x-enum-descriptions"),
        ),
    ),
    Case(
        "response enum value removed",
        "response",
        lambda d: _last_enum_removed(d, "CommentType"),
        (
            Expect("breaking", "comment_logs[].comment_type", "enum value", "non-breaking"),
            Expect("docs", "comment_logs[].comment_type", "x-enum-descriptions"),
        ),
    ),
    Case(
        "response range widened",
        "response",
        lambda d: _bound(d, "VerifyVideoMattingInfo", "width", "maximum", +1),
        (Expect("breaking", "verify_video_matting_info[].width", "maximum"),),
    ),
    Case(
        "response range narrowed",
        "response",
        lambda d: _bound(d, "VerifyVideoMattingInfo", "height", "maximum", -1),
        (Expect("compatible", "verify_video_matting_info[].height", "maximum"),),
    ),
    Case(
        "description changed",
        "response",
        lambda d: _set(prop(d, "TrainingJob", "job_id"), "description", "Planted wording."),
        (Expect("docs", "response 200 body.job_id", "description changed"),),
    ),
    Case(
        "example changed",
        "response",
        lambda d: _set(
            d["paths"][TRAINING]["get"]["responses"]["200"]["content"]["application/json"][
                "examples"
            ]["page"]["value"],
            "name",
            "Planted Name",
        ),
        (Expect("docs", "GET " + TRAINING + " response 200", "examples", "unclassified"),),
    ),
    Case(
        "generated enum member renamed (x-enum-varnames)",
        "response",
        lambda d: _set(schema(d, "ModelResolution"), "x-enum-varnames", ["R1080P", "R4K"]),
        (
            Expect("breaking", "model_resolution", "x-enum-varnames.0", "unclassified"),
            Expect("breaking", "model_resolution", "x-enum-varnames.1", "unclassified"),
        ),
    ),
    Case(
        "error response removed",
        "response",
        lambda d: d["paths"][VIDEO]["get"]["responses"].pop("404"),
        (Expect("breaking", "GET " + VIDEO + " response 404", "response removed"),),
    ),
    # --- batch "operations": parameters, auth, servers, names ---------------------------------
    Case(
        "query parameter removed",
        "operations",
        lambda d: d["paths"][LIST]["get"]["parameters"].remove(list_param(d, "job_id")),
        (Expect("breaking", "query parameter job_id", "parameter removed"),),
    ),
    Case(
        "optional query parameter added",
        "operations",
        lambda d: d["paths"][LIST]["get"]["parameters"].append(
            {"name": "planted_filter", "in": "query", "schema": {"type": "string"}}
        ),
        (Expect("compatible", "query parameter planted_filter", "parameter added"),),
    ),
    Case(
        "required query parameter added",
        "operations",
        lambda d: d["paths"][LIST]["get"]["parameters"].append(
            {"name": "planted_must", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        (Expect("breaking", "query parameter planted_must", "parameter added"),),
    ),
    Case(
        "query parameter renamed",
        "operations",
        lambda d: _set(list_param(d, "asset_name"), "name", "asset_title"),
        (
            Expect("breaking", "query parameter asset_name", "parameter removed"),
            Expect("compatible", "query parameter asset_title", "parameter added"),
        ),
    ),
    Case(
        "optional parameter made required",
        "operations",
        lambda d: _set(list_param(d, "offset"), "required", True),
        (Expect("breaking", "query parameter offset", "required"),),
    ),
    Case(
        "parameter format changed",
        "operations",
        lambda d: _set(list_param(d, "create_since")["schema"], "format", "date"),
        (Expect("breaking", "query parameter create_since", 'format "date-time" -> "date"'),),
    ),
    Case(
        "auth alternative removed",
        "operations",
        lambda d: _set(d, "security", [r for r in d["security"] if "aksk" not in r]),
        (Expect("breaking", "security", "removed", "non-breaking"),),
    ),
    Case(
        "auth header renamed",
        "operations",
        lambda d: _set(d["components"]["securitySchemes"]["token"], "name", "X-Planted-Token"),
        (Expect("breaking", "components.securitySchemes.token", "name"),),
    ),
    Case(
        "server URL changed",
        "operations",
        lambda d: _set(d["servers"][0], "url", "https://planted.example.com"),
        (Expect("breaking", "servers[0]", "url", "annotation"),),
    ),
    Case(
        "server added",
        "operations",
        lambda d: d["servers"].append({"url": "https://planted.example.com/2"}),
        (Expect("compatible", "servers[", "server added", "annotation"),),
    ),
    Case(
        "operationId renamed (the generated method)",
        "operations",
        lambda d: _set(d["paths"][VIDEO]["get"], "operationId", "planted_show"),
        (Expect("breaking", "GET " + VIDEO, "operationId"),),
    ),
    Case(
        "summary changed",
        "operations",
        lambda d: _set(d["paths"][LIST]["get"], "summary", "Planted summary"),
        (Expect("docs", "GET " + LIST, "summary changed"),),
    ),
    # --- batch "shifts": insertions that renumber lists --------------------------------------
    Case(
        "enum value inserted mid-list with its member name (no member renamed)",
        "shifts",
        lambda d: _inserted_mid_list(d, "ModelResolution"),
        (
            Expect("compatible", "model_resolution", '"PLANTED_MID" added', "breaking"),
            Expect("compatible", "model_resolution", "x-enum-varnames.", "unclassified", SHIFTED),
            Expect("docs", "model_resolution", "x-enum-descriptions.", None, SHIFTED),
        ),
    ),
    Case(
        "parameter inserted first, another's format changed (named by name, not index)",
        "shifts",
        _first_param_added_and_format_changed,
        (
            Expect("compatible", "query parameter planted_first", "parameter added"),
            Expect("breaking", "query parameter create_since", 'format "date-time" -> "date"'),
        ),
    ),
    # --- batch "paths": operations moved, removed, added ---------------------------------------
    Case(
        "path renamed",
        "paths",
        lambda d: _rename_key(d["paths"], COMMAND, COMMAND + "s"),
        (
            Expect("breaking", "POST " + COMMAND, "operation removed"),
            Expect("compatible", "POST " + COMMAND + "s", "operation added"),
        ),
    ),
    Case(
        "method changed",
        "paths",
        lambda d: _rename_key(d["paths"][TRAINING], "put", "patch"),
        (
            Expect("breaking", "PUT " + TRAINING, "operation removed"),
            Expect("compatible", "PATCH " + TRAINING, "operation added"),
        ),
    ),
    Case(
        "operation removed",
        "paths",
        lambda d: d["paths"].pop(LIST),
        (Expect("breaking", "GET " + LIST, "operation removed"),),
    ),
    Case(
        "operation added",
        "paths",
        lambda d: _set(d["paths"][VIDEO], "delete", copy.deepcopy(d["paths"][VIDEO]["get"])),
        (Expect("compatible", "DELETE " + VIDEO, "operation added"),),
    ),
    Case(
        "required request body added",
        "paths",
        lambda d: _set(
            d["paths"][VIDEO]["get"],
            "requestBody",
            {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
        ),
        (Expect("breaking", "GET " + VIDEO + " request body", "request body added"),),
    ),
    Case(
        "API date changed (info.version)",
        "paths",
        lambda d: _set(d["info"], "version", "2099-01-01"),
        (Expect("docs", "info", "version"),),
    ),
]


def dump(data: Data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)


@cache
def old_doc() -> SpecDoc:
    return SpecDoc(SPEC, load_errata=False)


BATCHES = sorted({c.batch for c in CASES})


@cache
def batches() -> dict[str, tuple[compare.Change, ...]]:
    """Every batch's changes, from one run of the tool."""
    planted = []
    for name in BATCHES:
        data = copy.deepcopy(old_doc().data)
        for case in CASES:
            if case.batch == name:
                case.plant(data)
        planted.append((old_doc(), compare.doc_from_text(dump(data))))
    unchanged = (old_doc(), compare.doc_from_text(dump(old_doc().data)))
    results = compare.compare_many([*planted, unchanged])
    return {name: tuple(r) for name, r in zip([*BATCHES, "unchanged"], results, strict=True)}


def batch(name: str) -> tuple[compare.Change, ...]:
    return batches()[name]


def find(changes: tuple[compare.Change, ...], e: Expect) -> list[compare.Change]:
    return [c for c in changes if e.where in c.where and e.what in c.what]


def test_at_least_20_kinds_of_planted_changes() -> None:
    assert len(CASES) >= 20
    kinds = {e.kind for case in CASES for e in case.expect}
    assert kinds == set(compare.KINDS)


def test_an_unchanged_spec_has_no_change() -> None:
    assert batch("unchanged") == ()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_planted_change_is_classified(case: Case) -> None:
    changes = batch(case.batch)
    for e in case.expect:
        found = find(changes, e)
        assert len(found) == e.count, (e, [c.format() for c in changes])
        for change in found:
            assert change.kind == e.kind, change.format()
            if e.tool is not None:  # a house rule overrides the tool here
                assert change.tool == e.tool, change
                assert change.tool != e.kind.replace("compatible", "non-breaking"), change


@pytest.mark.parametrize("name", BATCHES)
def test_a_batch_reports_only_what_was_planted(name: str) -> None:
    expected = [e for c in CASES if c.batch == name for e in c.expect]
    changes = batch(name)
    unexpected = [c.format() for c in changes if not any(c in find(changes, e) for e in expected)]
    assert not unexpected


def test_lines_point_at_the_change_new_side_and_old_side_for_a_removal() -> None:
    text = SPEC.read_text(encoding="utf-8")
    doc = old_doc()
    desc = "/components/schemas/TrainingJob/properties/job_id/description"
    line = doc.line_of(desc)
    lines = text.splitlines()
    lines[line - 1] = lines[line - 1].split(":", 1)[0] + ": Planted wording, on its own line."
    # remove the `asset_id` property of TrainingJob (its key line and its block)
    asset = doc.line_of("/components/schemas/TrainingJob/properties/asset_id")
    indent = len(lines[asset - 1]) - len(lines[asset - 1].lstrip())
    end = asset
    while len(lines[end]) - len(lines[end].lstrip()) > indent:
        end += 1
    new_lines = lines[: asset - 1] + lines[end:]
    changes = compare.compare(doc, compare.doc_from_text("\n".join(new_lines) + "\n"))
    by_what = {c.what: c for c in changes}
    described = by_what["description changed"]
    assert described.line == (line if line < asset else line - (end - asset + 1))
    removed = by_what["property removed"]
    assert removed.old_line == asset
    assert "spec/metastudio.yaml:" in removed.format(base="release 1.0.0")
    assert f"(was spec/metastudio.yaml:{asset} at release 1.0.0)" in removed.format(
        base="release 1.0.0"
    )


def test_one_shared_schema_change_is_one_line_with_its_uses() -> None:
    data = copy.deepcopy(old_doc().data)
    schema(data, "Error")["description"] = "Planted wording."
    changes = compare.compare(old_doc(), compare.doc_from_text(dump(data)))
    assert len(changes) == 1
    assert changes[0].kind == "docs"
    assert changes[0].uses > 5  # every error response of every operation


# --- the gate ---------------------------------------------------------------------------------


def planted_spec(tmp_path: Path, plant: Callable[[Data], None]) -> Path:
    data = copy.deepcopy(old_doc().data)
    plant(data)
    path = tmp_path / "metastudio.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return path


def spec_base() -> history.Base:
    return history.Base("working tree", SPEC.read_text(encoding="utf-8"), "1.4.2")


def test_gate_fails_on_a_breaking_change_unless_acknowledged(tmp_path: Path) -> None:
    new = planted_spec(tmp_path, lambda d: schema(d, "TrainingJob")["properties"].pop("asset_id"))
    outcome = diff.run(spec_base(), new, history.Record())
    assert [c.kind for c in outcome.unacknowledged] == ["breaking"]
    assert outcome.next_version == "2.0.0"
    key = outcome.unacknowledged[0].key
    acked = diff.run(spec_base(), new, history.Record(acknowledged=[key]))
    assert acked.unacknowledged == []
    assert acked.next_version == "2.0.0"  # acknowledged, still a major bump


def test_an_acknowledgement_names_a_shared_change_through_any_of_its_uses(tmp_path: Path) -> None:
    new = planted_spec(tmp_path, lambda d: _last_enum_removed(d, "VideoJobState"))
    outcome = diff.run(spec_base(), new, history.Record())
    (removed,) = [c for c in outcome.unacknowledged if "enum value" in c.what]
    assert removed.uses == len(removed.keys) > 1  # a query parameter and two responses
    (other, *_) = sorted(removed.keys - {removed.key})
    acked = diff.run(spec_base(), new, history.Record(acknowledged=[other]))
    assert removed.key not in {c.key for c in acked.unacknowledged}
    assert acked.stale_acks == []


def test_gate_passes_on_compatible_and_docs_changes(tmp_path: Path) -> None:
    def plant(d: Data) -> None:
        _enum_added(d, "OperateUser")
        prop(d, "TrainingJob", "job_id")["description"] = "Planted wording."

    outcome = diff.run(spec_base(), planted_spec(tmp_path, plant), history.Record())
    assert outcome.unacknowledged == []
    assert sorted(c.kind for c in outcome.changes) == ["compatible", "docs", "docs"]
    assert outcome.next_version == "1.5.0"
    docs_only = planted_spec(
        tmp_path, lambda d: _set(prop(d, "TrainingJob", "job_id"), "description", "x")
    )
    assert diff.run(spec_base(), docs_only, history.Record()).next_version == "1.4.3"


def test_cli_exits_1_on_a_planted_break_and_prints_one_line_per_change(tmp_path: Path) -> None:
    new = planted_spec(tmp_path, lambda d: schema(d, "TrainingJob")["properties"].pop("asset_id"))
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "--base", "HEAD", "--spec", str(new)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if "asset_id" in line]
    assert len(lines) == 1
    assert lines[0].startswith("spec/metastudio.yaml:")
    assert (
        ": breaking: GET " + TRAINING + " response 200 body.asset_id: property removed"
        in (lines[0])
    )
    assert "at HEAD)" in lines[0]
    assert "not acknowledged" in proc.stderr


def test_gate_against_the_latest_release_passes_on_this_tree() -> None:
    """What `make test` runs: the working tree against the latest recorded release."""
    record = history.load_record()
    assert record.latest is not None
    outcome = diff.run(history.default_base(record), SPEC, record)
    assert outcome.unacknowledged == [], [c.format() for c in outcome.unacknowledged]
    assert outcome.stale_acks == []


def test_versions_bump_by_the_most_severe_change() -> None:
    assert history.bump("1.4.2", "breaking") == "2.0.0"
    assert history.bump("1.4.2", "compatible") == "1.5.0"
    assert history.bump("1.4.2", "docs") == "1.4.3"
    assert history.bump("1.4.2", None) == "1.4.2"
    with pytest.raises(history.HistoryError):
        history.bump("1.4", "docs")


def test_release_record_round_trips(tmp_path: Path) -> None:
    record = history.Record(
        [history.Release("2.0.0", "2026-12-01", "ab" * 20, ['GET /x: "a" removed'])],
        ["PUT /y: property removed"],
    )
    path = tmp_path / "releases.yaml"
    path.write_text(history.dump_record(record), encoding="utf-8")
    assert history.load_record(path) == record


def test_every_release_is_in_git_and_versioned_by_its_diff() -> None:
    """The record is the source of versions: each release's spec must be reachable in a fresh
    clone (its blob is in the history) and its version the bump of the release before."""
    releases = list(reversed(history.load_record().releases))  # oldest first
    assert releases, "spec/releases.yaml records no release"
    assert releases[0].version == history.FIRST_VERSION
    for older, newer in itertools.pairwise(releases):
        old = compare.doc_from_text(history.blob(older.spec))
        new = compare.doc_from_text(history.blob(newer.spec))
        level = compare.level(compare.compare(old, new))
        if older.generated and changelog.python_api(older.generated, newer.generated):
            level = "breaking"
        assert newer.version == history.bump(older.version, level), newer
    history.blob(releases[-1].spec)  # raises HistoryError when the blob is not in the repo
