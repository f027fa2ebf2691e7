"""Compare one operation of the spec with what the SDK says about it: a list of `Difference`s.

Both sides are walked in parallel from the operation down: parameters by (location, name),
the request body, the 200 response body and its headers; inside bodies, properties by wire
name, array items by `[]`. On the spec side `$ref`s are followed, `allOf` branches merged and
a nullable `anyOf: [X, null]` read as X. Per node the comparison covers presence, JSON type,
required flags, closed value sets, numeric ranges, string lengths and query collection formats.

Each difference carries the JSON pointer of the spec node it is about (for `file:line`), a
kind, the wire path (`operationId.where.field[].sub`) and both sides as short text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.spec import SpecDoc, join_pointer, json_media_schema

from .sdk import SdkField, SdkOperation

__all__ = ["Difference", "compare_operation"]

ABSENT = "absent"


@dataclass(frozen=True)
class Difference:
    kind: str
    wire: str
    spec: str
    sdk: str
    pointer: str  # spec node the difference is about
    evidence: str  # SDK class.attribute (or module) that says so

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.wire


@dataclass
class _View:
    """A spec schema with refs followed and allOf merged."""

    pointer: str
    types: set[str] = field(default_factory=set)
    properties: dict[str, tuple[Any, str]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    enum: list[Any] | None = None
    enum_pointer: str = ""
    items: tuple[Any, str] | None = None
    bounds: dict[str, tuple[Any, str]] = field(default_factory=dict)  # keyword -> (value, ptr)


_BOUNDS = ("minimum", "maximum", "minLength", "maxLength")


def _view(doc: SpecDoc, node: Any, pointer: str, view: _View | None = None) -> _View:
    node, pointer = doc.deref(node, pointer)
    if view is None:
        view = _View(pointer)
    if not isinstance(node, dict):
        return view
    kind = node.get("type")
    if isinstance(kind, str):
        view.types.add(kind)
    elif isinstance(kind, list):
        view.types.update(k for k in kind if isinstance(k, str))
    for name, prop in (node.get("properties") or {}).items():
        view.properties.setdefault(name, (prop, join_pointer(pointer, "properties", name)))
    view.required.update(node.get("required") or [])
    if isinstance(node.get("enum"), list) and view.enum is None:
        view.enum, view.enum_pointer = node["enum"], join_pointer(pointer, "enum")
    if "items" in node and view.items is None:
        view.items = (node["items"], join_pointer(pointer, "items"))
    for key in _BOUNDS:
        if key in node and key not in view.bounds:
            view.bounds[key] = (node[key], join_pointer(pointer, key))
    for i, branch in enumerate(node.get("allOf") or []):
        _view(doc, branch, join_pointer(pointer, "allOf", i), view)
    for combinator in ("anyOf", "oneOf"):
        branches = node.get(combinator) or []
        real = [
            (i, b)
            for i, b in enumerate(branches)
            if not (isinstance(b, dict) and b.get("type") == "null")
        ]
        if len(real) == 1:
            _view(doc, real[0][1], join_pointer(pointer, combinator, real[0][0]), view)
    return view


def _fmt(values: list[Any]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


class _Comparer:
    def __init__(self, doc: SpecDoc, op_id: str) -> None:
        self.doc = doc
        self.op_id = op_id
        self.out: list[Difference] = []

    def add(self, kind: str, wire: str, spec: str, sdk: str, pointer: str, evidence: str) -> None:
        self.out.append(Difference(kind, f"{self.op_id}.{wire}", spec, sdk, pointer, evidence))

    def field(
        self,
        wire: str,
        node: Any,
        pointer: str,
        sdk: SdkField,
        required: bool | None,
        decl_pointer: str,
    ) -> None:
        """Compare a spec schema (at `pointer`, declared at `decl_pointer`) with an SDK field."""
        view = _view(self.doc, node, pointer)
        if required is not None and required != sdk.required:
            self.add(
                "required",
                wire,
                str(required).lower(),
                str(sdk.required).lower(),
                decl_pointer,
                sdk.owner,
            )
        types = view.types
        widened = sdk.json_type == "integer" and "number" in types  # a number takes integers
        if types and sdk.json_type not in types and sdk.json_type != "unknown" and not widened:
            self.add("type", wire, "|".join(sorted(types)), sdk.json_type, decl_pointer, sdk.owner)
            return
        facts = sdk.facts
        if facts.values is not None and sdk.json_type == "string":
            evidence = f"{sdk.owner} ({facts.values_from})"
            if view.enum is None:
                self.add("values", wire, "open string", _fmt(facts.values), decl_pointer, evidence)
            else:
                spec_values = [str(v) for v in view.enum]
                missing = [v for v in facts.values if v not in spec_values]
                extra = [v for v in spec_values if v not in facts.values]
                if missing:
                    self.add(
                        "enum-missing",
                        wire,
                        f"lacks {_fmt(missing)}",
                        f"has {len(missing)}",
                        view.enum_pointer,
                        evidence,
                    )
                if extra:
                    self.add(
                        "enum-extra",
                        wire,
                        f"has {_fmt(extra)}",
                        "lacks them",
                        view.enum_pointer,
                        evidence,
                    )
        for key, value in (
            ("minimum", facts.minimum),
            ("maximum", facts.maximum),
            ("minLength", facts.min_length),
            ("maxLength", facts.max_length),
        ):
            if value is None:
                continue
            spec_value, bound_ptr = view.bounds.get(key, (None, decl_pointer))
            if spec_value != value:
                shown = ABSENT if spec_value is None else str(spec_value)
                self.add(key, wire, shown, str(value), bound_ptr, f"{sdk.owner} (docstring)")
        if sdk.items is not None:
            if view.items is None:
                if types and "array" in types:
                    self.add("items", wire, ABSENT, sdk.items.sdk_type, decl_pointer, sdk.owner)
                return
            item_node, item_ptr = view.items
            self.field(wire + "[]", item_node, item_ptr, sdk.items, None, item_ptr)
        if sdk.model is not None:
            self.model_fields(wire, view, sdk)

    def model_fields(self, wire: str, view: _View, sdk: SdkField) -> None:
        assert sdk.model is not None
        for name, child in sdk.model.fields.items():
            sub = f"{wire}.{name}"
            if name not in view.properties:
                self.add("field-missing", sub, ABSENT, child.sdk_type, view.pointer, child.owner)
                continue
            node, ptr = view.properties[name]
            self.field(sub, node, ptr, child, name in view.required, ptr)
        for name, (_, ptr) in view.properties.items():
            if name not in sdk.model.fields:
                self.add("field-extra", f"{wire}.{name}", "present", ABSENT, ptr, sdk.model.name)


def _collection_format(param: dict[str, Any]) -> str | None:
    style = param.get("style", "form")
    explode = param.get("explode", style == "form")
    if style == "form":
        return "multi" if explode else "csv"
    return {"spaceDelimited": "ssv", "pipeDelimited": "pipes"}.get(str(style), str(style))


def _spec_params(doc: SpecDoc, path: str, method: str) -> dict[tuple[str, str], tuple[Any, str]]:
    """(in, name) -> (parameter, pointer): path-level first, then the operation's own."""
    found: dict[tuple[str, str], tuple[Any, str]] = {}
    item_ptr = join_pointer("/paths", path)
    item = doc.get(item_ptr)
    for base, params in (
        (item_ptr, item.get("parameters") or []),
        (join_pointer(item_ptr, method), item[method].get("parameters") or []),
    ):
        for i, raw in enumerate(params):
            param, ptr = doc.deref(raw, join_pointer(base, "parameters", i))
            if isinstance(param, dict):
                found[(str(param.get("in")), str(param.get("name")))] = (param, ptr)
    return found


def compare_operation(
    doc: SpecDoc,
    path: str,
    method: str,
    op_id: str,
    sdk: SdkOperation,
    signer_headers: dict[str, str],
) -> list[Difference]:
    """Every difference between the spec's operation and the SDK's method."""
    cmp = _Comparer(doc, op_id)
    op_ptr = join_pointer("/paths", path, method)
    op = doc.get(op_ptr)
    client = f"MetaStudioClient._{sdk.method_name}_http_info"
    if (sdk.http_method, sdk.path) != (method, path):
        cmp.add(
            "operation",
            "endpoint",
            f"{method.upper()} {path}",
            f"{sdk.http_method.upper()} {sdk.path}",
            op_ptr,
            client,
        )
        return cmp.out
    spec_params = _spec_params(doc, path, method)
    sdk_params = {(p.location, p.name): p for p in sdk.params}
    for name, owner in signer_headers.items():
        sdk_params.setdefault(("header", name), _signer_param(name, owner))
    for key, p in sdk_params.items():
        wire = f"{p.location}.{p.name}"
        if key not in spec_params:
            cmp.add("param-missing", wire, ABSENT, p.field.sdk_type, op_ptr, p.field.owner)
            continue
        param, ptr = spec_params[key]
        schema_ptr = join_pointer(ptr, "schema")
        cmp.field(wire, param.get("schema"), schema_ptr, p.field, bool(param.get("required")), ptr)
        if p.location == "query" and p.collection_format is not None:
            spec_format = _collection_format(param)
            if spec_format != p.collection_format:
                cmp.add(
                    "collection-format",
                    wire,
                    str(spec_format),
                    p.collection_format,
                    ptr,
                    client,
                )
    for key, (_, ptr) in spec_params.items():
        if key not in sdk_params:
            cmp.add("param-extra", f"{key[0]}.{key[1]}", "present", ABSENT, ptr, client)
    body = op.get("requestBody")
    if sdk.body is not None or body is not None:
        _compare_body(doc, cmp, op_ptr, body, sdk)
    response = (op.get("responses") or {}).get("200")
    if response is not None and sdk.response is not None:
        resp, resp_ptr = doc.deref(response, join_pointer(op_ptr, "responses", "200"))
        found = json_media_schema(resp)
        if found is not None:
            schema, rel = found
            cmp.field("response", schema, f"{resp_ptr}/{rel}", sdk.response, None, resp_ptr)
        spec_headers = set((resp.get("headers") or {}).keys())
        for name in sdk.response_headers:
            if name not in spec_headers:
                cmp.add("header-missing", f"response.{name}", ABSENT, "present", resp_ptr, client)
    return cmp.out


def _compare_body(doc: SpecDoc, cmp: _Comparer, op_ptr: str, body: Any, sdk: SdkOperation) -> None:
    if body is None:
        assert sdk.body is not None
        cmp.add("body", "body", ABSENT, sdk.body.sdk_type, op_ptr, sdk.body.owner)
        return
    body, body_ptr = doc.deref(body, join_pointer(op_ptr, "requestBody"))
    if sdk.body is None:
        cmp.add("body", "body", "present", ABSENT, body_ptr, f"{sdk.method_name} request")
        return
    found = json_media_schema(body)
    if found is None:
        return
    schema, rel = found
    cmp.field(
        "body",
        schema,
        f"{body_ptr}/{rel}",
        sdk.body,
        bool(body.get("required")),
        join_pointer(body_ptr, "required") if "required" in body else body_ptr,
    )


def _signer_param(name: str, owner: str) -> Any:
    from .docstrings import Facts
    from .sdk import SdkField, SdkParam

    return SdkParam("header", name, SdkField(name, "str", "string", False, Facts(), owner))


def iter_kinds() -> Iterator[str]:
    """Every kind of difference, for documentation and the accounting file's check."""
    yield from (
        "operation",
        "param-missing",
        "param-extra",
        "collection-format",
        "required",
        "type",
        "values",
        "enum-missing",
        "enum-extra",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "items",
        "field-missing",
        "field-extra",
        "body",
        "header-missing",
    )
