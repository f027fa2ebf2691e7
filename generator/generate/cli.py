"""The `metastudio` command line: its command table, taken from the spec, and the package
`metastudio_cli` rendered from generator/templates/client/cli/ into generated/client.

The table (`command_table`) is plain data, so `metastudio --help` needs nothing but argparse
and that one module:

- resources are the operations' tags (`training-jobs`, `video-jobs`);
- an action is the literal last path segment after a path parameter (`POST .../{job_id}/command`
  is `command`), else the first word of the operationId (`show`, `update`, `list`); two
  operations of one resource with the same action both fall back to their whole operationId;
- path parameters are positional arguments, query and header parameters typed options (the
  ones the client fills in itself excepted: `CLIENT_FILLED`), top-level body fields options
  beside `--body`; `--generate-skeleton` prints `skeleton`, a body template from the schema;
- a paged list (TemplateFacts.pagers) takes `--max-items/--page-size/--starting-token`
  instead of its offset and limit;
- `wait` for every lifecycle reader (TemplateFacts.waiters): it stops at the lifecycle's `final`
  states and at its `failed` states that no system step leaves (only the user can move such a
  job on); a stop state that is `failed` makes the wait fail.
"""

from __future__ import annotations

import pprint
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.generate import docs
from generator.generate.specinfo import TemplateFacts
from generator.generate.tree import TEMPLATES
from generator.spec import join_pointer, ref_name

PACKAGE = "metastudio_cli"
TEMPLATE_DIR = TEMPLATES / "client" / "cli"
# Parameters the facade does not take because the client sets them (facade.py.jinja's
# `config_path_parameter` and `filled_by_auth`): the project id from the configuration, the
# signing date and project header from runtime/auth.py. tests/cli checks the table against
# the facade's signatures, so a drift between the two fails there.
CLIENT_FILLED = frozenset(
    {("path", "project_id"), ("header", "X-Sdk-Date"), ("header", "X-Project-Id")}
)
# Options of the command line itself; a spec parameter or body field of that name gets a prefix.
RESERVED = frozenset(
    {
        "body", "generate-skeleton", "dry-run", "output", "query", "debug", "region", "endpoint",
        "project-id", "max-items", "page-size", "starting-token", "timeout", "interval", "help",
        "version",
    }
)  # fmt: skip
_SKELETON_DEPTH = 8


def snake(name: str) -> str:
    """openapi-python-client's Python name of a parameter: `X-App-UserId` -> `x_app_user_id`."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    return "_".join(part.lower() for part in re.split(r"[^A-Za-z0-9]+", spaced) if part)


def kebab(name: str) -> str:
    return snake(name).replace("_", "-")


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


class _Schemas:
    """Schema reading for the table: `$ref`s and one-branch combiners followed."""

    def __init__(self, info: TemplateFacts) -> None:
        self.doc = info.doc

    def resolve(self, node: Any, depth: int = 0) -> dict[str, Any]:
        node, _ = self.doc.deref(node)
        if not isinstance(node, dict) or depth > 20:
            return {}
        for key in ("allOf", "anyOf", "oneOf"):
            branches = [
                b for b in node.get(key) or [] if self.resolve(b, depth + 1).get("type") != "null"
            ]
            if len(branches) == 1:
                merged = dict(self.resolve(branches[0], depth + 1))
                merged.update({k: v for k, v in node.items() if k != key})
                return merged
        return node

    def kind(self, node: Any) -> dict[str, Any]:
        """What an option of this schema takes: kind (string, integer, number, boolean,
        date-time, json), choices, array, and the enum's class name for the client."""
        schema = self.resolve(node)
        array = schema.get("type") == "array"
        item_node = schema.get("items") if array else node
        item = self.resolve(item_node) if array else schema
        kind = str(item.get("type") or "json")
        if kind == "string" and item.get("format") == "date-time":
            kind = "date-time"
        if kind not in ("string", "integer", "number", "boolean", "date-time"):
            kind = "json"
        if array and kind == "json":
            array = False  # an array of objects is given as one JSON value
        found: dict[str, Any] = {"kind": kind, "array": array}
        if isinstance(item.get("enum"), list):
            found["choices"] = [str(v) for v in item["enum"]]
            found["enum"] = ref_name(item_node)  # the client's enum class
        return found

    def skeleton(self, node: Any, depth: int = 0) -> Any:
        """A body template, as the AWS CLI's --generate-cli-skeleton: every field with a
        placeholder of its type (an enum's first value), nested objects expanded."""
        schema = self.resolve(node)
        if depth > _SKELETON_DEPTH:
            return {}
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            props = self.doc.properties(schema)
            return {name: self.skeleton(prop, depth + 1) for name, prop in props.items()}
        if kind == "array":
            return [self.skeleton(schema.get("items"), depth + 1)]
        placeholders = {"string": "", "integer": 0, "number": 0.0, "boolean": False}
        return placeholders.get(str(kind))

    def required(self, node: Any, depth: int = 0) -> list[str]:
        node, _ = self.doc.deref(node)
        if not isinstance(node, dict) or depth > 20:
            return []
        names = [str(n) for n in node.get("required") or []]
        for branch in node.get("allOf") or []:
            names += self.required(branch, depth + 1)
        return names


def _parameters(info: TemplateFacts, op: Any) -> list[dict[str, Any]]:
    """The operation's parameters, path-level first, an operation-level one replacing a
    path-level one of the same name and place."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    item_pointer = join_pointer("/paths", op.path)
    for base, params in (
        (item_pointer, op.path_item.get("parameters")),
        (op.pointer, op.data.get("parameters")),
    ):
        for index, param in enumerate(params or []):
            target, _ = info.doc.deref(param, join_pointer(base, "parameters", index))
            if isinstance(target, dict):
                found[(str(target.get("in")), str(target.get("name")))] = target
    return list(found.values())


def _flag(name: str, taken: set[str], prefix: str) -> str:
    flag = kebab(name)
    if flag in RESERVED or flag in taken:
        flag = f"{prefix}-{flag}"
    taken.add(flag)
    return flag


def _action_name(op: Any) -> str:
    segments = op.path.strip("/").split("/")
    arguments = {"{" + name + "}" for place, name in CLIENT_FILLED if place == "path"}
    if (
        len(segments) >= 2
        and "{" not in segments[-1]
        and segments[-2].startswith("{")
        and segments[-2] not in arguments
    ):
        return kebab(segments[-1])
    return kebab(op.operation_id.split("_", 1)[0])


def _body(
    info: TemplateFacts, schemas: _Schemas, op: Any, taken: set[str]
) -> dict[str, Any] | None:
    request = info.doc.target(op.data.get("requestBody"))
    schema = info.doc.json_schema(request)
    if schema is None:
        return None
    required = set(schemas.required(schema))
    fields = []
    for name, prop in info.doc.properties(schema).items():
        resolved = schemas.resolve(prop)
        fields.append(
            {
                "field": name,
                "flag": _flag(name, taken, "body"),
                "help": _text(prop.get("description") if isinstance(prop, dict) else "")
                or _text(resolved.get("description")),
                "required": name in required,
                **schemas.kind(prop),
            }
        )
    return {
        "required": bool(request.get("required")),
        "model": ref_name(schema),  # the component schema: the client's model class
        "fields": fields,
        "skeleton": schemas.skeleton(schema),
    }


def _operation(info: TemplateFacts, schemas: _Schemas, op: Any) -> dict[str, Any]:
    pagers = {pager.operation_id: pager for pager in info.pagers()}
    pager = pagers.get(op.operation_id)
    paged = {pager.offset, pager.limit} if pager else set()
    args, options = [], []
    taken: set[str] = set()
    for param in _parameters(info, op):
        place, name = str(param.get("in")), str(param.get("name"))
        if (place, name) in CLIENT_FILLED or (place == "query" and name in paged):
            continue
        entry = {
            "name": name,
            "dest": snake(name),
            "help": _text(param.get("description")),
            "required": bool(param.get("required")),
            **schemas.kind(param.get("schema")),
        }
        if place == "path":
            args.append({**entry, "metavar": snake(name).upper()})
        else:
            options.append({**entry, "in": place, "flag": _flag(name, taken, place)})
    options.sort(key=lambda option: option["in"] != "query")  # queries first, then headers
    action: dict[str, Any] = {
        "kind": "call",
        "operation": op.operation_id,
        "method": op.method.upper(),
        "path": op.path,
        "summary": _text(op.summary),
        "description": _text(op.data.get("description")),
        "args": args,
        "options": options,
        "body": _body(info, schemas, op, taken),
    }
    if pager:
        action["pager"] = {"items": pager.items, "count": pager.count}
    return action


def command_table(info: TemplateFacts) -> dict[str, Any]:
    """resource -> {help, actions: action -> its facts}, in the spec's order."""
    schemas = _Schemas(info)
    tags = {str(t.get("name")): _text(t.get("description")) for t in info.data.get("tags") or []}
    resources: dict[str, dict[str, Any]] = {}
    named: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for op in info.operations:
        named.setdefault(op.tag, []).append((_action_name(op), _operation(info, schemas, op)))
    for tag, actions in named.items():
        counts: dict[str, int] = {}
        for name, _ in actions:
            counts[name] = counts.get(name, 0) + 1
        table = {}
        for name, action in actions:
            table[name if counts[name] == 1 and name != "wait" else kebab(action["operation"])] = (
                action
            )
        resources[tag] = {"help": tags.get(tag, ""), "actions": table}
    lifecycles = {life.name: life for life in info.lifecycles}
    for waiter in info.waiters():
        op = info.api.operation(waiter.operation_id)
        life = lifecycles[waiter.enum]
        stuck = [s for s in life.failed if s not in life.final and life.system_step(s) is None]
        reader = resources[op.tag]["actions"]
        show = next(a for a in reader.values() if a.get("operation") == waiter.operation_id)
        reader["wait"] = {
            "kind": "wait",
            "operation": waiter.operation_id,
            "summary": f"Wait until the state is final ({waiter.enum}'s lifecycle)",
            "description": (
                f"Polls `{waiter.operation_id}` until the job reaches a final state of the "
                f"spec's {waiter.enum} lifecycle, then prints the job. A failed final state "
                "(or a failed state only the user can leave) ends the wait at once with exit "
                "code 255, naming the state; so does the timeout, naming the current state."
            ),
            "args": show["args"],
            "options": show["options"],
            "body": None,
            "final": list(life.final),
            "stop": list(life.final) + stuck,
            "failed": [s for s in life.failed if s in life.final or s in stuck],
            "noun": waiter.method.removeprefix("wait_for_").replace("_", " "),
        }
    return resources


def _pyrepr(value: Any) -> str:
    return pprint.pformat(value, width=96, sort_dicts=False)


def render(info: TemplateFacts, client: Path) -> None:
    """Write generated/client/metastudio_cli/ (one module per template), ruff-formatted with
    the client package's own settings."""
    env = docs.environment()  # templates/ as the root: `client/cli/<module>.py.jinja`
    env.filters["pyrepr"] = _pyrepr
    context = {
        "resources": command_table(info),
        "title": _text(info.data.get("info", {}).get("title")),
        "spec_version": _text(info.data.get("info", {}).get("version")),
    }
    out = client / PACKAGE
    out.mkdir(parents=True, exist_ok=True)
    for template in sorted(TEMPLATE_DIR.glob("*.py.jinja")):
        text = env.get_template(f"client/cli/{template.name}").render(**context)
        (out / template.name.removesuffix(".jinja")).write_text(
            text, encoding="utf-8", newline="\n"
        )
    (out / "py.typed").write_text("# Marker file for PEP 561\n", encoding="utf-8")
    ruff = str(Path(sys.executable).parent / "ruff")
    for args in (
        ["check", "--fix-only", "--no-cache", "-q", PACKAGE],
        ["format", "--no-cache", "-q", PACKAGE],
    ):
        subprocess.run([ruff, *args], cwd=client, check=True, capture_output=True, timeout=120)
