"""Load the OpenAPI spec once, as plain JSON-like data, remembering the line of every node.

`SpecDoc(path)` is what lint, generate and the mock read at start-up:

- `.data`: plain `dict`/`list`/`str`/`int`/`float`/`bool`/`None`, exactly what a JSON parser
  would give for the same document (see "YAML flavour" below), so it can be handed to
  jsonschema, openapi-spec-validator or a template without conversion;
- `.line_of(pointer)`: 1-based line of the node at a JSON pointer (`/paths/~1v1~1jobs/post`,
  with or without a leading `#`); for a mapping member that is the line of its key, for a
  sequence item the line where the item starts; an unknown pointer falls back to its nearest
  existing ancestor, so a message about a missing key points at the mapping that lacks it;
- `.resolve(ref)` / `.get(pointer)` / `.deref(node)`: local `#/...` references;
- `.operations()`: every operation with its path, method and pointer;
- `.errata`: `spec/errata.yaml` beside the spec (a `YamlDoc`), or None when there is none;
- the schema walk, written once for every reader: `.json_schema(holder)` (a request body's or
  response's application/json schema), `.properties(schema)` (`$ref` followed, `allOf`
  merged), `.default_of(schema)`, and `ref_name(node)` (the component a node refers to).

YAML flavour: the YAML 1.2 core schema, which is what Redocly (js-yaml) and every JSON tool
assume. `on`/`off`/`yes`/`no` stay strings, dates and times stay strings (an example such as
`2024-05-01T10:00:00Z` is a string in JSON too), and mapping keys are always strings (`200:` is
the key `"200"`). Duplicate keys are an error rather than "last one wins". Aliases are allowed.

This module imports nothing else of ours (see ARCHITECTURE.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

__all__ = [
    "COMBINERS",
    "HTTP_METHODS",
    "JSON_MEDIA",
    "SCHEMA_REF",
    "SPEC_PATH",
    "Operation",
    "SpecDoc",
    "SpecLoadError",
    "YamlDoc",
    "escape",
    "join_pointer",
    "json_media_schema",
    "ref_name",
    "split_pointer",
]

# The spec of this repository: the one default of every command (lint, generate, mock, fuzz,
# bench) and of the tests. The errata file is always `errata.yaml` beside the spec.
SPEC_PATH = Path(__file__).resolve().parents[1] / "spec" / "metastudio.yaml"

SCHEMA_REF = "#/components/schemas/"  # the prefix of a component schema's `$ref`
JSON_MEDIA = "application/json"
COMBINERS = ("allOf", "anyOf", "oneOf")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_PLAIN_TAG = "tag:metastudio,2024:plain"  # untagged plain scalar, resolved below (YAML 1.2)
_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Composes only; leaves plain scalars to the YAML 1.2 core schema (`_plain`)."""

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN_TAG
        return cast(str, super().resolve(kind, value, implicit))


# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), plain scalars only.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

_STR_TAG = "tag:yaml.org,2002:str"
_TAGS = {
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    _STR_TAG: "str",
}


class SpecLoadError(Exception):
    """The file is missing, is not YAML, or is not a YAML mapping."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def escape(part: str | int) -> str:
    """Escape one reference token (RFC 6901)."""
    return str(part).replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *parts: str | int) -> str:
    """`join_pointer("/paths", "/v1/jobs", "get")` -> `/paths/~1v1~1jobs/get`."""
    return base + "".join("/" + escape(p) for p in parts)


def split_pointer(pointer: str) -> list[str]:
    """Inverse of `join_pointer("", ...)`; accepts `#/a/b`, `/a/b` and `` (the root)."""
    if pointer.startswith("#"):
        pointer = pointer[1:]
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]


def ref_name(node: Any) -> str:
    """The component schema a node refers to, directly or as a combiner branch ("" if none)."""
    if not isinstance(node, dict):
        return ""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
        return ref[len(SCHEMA_REF) :]
    for key in COMBINERS:
        for branch in node.get(key) or []:
            name = ref_name(branch)
            if name:
                return name
    return ""


def json_media_schema(holder: Any) -> tuple[Any, str] | None:
    """(schema, its pointer below `holder`) of a dereferenced request body's or response's
    application/json content, or None when it has none."""
    content = holder.get("content") if isinstance(holder, dict) else None
    media = content.get(JSON_MEDIA) if isinstance(content, dict) else None
    if isinstance(media, dict) and "schema" in media:
        return media["schema"], "content/application~1json/schema"
    return None


def _scalar(node: yaml.ScalarNode, path: Path) -> Any:
    if node.tag == _PLAIN_TAG:
        return _plain(node.value)
    kind = _TAGS.get(node.tag)
    if kind is None:
        raise SpecLoadError(path, node.start_mark.line + 1, f"unsupported YAML tag {node.tag}")
    return _convert(node.value, kind, node, path)


def _plain(value: str) -> Any:
    """Resolve an untagged plain scalar with the YAML 1.2 core schema."""
    if _NULL.match(value):
        return None
    if _TRUE.match(value):
        return True
    if _FALSE.match(value):
        return False
    if _INT10.match(value):
        return int(value)
    if _INT8.match(value):
        return int(value[2:], 8)
    if _INT16.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


def _convert(value: str, kind: str, node: yaml.Node, path: Path) -> Any:
    if kind == "str":
        return value
    resolved = _plain(value)
    ok = {
        "null": resolved is None,
        "bool": isinstance(resolved, bool),
        "int": isinstance(resolved, int) and not isinstance(resolved, bool),
        "float": isinstance(resolved, (int, float)) and not isinstance(resolved, bool),
    }[kind]
    if not ok:
        raise SpecLoadError(path, node.start_mark.line + 1, f"{value!r} is not a valid !!{kind}")
    return float(resolved) if kind == "float" else resolved


class YamlDoc:
    """A YAML file as plain data plus a JSON-pointer -> line table."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.lines: dict[str, int] = {}
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SpecLoadError(self.path, 1, f"cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise SpecLoadError(self.path, 1, f"not UTF-8: {exc.reason}") from None
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else 1
            problem = " ".join(p for p in (exc.context, exc.problem) if p)
            raise SpecLoadError(self.path, line, problem or str(exc)) from None
        except yaml.YAMLError as exc:
            raise SpecLoadError(self.path, 1, str(exc)) from None
        if root is None:
            raise SpecLoadError(self.path, 1, "empty document")
        self._memo: dict[int, Any] = {}
        self.lines[""] = root.start_mark.line + 1
        self.data: Any = self._build(root, "")
        del self._memo

    def _build(self, node: yaml.Node, pointer: str) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node, self.path)
        lines = self.lines
        if isinstance(node, yaml.SequenceNode):
            if id(node) in self._memo:  # an alias: same data, lines of the anchor
                return self._memo[id(node)]
            seq: list[Any] = []
            self._memo[id(node)] = seq
            for i, item in enumerate(node.value):
                child = f"{pointer}/{i}"
                lines[child] = item.start_mark.line + 1
                seq.append(self._build(item, child))
            return seq
        if isinstance(node, yaml.MappingNode):
            if id(node) in self._memo:
                return self._memo[id(node)]
            mapping: dict[str, Any] = {}
            self._memo[id(node)] = mapping
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise SpecLoadError(
                        self.path, key_node.start_mark.line + 1, "mapping keys must be scalars"
                    )
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in mapping:
                    first = lines.get(f"{pointer}/{escape(key)}", line)
                    raise SpecLoadError(
                        self.path, line, f"duplicate key {key!r} (first defined on line {first})"
                    )
                child = f"{pointer}/{escape(key)}"
                lines[child] = line
                mapping[key] = self._build(value_node, child)
            return mapping
        raise SpecLoadError(self.path, node.start_mark.line + 1, f"unsupported node {node!r}")

    def line_of(self, pointer: str | list[str | int] | tuple[str | int, ...]) -> int:
        """Line of the node at `pointer`, or of its nearest existing ancestor."""
        if not isinstance(pointer, str):
            pointer = join_pointer("", *pointer)
        elif pointer.startswith("#"):
            pointer = pointer[1:]
        lines = self.lines
        while pointer not in lines:
            if not pointer:
                return 1
            pointer = pointer[: pointer.rfind("/")] if "/" in pointer else ""
        return lines[pointer]

    def has(self, pointer: str) -> bool:
        return (pointer[1:] if pointer.startswith("#") else pointer) in self.lines

    def get(self, pointer: str) -> Any:
        """The node at a JSON pointer; KeyError when there is none."""
        node = self.data
        try:
            parts = split_pointer(pointer)
        except ValueError:
            raise KeyError(pointer) from None
        for part in parts:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise KeyError(pointer)
        return node


@dataclass(frozen=True)
class Operation:
    path: str  # "/v1/{project_id}/jobs"
    method: str  # "post"
    pointer: str  # "/paths/~1v1~1{project_id}~1jobs/post"
    data: dict[str, Any]


class SpecDoc(YamlDoc):
    """The OpenAPI document (and its errata file, when there is one)."""

    def __init__(
        self,
        path: str | Path,
        errata_path: str | Path | None = None,
        *,
        load_errata: bool = True,
    ) -> None:
        super().__init__(path)
        if not isinstance(self.data, dict):
            raise SpecLoadError(self.path, 1, "the document is not a mapping")
        errata = (
            Path(errata_path) if errata_path is not None else self.path.with_name("errata.yaml")
        )
        self.errata_path = errata
        self.errata: YamlDoc | None = None
        if load_errata and errata.is_file():
            self.errata = YamlDoc(errata)

    def resolve(self, ref: str) -> Any:
        """Target of a local reference such as `#/components/schemas/Error`."""
        if not ref.startswith("#"):
            raise KeyError(f"only local references are supported: {ref!r}")
        return self.get(ref)

    def deref(self, node: Any, pointer: str = "") -> tuple[Any, str]:
        """Follow `$ref` chains: (target, pointer of target). Cycles and dangling refs raise."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            if ref in seen:
                raise KeyError(f"reference cycle at {ref!r}")
            seen.add(ref)
            node, pointer = self.resolve(ref), ref[1:]
        return node, pointer

    def operations(self) -> Iterator[Operation]:
        paths = self.data.get("paths")
        if not isinstance(paths, dict):
            return
        for url, item in paths.items():
            if not isinstance(item, dict):
                continue
            for method, op in item.items():  # document order
                if method in HTTP_METHODS and isinstance(op, dict):
                    yield Operation(url, method, join_pointer("/paths", url, method), op)

    # ------------------------------------------------------------------ the schema walk
    def try_deref(self, node: Any, pointer: str = "") -> tuple[Any, str] | None:
        """`deref`, but None for a dangling reference or a cycle (lint reports those)."""
        try:
            return self.deref(node, pointer)
        except KeyError:
            return None

    def target(self, node: Any) -> Any:
        """`try_deref` without the pointer."""
        found = self.try_deref(node)
        return found[0] if found is not None else None

    def json_schema(self, holder: Any) -> Any:
        """The application/json schema of a request body or response (`$ref` followed), or
        None."""
        found = json_media_schema(self.target(holder))
        return found[0] if found is not None else None

    def properties(self, node: Any, depth: int = 0) -> dict[str, Any]:
        """A schema's properties as written (a property's own `$ref` kept), the schema's `$ref`
        followed and its `allOf` branches merged (a branch first, the schema's own last)."""
        node = self.target(node)
        if not isinstance(node, dict) or depth > 20:
            return {}
        found: dict[str, Any] = {}
        for branch in node.get("allOf") or []:
            found.update(self.properties(branch, depth + 1))
        for name, prop in (node.get("properties") or {}).items():
            found[str(name)] = prop
        return found

    def default_of(self, node: Any, depth: int = 0) -> Any:
        """A schema's `default`, else the first `allOf` branch's (None when there is none)."""
        node = self.target(node)
        if not isinstance(node, dict) or depth > 20:
            return None
        if "default" in node:
            return node["default"]
        for branch in node.get("allOf") or []:
            value = self.default_of(branch, depth + 1)
            if value is not None:
                return value
        return None
