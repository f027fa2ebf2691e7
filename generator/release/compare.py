"""Classify the changes between two versions of the spec for a caller or client of the old one.

api-smart-diff (npm, pinned in generator/node/package.json) finds the changes: it resolves every
`$ref` and reports each change once per place of the API it reaches, with the request/response
direction in its path. We hand it both documents already dereferenced by us (and with path-level
parameters merged into each operation), so every node of its paths maps back to the line of the
YAML node it came from. House rules (`classify`) then decide breaking / compatible / docs; they
override the tool where its verdict is wrong for our clients, for example a removed response
property (the tool: non-breaking; a client reading it breaks) or an added response enum value
(the tool: breaking; our generated enums keep unknown values, `is_known` is False).
One change of a shared schema reached from several operations is reported once, at its source
line, with the most severe verdict of all its uses.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.spec import HTTP_METHODS, SpecDoc, join_pointer, split_pointer

KINDS = ("docs", "compatible", "breaking")  # by severity
REPO = Path(__file__).resolve().parents[2]
BRIDGE = Path(__file__).with_name("smartdiff.cjs")
NODE_MODULES = Path(
    os.environ.get("METASTUDIO_NODE_MODULES", REPO / ".cache" / "node" / "node_modules")
)

# Keywords whose change tells a reader something and a machine nothing.
DOC_KEYWORDS = {
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "externalDocs",
    "tags",
    "x-enum-descriptions",
    "x-errata",
    "x-example-request",
    "x-documented-statuses",
    "x-sdk-method",
    "links",  # OpenAPI links are hints for tools; no client depends on them
}
# Extensions that change what generated code or the mock does (x-enum-varnames: see classify).
BEHAVIOUR_EXTENSIONS = {"x-lifecycle", "x-allowed-states"}
# Narrowing keywords: a bigger value accepts less (`max*`: a bigger value accepts more).
LOWER_BOUNDS = {"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"}
UPPER_BOUNDS = {"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"}
NARROW_IF_ADDED = {"pattern", "multipleOf", "uniqueItems", "const"}
COMPOSITION = {"allOf", "anyOf", "oneOf"}
SCHEMA_WRAPPERS = {"content", "schema"}


class DiffToolError(Exception):
    """api-smart-diff could not be run (Node tools missing, or it failed)."""


@dataclass(frozen=True)
class Change:
    """One classified change, at the line of the YAML node it comes from."""

    kind: str  # breaking | compatible | docs
    line: int  # new side; for a removal the nearest node that still exists
    where: str  # the first place of the API it reaches (`GET /v1/... response 200 body.state`)
    what: str  # `enum value 'X' removed`
    old_line: int | None = None  # old side, for a removal
    uses: int = 1  # places of the API the same source node reaches
    tool: str = ""  # api-smart-diff's own verdict, to show where a house rule overrode it
    pointer: str = ""  # JSON pointer of the source node (old side for a removal)
    others: tuple[str, ...] = ()  # the other places it reaches

    @property
    def key(self) -> str:
        """How an acknowledgement in spec/releases.yaml names this change."""
        return f"{self.where}: {self.what}"

    @property
    def keys(self) -> set[str]:
        """Every name that acknowledges it: through any of its uses, so an acknowledgement
        survives a new first use of the same schema."""
        return {f"{where}: {self.what}" for where in (self.where, *self.others)}

    def format(self, spec: str = "spec/metastudio.yaml", base: str = "BASE") -> str:
        text = f"{spec}:{self.line}: {self.kind}: {self.key}"
        if self.uses > 1:
            text += f" (and {self.uses - 1} more use{'s' if self.uses > 2 else ''})"
        if self.old_line is not None:
            text += f" (was {spec}:{self.old_line} at {base})"
        return text


def severity(kind: str) -> int:
    return KINDS.index(kind)


def level(changes: Iterable[Change]) -> str | None:
    """The most severe kind among `changes`, None when there is none."""
    kinds = [c.kind for c in changes]
    return max(kinds, key=severity) if kinds else None


# --- dereferencing with origins ---------------------------------------------------------------


class Resolved:
    """The document with every local `$ref` inlined and path-level parameters merged into each
    operation (as api-smart-diff sees it); `locate(path)` gives the pointer, in the original
    document, of the node a diff path reaches."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self._origins: dict[int, str] = {}
        self.root: dict[str, Any] = self._build(data, "", ())
        self._merge_path_parameters()

    def _build(self, node: Any, pointer: str, stack: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#") and ref[1:] not in stack:
                try:
                    target = _get(self._data, ref[1:])
                except KeyError:
                    target = None
                if target is not None:
                    return self._build(target, ref[1:], (*stack, ref[1:]))
            built: Any = {
                k: self._build(v, join_pointer(pointer, k), stack) for k, v in node.items()
            }
        elif isinstance(node, list):
            built = [self._build(v, f"{pointer}/{i}", stack) for i, v in enumerate(node)]
        else:
            return node
        self._origins[id(built)] = pointer
        return built

    def _merge_path_parameters(self) -> None:
        paths = self.root.get("paths")
        if not isinstance(paths, dict):
            return
        for url, item in paths.items():
            if not isinstance(item, dict):
                continue
            common = item.pop("parameters", None) or []
            for method in HTTP_METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                own = op.get("parameters") or []
                names = {(p.get("name"), p.get("in")) for p in own if isinstance(p, dict)}
                merged = list(own) + [
                    p
                    for p in common
                    if isinstance(p, dict) and (p.get("name"), p.get("in")) not in names
                ]
                if merged:
                    op["parameters"] = merged
                    self._origins[id(merged)] = join_pointer("/paths", url, method, "parameters")

    def locate(self, path: list[Any]) -> str:
        """Pointer of the deepest node `path` reaches; api-smart-diff merges allOf (and lifts
        shared keys of anyOf/oneOf), so a key missing here is looked for in the branches."""
        return self._walk(self.root, "", path, 0)[1]

    def _walk(self, node: Any, pointer: str, path: list[Any], i: int) -> tuple[int, str]:
        best = (i, pointer)
        if i == len(path):
            return best
        seg = path[i]
        child: Any = None
        if isinstance(node, dict) and str(seg) in node:
            child = node[str(seg)]
        elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
            child = node[seg]
        if child is not None:
            default = join_pointer(pointer, seg)
            at = self._origins.get(id(child), default) if _container(child) else default
            best = max(best, self._walk(child, at, path, i + 1), key=lambda r: r[0])
        if isinstance(node, dict) and best[0] < len(path):
            for comp in COMPOSITION:
                for branch in node.get(comp) or []:
                    if isinstance(branch, dict):
                        at = self._origins.get(id(branch), pointer)
                        best = max(best, self._walk(branch, at, path, i), key=lambda r: r[0])
        return best

    def node(self, path: list[Any]) -> Any:
        node: Any = self.root
        for seg in path:
            if isinstance(node, dict):
                node = node.get(str(seg))
            elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
                node = node[seg]
            else:
                return None
        return node


def _container(value: Any) -> bool:
    return isinstance(value, (dict, list))


def _get(data: Any, pointer: str) -> Any:
    for part in split_pointer(pointer):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            raise KeyError(pointer)
    return data


# --- the tool ---------------------------------------------------------------------------------


def raw_diffs(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """api-smart-diff's diffs of each (before, after) pair of resolved documents, in one run."""
    node = shutil.which("node")
    if node is None:
        raise DiffToolError("`node` is not on PATH (Node.js 20+ is needed for api-smart-diff)")
    if not (NODE_MODULES / "api-smart-diff").is_dir():
        raise DiffToolError(
            f"api-smart-diff is not installed in {NODE_MODULES}; run `make diff` (it installs "
            "the pinned Node tools into .cache/node)"
        )
    proc = subprocess.run(
        [node, str(BRIDGE), str(NODE_MODULES)],
        input=json.dumps([{"before": b, "after": a} for b, a in pairs]),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        raise DiffToolError(f"api-smart-diff failed: {proc.stderr.strip()[-2000:]}")
    result: list[list[dict[str, Any]]] = json.loads(proc.stdout)
    return result


# --- where and what ---------------------------------------------------------------------------


@dataclass
class Place:
    """Where a diff path points, in words, and what is left of it (the changed keyword)."""

    where: str
    tail: list[Any]
    direction: str  # request | response | both | none
    subject: str  # what a whole-node add/remove is: operation, parameter, property, ...


def _field_path(rest: list[Any]) -> tuple[str, list[Any], str]:
    """Schema path -> (`.a.b[]`, the keyword tail, subject)."""
    text = ""
    subject = "schema"
    i = 0
    while i < len(rest):
        seg = rest[i]
        if seg == "properties" and i + 1 < len(rest):
            text += f".{rest[i + 1]}"
            subject = "property"
            i += 2
        elif seg in ("items", "additionalProperties"):
            text += "[]" if seg == "items" else "{}"
            subject = "schema"
            i += 1
        elif seg in COMPOSITION and i + 1 < len(rest) and isinstance(rest[i + 1], int):
            i += 2
        else:
            break
    return text, list(rest[i:]), subject


def place(path: list[Any], doc: Resolved) -> Place:
    if len(path) >= 3 and path[0] == "paths" and path[2] in HTTP_METHODS:
        return _operation_place(path, doc)
    if len(path) >= 2 and path[0] == "paths":
        return Place(f"path {path[1]}", list(path[2:]), "none", "path")
    if len(path) >= 3 and path[0] == "components" and path[1] == "schemas":
        fields, tail, subject = _field_path(list(path[3:]))
        return Place(f"components.schemas.{path[2]}{fields}", tail, "both", subject)
    if len(path) >= 3 and path[0] == "components":
        return Place(f"components.{path[1]}.{path[2]}", list(path[3:]), "both", path[1])
    if path and path[0] == "servers":
        where = f"servers[{path[1]}]" if len(path) >= 2 else "servers"
        return Place(where, list(path[2:]), "none", "server")
    if path and path[0] == "security":
        return Place("security", list(path[1:]), "none", "security requirement")
    return Place(str(path[0]) if path else "document", list(path[1:]), "none", "node")


def _operation_place(path: list[Any], doc: Resolved) -> Place:
    url, method = path[1], path[2]
    where = f"{method.upper()} {url}"
    rest = list(path[3:])
    if not rest:
        return Place(where, [], "none", "operation")
    head = rest[0]
    if head == "parameters" and len(rest) >= 2:
        param = doc.node(path[:5])
        if isinstance(param, dict):
            where += f" {param.get('in', '?')} parameter {param.get('name', '?')}"
        else:
            where += f" parameter {rest[1]}"
        rest = rest[2:]
        if not rest:
            return Place(where, [], "request", "parameter")
        if rest[0] == "schema":
            fields, tail, subject = _field_path(rest[1:])
            return Place(where + fields, tail, "request", subject if fields else "schema")
        return Place(where, rest, "request", "parameter")
    if head == "requestBody":
        where += " request body"
        fields, tail, subject = _field_path(_strip_content(rest[1:]))
        return Place(where + fields, tail, "request", subject if fields else "request body")
    if head == "responses" and len(rest) >= 2:
        where += f" response {rest[1]}"
        rest = rest[2:]
        if not rest:
            return Place(where, [], "response", "response")
        if rest[0] == "headers" and len(rest) >= 2:
            where += f" header {rest[1]}"
            rest = rest[2:]
            if rest and rest[0] == "schema":
                rest = rest[1:]
            return Place(where, rest, "response", "header")
        if rest[0] != "content":
            return Place(where, rest, "response", "response")
        fields, tail, subject = _field_path(_strip_content(rest))
        return Place(where + " body" + fields, tail, "response", subject if fields else "body")
    return Place(where, rest, "none", "operation")


def _strip_content(rest: list[Any]) -> list[Any]:
    """`content/application/json/schema/...` -> `...`, `content/application/json/examples`
    -> `examples` (the media type is kept when it is what changed)."""
    if len(rest) >= 3 and rest[0] == "content" and rest[2] == "schema":
        return rest[3:]
    if len(rest) >= 3 and rest[0] == "content":
        return rest[2:]
    return rest


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."


def what(action: str, p: Place, before: Any, after: Any) -> str:
    past = {"add": "added", "remove": "removed", "replace": "changed", "rename": "renamed"}
    verb = past.get(action, action)
    tail = p.tail
    if not tail:
        return f"{p.subject} {verb}"
    if len(tail) == 1 and isinstance(tail[0], int):  # an item of a list (security, ...)
        return f"{p.subject} {_short(after if action == 'add' else before)} {verb}"
    key = str(tail[0])
    if key == "enum":
        value = after if action == "add" else before
        if action == "replace" and len(tail) == 1:
            return f"enum {_short(before)} -> {_short(after)}"
        if action == "replace":
            return f"enum value {_short(before)} -> {_short(after)}"
        return f"enum value {_short(value)} {verb}"
    if key == "required" and len(tail) >= 2:
        if action == "add":
            return f"field {_short(after)} made required"
        if action == "remove":
            return f"field {_short(before)} no longer required"
        return f"required field {_short(before)} -> {_short(after)}"
    if key in DOC_KEYWORDS or key.startswith("x-"):
        return f"{'.'.join(map(str, tail))} {verb}"
    label = ".".join(map(str, tail))
    if action == "replace":
        return f"{label} {_short(before)} -> {_short(after)}"
    if action == "add":
        return f"{label} {_short(after)} added"
    if action == "remove":
        return f"{label} {_short(before)} removed"
    return f"{label} {verb}"


# --- house rules ------------------------------------------------------------------------------


def _narrowing(key: str, action: str, before: Any, after: Any) -> bool | None:
    """True: accepts less than before; False: accepts more; None: not a bound."""
    if key in UPPER_BOUNDS or key in LOWER_BOUNDS:
        if action == "add":
            return True
        if action == "remove":
            return False
        if isinstance(before, (int, float)) and isinstance(after, (int, float)):
            return after < before if key in UPPER_BOUNDS else after > before
        return True
    if key in NARROW_IF_ADDED:
        return action != "remove"
    return None


def classify(action: str, p: Place, before: Any, after: Any, tool: str) -> str:
    """breaking | compatible | docs for one change, from the point of view of a caller (or a
    client generated) from the old spec. test_diff.py plants a change for each rule that
    matters today (and checks each override of the tool against its own verdict)."""
    tail = p.tail
    key = str(tail[0]) if tail else ""
    # documentation: descriptions, examples, summaries, pure annotations
    if key in DOC_KEYWORDS:
        return "docs"
    if key == "x-enum-varnames":  # the generated enum member names
        return "compatible" if action == "add" else "breaking"
    if key in BEHAVIOUR_EXTENSIONS:  # the mock, the waiters and the docs run on them
        return "docs" if str(tail[-1]) in DOC_KEYWORDS else "compatible"
    if key.startswith("x-"):  # annotations for readers and our tools (x-source, ...)
        return "docs"
    if p.where == "info" or p.where.startswith(("tags", "openapi", "jsonSchemaDialect")):
        return "docs"
    if p.where.startswith("servers"):
        if tail and str(tail[-1]) in DOC_KEYWORDS:
            return "docs"
        if action == "add" and (not tail or "enum" in tail):
            return "compatible"  # one more server or region
        if tail and tail[-1] == "default":
            return "compatible"
        return "breaking"  # a server's URL or a region removed or changed
    if (
        p.where == "security"
        or "security" in tail[:1]
        or p.where.startswith("components.securitySchemes")
    ):
        if p.where == "security" and action == "add" and len(tail) == 1:
            return "compatible"  # one more way to authenticate
        return "breaking"
    if key == "operationId":
        return "breaking"  # renames the generated method
    if not tail:  # a whole node added or removed
        if action in ("remove", "rename"):
            return "breaking"  # an operation, parameter, property, response, media type
        if p.subject in ("parameter", "request body"):  # a required one breaks every caller
            required = isinstance(after, dict) and after.get("required") is True
            return "breaking" if required else "compatible"
        return "compatible"
    if key in ("type", "format", "$ref", "items") or (key in COMPOSITION and len(tail) <= 2):
        return "breaking"
    if key == "enum":
        if action == "add":
            return "compatible"  # our generated enums keep unknown values (is_known False)
        return "breaking"  # a caller's value refused, or a generated member gone
    if key in ("default", "deprecated", "readOnly", "writeOnly", "nullable"):
        return "compatible"
    if key == "required":
        if len(tail) == 1 and p.subject in ("parameter", "request body"):  # parameter.required
            narrowing: bool | None = after is True
        else:  # an entry of a schema's `required` list
            narrowing = action == "add"
    else:
        narrowing = _narrowing(key, action, before, after)
    if narrowing is not None:
        if p.direction == "request":
            return "breaking" if narrowing else "compatible"
        if p.direction == "response":
            return "compatible" if narrowing else "breaking"
        return "breaking"  # a schema used both ways, or by no operation
    return {"breaking": "breaking", "annotation": "docs"}.get(tool, "compatible")


# --- putting it together ----------------------------------------------------------------------


@dataclass
class _Group:
    side: str
    pointer: str
    items: list[tuple[Place, str, str, str]] = field(default_factory=list)  # place, kind, tool,
    # what


def compare(old: SpecDoc, new: SpecDoc) -> list[Change]:
    """Every classified change from `old` to `new`, sorted by new-side line."""
    return compare_many([(old, new)])[0]


def compare_many(pairs: list[tuple[SpecDoc, SpecDoc]]) -> list[list[Change]]:
    """`compare` of several pairs with one run of the tool."""
    resolved = [(Resolved(old.data), Resolved(new.data)) for old, new in pairs]
    raw = raw_diffs([(before.root, after.root) for before, after in resolved])
    return [
        _classified(old, new, before, after, diffs)
        for (old, new), (before, after), diffs in zip(pairs, resolved, raw, strict=True)
    ]


def _classified(
    old: SpecDoc, new: SpecDoc, before: Resolved, after: Resolved, diffs: list[dict[str, Any]]
) -> list[Change]:
    groups: dict[tuple[str, str, str], _Group] = {}
    for d in diffs:
        path = list(d["path"])
        action = str(d["action"])
        side = "old" if action == "remove" else "new"
        doc = before if side == "old" else after
        path = _parameter_path(path, action, d.get("after"), before, after)
        path = _item_path(path, action, d.get("before"), d.get("after"), doc)
        p = place(path, doc)
        text = what(action, p, d.get("before"), d.get("after"))
        kind = classify(action, p, d.get("before"), d.get("after"), str(d["type"]))
        if "x-enum-varnames" in path:
            kind = _varnames_kind(path, before, after) or kind
        pointer = doc.locate(path)
        group = groups.setdefault((side, pointer, text), _Group(side, pointer))
        group.items.append((p, kind, str(d["type"]), text))
    # a component's own diff only when no operation reaches the node (an unused schema)
    reached = {
        (g.side, g.pointer)
        for g in groups.values()
        if any(not i[0].where.startswith("components.") for i in g.items)
    }
    changes = []
    for group in groups.values():
        items = [i for i in group.items if not i[0].where.startswith("components.")]
        if not items:
            if (group.side, group.pointer) in reached:
                continue
            items = group.items
        wheres = list(dict.fromkeys(i[0].where for i in items))
        kind = max((i[1] for i in items), key=severity)
        tool = max((i[2] for i in items), key=lambda t: t == "breaking")
        if group.side == "old":
            line, old_line = new.line_of(group.pointer), old.line_of(group.pointer)
        else:
            line, old_line = new.line_of(group.pointer), None
        changes.append(
            Change(
                kind,
                line,
                wheres[0],
                items[0][3],
                old_line,
                len(wheres),
                tool,
                group.pointer,
                tuple(wheres[1:]),
            )
        )
    changes.sort(key=lambda c: (c.line, -severity(c.kind), c.where, c.what))
    return changes


def _parameter_path(
    path: list[Any], action: str, value: Any, before: Resolved, after: Resolved
) -> list[Any]:
    """api-smart-diff numbers parameters by the old operation's list (an added one: by its own
    merged list); renumber a path through them for the document it is located in."""
    if not (len(path) >= 5 and path[0] == "paths" and path[3] == "parameters"):
        return path
    if action == "remove":
        return path
    wanted = value if action == "add" and len(path) == 5 else before.node(path[:5])
    params = after.node(path[:4])
    if not isinstance(wanted, dict) or not isinstance(params, list):
        return path
    for i, param in enumerate(params):
        if isinstance(param, dict) and (param.get("name"), param.get("in")) == (
            wanted.get("name"),
            wanted.get("in"),
        ):
            return [*path[:4], i, *path[5:]]
    return path


def _item_path(path: list[Any], action: str, old: Any, new: Any, doc: Resolved) -> list[Any]:
    """An added (removed) list item, such as an enum value, is numbered by api-smart-diff's
    own merged list: find the item itself in the new (old) list."""
    if action not in ("add", "remove") or not path or not isinstance(path[-1], int):
        return path
    items = doc.node(path[:-1])
    value = new if action == "add" else old
    if isinstance(items, list) and 0 <= path[-1] < len(items) and items[path[-1]] == value:
        return path
    if isinstance(items, list) and value in items:
        return [*path[:-1], items.index(value)]
    return path


def _varnames_kind(path: list[Any], before: Resolved, after: Resolved) -> str | None:
    """x-enum-varnames is a list parallel to `enum`: a value inserted in the middle shifts it
    without renaming anything. Breaking only when a value kept has another (or no) name."""
    parent = path[: path.index("x-enum-varnames")]
    old, new = before.node(parent), after.node(parent)
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return None
    old_names = dict(zip(old.get("enum") or [], old.get("x-enum-varnames") or [], strict=False))
    new_names = dict(zip(new.get("enum") or [], new.get("x-enum-varnames") or [], strict=False))
    kept = [value for value in old_names if value in (new.get("enum") or [])]
    return "breaking" if any(old_names[v] != new_names.get(v) for v in kept) else "compatible"


def doc_from_text(text: str, name: str = "metastudio.yaml") -> SpecDoc:
    """A SpecDoc of a spec's text (an old version from git), for its lines."""
    with tempfile.TemporaryDirectory(prefix="metastudio-diff-") as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        return SpecDoc(path, load_errata=False)
