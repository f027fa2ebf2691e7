"""What the mock needs from the spec, derived once at start-up from the one spec model
(`specmodel.ApiModel`): no spec walking per request, no operation id spelled here.

The operations come by their role in the spec (`ApiModel.reader_of`, `updater_of`,
`commander_of`, `lister_of` of a lifecycle): the training lifecycle is the one a write
updates, the video lifecycle the one a list operation lists. The facts about their payloads
(which fields a PUT may change, which upload URLs it returns, which fields a list item has,
schema defaults, the page examples to seed) follow from those operations' schemas.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.spec import SpecDoc
from generator.specmodel import ApiModel, Lifecycle, LifecycleError, OperationInfo, build

__all__ = ["MockFacts", "MockOperations", "SpecError", "build_facts", "load_facts"]


class SpecError(ValueError):
    """The spec lacks something the mock needs; the message says what and where."""


# Issues of the spec model (generator.specmodel) the mock refuses to start on: it could not
# run such a lifecycle. Reachability and log types are lint's business only.
REFUSED = frozenset(
    {"lifecycle-shape", "lifecycle-states", "lifecycle-triggers", "lifecycle-guards"}
)


@dataclass(frozen=True, slots=True)
class MockOperations:
    """The operation ids of the mock's five roles, as the spec names them."""

    show_training: str
    update_training: str
    execute_command: str
    show_video: str
    list_videos: str


@dataclass(frozen=True)
class MockFacts:
    api: ApiModel  # the one spec model; everything below is derived from it
    ops: MockOperations
    training: Lifecycle
    video: Lifecycle
    # training jobs
    training_fields: frozenset[str]
    training_defaults: Mapping[str, Any]
    update_copy_fields: frozenset[str]
    update_allowed_states: tuple[str, ...]
    upload_url_fields: tuple[tuple[str, bool], ...]  # (field, is an array of part URLs)
    # array upload field -> (request field with its part count, that field's default or None)
    multipart_counts: Mapping[str, tuple[str, int | None]]
    part_count_schema: Mapping[str, Any] | None  # the update's part count property, as written
    example_training_job: Mapping[str, Any]
    create_log: Mapping[str, str]
    command_ok: Mapping[str, Any]  # the command page's example response body
    training_command_schema: str  # pointer of the command enum schema
    # video jobs
    video_summary_fields: tuple[str, ...]
    video_script_fields: tuple[str, ...]
    video_job_types: tuple[str, ...]
    example_video_job: Mapping[str, Any]
    video_detail_defaults: Mapping[str, Mapping[str, Any]]
    # errors: the example body of each documented error status (error_code, error_msg)
    error_examples: Mapping[int, Mapping[str, Any]]

    @property
    def doc(self) -> SpecDoc:
        return self.api.doc

    @property
    def operations(self) -> Mapping[str, OperationInfo]:
        return self.api.operations


def load_facts(path: Path) -> MockFacts:
    return build_facts(build(SpecDoc(path, load_errata=False)))


def build_facts(api: ApiModel) -> MockFacts:
    """The mock's facts; LifecycleError or SpecError (naming where) when it cannot run them."""
    _refuse_issues(api)
    ops = _roles(api)
    training, video = (_lifecycle_of(api, op) for op in (ops.show_training, ops.show_video))
    return MockFacts(
        api=api,
        ops=ops,
        training=training,
        video=video,
        **_training_facts(_Reader(api), ops, training),
        **_video_facts(_Reader(api), ops),
        error_examples=_error_examples(_Reader(api)),
    )


def _refuse_issues(api: ApiModel) -> None:
    for issue in api.issues:
        if issue.rule in REFUSED:
            where = f"{api.doc.path}:{api.doc.line_of(issue.pointer)}"
            raise LifecycleError(f"{where}: {issue.rule}: {issue.message}")


def _roles(api: ApiModel) -> MockOperations:
    """Training: the lifecycle a write updates; video: the one a list operation lists."""
    found: dict[str, str] = {}
    for life in api.lifecycles.values():
        update, command = api.updater_of(life), api.commander_of(life)
        if update and command:
            found.update(update_training=update, execute_command=command)
            found["show_training"] = api.reader_of(life) or ""
        lister = api.lister_of(life)
        if lister:
            found.update(list_videos=lister, show_video=api.reader_of(life) or "")
    roles = ("show_training", "update_training", "execute_command", "show_video", "list_videos")
    missing = [role for role in roles if not found.get(role)]
    if missing:
        raise SpecError(f"{api.doc.path}: no operation for: {', '.join(missing)}")
    return MockOperations(**found)


def _lifecycle_of(api: ApiModel, op_id: str) -> Lifecycle:
    life = api.lifecycles.get(api.state_enum(api.operations[op_id]))
    if life is None:
        raise SpecError(f"{api.operations[op_id].pointer}: the 200 body's state has no x-lifecycle")
    return life


class _Reader:
    """The schema walk over the operations the mock serves (`SpecDoc`'s helpers)."""

    def __init__(self, api: ApiModel) -> None:
        self.api = api
        self.doc = api.doc

    def op(self, op_id: str) -> OperationInfo:
        return self.api.operations[op_id]

    def response(self, op_id: str) -> Any:
        return self.doc.json_schema(self.op(op_id).data["responses"]["200"])

    def request(self, op_id: str) -> Any:
        return self.doc.json_schema(self.op(op_id).data["requestBody"])

    def example(self, op_id: str) -> Mapping[str, Any]:
        response = self.doc.target(self.op(op_id).data["responses"]["200"])
        body = _example_of(self.doc, response["content"]["application/json"])
        if body is None:
            raise SpecError(f"{self.op(op_id).pointer}: no responses example")
        return body  # type: ignore[no-any-return]

    def defaults(self, schema: Any) -> dict[str, Any]:
        """Each property's default (None ones left out)."""
        return {
            name: value
            for name, prop in self.doc.properties(schema).items()
            if (value := self.doc.default_of(prop)) is not None
        }

    def type_of(self, node: Any) -> Any:
        return self.doc.target(node).get("type")


def _example_of(doc: SpecDoc, content: Mapping[str, Any]) -> Any:
    """A media type's `example`, else its first named example's value (None when neither)."""
    if "example" in content:
        return content["example"]
    for ex in (content.get("examples") or {}).values():
        return doc.target(ex)["value"]
    return None


def _training_facts(r: _Reader, ops: MockOperations, training: Lifecycle) -> dict[str, Any]:
    training_props = r.doc.properties(r.response(ops.show_training))
    update_op = r.op(ops.update_training)
    update_props = r.doc.properties(r.request(ops.update_training))
    upload_fields = tuple(
        (name, r.type_of(prop) == "array")
        for name, prop in r.doc.properties(r.response(ops.update_training)).items()
        if name.endswith("_upload_url")
    )
    counts = _multipart_counts(r, update_op, update_props, upload_fields)
    training_example = r.example(ops.show_training)
    logs = training_example.get("operation_logs") or []
    if not logs:
        raise SpecError(f"{r.op(ops.show_training).pointer}: example has no operation_logs")
    count_fields = [field for field, _ in counts.values()]
    return {
        "training_fields": frozenset(training_props),
        "training_defaults": r.defaults(r.response(ops.show_training)),
        "update_copy_fields": frozenset(update_props) & frozenset(training_props),
        # from x-lifecycle; lint's lifecycle-allowed-states keeps x-allowed-states equal to it
        "update_allowed_states": tuple(training.states_for(ops.update_training)),
        "upload_url_fields": upload_fields,
        "multipart_counts": counts,
        "part_count_schema": update_props[count_fields[0]] if count_fields else None,
        "example_training_job": training_example,
        "create_log": {"log_type": logs[0]["log_type"], "operate_user": logs[0]["operate_user"]},
        "command_ok": dict(r.example(ops.execute_command)),
        "training_command_schema": r.doc.properties(r.request(ops.execute_command))["command"].get(
            "$ref", ""
        ),
    }


def _multipart_counts(
    r: _Reader,
    update_op: OperationInfo,
    update_props: Mapping[str, Any],
    upload_fields: tuple[tuple[str, bool], ...],
) -> dict[str, tuple[str, int | None]]:
    """Array upload field -> (the update's part count field, its default or None)."""
    counts: dict[str, tuple[str, int | None]] = {}
    for name, is_array in upload_fields:
        if not is_array:
            continue
        kind = name.removesuffix("_upload_url")  # training_video -> (training_)video_...
        for candidate in (f"{kind}_multipart_count", f"{kind.split('_', 1)[-1]}_multipart_count"):
            if candidate in update_props:
                default = r.doc.default_of(update_props[candidate])
                counts[name] = (candidate, default if isinstance(default, int) else None)
                break
        else:
            raise SpecError(f"{update_op.pointer}: no part count for {name}")
    return counts


def _video_facts(r: _Reader, ops: MockOperations) -> dict[str, Any]:
    detail_props = r.doc.properties(r.response(ops.show_video))
    item_schema = r.doc.target(r.doc.properties(r.response(ops.list_videos))["jobs"])["items"]
    summary_fields = tuple(r.doc.properties(item_schema))
    script_fields = tuple(
        name
        for name, prop in detail_props.items()
        if name not in summary_fields and r.type_of(prop) in ("object", "array")
    )
    job_type_schema = r.doc.target(r.doc.properties(item_schema)["job_type"])
    return {
        "video_summary_fields": summary_fields,
        "video_script_fields": script_fields,
        "video_job_types": tuple(job_type_schema.get("enum", [])),
        "example_video_job": r.example(ops.show_video),
        "video_detail_defaults": {
            name: r.defaults(prop)
            for name, prop in detail_props.items()
            if name in script_fields and r.type_of(prop) == "object"
        },
    }


def _error_examples(r: _Reader) -> dict[int, Mapping[str, Any]]:
    """The first example error body of each documented error status (400 and 500 needed)."""
    found: dict[int, Mapping[str, Any]] = {}
    for info in r.api.operations.values():
        for status, response in (info.data.get("responses") or {}).items():
            if not str(status).isdigit() or int(status) < 400 or int(status) in found:
                continue
            content = (r.doc.target(response).get("content") or {}).get("application/json") or {}
            body = _example_of(r.doc, content)
            if isinstance(body, dict) and isinstance(body.get("error_code"), str):
                found[int(status)] = body
    if 400 not in found or 500 not in found:
        raise SpecError(f"{r.doc.path}: no example error body for 400 and 500")
    return found
