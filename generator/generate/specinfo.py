"""Facts the templates need, derived from the one spec model (`specmodel.ApiModel`), never
copied by hand: enum groups with their member names and every field or parameter that uses
them, lifecycles, errata, operations, waiters, pagers and the query parameters that must be
sent comma-joined. Operations, lifecycles, errata links and which operation reads a
lifecycle's object are the model's; `TemplateFacts` adds what only the docs and the client
templates ask."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.spec import COMBINERS, SCHEMA_REF, join_pointer
from generator.specmodel import ApiModel, Lifecycle, OperationInfo


def member_name(value: object, index: int, varnames: list[str] | None) -> str:
    """The Python member name both generators give a value (openapi-python-client's rule;
    datamodel-code-generator runs with --capitalise-enum-members to agree with it)."""
    if varnames is not None:
        name = varnames[index]
    elif isinstance(value, str) and value[:1].isalpha():
        name = value
    elif isinstance(value, int) and not isinstance(value, bool):
        name = f"VALUE_{value}" if value >= 0 else f"VALUE_NEGATIVE_{-value}"
    else:
        name = f"VALUE_{index}"
    return re.sub(r"\W", "_", name).upper()


@dataclass
class EnumValue:
    value: Any
    member: str
    description: str
    source: str = "page"  # "sdk": known from the official SDK only (x-source, lint rule x-source)


def value_source(node: dict[str, Any], value: Any) -> str:
    """Where one enum value comes from: `x-source: sdk` on the enum, or its `enum` map."""
    mark = node.get("x-source")
    if isinstance(mark, str):
        return mark
    if isinstance(mark, dict) and isinstance(mark.get("enum"), dict):
        return str(mark["enum"].get(str(value), "page"))
    return "page"


@dataclass
class Usage:
    where: str  # "TrainingJob.state", "list_video_jobs query state[]"
    kind: str  # "schema property", "query parameter", ...
    how: str  # "$ref", "array items", "nullable (anyOf null)", ...
    required: bool
    description: str
    pointer: str
    line: int


@dataclass
class EnumGroup:
    name: str
    pointer: str
    line: int
    type: str
    description: str
    default: Any
    deprecated: bool
    errata: list[str]
    values: list[EnumValue]
    usages: list[Usage] = field(default_factory=list)
    has_lifecycle: bool = False


@dataclass
class Waiter:
    """A facade method polling one job until its lifecycle ends: `operation_id` reads the job
    (a GET whose 200 body has a `state` of the lifecycle's enum), `final` ends the wait."""

    method: str  # wait_for_training_job
    operation_id: str  # show_training_job
    enum: str  # TrainingJobState
    final: list[str]


@dataclass
class Pager:
    """A facade method iterating every item of an offset/limit list operation."""

    method: str  # iter_video_jobs
    operation_id: str  # list_video_jobs
    items: str  # the 200 body's array property (jobs)
    count: str  # the 200 body's integer total (count)
    offset: str
    limit: str


@dataclass
class ResponseExample:
    operation_id: str
    status: str
    name: str
    schema: str  # component schema name of the response body ("" when inline)
    value: Any

    @property
    def id(self) -> str:
        return f"{self.operation_id}-{self.status}-{self.name}"


def _walk(node: Any, parts: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield parts, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*parts, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*parts, str(index)))


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


class TemplateFacts:
    """What the docs and client templates read, derived from `api` (the one spec model)."""

    def __init__(self, api: ApiModel) -> None:
        self.api = api
        self.doc = api.doc
        self.data: dict[str, Any] = api.doc.data
        self.schemas: dict[str, Any] = self.data.get("components", {}).get("schemas", {}) or {}
        self._errata_of = {link.pointer: link.ids for link in self.api.errata_links}
        self._lifecycle_enums = {
            life.pointer.removesuffix("/x-lifecycle") for life in self.api.lifecycles.values()
        }
        self.operations: list[OperationInfo] = list(self.api.operations.values())
        self.enums = self._enum_groups()
        self.lifecycles: list[Lifecycle] = sorted(
            self.api.lifecycles.values(), key=lambda life: life.name
        )
        self.errata = self._errata()

    def _parameters(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(operationId, pointer, parameter) for every parameter of every operation, path-level
        ones included, `$ref`s followed."""
        for op in self.doc.operations():
            op_id = str(op.data.get("operationId", ""))
            item_pointer = join_pointer("/paths", op.path)
            path_item = self.data["paths"][op.path]
            for base, params in (
                (item_pointer, path_item.get("parameters")),
                (op.pointer, op.data.get("parameters")),
            ):
                for index, param in enumerate(params or []):
                    target, pointer = self.doc.deref(param, join_pointer(base, "parameters", index))
                    if isinstance(target, dict):
                        yield op_id, pointer, target

    def comma_joined_query(self) -> list[str]:
        """`operationId name` of each array query parameter with style form, explode false:
        the client must send it as one comma-joined value."""
        found = set()
        for op_id, _, param in self._parameters():
            schema, _ = self.doc.deref(param.get("schema"))
            if (
                param.get("in") == "query"
                and param.get("style", "form") == "form"
                and param.get("explode") is False
                and isinstance(schema, dict)
                and schema.get("type") == "array"
            ):
                found.add(f"{op_id} {param['name']}")
        return sorted(found)

    def member_clashes(self) -> list[str]:
        """`file:line: enum-member-names: ...` for every enum where two values get the same
        member name (say `asc` and `ASC`): a generator would fail or drop the enum."""
        try:
            display = os.path.relpath(self.doc.path)
        except ValueError:  # another drive
            display = str(self.doc.path)
        found = []
        for group in self.enums:
            seen: dict[str, Any] = {}
            for item in group.values:
                if item.member in seen:
                    found.append(
                        f"{display}:{group.line}: enum-member-names: {group.name}: "
                        f"{seen[item.member]!r} and {item.value!r} both become member "
                        f"{item.member}; give the enum x-enum-varnames"
                    )
                seen.setdefault(item.member, item.value)
        return found

    def derived_spec(self) -> dict[str, Any]:
        """The spec as both external generators read it: every enum without `x-enum-varnames`
        gets them, made by `member_name` (the name openapi-python-client would choose), so the
        client, the models and the docs cannot disagree on a member name."""
        data: dict[str, Any] = copy.deepcopy(self.data)
        for parts, node in _walk(data, ()):
            if (
                parts[:1] != ("servers",)
                and isinstance(node, dict)
                and isinstance(node.get("enum"), list)
                and "x-enum-varnames" not in node
            ):
                node["x-enum-varnames"] = [
                    member_name(value, index, None) for index, value in enumerate(node["enum"])
                ]
        return data

    # -- facade facts -------------------------------------------------------------------------
    def _success_schema(self, op: Any) -> str:
        """Component schema name of an operation's 200 JSON body ("" when none or inline)."""
        schema = self.doc.json_schema((op.data.get("responses") or {}).get("200")) or {}
        ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
        return ref[len(SCHEMA_REF) :] if isinstance(ref, str) and ref.startswith(SCHEMA_REF) else ""

    @staticmethod
    def _noun(operation_id: str, verbs: tuple[str, ...]) -> str:
        for verb in verbs:
            if operation_id.startswith(verb):
                return operation_id[len(verb) :]
        return operation_id

    def parameter_descriptions(self) -> dict[str, dict[str, str]]:
        """operationId -> parameter name -> its description (openapi-python-client keeps only
        the schema's)."""
        found: dict[str, dict[str, str]] = {}
        for op_id, _, param in self._parameters():
            found.setdefault(op_id, {})[str(param.get("name", ""))] = _text(
                param.get("description")
            )
        return found

    def sdk_methods(self) -> dict[str, str]:
        """operationId -> the official SDK's method name (`x-sdk-method`)."""
        return {op.operation_id: op.sdk_method for op in self.operations if op.sdk_method}

    def waiters(self) -> list[Waiter]:
        """For each `x-lifecycle`, the operation that reads one object in it
        (`ApiModel.reader_of`): `wait_for_<noun>` polls it until a state of the lifecycle's
        `final` list."""
        found = []
        for life in self.lifecycles:
            op_id = self.api.reader_of(life)
            if op_id is not None:
                noun = self._noun(op_id, ("show_", "get_", "read_", "describe_"))
                found.append(Waiter(f"wait_for_{noun}", op_id, life.name, list(life.final)))
        return sorted(found, key=lambda waiter: waiter.method)

    def pagers(self) -> list[Pager]:
        """GET operations paged with integer `offset` and `limit` query parameters whose 200
        body has an integer `count` and one array property: `iter_<noun>` walks every page."""
        found = []
        for op in self.doc.operations():
            if op.method.lower() != "get":
                continue
            op_id = str(op.data.get("operationId", ""))
            query = {}
            for param_op, _, param in self._parameters():
                if param_op == op_id and param.get("in") == "query":
                    query[param.get("name")] = self.doc.deref(param.get("schema"))[0] or {}
            if not all(
                query.get(name, {}).get("type") == "integer" for name in ("offset", "limit")
            ):
                continue
            schema = self._success_schema(op)
            props = self.doc.properties({"$ref": SCHEMA_REF + schema}) if schema else {}
            types = {
                name: (self.doc.deref(prop)[0] or {}).get("type") for name, prop in props.items()
            }
            arrays = [name for name, kind in types.items() if kind == "array"]
            if types.get("count") != "integer" or len(arrays) != 1:
                continue
            noun = self._noun(op_id, ("list_",))
            found.append(Pager(f"iter_{noun}", op_id, arrays[0], "count", "offset", "limit"))
        return sorted(found, key=lambda pager: pager.method)

    def response_examples(self) -> list[ResponseExample]:
        """Every JSON example of every response of every operation (`$ref`s followed), with
        the name of the component schema it is an instance of."""
        found = []
        for op in self.doc.operations():
            op_id = str(op.data.get("operationId", ""))
            for status, response in (op.data.get("responses") or {}).items():
                base = join_pointer(op.pointer, "responses", status)
                response, base = self.doc.deref(response, base)
                media = ((response or {}).get("content") or {}).get("application/json")
                if not isinstance(media, dict):
                    continue
                ref = (media.get("schema") or {}).get("$ref", "")
                schema = ref[len(SCHEMA_REF) :] if ref.startswith(SCHEMA_REF) else ""
                named: list[tuple[str, Any]] = []
                if "example" in media:
                    named.append(("example", media["example"]))
                for name, example in (media.get("examples") or {}).items():
                    example, _ = self.doc.deref(example)
                    if isinstance(example, dict) and "value" in example:
                        named.append((str(name), example["value"]))
                for name, value in named:
                    found.append(ResponseExample(op_id, str(status), name, schema, value))
        return found

    # -- enums --------------------------------------------------------------------------------
    def _enum_groups(self) -> list[EnumGroup]:
        groups: dict[str, EnumGroup] = {}
        inline: list[tuple[tuple[str, ...], EnumGroup]] = []  # by the raw parts, not the
        # pointer: a path key's "/" is escaped in it ("~1v1~1{project_id}...")
        for parts, node in _walk(self.data, ()):
            if parts[:1] == ("servers",):  # a server variable's enum is no schema enum
                continue
            if isinstance(node, dict) and isinstance(node.get("enum"), list) and parts:
                if parts[:2] == ("components", "schemas") and len(parts) == 3:
                    groups[join_pointer("", *parts)] = self._group(parts[2], parts, node)
                else:
                    name = self._label(parts)[0].replace(" ", "_").replace(".", "_")
                    group = self._group(name, parts, node)
                    groups[join_pointer("", *parts)] = group
                    inline.append((parts, group))
        for parts, node in _walk(self.data, ()):
            if not isinstance(node, dict):
                continue
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
                used = groups.get(ref[1:])
                if used is not None:
                    used.usages.append(self._usage(parts))
        for parts, group in inline:
            group.usages.append(self._usage(parts))  # an inline enum is its own use
        for group in groups.values():
            group.usages.sort(key=lambda usage: (usage.kind != "schema property", usage.where))
        return sorted(groups.values(), key=lambda group: group.name)

    def _group(self, name: str, parts: tuple[str, ...], node: dict[str, Any]) -> EnumGroup:
        values = node["enum"]
        varnames = node.get("x-enum-varnames")
        descriptions = node.get("x-enum-descriptions") or []
        pointer = join_pointer("", *parts)
        return EnumGroup(
            name=name,
            pointer=pointer,
            line=self.doc.line_of(pointer),
            type=str(node.get("type", "")),
            description=_text(node.get("description")),
            default=node.get("default"),
            deprecated=bool(node.get("deprecated")),
            errata=list(self._errata_of.get(pointer, ())),
            values=[
                EnumValue(
                    value=value,
                    member=member_name(value, index, varnames),
                    description=_text(descriptions[index]) if index < len(descriptions) else "",
                    source=value_source(node, value),
                )
                for index, value in enumerate(values)
            ],
            has_lifecycle=pointer in self._lifecycle_enums,
        )

    def _label(self, parts: tuple[str, ...]) -> tuple[str, str, list[str], Any]:
        """(where, kind, rest, owner) for a node: `rest` are the pointer parts below the named
        owner (a component schema, or an operation's parameter, body or response schema)."""
        data = self.data
        if parts[:2] == ("components", "schemas"):
            return parts[2], "schema property", list(parts[3:]), data["components"]["schemas"]
        if parts[:2] == ("components", "parameters"):
            param = data["components"]["parameters"][parts[2]]
            where = f"parameter {parts[2]} ({param.get('in')} {param.get('name')})"
            return where, f"{param.get('in')} parameter", list(parts[4:]), param
        if parts[:1] == ("paths",) and len(parts) > 2:
            item = data["paths"][parts[1]]
            if parts[2] == "parameters":
                param = item["parameters"][int(parts[3])]
                where = f"{parts[1]} {param.get('in')} {param.get('name')}"
                return where, f"{param.get('in')} parameter", list(parts[5:]), param
            op = item[parts[2]]
            op_id = str(op.get("operationId", parts[2]))
            if len(parts) > 4 and parts[3] == "parameters":
                param = op["parameters"][int(parts[4])]
                where = f"{op_id} {param.get('in')} {param.get('name')}"
                return where, f"{param.get('in')} parameter", list(parts[6:]), param
            if len(parts) > 3 and parts[3] == "requestBody":
                rest = list(parts[parts.index("schema") + 1 :]) if "schema" in parts else []
                return f"{op_id} request body", "request body", rest, op
            if len(parts) > 4 and parts[3] == "responses":
                rest = list(parts[parts.index("schema") + 1 :]) if "schema" in parts else []
                return f"{op_id} {parts[4]} response", "response body", rest, op
        return join_pointer("", *parts), "other", [], None

    def _usage(self, parts: tuple[str, ...]) -> Usage:
        where, kind, rest, owner = self._label(parts)
        how: list[str] = []
        suffix = ""
        required = False
        description = ""
        node: Any = self.doc.get(join_pointer("", *parts[: len(parts) - len(rest)]))
        if kind.endswith("parameter") and isinstance(owner, dict):
            required = bool(owner.get("required"))
            description = _text(owner.get("description"))
        index = 0
        while index < len(rest):
            key = rest[index]
            if key == "properties" and index + 1 < len(rest):
                prop = rest[index + 1]
                parent = node if isinstance(node, dict) else {}
                required = prop in (parent.get("required") or [])
                node = (parent.get("properties") or {}).get(prop)
                suffix += f".{prop}"
                if isinstance(node, dict) and node.get("description"):
                    description = _text(node["description"])
                index += 2
                continue
            if key in COMBINERS and index + 1 < len(rest):
                branches = node.get(key) if isinstance(node, dict) else None
                if key == "anyOf" and any(
                    isinstance(b, dict) and b.get("type") == "null" for b in branches or []
                ):
                    how.append("nullable (anyOf with null)")
                elif key != "allOf":
                    how.append(key)
                node = branches[int(rest[index + 1])] if branches else None
                index += 2
                continue
            if key == "items":
                suffix += "[]"
                how.append("array items")
                node = node.get("items") if isinstance(node, dict) else None
            elif key == "additionalProperties":
                suffix += "{}"
                how.append("map values")
                node = node.get(key) if isinstance(node, dict) else None
            index += 1
        pointer = join_pointer("", *parts)
        if kind == "schema property" and not suffix:
            kind = "schema"
        return Usage(
            where=f"{where}{suffix}",
            kind=kind,
            how=", ".join(how) or "direct",
            required=required,
            description=description,
            pointer=pointer,
            line=self.doc.line_of(pointer),
        )

    # -- errata -------------------------------------------------------------------------------
    def _errata(self) -> list[dict[str, Any]]:
        if self.doc.errata is None or not isinstance(self.doc.errata.data, list):
            return []
        referrers: dict[str, list[tuple[str, int]]] = {}
        for link in self.api.errata_links:
            for entry_id in link.ids:
                referrers.setdefault(entry_id, []).append((link.pointer, link.line))
        entries = []
        for index, entry in enumerate(self.doc.errata.data):
            if not isinstance(entry, dict):
                continue
            entry_id = str(entry.get("id", ""))
            entries.append(
                {
                    "id": entry_id,
                    "line": self.doc.errata.line_of(f"/{index}"),
                    "fields": [(k, _text(v)) for k, v in entry.items() if k != "id"],
                    "referrers": referrers.get(entry_id, []),
                }
            )
        return entries
