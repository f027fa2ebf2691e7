"""Everything the mock reads from the spec, read once at start-up (no spec walking per request).

The mock serves the spec's operations by operation id; the facts it needs about the payloads
(which fields a PUT may change, which upload URLs it returns, which fields a list item has,
schema defaults, the page examples to seed, the lifecycles) all come from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.spec import SpecDoc
from generator.specmodel import ApiModel, Lifecycle, LifecycleError, OperationInfo, build

__all__ = [
    "OP_EXECUTE_COMMAND",
    "OP_LIST_VIDEOS",
    "OP_SHOW_TRAINING",
    "OP_SHOW_VIDEO",
    "OP_UPDATE_TRAINING",
    "SpecError",
    "SpecModel",
    "load_model",
]

# The five operations the mock implements, by the spec's operation ids.
OP_SHOW_TRAINING = "show_training_job"
OP_UPDATE_TRAINING = "update_training_job"
OP_EXECUTE_COMMAND = "execute_training_command"
OP_SHOW_VIDEO = "show_video_job"
OP_LIST_VIDEOS = "list_video_jobs"
OPERATION_IDS = (
    OP_SHOW_TRAINING,
    OP_UPDATE_TRAINING,
    OP_EXECUTE_COMMAND,
    OP_SHOW_VIDEO,
    OP_LIST_VIDEOS,
)


class SpecError(ValueError):
    """The spec lacks something the mock needs; the message says what and where."""


# Issues of the spec model (generator.specmodel) the mock refuses to start on: it could not
# run such a lifecycle. Reachability and log types are lint's business only.
REFUSED = frozenset(
    {"lifecycle-shape", "lifecycle-states", "lifecycle-triggers", "lifecycle-guards"}
)


@dataclass(frozen=True)
class SpecModel:
    doc: SpecDoc
    api: ApiModel  # the typed model every part of the toolkit reads
    data: Mapping[str, Any]
    operations: Mapping[str, OperationInfo]
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

    def schema_pointer(self, name: str) -> str:
        return f"#/components/schemas/{name}"


def load_model(path: Path) -> SpecModel:
    doc = SpecDoc(path, load_errata=False)
    return build_model(doc)


def build_model(doc: SpecDoc) -> SpecModel:
    data: Mapping[str, Any] = doc.data
    api = build(doc)
    for issue in api.issues:
        if issue.rule in REFUSED:
            where = f"{doc.path}:{doc.line_of(issue.pointer)}"
            raise LifecycleError(f"{where}: {issue.rule}: {issue.message}")
    ops = api.operations
    missing = [o for o in OPERATION_IDS if o not in ops]
    if missing:
        raise SpecError(f"{doc.path}: operations missing: {', '.join(missing)}")

    def deref(node: Any) -> Any:
        target, _ = doc.deref(node)
        return target

    def response_schema(op_id: str) -> Mapping[str, Any]:
        content = deref(ops[op_id].data["responses"]["200"])["content"]["application/json"]
        return deref(content["schema"])  # type: ignore[no-any-return]

    def example(op_id: str, where: str = "responses") -> Mapping[str, Any]:
        if where == "responses":
            content = deref(ops[op_id].data["responses"]["200"])["content"]["application/json"]
        else:
            content = deref(ops[op_id].data["requestBody"])["content"]["application/json"]
        if "example" in content:
            return content["example"]  # type: ignore[no-any-return]
        for ex in (content.get("examples") or {}).values():
            return deref(ex)["value"]  # type: ignore[no-any-return]
        raise SpecError(f"{ops[op_id].pointer}: no {where} example")

    def properties(schema: Mapping[str, Any]) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for part in deref(schema).get("allOf", []):
            props.update(properties(part))
        props.update(deref(schema).get("properties", {}))
        return props

    def lifecycle_of(op_id: str) -> Lifecycle:
        life = api.lifecycles.get(api.state_enum(ops[op_id]))
        if life is None:
            raise SpecError(f"{ops[op_id].pointer}: the 200 body's state has no x-lifecycle")
        return life

    def default_of(schema: Any) -> Any:
        schema = deref(schema)
        if "default" in schema:
            return schema["default"]
        for part in schema.get("allOf", []):
            value = default_of(part)
            if value is not None:
                return value
        return None

    training_schema = response_schema(OP_SHOW_TRAINING)
    training_props = properties(training_schema)
    training = lifecycle_of(OP_SHOW_TRAINING)
    training_defaults = {
        name: value
        for name, prop in training_props.items()
        if (value := default_of(prop)) is not None
    }

    update_op = ops[OP_UPDATE_TRAINING]
    update_body = deref(update_op.data["requestBody"])["content"]["application/json"]["schema"]
    update_props = properties(update_body)
    allowed = update_op.allowed_states  # each one a state: checked by the model
    if not allowed:
        raise SpecError(f"{update_op.pointer}: x-allowed-states missing")
    result_props = properties(response_schema(OP_UPDATE_TRAINING))
    upload_fields = tuple(
        (name, deref(prop).get("type") == "array")
        for name, prop in result_props.items()
        if name.endswith("_upload_url")
    )
    multipart_counts: dict[str, tuple[str, int | None]] = {}
    for name, is_array in upload_fields:
        if not is_array:
            continue
        kind = name.removesuffix("_upload_url")  # training_video -> (training_)video_...
        for candidate in (f"{kind}_multipart_count", f"{kind.split('_', 1)[-1]}_multipart_count"):
            if candidate in update_props:
                default = default_of(update_props[candidate])
                multipart_counts[name] = (candidate, default if isinstance(default, int) else None)
                break
        else:
            raise SpecError(f"{update_op.pointer}: no part count for {name}")

    command_op = ops[OP_EXECUTE_COMMAND]
    command_body = deref(
        deref(command_op.data["requestBody"])["content"]["application/json"]["schema"]
    )
    command_ref = properties(command_body)["command"].get("$ref", "")
    result_example = example(OP_EXECUTE_COMMAND)

    training_example = example(OP_SHOW_TRAINING)
    logs = training_example.get("operation_logs") or []
    if not logs:
        raise SpecError(f"{ops[OP_SHOW_TRAINING].pointer}: example has no operation_logs")

    video_detail = response_schema(OP_SHOW_VIDEO)
    detail_props = properties(video_detail)
    list_schema = response_schema(OP_LIST_VIDEOS)
    item_schema = deref(properties(list_schema)["jobs"])["items"]
    summary_fields = tuple(properties(item_schema))
    script_fields = tuple(
        name
        for name, prop in detail_props.items()
        if name not in summary_fields and deref(prop).get("type") in ("object", "array")
    )
    job_type_schema = deref(properties(item_schema)["job_type"])
    detail_defaults = {
        name: {
            sub: value
            for sub, subprop in properties(prop).items()
            if (value := default_of(subprop)) is not None
        }
        for name, prop in detail_props.items()
        if name in script_fields and deref(prop).get("type") == "object"
    }

    error_examples: dict[int, Mapping[str, Any]] = {}
    for info in ops.values():
        for status, response in (info.data.get("responses") or {}).items():
            if not str(status).isdigit() or int(status) < 400 or int(status) in error_examples:
                continue
            content = (deref(response).get("content") or {}).get("application/json") or {}
            body = content.get("example")
            if body is None:
                body = next(
                    (deref(e)["value"] for e in (content.get("examples") or {}).values()), None
                )
            if isinstance(body, dict) and isinstance(body.get("error_code"), str):
                error_examples[int(status)] = body
    if 400 not in error_examples or 500 not in error_examples:
        raise SpecError(f"{doc.path}: no example error body for 400 and 500")

    return SpecModel(
        doc=doc,
        api=api,
        data=data,
        operations=ops,
        training=training,
        video=lifecycle_of(OP_SHOW_VIDEO),
        training_fields=frozenset(training_props),
        training_defaults=training_defaults,
        update_copy_fields=frozenset(update_props) & frozenset(training_props),
        update_allowed_states=tuple(allowed),
        upload_url_fields=upload_fields,
        multipart_counts=multipart_counts,
        example_training_job=training_example,
        create_log={"log_type": logs[0]["log_type"], "operate_user": logs[0]["operate_user"]},
        command_ok=dict(result_example),
        training_command_schema=command_ref,
        video_summary_fields=summary_fields,
        video_script_fields=script_fields,
        video_job_types=tuple(job_type_schema.get("enum", [])),
        example_video_job=example(OP_SHOW_VIDEO),
        video_detail_defaults=detail_defaults,
        error_examples=error_examples,
    )
