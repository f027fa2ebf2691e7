"""Stage (d): house rules, the conventions of ARCHITECTURE.md ("Rules the house lint enforces").

Each rule is one function registered under a stable id; it yields `Finding`s (a JSON pointer
into the spec, or into spec/errata.yaml, and a message). Rules never assume the document is
structurally valid (stage (b) reports that): they skip what they cannot make sense of.

Decisions worth knowing:
- Literal data (examples, defaults, `const`/`enum` values) and the contents of `x-` extensions
  are data, not spec: `no-ref-siblings` does not look inside them.
- `field-descriptions`: a property is described by its own non-empty `description`, or, when it
  is a bare `{$ref: ...}`, by the description of the schema it references (after following any
  chain of bare refs). Any other shape, including an `allOf`/`anyOf` wrapper, must carry its
  own description: that is the reason to write a wrapper. Server variables' enums are not
  schema enums and are not checked by the enum rules.
- `enum-varnames`: needed when any value is a string starting with a digit, or a number
  (its name could never be an identifier either); when present it is always checked.
- `examples-validate`: JSON Schema 2020-12 with local refs resolved against the whole document;
  `format` is an annotation except `date-time`, which must be RFC 3339.
- `operation-ids`: `x-sdk-method` must also be a method of the official SDK's MetaStudioClient
  when that package is installed (its source is read, not imported).
- `lifecycle-*`: the checks of `x-lifecycle` and `x-allowed-states` are registered rules of
  `generator.specmodel` (`LIFECYCLE_RULES`: the model the mock runs and the docs draw); each
  becomes the lint rule of the same id, reporting that model's issues.
"""

from __future__ import annotations

import importlib.util
import keyword
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from generator.lint.walk import Walk
from generator.spec import SpecDoc, escape
from generator.specmodel import LIFECYCLE_RULES, ApiModel, build

ERROR_REF = "#/components/schemas/Error"
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")
SPEC_URI = "urn:metastudio:spec"


@dataclass(frozen=True)
class Finding:
    pointer: str
    message: str
    in_errata: bool = False  # the pointer is into the errata file, not the spec


@dataclass
class Context:
    doc: SpecDoc
    walk: Walk
    _model: ApiModel | None = None

    @property
    def model(self) -> ApiModel:
        """The spec's typed model (built once per lint run, by the first rule that asks)."""
        if self._model is None:
            self._model = build(self.doc)
        return self._model


Rule = Callable[[Context], Iterator[Finding]]
RULES: dict[str, Rule] = {}


def rule(rule_id: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[rule_id] = fn
        return fn

    return register


def _p(base: str, *parts: str | int) -> str:
    return base + "".join("/" + escape(p) for p in parts)


def _is_json(media_type: str) -> bool:
    base = media_type.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _is_error_status(status: str) -> bool:
    return status == "default" or status[:1] in ("4", "5")


# -- error-responses -----------------------------------------------------------------------
@rule("error-responses")
def error_responses(ctx: Context) -> Iterator[Finding]:
    """Every operation declares 400, 500 and its `x-documented-statuses`; 4xx/5xx use Error."""
    doc = ctx.doc
    schemas = (doc.data.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict) or "Error" not in schemas:
        yield Finding("/components/schemas", "there is no `Error` schema in components/schemas")
    for op in doc.operations():
        name = op.data.get("operationId") or f"{op.method.upper()} {op.path}"
        required = ["400", "500"]
        documented = op.data.get("x-documented-statuses")
        if documented is not None:
            if isinstance(documented, list):
                required += [str(s) for s in documented if str(s) not in required]
            else:
                yield Finding(
                    _p(op.pointer, "x-documented-statuses"),
                    "x-documented-statuses must be a list of status codes",
                )
        responses = op.data.get("responses")
        if not isinstance(responses, dict):
            yield Finding(op.pointer, f"{name} has no responses")
            continue
        for status in required:
            if status not in responses:
                yield Finding(
                    _p(op.pointer, "responses"),
                    f"{name} does not declare the {status} response",
                )
                continue
            target = doc.try_deref(responses[status], _p(op.pointer, "responses", status))
            if target is None or not isinstance(target[0], dict):
                continue
            response, rptr = target
            if not _is_error_status(status):
                continue  # e.g. a documented 200: declared is enough
            content = response.get("content")
            json_types = [k for k in content if _is_json(k)] if isinstance(content, dict) else []
            if not json_types:
                yield Finding(rptr, f"{name}: the {status} response has no application/json body")
            for media_type in json_types:
                media = content[media_type]
                schema = media.get("schema") if isinstance(media, dict) else None
                if schema != {"$ref": ERROR_REF}:
                    yield Finding(
                        _p(rptr, "content", media_type, "schema")
                        if schema is not None
                        else _p(rptr, "content", media_type),
                        f"{name}: the {status} response body must be `$ref: '{ERROR_REF}'`",
                    )


# -- enum-descriptions / enum-varnames -----------------------------------------------------
@rule("enum-descriptions")
def enum_descriptions(ctx: Context) -> Iterator[Finding]:
    """Every enum has `x-enum-descriptions`: non-empty strings, one per value."""
    for ptr, schema in ctx.walk.schemas:
        values = schema.get("enum")
        if not isinstance(values, list):
            continue
        descriptions = schema.get("x-enum-descriptions")
        if descriptions is None:
            yield Finding(_p(ptr, "enum"), "enum has no x-enum-descriptions")
            continue
        dptr = _p(ptr, "x-enum-descriptions")
        if not isinstance(descriptions, list):
            yield Finding(dptr, "x-enum-descriptions must be a list parallel to enum")
            continue
        if len(descriptions) != len(values):
            yield Finding(
                dptr,
                f"x-enum-descriptions has {len(descriptions)} entries, enum has {len(values)}",
            )
        for i, text in enumerate(descriptions):
            if not isinstance(text, str) or not text.strip():
                yield Finding(_p(dptr, i), f"x-enum-descriptions[{i}] is not a non-empty string")


def _needs_varnames(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and value[:1].isdigit()


@rule("enum-varnames")
def enum_varnames(ctx: Context) -> Iterator[Finding]:
    """An enum with a value starting with a digit has `x-enum-varnames`: unique identifiers."""
    for ptr, schema in ctx.walk.schemas:
        values = schema.get("enum")
        if not isinstance(values, list):
            continue
        names = schema.get("x-enum-varnames")
        if names is None:
            bad = [v for v in values if _needs_varnames(v)]
            if bad:
                yield Finding(
                    _p(ptr, "enum"),
                    f"enum value {bad[0]!r} is not a valid name; add x-enum-varnames",
                )
            continue
        nptr = _p(ptr, "x-enum-varnames")
        if not isinstance(names, list):
            yield Finding(nptr, "x-enum-varnames must be a list parallel to enum")
            continue
        if len(names) != len(values):
            yield Finding(nptr, f"x-enum-varnames has {len(names)} entries, enum has {len(values)}")
        seen: set[str] = set()
        for i, name in enumerate(names):
            if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
                yield Finding(_p(nptr, i), f"x-enum-varnames[{i}] {name!r} is not a Python name")
            elif name in seen:
                yield Finding(_p(nptr, i), f"x-enum-varnames[{i}] {name!r} is a duplicate")
            else:
                seen.add(name)


# -- no-ref-siblings -----------------------------------------------------------------------
@rule("no-ref-siblings")
def no_ref_siblings(ctx: Context) -> Iterator[Finding]:
    """No mapping has `$ref` plus another key (wrap in allOf/anyOf instead)."""
    literals = ctx.walk.literals
    stack: list[tuple[str, Any]] = [("", ctx.doc.data)]
    while stack:
        ptr, node = stack.pop()
        if ptr in literals:
            continue
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str) and len(node) > 1:
                others = ", ".join(sorted(k for k in node if k != "$ref"))
                yield Finding(
                    _p(ptr, "$ref"),
                    f"$ref has sibling keys ({others}); use allOf/anyOf to add them",
                )
            stack.extend((_p(ptr, k), v) for k, v in node.items() if not k.startswith("x-"))
        elif isinstance(node, list):
            stack.extend((_p(ptr, i), v) for i, v in enumerate(node))


# -- examples-validate ---------------------------------------------------------------------
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


class _Examples:
    """Validates values against schemas of the document (by pointer), caching validators."""

    def __init__(self, doc: SpecDoc) -> None:
        from jsonschema import Draft202012Validator, FormatChecker
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012

        self._cls = Draft202012Validator
        self._registry: Registry[Any] = Registry().with_resource(
            SPEC_URI, DRAFT202012.create_resource(doc.data)
        )
        self._formats = FormatChecker(formats=())
        self._formats.checks("date-time")(_date_time)
        self._validators: dict[str, Any] = {}

    def errors(self, schema_ptr: str, value: Any) -> Iterator[tuple[list[str | int], str]]:
        from urllib.parse import quote

        from jsonschema.exceptions import SchemaError, UnknownType, best_match
        from referencing.exceptions import Unresolvable

        validator = self._validators.get(schema_ptr)
        if validator is None:
            ref = f"{SPEC_URI}#{quote(schema_ptr, safe='/~')}"
            validator = self._cls(
                {"$ref": ref}, registry=self._registry, format_checker=self._formats
            )
            self._validators[schema_ptr] = validator
        try:
            for error in validator.iter_errors(value):
                leaf = best_match([error])
                where = "".join(f"/{p}" for p in leaf.absolute_path) or "the value"
                yield list(leaf.absolute_path), f"at {where}: {leaf.message}"
        except (Unresolvable, UnknownType, SchemaError, re.error):
            return  # a broken schema: stage (b) or Redocly reports it where it is


@rule("examples-validate")
def examples_validate(ctx: Context) -> Iterator[Finding]:
    """Every example validates against its schema (JSON Schema 2020-12)."""
    doc, walk = ctx.doc, ctx.walk
    checker = _Examples(doc)

    def check(schema_ptr: str, example_ptr: str, value: Any) -> Iterator[Finding]:
        for path, message in checker.errors(schema_ptr, value):
            yield Finding(
                _p(example_ptr, *path), f"example does not match #{schema_ptr}: {message}"
            )

    holders = walk.media_types + walk.parameters + walk.headers
    for ptr, holder in holders:
        if "schema" not in holder:
            continue
        schema_ptr = _p(ptr, "schema")
        if "example" in holder:
            yield from check(schema_ptr, _p(ptr, "example"), holder["example"])
        examples = holder.get("examples")
        if isinstance(examples, dict):
            for name, example in examples.items():
                target = doc.try_deref(example, _p(ptr, "examples", name))
                if target and isinstance(target[0], dict) and "value" in target[0]:
                    where = _p(ptr, "examples", name, "value")
                    if target[1] != _p(ptr, "examples", name):
                        where = _p(target[1], "value")
                    yield from check(schema_ptr, where, target[0]["value"])
    for ptr, schema in walk.schemas:
        if "example" in schema:
            yield from check(ptr, _p(ptr, "example"), schema["example"])
        if "examples" in schema:
            values = schema["examples"]
            if not isinstance(values, list):
                yield Finding(_p(ptr, "examples"), "schema `examples` must be a list of values")
                continue
            for i, value in enumerate(values):
                yield from check(ptr, _p(ptr, "examples", i), value)


# -- field-descriptions --------------------------------------------------------------------
def _described(node: Any) -> bool:
    text = node.get("description") if isinstance(node, dict) else None
    return isinstance(text, str) and bool(text.strip())


@rule("field-descriptions")
def field_descriptions(ctx: Context) -> Iterator[Finding]:
    """Every property, parameter and header has a non-empty description."""
    doc = ctx.doc
    for ptr, schema in ctx.walk.schemas:
        props = schema.get("properties")
        if not isinstance(props, dict):
            continue
        for name, prop in props.items():
            pptr = _p(ptr, "properties", name)
            if _described(prop):
                continue
            if isinstance(prop, dict) and set(prop) == {"$ref"}:
                target = doc.try_deref(prop, pptr)
                if target is None or _described(target[0]):
                    continue
                yield Finding(
                    pptr,
                    f"property {name!r} has no description, nor has {prop['$ref']}; "
                    "describe the target, or wrap the $ref in allOf with a description",
                )
            else:
                yield Finding(pptr, f"property {name!r} has no description")
    for ptr, param in ctx.walk.parameters:
        if not _described(param):
            yield Finding(ptr, f"parameter {param.get('name')!r} has no description")
    for ptr, header in ctx.walk.headers:
        if not _described(header):
            yield Finding(ptr, f"header {ptr.rsplit('/', 1)[-1]!r} has no description")


# -- errata-refs ---------------------------------------------------------------------------
def _errata_entries(data: Any) -> list[tuple[str, Any, str]]:
    """(id, entry, pointer of entry) for the accepted layouts of errata.yaml.

    Accepted: a list of entries with `id`; a mapping `errata:` holding such a list or a
    mapping of id -> entry; or directly a mapping of id -> entry.
    """
    base = ""
    if isinstance(data, dict) and "errata" in data:
        data, base = data["errata"], "/errata"
    if isinstance(data, list):
        return [
            (str(e.get("id")) if isinstance(e, dict) else "", e, _p(base, i))
            for i, e in enumerate(data)
        ]
    if isinstance(data, dict):
        return [(str(k), e, _p(base, k)) for k, e in data.items()]
    return []


@rule("errata-refs")
def errata_refs(ctx: Context) -> Iterator[Finding]:
    """Every `x-errata` id exists in errata.yaml; every errata `pointer` resolves in the spec."""
    doc = ctx.doc
    uses: list[tuple[str, str]] = []  # (pointer of the id, id)
    for link in ctx.model.errata_links:
        uses.extend((_p(link.pointer, "x-errata", i), ident) for i, ident in enumerate(link.ids))
    for issue in ctx.model.issues:
        if issue.rule == "errata-refs":
            yield Finding(issue.pointer, issue.message)

    errata = doc.errata
    if errata is None:
        for ptr, ident in uses:
            yield Finding(ptr, f"x-errata {ident!r} used but {doc.errata_path} does not exist")
        return
    entries = _errata_entries(errata.data)
    if not entries:
        yield Finding("", "errata file has no entries (a list, or `errata:` list)", True)
    known: dict[str, str] = {}
    for ident, entry, eptr in entries:
        if not ident or not isinstance(entry, dict):
            yield Finding(eptr, "errata entry must be a mapping with an `id`", True)
            continue
        if ident in known:
            yield Finding(eptr, f"errata id {ident!r} is defined twice", True)
        known[ident] = eptr
        if "pointer" in entry:
            pointers = [(_p(eptr, "pointer"), entry["pointer"])]
        elif isinstance(entry.get("pointers"), list):
            pointers = [(_p(eptr, "pointers", i), p) for i, p in enumerate(entry["pointers"])]
        else:
            yield Finding(eptr, f"errata {ident} has no `pointer` into the spec", True)
            continue
        for where, pointer in pointers:
            if not isinstance(pointer, str) or not pointer.lstrip("#").startswith("/"):
                yield Finding(where, f"errata {ident}: {pointer!r} is not a JSON pointer", True)
            elif not doc.has(pointer):
                yield Finding(
                    where, f"errata {ident}: pointer {pointer} does not exist in the spec", True
                )
    for ptr, ident in uses:
        if ident not in known:
            yield Finding(ptr, f"x-errata {ident!r} is not an entry of {errata.path.name}")


# -- operation-ids -------------------------------------------------------------------------
@cache
def _sdk_methods() -> frozenset[str] | None:
    """Method names of huaweicloudsdkmetastudio's MetaStudioClient, or None if not installed."""
    try:
        spec = importlib.util.find_spec("huaweicloudsdkmetastudio")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        source = Path(location) / "v1" / "metastudio_client.py"
        if source.is_file():
            text = source.read_text(encoding="utf-8")
            return frozenset(re.findall(r"^    def ([a-z_][a-z0-9_]*)\(self", text, re.M))
    return None


@rule("operation-ids")
def operation_ids(ctx: Context) -> Iterator[Finding]:
    """Every operation has a snake_case operationId and an `x-sdk-method`."""
    sdk = _sdk_methods()
    for op in ctx.doc.operations():
        where = f"{op.method.upper()} {op.path}"
        op_id = op.data.get("operationId")
        if op_id is None:
            yield Finding(op.pointer, f"{where} has no operationId")
        elif not isinstance(op_id, str) or not SNAKE_CASE.match(op_id):
            yield Finding(_p(op.pointer, "operationId"), f"operationId {op_id!r} is not snake_case")
        method = op.data.get("x-sdk-method")
        if method is None:
            yield Finding(op.pointer, f"{where} has no x-sdk-method")
        elif not isinstance(method, str) or not method.isidentifier():
            yield Finding(_p(op.pointer, "x-sdk-method"), f"x-sdk-method {method!r} is not a name")
        elif sdk is not None and method not in sdk:
            yield Finding(
                _p(op.pointer, "x-sdk-method"),
                f"x-sdk-method {method!r} is not a method of the official SDK's MetaStudioClient",
            )


# -- lifecycle-* -----------------------------------------------------------------------------
def _model_rule(rule_id: str, doc: str) -> None:
    def check(ctx: Context) -> Iterator[Finding]:
        for issue in ctx.model.issues:
            if issue.rule == rule_id:
                yield Finding(issue.pointer, issue.message)

    check.__doc__ = doc
    check.__name__ = rule_id.replace("-", "_")
    rule(rule_id)(check)


for _rule_id, _check in LIFECYCLE_RULES.items():
    _model_rule(_rule_id, _check.__doc__ or "")


# -- gateway-errors --------------------------------------------------------------------------
@rule("gateway-errors")
def gateway_errors(ctx: Context) -> Iterator[Finding]:
    """`x-gateway-errors`: every fact sourced, statuses unique, each body fits `body`."""
    from jsonschema import Draft202012Validator

    for issue in ctx.model.issues:
        if issue.rule == "gateway-errors":
            yield Finding(issue.pointer, issue.message)
    catalogue = ctx.model.gateway
    if not catalogue.body_schema:
        return
    validator = Draft202012Validator(dict(catalogue.body_schema))
    for answer in catalogue.answers:
        body = {"error_code": answer.error_code, "error_msg": answer.error_msg, "request_id": "1"}
        for error in validator.iter_errors(body):
            yield Finding(answer.pointer, f"the answer's body does not fit `body`: {error.message}")


# -- x-source ------------------------------------------------------------------------------
SOURCES = frozenset({"sdk"})  # where a fact can come from besides the pages


# Two shapes: `x-source: sdk` marks the whole node (a property, parameter or schema); a mapping
# marks parts of it: `{enum: {VALUE: sdk, ...}}` single enum values, `{KEYWORD: sdk}` the value
# of one keyword of the same node (e.g. `maximum`).
@rule("x-source")
def x_source(ctx: Context) -> Iterator[Finding]:
    """Every `x-source` names a known source for the node, its enum values or its keywords."""
    literals = ctx.walk.literals
    stack: list[tuple[str, Any]] = [("", ctx.doc.data)]
    while stack:
        ptr, node = stack.pop()
        if ptr in literals:
            continue
        if isinstance(node, dict):
            if "x-source" in node:
                yield from _check_source(node, _p(ptr, "x-source"))
            stack.extend((_p(ptr, k), v) for k, v in node.items() if not k.startswith("x-"))
        elif isinstance(node, list):
            stack.extend((_p(ptr, i), v) for i, v in enumerate(node))


def _check_source(node: dict[str, Any], sptr: str) -> Iterator[Finding]:
    known = ", ".join(sorted(SOURCES))
    source = node["x-source"]
    if isinstance(source, str):
        if source not in SOURCES:
            yield Finding(sptr, f"x-source {source!r} is not a known source ({known})")
        return
    if not isinstance(source, dict) or not source:
        yield Finding(sptr, f"x-source must be a source ({known}) or a mapping keyword -> source")
        return
    for key, value in source.items():
        kptr = _p(sptr, key)
        if key not in node or key.startswith("x-"):
            yield Finding(kptr, f"x-source names {key!r}, which this node does not have")
        elif key == "enum":
            values = node["enum"] if isinstance(node["enum"], list) else []
            if not isinstance(value, dict) or not value:
                yield Finding(kptr, "x-source enum must map enum values to their source")
                continue
            for item, item_source in value.items():
                if item not in [str(v) for v in values]:
                    yield Finding(_p(kptr, item), f"x-source enum names {item!r}, not a value")
                elif item_source not in SOURCES:
                    yield Finding(
                        _p(kptr, item), f"x-source {item_source!r} is not a known source ({known})"
                    )
        elif value not in SOURCES:
            yield Finding(kptr, f"x-source {value!r} is not a known source ({known})")
