"""The spec holds every fact of the five reference pages in ``../shared/seeds``, one test per fact.

`support/seeds_parser.py` reads each page (tables, options, ranges, defaults, formats, status codes,
examples); `build_facts` turns what it read into facts with stable ids such as
``show-training-job:Response200.model_version:default``; each fact checks itself against the
spec and returns its problems. Tables are matched to schemas by following the spec (operation ->
request body / response schema -> property -> `$ref` / `items` / `allOf` / `anyOf`), never by
schema name.

Where the spec deviates on purpose, the node carries ``x-errata: [Exx]`` and `spec/errata.yaml`
has the entry; a fact that can deviate (type, required, enum extras, a different range bound or
default, format, extra fields, parameters or statuses) accepts the deviation only when an id on
that very node (or on the schema it refers to) names an errata entry whose ``page`` is this page
and whose text names what deviates (the field, the extra value, the spec's default, the status).
Missing fields, enum values, range keywords, defaults and statuses, and differing examples, are
never accepted.

The seeds folder is ``<repo>/../shared/seeds``. Without it the tests skip, except under
``CI=true``, where a missing folder is a failure.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from seeds_parser import Field, FieldType, Page, Table, layout_sample, parse_page, parse_text

from generator.spec import SpecDoc

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "metastudio.yaml"
SEEDS = ROOT.parent / "shared" / "seeds"
EXPECTED_PAGES = (
    "execute-training-command",
    "list-video-jobs",
    "show-2d-video-job",
    "show-training-job",
    "update-training-job",
)
_MISSING: Any = object()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


def require_seeds() -> None:
    """Skip (on a user's machine) or fail (under CI=true) when the seeds folder is missing."""
    if SEEDS.is_dir():
        return
    reason = f"reference pages not found: {SEEDS} (the folder ../shared/seeds beside the repo)"
    if in_ci():
        pytest.fail(f"{reason}; CI=true requires it", pytrace=False)
    pytest.skip(reason)


@functools.cache
def load_pages() -> tuple[Page, ...] | None:
    if not SEEDS.is_dir():
        return None
    return tuple(parse_page(p) for p in sorted(SEEDS.glob("*.txt")))


@functools.cache
def load_spec() -> Spec:
    doc = SpecDoc(SPEC_PATH)
    errata = doc.errata.data if doc.errata is not None else []
    return Spec(doc.data, errata)


# --------------------------------------------------------------------------------------------
# The spec, read the way the facts need it (plain JSON-like data, local $refs only)
# --------------------------------------------------------------------------------------------


class Spec:
    def __init__(self, data: dict[str, Any], errata: Any) -> None:
        self.data = data
        self.errata: dict[str, dict[str, Any]] = {}
        for entry in errata if isinstance(errata, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                self.errata[entry["id"]] = entry

    # -- references and schema views --
    def get(self, ref: str) -> Any:
        node: Any = self.data
        if not ref.startswith("#/"):
            return None
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node

    def resolve(self, node: Any) -> Any:
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                return None
            seen.add(ref)
            node = self.get(ref)
        return node

    def chain(self, node: Any) -> list[dict[str, Any]]:
        """The node, what its `$ref` points to and its `allOf` members, recursively."""
        out: list[dict[str, Any]] = []
        seen: set[int] = set()

        def visit(n: Any) -> None:
            if not isinstance(n, dict) or id(n) in seen:
                return
            seen.add(id(n))
            out.append(n)
            if isinstance(n.get("$ref"), str):
                visit(self.get(n["$ref"]))
            for member in n.get("allOf") or []:
                visit(member)

        visit(node)
        return out

    def branches(self, node: Any) -> list[Any]:
        return [b for n in self.chain(node) for k in ("anyOf", "oneOf") for b in n.get(k) or []]

    def types(self, node: Any) -> tuple[set[str], bool]:
        """JSON types a schema allows (without null) and whether it allows null."""
        found: set[str] = set()
        nullable = False
        for n in self.chain(node):
            t = n.get("type")
            if isinstance(t, str):
                found.add(t)
            elif isinstance(t, list):
                found.update(x for x in t if isinstance(x, str))
            nullable = nullable or n.get("nullable") is True
        for branch in self.branches(node):
            bt, bn = self.types(branch)
            found |= bt
            nullable = nullable or bn
        if not found:
            if any("properties" in n for n in self.chain(node)):
                found.add("object")
            elif any("items" in n for n in self.chain(node)):
                found.add("array")
        if "null" in found:
            found.discard("null")
            nullable = True
        return found, nullable

    def lookup(self, node: Any, key: str) -> Any:
        for n in self.chain(node):
            if key in n:
                return n[key]
        for branch in self.branches(node):
            value = self.lookup(branch, key)
            if value is not _MISSING:
                return value
        return _MISSING

    def props(self, node: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for n in self.chain(node):
            if isinstance(n.get("properties"), dict):
                out.update(n["properties"])
        for branch in self.branches(node):
            for k, v in self.props(branch).items():
                out.setdefault(k, v)
        return out

    def required(self, node: Any) -> set[str]:
        out: set[str] = set()
        for n in self.chain(node):
            if isinstance(n.get("required"), list):
                out.update(x for x in n["required"] if isinstance(x, str))
        return out

    def items(self, node: Any) -> Any:
        value = self.lookup(node, "items")
        return None if value is _MISSING else value

    def target(self, node: Any) -> Any:
        """The object schema a property leads to (through array items and nullable anyOf)."""
        types, _ = self.types(node)
        return self.items(node) if "array" in types else node

    def enum(self, node: Any) -> list[Any] | None:
        types, _ = self.types(node)
        if "array" in types and "string" not in types:
            node = self.items(node)
        value = self.lookup(node, "enum")
        return value if isinstance(value, list) else None

    # -- errata --
    def errata_ids(self, *nodes: Any) -> set[str]:
        ids: set[str] = set()
        for node in nodes:
            for n in [*self.chain(node), *(c for b in self.branches(node) for c in self.chain(b))]:
                marks = n.get("x-errata")
                if isinstance(marks, list):
                    ids.update(m for m in marks if isinstance(m, str))
        return ids

    def accepting(self, page: str, *nodes: Any) -> list[str]:
        """The errata ids on these nodes whose errata.yaml entry is about this page."""
        out = []
        for eid in sorted(self.errata_ids(*nodes)):
            entry = self.errata.get(eid)
            if entry is None:
                continue
            pages = str(entry.get("page", ""))
            names = {p.strip() for p in pages.split(",")}
            if page in names or pages.strip().lower().startswith("all"):
                out.append(eid)
        return out

    def errata_text(self, eid: str) -> str:
        entry = self.errata.get(eid, {})
        return "\n".join(str(v) for k, v in entry.items() if k != "page")

    # -- operations --
    def path_item(self, path: str) -> dict[str, Any] | None:
        paths = self.data.get("paths")
        item = paths.get(path) if isinstance(paths, dict) else None
        return item if isinstance(item, dict) else None

    def operation(self, method: str, path: str) -> dict[str, Any] | None:
        item = self.path_item(path)
        op = item.get(method.lower()) if item else None
        return op if isinstance(op, dict) else None

    def parameters(self, method: str, path: str) -> list[dict[str, Any]]:
        item = self.path_item(path) or {}
        op = self.operation(method, path) or {}
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
            param = self.resolve(raw)
            if isinstance(param, dict):
                merged[(str(param.get("in")), str(param.get("name")))] = param
        return list(merged.values())

    def response(self, op: dict[str, Any], status: int) -> dict[str, Any] | None:
        responses = op.get("responses") or {}
        raw = responses.get(str(status), responses.get(status))
        resolved = self.resolve(raw)
        return resolved if isinstance(resolved, dict) else None

    def media(self, container: Any) -> list[dict[str, Any]]:
        content = self.resolve(container)
        content = content.get("content") if isinstance(content, dict) else None
        if not isinstance(content, dict):
            return []
        return [m for k, m in content.items() if "json" in k and isinstance(m, dict)]

    def examples(self, container: Any) -> list[Any]:
        out: list[Any] = []
        for m in self.media(container):
            if "example" in m:
                out.append(m["example"])
            for ex in (m.get("examples") or {}).values():
                ex = self.resolve(ex)
                if isinstance(ex, dict) and "value" in ex:
                    out.append(ex["value"])
        return out

    def security_scheme(self, header: str) -> str | None:
        schemes = (self.data.get("components") or {}).get("securitySchemes") or {}
        for name, raw in schemes.items():
            s = self.resolve(raw)
            if not isinstance(s, dict):
                continue
            if s.get("type") == "apiKey" and s.get("in") == "header" and s.get("name") == header:
                return str(name)
            if s.get("type") == "http" and header == "Authorization":
                return str(name)
        return None

    def security(self, op: dict[str, Any]) -> list[dict[str, Any]]:
        sec = op.get("security", self.data.get("security"))
        return [r for r in sec or [] if isinstance(r, dict)]


# --------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------

Check = Callable[[Spec], list[str]]


@dataclass(frozen=True)
class Fact:
    id: str
    says: str  # where and what the page says, for the failure message
    check: Check


@dataclass(frozen=True)
class Problem:
    fact: str
    message: str

    def __str__(self) -> str:
        return f"{self.fact}: {self.message}"


@dataclass(frozen=True)
class Slot:
    """Where one page field lives in the spec: the node (property or parameter) and its schema."""

    name: str
    node: Any
    schema: Any
    required: bool | None
    where: str
    security: str | None = None  # header fields that are security schemes


def deviation(
    spec: Spec, page: str, message: str, nodes: tuple[Any, ...], about: list[str]
) -> list[str]:
    """[] when the deviation is recorded, else [message].

    Recorded means: an `x-errata` id on one of the nodes (or on a schema it refers to) names an
    errata.yaml entry whose `page` is this page and whose text names what deviates (`about`:
    the field, the extra enum value, the spec's default, the extra status, ...). An entry about
    something else on the same node excuses nothing.
    """
    if not about:
        return [message]
    for eid in spec.accepting(page, *nodes):
        text = spec.errata_text(eid)
        if all(re.search(rf"(?<![\w.]){re.escape(a)}(?![\w])", text) for a in about):
            return []
    ids = sorted(spec.errata_ids(*nodes))
    if not ids:
        return [message]
    return [f"{message} (x-errata {ids}: no errata.yaml entry for this page that names {about})"]


def same(a: Any, b: Any) -> bool:
    """JSON equality that keeps true apart from 1 and 1 apart from 1.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def show(value: Any) -> str:
    if value is _MISSING:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ",".join(show(v) for v in value) + "]"
    return str(value)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _loc(page: Page, line: int) -> str:
    return f"{page.file}:{line}"


# -- one aspect of one field ------------------------------------------------------------------


def nodes_of(spec: Spec, slot: Slot) -> tuple[Any, ...]:
    """The nodes whose x-errata speak for a field: the property/parameter, its schema, items."""
    items = spec.items(slot.schema)
    return (slot.node, slot.schema) + ((items,) if items is not None else ())


def check_type(spec: Spec, page: str, ft: FieldType, slot: Slot) -> list[str]:
    if slot.security is not None:
        return [] if ft.kind == "string" else [f"{ft.text} header is a security scheme (a string)"]
    types, nullable = spec.types(slot.schema)
    shown = "/".join(sorted(types)) or "no type"
    if nullable:
        shown += " or null"
    nodes, about = nodes_of(spec, slot), [slot.name]
    if ft.kind not in types:
        return deviation(spec, page, f"page says {ft.text}; spec has {shown}", nodes, about)
    if len(types) > 1 or nullable:
        return deviation(spec, page, f"page says {ft.text}; spec allows {shown}", nodes, about)
    if ft.kind == "array" and ft.item_kind is not None:
        items = spec.items(slot.schema)
        item_types, item_null = spec.types(items)
        if items is None or item_types != {ft.item_kind} or item_null:
            shown = "/".join(sorted(item_types)) or "no type"
            return deviation(
                spec, page, f"page says {ft.text}; spec items are {shown}", nodes, about
            )
    return []


def check_required(spec: Spec, page: str, fld: Field, slot: Slot, op: dict[str, Any]) -> list[str]:
    says = "Yes" if fld.mandatory else "No"
    if slot.security is not None:
        alternatives = spec.security(op)
        always = bool(alternatives) and all(slot.security in r for r in alternatives)
        if always == bool(fld.mandatory):
            return []
        how = "required by every" if always else "optional in the"
        return [f"page says Mandatory {says}; scheme {slot.security} is {how} security requirement"]
    if bool(slot.required) == bool(fld.mandatory):
        return []
    have = "true" if slot.required else "false"
    message = f"page says Mandatory {says}; spec has required={have} ({slot.where})"
    return deviation(spec, page, message, nodes_of(spec, slot), [slot.name])


def check_enum_value(spec: Spec, value: str, slot: Slot) -> list[str]:
    enum = spec.enum(slot.schema)
    if enum is None:
        return [f"page lists option {value!r}; spec has no enum ({slot.where})"]
    if value not in [e for e in enum if isinstance(e, str)]:
        return [f"page lists option {value!r}; the spec enum ({len(enum)} values) lacks it"]
    return []


def check_enum_closed(spec: Spec, page: str, fld: Field, slot: Slot) -> list[str]:
    enum = spec.enum(slot.schema) if slot.security is None else None
    if enum is None:
        return []
    listed = {v for v, _ in fld.enum}
    extra = [e for e in enum if e not in listed]
    if not extra:
        return []
    if not listed:
        message, about = f"page lists no options; spec has enum {enum}", [slot.name]
    else:
        message = f"spec enum has values the page does not list: {extra}"
        about = [show(e) for e in extra]
    return deviation(spec, page, message, nodes_of(spec, slot), about)


def check_range(spec: Spec, page: str, fld: Field, slot: Slot) -> list[str]:
    assert fld.range is not None
    low, high, _ = fld.range
    kind = fld.type.kind
    if kind in ("integer", "number"):
        keys = {"minimum": low, "maximum": high}
    elif kind == "string":
        keys = {"maxLength": high, "minLength": low}
    elif kind == "array":
        keys = {"maxItems": high, "minItems": low}
    else:
        return [f"page gives value range {low}-{high} to a {fld.type.text}; cannot be encoded"]
    problems: list[str] = []
    for key, want in keys.items():
        have = spec.lookup(slot.schema, key)
        if key in ("minLength", "minItems") and want == 0 and have is _MISSING:
            continue  # a lower bound of 0 needs no keyword
        if have is _MISSING or isinstance(have, bool):
            problems.append(f"page says value range {low}-{high}; spec has no {key}")
        elif have != want:
            # a different bound is excused only by an entry naming the field and the bound
            problems += deviation(
                spec,
                page,
                f"page says value range {low}-{high}; spec {key} is {show(have)}",
                nodes_of(spec, slot),
                [slot.name, show(have)],
            )
    return problems


def check_default(spec: Spec, page: str, value: str, slot: Slot) -> list[str]:
    have = spec.lookup(slot.schema, "default")
    if have is _MISSING and isinstance(slot.node, dict) and "default" in slot.node:
        have = slot.node["default"]
    if have is not _MISSING and _norm(show(have)) == _norm(value):
        return []
    message = f"page says default {value}; spec default is {show(have)}"
    if have is _MISSING:
        return [message]
    return deviation(spec, page, message, nodes_of(spec, slot), [show(have)])


def check_format(spec: Spec, page: str, layout: str, slot: Slot) -> list[str]:
    if slot.security is not None:
        return [f"page gives format {layout}; a security scheme cannot carry it"]
    nodes, about = nodes_of(spec, slot), [slot.name]
    if layout == "date-time":
        have = spec.lookup(slot.schema, "format")
        if have == "date-time":
            return []
        return deviation(
            spec, page, f"page says RFC 3339; spec format is {show(have)}", nodes, about
        )
    pattern = spec.lookup(slot.schema, "pattern")
    if not isinstance(pattern, str):
        return deviation(
            spec, page, f"page says format {layout}; spec has no pattern", nodes, about
        )
    sample = layout_sample(layout)
    wrong = (sample[:-1], "x" + sample[1:], sample + "1")
    try:
        rx = re.compile(pattern)
    except re.error as exc:
        return [f"spec pattern {pattern!r} does not compile: {exc}"]
    if rx.search(sample) and not any(rx.search(w) for w in wrong):
        return []
    message = (
        f"page says format {layout}; spec pattern {pattern!r} does not hold exactly that layout "
        f"(must accept {sample!r}, reject {list(wrong)})"
    )
    return deviation(spec, page, message, nodes, about)


def check_deprecated(spec: Spec, page: str, slot: Slot) -> list[str]:
    if spec.lookup(slot.schema, "deprecated") is True:
        return []
    if isinstance(slot.node, dict) and slot.node.get("deprecated") is True:
        return []
    message = "page says the parameter has been discarded; spec does not mark it deprecated"
    return deviation(spec, page, message, nodes_of(spec, slot), [slot.name])


# -- where a table lives in the spec ----------------------------------------------------------

Locator = Callable[[Spec], tuple[list[tuple[str, Any]], list[str]]]


def _root_schema(
    spec: Spec, page: Page, root: Table
) -> tuple[Any, str | None]:  # (schema, problem)
    op = spec.operation(page.method, page.path)
    if op is None:
        return None, f"no operation {page.method} {page.path}"
    if root.kind == "request-body":
        body = spec.resolve(op.get("requestBody"))
        where = "requestBody"
    else:
        assert root.status is not None
        body = spec.response(op, root.status)
        where = f"response {root.status}"
    media = spec.media(body)
    if not media or "schema" not in media[0]:
        return None, f"{page.method} {page.path}: {where} has no JSON schema"
    return media[0]["schema"], None


def table_paths(page: Page) -> dict[str, list[tuple[Table, list[str]]]]:
    """For every body table: the ways to reach it, as (root table, [field, field, ...])."""
    found: dict[str, list[tuple[Table, list[str]]]] = {}
    for root in page.tables:
        if root.kind not in ("request-body", "response-body"):
            continue
        found.setdefault(root.label, []).append((root, []))
        todo: list[tuple[Table, list[str]]] = [(root, [])]
        while todo:
            table, trail = todo.pop()
            for fld in table.fields:
                if fld.type.ref is None:
                    continue
                child = page.table(fld.type.ref)
                if child is None or len(trail) > 20:
                    continue
                step = (root, [*trail, fld.name])
                found.setdefault(child.title, []).append(step)
                todo.append((child, step[1]))
    return found


def locator(page: Page, ways: list[tuple[Table, list[str]]]) -> Locator:
    def locate(spec: Spec) -> tuple[list[tuple[str, Any]], list[str]]:
        schemas: list[tuple[str, Any]] = []
        problems: list[str] = []
        for root, trail in ways:
            schema, problem = _root_schema(spec, page, root)
            where = root.label
            if problem:
                problems.append(problem)
                continue
            for name in trail:
                prop = spec.props(schema).get(name)
                if prop is None:
                    problems.append(f"cannot reach this table: {where} has no property {name!r}")
                    schema = None
                    break
                schema = spec.target(prop)
                where += f".{name}"
            if schema is not None:
                schemas.append((where, schema))
        return schemas, problems

    return locate


# -- facts of one page ------------------------------------------------------------------------


def field_facts(
    page: Page,
    table: Table,
    fld: Field,
    slots: Callable[[Spec], tuple[list[Slot], list[str]]],
) -> Iterator[Fact]:
    base = f"{page.name}:{table.label}.{fld.name}"
    name = page.name

    def fact(
        aspect: str, says: str, body: Callable[[Spec, Slot, dict[str, Any]], list[str]]
    ) -> Fact:
        def check(spec: Spec) -> list[str]:
            found, problems = slots(spec)
            op = spec.operation(page.method, page.path) or {}
            for slot in found:
                problems += body(spec, slot, op)
            return problems

        return Fact(f"{base}:{aspect}", f"{_loc(page, fld.line)}: {says}", check)

    yield fact("exists", f"{table.title} has {fld.name}", lambda s, slot, op: [])
    yield fact(
        "type",
        f"{fld.name} is {fld.type.text}",
        lambda s, slot, op: check_type(s, name, fld.type, slot),
    )
    if fld.mandatory is not None:
        yield fact(
            "required",
            f"{fld.name} Mandatory {'Yes' if fld.mandatory else 'No'}",
            lambda s, slot, op: check_required(s, name, fld, slot, op),
        )
    if fld.type.kind == "string" or fld.type.item_kind == "string":
        seen: set[str] = set()
        for value, line in fld.enum:
            if value in seen:
                continue
            seen.add(value)
            yield Fact(
                f"{base}:enum={value}",
                f"{_loc(page, line)}: option {value}",
                _bind_enum_value(slots, value),
            )
        yield fact(
            "enum-closed",
            f"options {[v for v, _ in fld.enum]}" if fld.enum else "no options listed",
            lambda s, slot, op: check_enum_closed(s, name, fld, slot),
        )
    if fld.range is not None:
        yield fact(
            "range",
            f"value range {fld.range[0]}-{fld.range[1]}",
            lambda s, slot, op: check_range(s, name, fld, slot),
        )
    defaults = sorted(fld.defaults, key=lambda d: d[0] != "Default value")
    values: list[str] = []
    for _, value, _line in defaults:
        if _norm(value) not in [_norm(v) for v in values]:
            values.append(value)
    for k, value in enumerate(values):
        yield fact(
            "default" if k == 0 else f"default={value}",
            f"default value {value}",
            _bind(lambda s, slot, op, v: check_default(s, name, v, slot), value),
        )
    for layout in dict.fromkeys(f for f, _ in fld.formats):
        yield fact(
            f"format={layout}",
            "RFC 3339" if layout == "date-time" else f"format {layout}",
            _bind(lambda s, slot, op, v: check_format(s, name, v, slot), layout),
        )
    if fld.deprecated:
        yield fact("deprecated", "discarded", lambda s, slot, op: check_deprecated(s, name, slot))


def _bind(
    fn: Callable[[Spec, Slot, dict[str, Any], str], list[str]], value: str
) -> Callable[[Spec, Slot, dict[str, Any]], list[str]]:
    return lambda s, slot, op: fn(s, slot, op, value)


def _bind_enum_value(slots: Callable[[Spec], tuple[list[Slot], list[str]]], value: str) -> Check:
    def check(spec: Spec) -> list[str]:
        found, problems = slots(spec)
        for slot in found:
            problems += check_enum_value(spec, value, slot)
        return problems

    return check


def body_slots(locate: Locator, fld: Field) -> Callable[[Spec], tuple[list[Slot], list[str]]]:
    def slots(spec: Spec) -> tuple[list[Slot], list[str]]:
        schemas, problems = locate(spec)
        found = []
        for where, schema in schemas:
            prop = spec.props(schema).get(fld.name)
            if prop is None:
                problems.append(f"{where} has no property {fld.name!r}")
                continue
            required = fld.name in spec.required(schema)
            found.append(Slot(fld.name, prop, prop, required, f"{where}.{fld.name}"))
        return found, problems

    return slots


def param_slots(
    page: Page, table: Table, fld: Field
) -> Callable[[Spec], tuple[list[Slot], list[str]]]:
    where_in = table.kind  # path, query, header

    def slots(spec: Spec) -> tuple[list[Slot], list[str]]:
        op = spec.operation(page.method, page.path)
        if op is None:
            return [], [f"no operation {page.method} {page.path}"]
        for param in spec.parameters(page.method, page.path):
            if param.get("in") == where_in and param.get("name") == fld.name:
                if where_in == "path" and f"{{{fld.name}}}" not in page.path:
                    return [], [f"path {page.path} has no {{{fld.name}}}"]
                where = f"{where_in} parameter {fld.name}"
                schema = param.get("schema")
                return [Slot(fld.name, param, schema, bool(param.get("required")), where)], []
        if where_in == "header":
            scheme = spec.security_scheme(fld.name)
            if scheme is not None:
                if not any(scheme in r for r in spec.security(op)):
                    return [], [
                        f"security scheme {scheme} ({fld.name}) is not used by the operation"
                    ]
                where = f"security scheme {scheme}"
                return [Slot(fld.name, {}, {"type": "string"}, None, where, scheme)], []
            return [], [f"no header parameter or security scheme named {fld.name}"]
        return [], [f"no {where_in} parameter {fld.name}"]

    return slots


def header_slots(
    page: Page, table: Table, fld: Field
) -> Callable[[Spec], tuple[list[Slot], list[str]]]:
    def slots(spec: Spec) -> tuple[list[Slot], list[str]]:
        op = spec.operation(page.method, page.path)
        if op is None:
            return [], [f"no operation {page.method} {page.path}"]
        assert table.status is not None
        response = spec.response(op, table.status)
        if response is None:
            return [], [f"no response {table.status}"]
        header = spec.resolve((response.get("headers") or {}).get(fld.name))
        if not isinstance(header, dict):
            return [], [f"response {table.status} has no header {fld.name}"]
        where = f"response {table.status} header {fld.name}"
        schema = header.get("schema")
        return [Slot(fld.name, header, schema, bool(header.get("required")), where)], []

    return slots


def no_extra_fields(page: Page, table: Table, locate: Locator) -> Fact:
    names = {f.name for f in table.fields}

    def check(spec: Spec) -> list[str]:
        schemas, problems = locate(spec)
        for where, schema in schemas:
            for prop_name, prop in spec.props(schema).items():
                if prop_name not in names:
                    message = f"{where} has {prop_name!r}, which the page does not list"
                    problems += deviation(spec, page.name, message, (prop,), [prop_name])
        return problems

    return Fact(
        f"{page.name}:{table.label}:no-extra-fields",
        f"{_loc(page, table.line)}: {table.title} lists {sorted(names)}",
        check,
    )


def page_facts(page: Page) -> Iterator[Fact]:
    name = page.name
    method, path = page.method, page.path

    def op_of(spec: Spec) -> dict[str, Any]:
        op = spec.operation(method, path)
        if op is None:
            raise LookupError(f"no operation {method} {path}")
        return op

    def on_op(check: Callable[[Spec, dict[str, Any]], list[str]]) -> Check:
        def run(spec: Spec) -> list[str]:
            try:
                return check(spec, op_of(spec))
            except LookupError as exc:
                return [str(exc)]

        return run

    yield Fact(
        f"{name}:uri", f"{_loc(page, page.uri_line)}: {method} {path}", on_op(lambda s, op: [])
    )

    # parameters
    listed: set[tuple[str, str]] = set()
    for table in page.tables:
        if table.kind in ("path", "query", "header"):
            for fld in table.fields:
                listed.add((table.kind, fld.name))
                yield from field_facts(page, table, fld, param_slots(page, table, fld))
        elif table.kind == "response-header":
            for fld in table.fields:
                yield from field_facts(page, table, fld, header_slots(page, table, fld))

    def no_extra_params(spec: Spec, op: dict[str, Any]) -> list[str]:
        problems = []
        for param in spec.parameters(method, path):
            key = (str(param.get("in")), str(param.get("name")))
            if key not in listed:
                message = f"spec has {key[0]} parameter {key[1]}; the page does not"
                problems += deviation(spec, name, message, (param,), [key[1]])
        return problems

    yield Fact(f"{name}:params:no-extra", f"{page.file}: parameter tables", on_op(no_extra_params))

    # bodies
    ways = table_paths(page)
    for table in page.tables:
        if table.kind not in ("request-body", "response-body", "object"):
            continue
        if table.label not in ways:
            continue  # unreachable: reported by test_pages_parse_cleanly
        locate = locator(page, ways[table.label])
        for fld in table.fields:
            yield from field_facts(page, table, fld, body_slots(locate, fld))
        yield no_extra_fields(page, table, locate)

    request_tables = [t for t in page.tables if t.kind == "request-body"]
    if request_tables:
        mandatory = [f.name for t in request_tables for f in t.fields if f.mandatory]
        if mandatory:

            def body_required(spec: Spec, op: dict[str, Any]) -> list[str]:
                body = spec.resolve(op.get("requestBody"))
                if isinstance(body, dict) and body.get("required") is True:
                    return []
                return [f"the page's body has mandatory {mandatory}; requestBody is not required"]

            yield Fact(
                f"{name}:RequestBody:required",
                f"{_loc(page, request_tables[0].line)}: mandatory {mandatory}",
                on_op(body_required),
            )
    else:

        def no_body(spec: Spec, op: dict[str, Any]) -> list[str]:
            if "requestBody" not in op:
                return []
            return deviation(
                spec, name, "the page has no request body; spec has one", (op,), ["requestBody"]
            )

        yield Fact(f"{name}:RequestBody:absent", f"{page.file}: no request body", on_op(no_body))

    if page.allowed_states:
        states = page.allowed_states

        def allowed(spec: Spec, op: dict[str, Any]) -> list[str]:
            have = op.get("x-allowed-states")
            if isinstance(have, list) and sorted(map(str, have)) == sorted(states):
                return []
            text = str(op.get("description", ""))
            if have is None and all(s in text for s in states):
                return []
            return [f"page allows the call only in {states}; x-allowed-states is {have}"]

        yield Fact(
            f"{name}:allowed-states",
            f"{_loc(page, page.allowed_states_line)}: only in {states}",
            on_op(allowed),
        )

    # statuses
    codes = [c for c, _ in page.statuses]
    for code, line in page.statuses:

        def status_check(spec: Spec, op: dict[str, Any], code: int = code) -> list[str]:
            problems = []
            if spec.response(op, code) is None:
                problems.append(f"responses has no {code}")
            documented = op.get("x-documented-statuses") or []
            if code not in documented and str(code) not in documented:
                problems.append(f"x-documented-statuses {documented} lacks {code}")
            return problems

        yield Fact(
            f"{name}:status-{code}", f"{_loc(page, line)}: status {code}", on_op(status_check)
        )

    def documented_exact(spec: Spec, op: dict[str, Any]) -> list[str]:
        documented = sorted(int(c) for c in op.get("x-documented-statuses") or [])
        if documented == sorted(codes):
            return []
        return [f"page documents {sorted(codes)}; x-documented-statuses is {documented}"]

    def extra_statuses(spec: Spec, op: dict[str, Any]) -> list[str]:
        problems = []
        for key, response in (op.get("responses") or {}).items():
            if str(key).isdigit() and int(key) not in codes:
                message = f"spec declares status {key}; the page does not"
                problems += deviation(spec, name, message, (op, response), [str(key)])
        return problems

    status_line = page.statuses[0][1] if page.statuses else 1
    yield Fact(
        f"{name}:statuses-documented",
        f"{_loc(page, status_line)}: statuses {codes}",
        on_op(documented_exact),
    )
    yield Fact(
        f"{name}:statuses-extra",
        f"{_loc(page, status_line)}: statuses {codes}",
        on_op(extra_statuses),
    )

    # examples
    if page.example_request_url is not None:
        url = page.example_request_url
        shown = f"{page.example_request_method or ''} {url}".strip()

        def request_url(spec: Spec, op: dict[str, Any]) -> list[str]:
            have = op.get("x-example-request")
            want = {f"{page.example_request_method or method} {url}"}
            if page.example_request_method is None:
                want.add(url)
            if have in want:
                return []
            return [f"page's example request is {shown!r}; x-example-request is {have!r}"]

        yield Fact(
            f"{name}:example-request-url",
            f"{_loc(page, page.example_request_line)}: {shown}",
            on_op(request_url),
        )
    for example in page.examples:
        status = example.status

        def example_check(spec: Spec, op: dict[str, Any], ex: Any = example) -> list[str]:
            if ex.status is None:
                container: Any = op.get("requestBody")
                where = "requestBody"
            else:
                container = spec.response(op, ex.status)
                where = f"response {ex.status}"
            candidates = spec.examples(container)
            if any(same(ex.body, c) for c in candidates):
                return []
            return [f"no example of {where} equals the page's ({len(candidates)} example(s) there)"]

        label = "example-request-body" if status is None else f"example-response-{status}"
        yield Fact(
            f"{name}:{label}", f"{_loc(page, example.line)}: example body", on_op(example_check)
        )


def build_facts(pages: tuple[Page, ...] | list[Page]) -> list[Fact]:
    facts = [f for page in pages for f in page_facts(page)]
    return facts


def check_spec(spec: Spec, pages: tuple[Page, ...] | list[Page]) -> list[Problem]:
    """Every fact of the pages the spec fails, as (fact id, message)."""
    return [Problem(f.id, msg) for f in build_facts(pages) for msg in f.check(spec)]


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def _fact_params() -> list[Any]:
    pages = load_pages()
    if pages is None:
        return [pytest.param(None, id="seeds-missing")]
    return [pytest.param(f, id=f.id) for f in build_facts(pages)]


@pytest.mark.parametrize("fact", _fact_params())
def test_fact(fact: Fact | None) -> None:
    require_seeds()
    assert fact is not None
    problems = fact.check(load_spec())
    assert not problems, f"{fact.says}\n" + "\n".join(f"  {p}" for p in problems)


def test_seeds_present() -> None:
    require_seeds()
    names = sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert names == sorted(EXPECTED_PAGES), f"{SEEDS} holds {names}"


def test_pages_parse_cleanly() -> None:
    """Each page is fully understood: a page that changes shape fails here, not silently."""
    require_seeds()
    pages = load_pages()
    assert pages is not None
    problems: list[str] = []
    ops: dict[tuple[str, str], str] = {}
    for page in pages:
        problems += page.warnings
        codes = {c for c, _ in page.statuses}
        for code, line in page.status_sections:
            if code not in codes:
                problems.append(f"{_loc(page, line)}: Status code {code} not in the status table")
        for ex in page.examples:
            if ex.status is not None and ex.status not in codes:
                problems.append(f"{_loc(page, ex.line)}: example for undocumented {ex.status}")
        reached = table_paths(page)
        for table in page.tables:
            if table.kind == "object" and table.title not in reached:
                problems.append(f"{_loc(page, table.line)}: no field leads to table {table.title}")
            for fld in table.fields:
                if fld.type.ref is not None and page.table(fld.type.ref) is None:
                    problems.append(f"{_loc(page, fld.line)}: no table for {fld.type.text}")
        key = (page.method, page.path)
        if key in ops:
            problems.append(f"{page.file}: same URI as {ops[key]}")
        ops[key] = page.file
        if not page.examples or page.example_request_url is None:
            problems.append(f"{page.file}: no example request or response found")
    assert not problems, "\n".join(problems)


def test_every_operation_has_a_page() -> None:
    require_seeds()
    pages = load_pages()
    assert pages is not None
    spec = load_spec()
    covered = {(p.method.lower(), p.path) for p in pages}
    missing = [
        f"{method.upper()} {path}"
        for path, item in (spec.data.get("paths") or {}).items()
        for method in item
        if method in ("get", "put", "post", "delete", "patch") and (method, path) not in covered
    ]
    assert not missing, f"operations without a reference page: {missing}"


def test_fact_ids_are_unique() -> None:
    require_seeds()
    pages = load_pages()
    assert pages is not None
    ids = [f.id for f in build_facts(pages)]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, dupes


# -- the checker bites ------------------------------------------------------------------------


@functools.cache
def _baseline() -> frozenset[str]:
    pages = load_pages()
    assert pages is not None
    return frozenset(p.fact for p in check_spec(load_spec(), pages))


def _mutated(mutate: Callable[[dict[str, Any]], None]) -> set[str]:
    """Ids of the facts that fail after `mutate` (on a copy of the spec) but not before."""
    pages = load_pages()
    assert pages is not None
    real = load_spec()
    data = copy.deepcopy(real.data)
    mutate(data)
    problems = check_spec(Spec(data, list(real.errata.values())), pages)
    return {p.fact for p in problems} - _baseline()


def _schema(data: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = data["components"]["schemas"][name]
    return schema


def _op(data: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    op: dict[str, Any] = data["paths"][path][method]
    return op


TRAINING = "/v1/{project_id}/digital-human-training-manage/user/jobs/{job_id}"
VIDEOS = "/v1/{project_id}/digital-human-videos"


def _response_200_example(data: dict[str, Any]) -> None:
    examples = _op(data, VIDEOS, "get")["responses"]["200"]["content"]["application/json"]
    examples["examples"]["page"]["value"]["count"] = 2


def _prop(data: dict[str, Any], schema: str, prop: str) -> dict[str, Any]:
    node: dict[str, Any] = _schema(data, schema)["properties"][prop]
    return node


MUTATIONS: list[tuple[str, Callable[[dict[str, Any]], None], set[str]]] = [
    (
        "field removed",
        lambda d: _schema(d, "TrainingJob")["properties"].pop("model_version"),
        {
            "show-training-job:Response200.model_version:exists",
            "show-training-job:Response200.model_version:enum=V2",
            "show-training-job:Response200.model_version:default",
        },
    ),
    (
        "field deep in a nested table removed",
        lambda d: _schema(d, "ActionMarkItem")["properties"].pop("action_type"),
        {"show-training-job:ActionMarkItem.action_type:exists"},
    ),
    (
        "parent of a nested table removed",
        lambda d: _schema(d, "ShootScriptItem")["properties"].pop("shoot_script"),
        {
            "show-2d-video-job:ShootScriptItem.shoot_script:exists",
            "show-2d-video-job:ShootScript.script_type:default",
            "show-2d-video-job:LayerConfig.layer_type:enum=TEXT",
        },
    ),
    (
        "enum value removed",
        lambda d: _schema(d, "OperationLogType")["enum"].remove("USER_CREATE_JOD"),
        {"show-training-job:OperationLogInfo.log_type:enum=USER_CREATE_JOD"},
    ),
    (
        "enum value added without errata",
        lambda d: _schema(d, "CommentType")["enum"].append("SYSTEM_COMMENT"),
        {"show-training-job:CommentLogInfo.comment_type:enum-closed"},
    ),
    (
        "range changed",
        lambda d: _prop(d, "VoiceConfig", "speed").update(maximum=300),
        {"show-2d-video-job:VoiceConfig.speed:range"},
    ),
    (
        "string length limit removed",
        lambda d: _schema(d, "UpdateCommandMessage").pop("maxLength"),
        {"update-training-job:RequestBody.command_message:range"},
    ),
    (
        "default changed",
        lambda d: _schema(d, "MattingType").update(default="MANUAL"),
        {"show-training-job:Response200.matting_type:default"},
    ),
    (
        "list default changed",
        lambda d: _prop(d, "UpdateTrainingJobRequest", "supported_service").update(
            default=["VIDEO_2D"]
        ),
        {"update-training-job:RequestBody.supported_service:default"},
    ),
    (
        "type changed",
        lambda d: _prop(d, "VideoConfig", "bitrate").update(type="string"),
        {"show-2d-video-job:VideoConfig.bitrate:type"},
    ),
    (
        "mandatory field made optional",
        lambda d: _schema(d, "ExecuteTrainingCommandRequest").pop("required"),
        {"execute-training-command:RequestBody.command:required"},
    ),
    (
        "errata note removed from a nullable field",
        lambda d: _prop(d, "DigitalHumanVideo", "error_info").pop("x-errata"),
        {
            "list-video-jobs:DigitalHumanVideo.error_info:type",
            "show-2d-video-job:Response200.error_info:type",
        },
    ),
    (
        "errata of another page does not excuse a deviation",
        lambda d: _prop(d, "TrainingJob", "name").update(
            type=["string", "number"], **{"x-errata": ["E06"]}
        ),
        {"show-training-job:Response200.name:type"},
    ),
    (
        "RFC 3339 format removed",
        lambda d: _prop(d, "OperationLogInfo", "operate_time").pop("format"),
        {"show-training-job:OperationLogInfo.operate_time:format=date-time"},
    ),
    (
        "mark-time pattern loosened",
        lambda d: _schema(d, "MarkTime").update(pattern="^.*$"),
        {"show-training-job:InferenceVideoMarkInfo.video_start_time:format=HH:MM:SS.mmm"},
    ),
    (
        "query parameter removed",
        lambda d: _op(d, VIDEOS, "get")["parameters"].pop(4),  # sort_dir
        {"list-video-jobs:query.sort_dir:exists", "list-video-jobs:query.sort_dir:default"},
    ),
    (
        "header parameter removed",
        lambda d: d["paths"][TRAINING]["parameters"].pop(2),  # X-Sdk-Date
        {
            "show-training-job:header.X-Sdk-Date:exists",
            "update-training-job:header.X-Sdk-Date:exists",
        },
    ),
    (
        "security scheme removed",
        lambda d: d["components"]["securitySchemes"].pop("token"),
        {"list-video-jobs:header.X-Auth-Token:exists"},
    ),
    (
        "response header removed",
        lambda d: _op(d, TRAINING, "put")["responses"]["200"].pop("headers"),
        {"update-training-job:Response200Header.X-Request-Id:exists"},
    ),
    (
        "example changed",
        _response_200_example,
        {"list-video-jobs:example-response-200"},
    ),
    (
        "request example removed",
        lambda d: _op(d, TRAINING, "put")["requestBody"]["content"]["application/json"].pop(
            "examples"
        ),
        {"update-training-job:example-request-body"},
    ),
    (
        "error example changed",
        lambda d: d["components"]["responses"]["NotFound"]["content"]["application/json"].update(
            example={"error_code": "MSS.00000002", "error_msg": "Gone"}
        ),
        {"list-video-jobs:example-response-404", "show-2d-video-job:example-response-404"},
    ),
    (
        "status removed",
        lambda d: _op(d, VIDEOS, "get")["responses"].pop("404"),
        {"list-video-jobs:status-404"},
    ),
    (
        "documented status removed",
        lambda d: _op(d, TRAINING, "get")["x-documented-statuses"].remove(500),
        {"show-training-job:status-500", "show-training-job:statuses-documented"},
    ),
    (
        "example request URL changed",
        lambda d: _op(d, TRAINING, "get").update({"x-example-request": "GET https://x/v1"}),
        {"show-training-job:example-request-url"},
    ),
    (
        "undocumented field added",
        lambda d: _schema(d, "VoiceConfig")["properties"].update(emotion={"type": "string"}),
        {"show-2d-video-job:VoiceConfig:no-extra-fields"},
    ),
    (
        "allowed states changed",
        lambda d: _op(d, TRAINING, "put").update({"x-allowed-states": ["AUTO_VERIFY_FAILED"]}),
        {"update-training-job:allowed-states"},
    ),
    (
        "request body made optional",
        lambda d: _op(d, TRAINING + "/command", "post")["requestBody"].update(required=False),
        {"execute-training-command:RequestBody:required"},
    ),
    (
        "errata entry that names something else excuses nothing",
        lambda d: _prop(d, "VideoConfig", "codec").update({"x-errata": ["E06"], "type": "integer"}),
        {"show-2d-video-job:VideoConfig.codec:type"},
    ),
    (
        "deprecation dropped",
        lambda d: _schema(d, "VideoMakingType").pop("deprecated"),
        {"show-2d-video-job:Response200.video_making_type:deprecated"},
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [pytest.param(m, e, id=name) for name, m, e in MUTATIONS],
)
def test_checker_reports_mutation(
    mutate: Callable[[dict[str, Any]], None], expected: set[str]
) -> None:
    require_seeds()
    failing = _mutated(mutate)
    assert expected <= failing, (
        f"not reported: {sorted(expected - failing)}; reported: {sorted(failing)}"
    )


def test_missing_seeds_skip_locally_and_fail_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "SEEDS", tmp_path / "no-such-folder")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="reference pages not found"):
        require_seeds()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true requires it"):
        require_seeds()


PAGE = """URI

POST /v1/{project_id}/things

Request Parameters

Table 1 Request body parameters

Parameter

Mandatory

Type

Description

kind

Yes

String

Kind. Options:

  \u2022 A_ONE: first

  \u2022 **B_TWO: second

NOTE:
  \u2022 A_ONE, B_TWO and others are for some users only.

Value range:

0-64

Default value:

A_ONE

items

No

Array of Thing objects

Things.

Table 2 Thing

Parameter

Mandatory

Type

Description

size

No

Integer

Size. The value defaults to 3 and ranges from 1 to 1,000.

at

No

String

When. The format complies with RFC 3339.

Example Requests

POST https://{endpoint}/v1/p/things

{
  "kind" : "A_ONE"
}

Status Codes

Status Code

Description

200

OK.
"""


def test_parser_reads_the_page_layout() -> None:
    """The parser on a small synthetic page: options, markup, notes, ranges, defaults, nesting."""
    page = parse_text(PAGE, "things")
    assert page.warnings == []
    assert (page.method, page.path) == ("POST", "/v1/{project_id}/things")
    body, thing = page.tables
    kind, items = body.fields
    assert (kind.mandatory, kind.type.kind) == (True, "string")
    assert [v for v, _ in kind.enum] == ["A_ONE", "B_TWO"]
    assert kind.range is not None and kind.range[:2] == (0, 64)
    assert [v for _, v, _ in kind.defaults] == ["A_ONE"]
    assert (items.type.kind, items.type.item_kind, items.type.ref) == ("array", "object", "Thing")
    size, at = thing.fields
    assert size.range is not None and size.range[:2] == (1, 1000)
    assert [v for _, v, _ in size.defaults] == ["3"]
    assert [f for f, _ in at.formats] == ["date-time"]
    assert page.example_request_method == "POST"
    assert [(e.status, e.body) for e in page.examples] == [(None, {"kind": "A_ONE"})]
    assert [c for c, _ in page.statuses] == [200]
    assert table_paths(page)["Thing"][0][1] == ["items"]
