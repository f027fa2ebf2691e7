"""Request validators compiled from the spec at start-up.

For every operation: its path, query and header parameters (path-level and operation-level,
`$ref`s followed) and its JSON request body become pre-built `jsonschema` validators over
fully inlined schemas, so a request costs no spec walking and no reference resolution. Query
strings are converted by the parameter's schema type first (integers, booleans, numbers,
`style: form` arrays: comma-joined when `explode: false`, repeated keys otherwise).

A failure raises `ValidationFailed(field, detail)`; `str()` of it names the field, for example
`body.video_multipart_count: 0 is less than the minimum of 1`, `query.limit: 'x' is not an
integer` or `header.X-App-UserId: ... does not match ...`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import unquote_plus

import orjson
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator

from generator.spec import SpecDoc

from .limits import MAX_JSON_DEPTH, MAX_LIST_ITEMS, MAX_QUERY_FIELDS

__all__ = [
    "FORMAT_CHECKER",
    "OperationValidator",
    "Param",
    "Validated",
    "ValidationFailed",
    "check_instance",
    "compile_schema",
    "json_body",
    "load_json",
    "parse_query",
    "parse_rfc3339",
]

_MAX_DETAIL = 300
_MAX_EXACT = 2**53  # floats up to here are exact integers

_RFC3339 = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)


def parse_rfc3339(value: str) -> datetime | None:
    """An RFC 3339 date-time (with offset) as an aware datetime, or None when it is not one."""
    if not _RFC3339.match(value):
        return None
    try:
        return datetime.fromisoformat(value.upper())
    except ValueError:
        return None


_INTEGER = re.compile(r"[-+]?[0-9]{1,40}")

FORMAT_CHECKER = FormatChecker(formats=())


@FORMAT_CHECKER.checks("date-time")
def _is_date_time(instance: object) -> bool:
    return not isinstance(instance, str) or parse_rfc3339(instance) is not None


def _int_range(bits: int) -> Callable[[object], bool]:
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def check(instance: object) -> bool:
        if isinstance(instance, bool) or not isinstance(instance, int | float):
            return True
        return bool(low <= instance <= high)

    return check


FORMAT_CHECKER.checks("int32")(_int_range(32))
FORMAT_CHECKER.checks("int64")(_int_range(64))


@FORMAT_CHECKER.checks("float")
def _is_finite(instance: object) -> bool:
    return not isinstance(instance, float) or math.isfinite(instance)


class ValidationFailed(Exception):
    """A request broke the spec; `field` names where, `detail` says how."""

    def __init__(self, field: str, detail: str) -> None:
        if len(detail) > _MAX_DETAIL:
            detail = detail[:_MAX_DETAIL] + "..."
        super().__init__(f"{field}: {detail}")
        self.field = field
        self.detail = detail


# --------------------------------------------------------------------------- schemas


def _inline(doc: SpecDoc, node: Any, stack: tuple[str, ...] = ()) -> Any:
    """A copy of `node` with every local `$ref` replaced by its (inlined) target."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in stack:
                raise ValueError(f"recursive schema at {ref}; the mock cannot inline it")
            target = _inline(doc, doc.resolve(ref), (*stack, ref))
            rest = {k: _inline(doc, v, stack) for k, v in node.items() if k != "$ref"}
            return {"allOf": [target], **rest} if rest else target
        return {k: _inline(doc, v, stack) for k, v in node.items() if not k.startswith("x-")}
    if isinstance(node, list):
        return [_inline(doc, v, stack) for v in node]
    return node


def _is_int(checker: Any, instance: object) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


# `integer` is a Python int: `load_json` has already made integral floats ints, so a float
# left is one no int can stand for exactly (1e300), which a handler must never get as a count
_Validator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_int),
)


def compile_schema(doc: SpecDoc, schema: Any) -> Validator:
    """A validator for a schema of the spec (which may contain local `$ref`s)."""
    inlined = _inline(doc, schema)
    validator: Validator = _Validator(inlined, format_checker=FORMAT_CHECKER)
    return validator


def _type_of(schema: Mapping[str, Any]) -> str:
    """The (first) JSON type a schema admits, looking through allOf; 'string' if unsure."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if isinstance(kind, str):
        return kind
    for part in schema.get("allOf", []):
        if isinstance(part, Mapping):
            found = _type_of(part)
            if found:
                return found
    if "enum" in schema and all(isinstance(v, str) for v in schema["enum"]):
        return "string"
    return "string"


def _path_of(error: ValidationError) -> tuple[str, str]:
    """(field path, detail) of a jsonschema error, the field as `a.b[0].c`."""
    parts: list[str] = []
    for item in error.absolute_path:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(f".{item}" if parts else str(item))
    detail = error.message
    if error.validator == "required" and isinstance(error.instance, Mapping):
        names = error.validator_value if isinstance(error.validator_value, list) else []
        missing = next((n for n in names if n not in error.instance), None)
        if missing is not None:
            parts.append(f".{missing}" if parts else str(missing))
            detail = "is required"
    return "".join(parts), detail


def _first_error(validator: Validator, instance: Any) -> ValidationError | None:
    # The first error in document order, descending into anyOf/oneOf for the best branch.
    first = next(iter(validator.iter_errors(instance)), None)
    if first is None or not first.context:
        return first
    error: ValidationError | None = best_match([first])
    return error


def check_instance(validator: Validator, instance: Any, field: str = "body") -> None:
    """Raise ValidationFailed naming the offending field (`body.a[0].b`) if `instance` fails."""
    error = _first_error(validator, instance)
    if error is not None:
        where, detail = _path_of(error)
        sep = "" if not where or where.startswith("[") else "."
        raise ValidationFailed(f"{field}{sep}{where}" if where else field, detail)


# --------------------------------------------------------------------------- fast checks

_FAST_KEYS = frozenset(
    {
        "type",
        "enum",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "items",
        "default",
        "description",
        "example",
        "examples",
        "title",
        "deprecated",
    }
)
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def fast_check(schema: Any) -> Callable[[Any], bool] | None:
    """A plain-Python `is_valid` for a simple (inlined) schema, or None when it is not simple.

    Used as a fast path only: a value it accepts is valid; a value it rejects goes through the
    jsonschema validator, which produces the error message. So it may be stricter than
    jsonschema, never laxer.
    """
    if not isinstance(schema, dict) or not set(schema) <= _FAST_KEYS:
        return None
    checks: list[Callable[[Any], bool]] = []
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not all(isinstance(k, str) and k in _TYPES for k in kinds):
            return None
        tests = [_TYPES[k] for k in kinds]
        checks.append(tests[0] if len(tests) == 1 else lambda v: any(t(v) for t in tests))
    if "enum" in schema:
        values = schema["enum"]
        if not isinstance(values, list) or not all(isinstance(x, str) for x in values):
            return None
        allowed = frozenset(values)
        checks.append(lambda v: isinstance(v, str) and v in allowed)
    number = _TYPES["number"]
    if isinstance(low := schema.get("minimum"), int | float):
        checks.append(lambda v: not number(v) or v >= low)
    if isinstance(high := schema.get("maximum"), int | float):
        checks.append(lambda v: not number(v) or v <= high)
    if isinstance(shortest := schema.get("minLength"), int):
        checks.append(lambda v: not isinstance(v, str) or len(v) >= shortest)
    if isinstance(longest := schema.get("maxLength"), int):
        checks.append(lambda v: not isinstance(v, str) or len(v) <= longest)
    if isinstance(pattern := schema.get("pattern"), str):
        regex = re.compile(pattern)
        checks.append(lambda v: not isinstance(v, str) or regex.search(v) is not None)
    if isinstance(fmt := schema.get("format"), str):
        checks.append(lambda v: FORMAT_CHECKER.conforms(v, fmt))
    if "items" in schema:
        item = fast_check(schema["items"])
        if item is None:
            return None
        checks.append(lambda v: not isinstance(v, list) or all(item(x) for x in v))
    if len(checks) == 1:
        return checks[0]

    def run(value: Any) -> bool:
        for check in checks:  # a loop, not all(<genexpr>): this runs on every request  # noqa: SIM110
            if not check(value):
                return False
        return True

    return run


def parse_query(query: str) -> list[tuple[str, str]]:
    """`key=value` pairs of a raw query string, decoded like `urllib.parse.parse_qsl` with
    `keep_blank_values=True` (`+` is a space), but without its cost when nothing is escaped.
    Raises ValidationFailed beyond `MAX_QUERY_FIELDS` pairs."""
    pairs: list[tuple[str, str]] = []
    if not query:
        return pairs
    parts = query.split("&")
    if len(parts) > MAX_QUERY_FIELDS:
        raise ValidationFailed("query", f"has more than {MAX_QUERY_FIELDS} fields")
    for part in parts:
        if not part:
            continue
        key, _, value = part.partition("=")
        if "%" in part or "+" in part:
            key, value = unquote_plus(key), unquote_plus(value)
        pairs.append((key, value))
    return pairs


def load_json(raw: bytes, where: str = "body") -> Any:
    """A request body as JSON, checked before any schema runs (whose cost grows with it):
    no array longer than MAX_LIST_ITEMS (the pages give no maxItems), no nesting deeper
    than MAX_JSON_DEPTH. A float with an integral value (`2.0`, which JSON Schema counts as
    an integer) becomes that int, so a schema integer is always a Python int downstream.

    A loop over an explicit stack, not recursion: a body nested as deep as orjson allows
    (1,024) must be a 400, not a RecursionError. Raises ValidationFailed."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValidationFailed(where, f"is not valid JSON ({exc})") from None
    if isinstance(value, float):
        return _integral(value)
    stack: list[tuple[Any, str, int]] = [(value, where, 1)]
    while stack:
        node, at, depth = stack.pop()
        if isinstance(node, list):
            if len(node) > MAX_LIST_ITEMS:
                raise ValidationFailed(
                    at, f"has {len(node)} items; the mock takes at most {MAX_LIST_ITEMS}"
                )
            items: Iterable[tuple[Any, Any]] = enumerate(node)
        elif isinstance(node, dict):
            items = node.items()
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise ValidationFailed(
                at, f"nests deeper than {MAX_JSON_DEPTH} levels, the most the mock takes"
            )
        for key, item in items:
            if isinstance(item, float):
                node[key] = _integral(item)
            elif isinstance(item, list | dict):
                label = f"{at}[{key}]" if isinstance(key, int) else f"{at}.{key}"
                stack.append((item, label, depth + 1))
    return value


def _integral(value: float) -> float | int:
    return int(value) if value.is_integer() and abs(value) <= _MAX_EXACT else value


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    location: str  # path | query | header
    required: bool
    kind: str
    item_kind: str | None
    explode: bool
    validator: Validator
    fast: Callable[[Any], bool] | None = None

    @property
    def label(self) -> str:
        return f"{self.location}.{self.name}"

    def _scalar(self, raw: str, kind: str) -> Any:
        if kind == "integer":
            if not _INTEGER.fullmatch(raw):
                raise ValidationFailed(self.label, f"{raw[:60]!r} is not an integer")
            return int(raw)
        if kind == "number":
            try:
                value = float(raw)
            except ValueError:
                raise ValidationFailed(self.label, f"{raw[:60]!r} is not a number") from None
            if not math.isfinite(value):
                raise ValidationFailed(self.label, f"{raw[:60]!r} is not a finite number")
            return int(value) if value.is_integer() and "." not in raw else value
        if kind == "boolean":
            if raw not in ("true", "false"):
                raise ValidationFailed(self.label, f"{raw[:60]!r} is not true or false")
            return raw == "true"
        return raw

    def convert(self, raws: list[str]) -> Any:
        """Typed value of the raw string(s) the request carried for this parameter."""
        if self.kind == "array":
            if self.explode:
                items = raws
            else:
                if len(raws) > 1:
                    raise ValidationFailed(
                        self.label, "given more than once; send one comma-joined value"
                    )
                items = raws[0].split(",") if raws[0] else []
            if len(items) > MAX_LIST_ITEMS:
                raise ValidationFailed(
                    self.label, f"has {len(items)} items; the mock takes at most {MAX_LIST_ITEMS}"
                )
            return [self._scalar(item, self.item_kind or "string") for item in items]
        if len(raws) > 1:
            raise ValidationFailed(self.label, "given more than once")
        return self._scalar(raws[0], self.kind)

    def check(self, value: Any) -> None:
        if self.fast is not None and self.fast(value):
            return
        check_instance(self.validator, value, self.label)


@dataclass(frozen=True, slots=True)
class Validated:
    path: dict[str, str]
    query: dict[str, Any]
    headers: dict[str, str]
    body: Any


class OperationValidator:
    """Every check the spec implies for one operation, built once."""

    def __init__(
        self,
        doc: SpecDoc,
        operation: Mapping[str, Any],
        path_item: Mapping[str, Any],
    ) -> None:
        merged: dict[tuple[str, str], Mapping[str, Any]] = {}
        for raw in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
            param, _ = doc.deref(raw)
            merged[(param["name"], param["in"])] = param
        self.path_params: list[Param] = []
        self.query_params: dict[str, Param] = {}
        self.header_params: dict[str, Param] = {}
        for (name, where), param in merged.items():
            compiled = self._param(doc, name, where, param)
            if where == "path":
                self.path_params.append(compiled)
            elif where == "query":
                self.query_params[name] = compiled
            elif where == "header":
                self.header_params[name.lower()] = compiled
        self.required_query = [p for p in self.query_params.values() if p.required]
        self.required_headers = [p for p in self.header_params.values() if p.required]
        self.body_validator: Validator | None = None
        self.body_required = False
        self.media_types: frozenset[str] = frozenset()
        body = operation.get("requestBody")
        if body is not None:
            body, _ = doc.deref(body)
            content = body.get("content", {})
            self.media_types = frozenset(k.lower() for k in content)
            self.body_required = bool(body.get("required", False))
            json_content = content.get("application/json")
            if json_content is not None and "schema" in json_content:
                self.body_validator = compile_schema(doc, json_content["schema"])

    @staticmethod
    def _param(doc: SpecDoc, name: str, where: str, param: Mapping[str, Any]) -> Param:
        schema = param.get("schema", {})
        resolved, _ = doc.deref(schema)
        kind = _type_of(resolved)
        item_kind = None
        if kind == "array":
            items, _ = doc.deref(resolved.get("items", {}))
            item_kind = _type_of(items)
        style = param.get("style", "form" if where == "query" else "simple")
        explode = bool(param.get("explode", style == "form"))
        return Param(
            name=name,
            location=where,
            required=bool(param.get("required", where == "path")),
            kind=kind,
            item_kind=item_kind,
            explode=explode,
            validator=compile_schema(doc, schema),
            fast=fast_check(_inline(doc, schema)),
        )

    def validate(
        self,
        path: Mapping[str, str],
        query: Iterable[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
        content_type: str | None,
    ) -> Validated:
        """Check one request; `headers` are keyed by lower-case name."""
        path_values: dict[str, str] = {}
        for param in self.path_params:
            value = path.get(param.name, "")
            param.check(value)
            path_values[param.name] = value

        query_values: dict[str, Any] = {}
        if self.query_params:
            raw_query: dict[str, list[str]] = {}
            for key, value in query:
                if key in self.query_params:
                    raw_query.setdefault(key, []).append(value)
            for key, raws in raw_query.items():
                param = self.query_params[key]
                value = param.convert(raws)
                param.check(value)
                query_values[key] = value
            for param in self.required_query:
                if param.name not in query_values:
                    raise ValidationFailed(param.label, "is required")

        header_values: dict[str, str] = {}
        for key, param in self.header_params.items():
            header = headers.get(key)
            if header is not None:
                param.check(header)
                header_values[param.name] = header
            elif param.required:
                raise ValidationFailed(param.label, "is required")

        parsed: Any = None
        if self.media_types:
            if not body:
                if self.body_required:
                    raise ValidationFailed("body", "a JSON request body is required")
            else:
                media = (content_type or "").split(";", 1)[0].strip().lower()
                if media not in self.media_types:
                    shown = content_type[:60] if content_type else "none"
                    raise ValidationFailed(
                        "header.Content-Type",
                        f"must be one of {', '.join(sorted(self.media_types))}, got {shown}",
                    )
                parsed = json_body(body, self.body_validator)
        return Validated(path_values, query_values, header_values, parsed)


def json_body(body: bytes, validator: Validator | None) -> Any:
    """A JSON request body, parsed and bounded (`load_json`), then checked against
    `validator`: the one body check of the spec's operations and of the control API."""
    parsed = load_json(body)
    if validator is not None:
        check_instance(validator, parsed)
    return parsed
