"""Drift: what a real service answers beyond the spec, reported instead of failed.

Against `--base-url` the service may have moved on since the spec was written (see `make
crosscheck`: the official SDK already knows values the pages never list). So for remote runs
`make fuzz` swaps schemathesis' `response_schema_conformance` for `response_schema_drift`:

- the answer is validated against the spec's response schema (JSON Schema 2020-12, every
  error, not just the first);
- an `enum` error (a value the spec's closed enum lacks) is *drift*: recorded with the
  operation, the field path and the value, and not a failure;
- a field the spec's schema does not declare is drift too (the schemas are open, so it never
  fails validation, but a new field is worth knowing about);
- any other error (a wrong type, a missing required field, a broken range) fails the check as
  schemathesis' own check would.

Against the local mock the check is off and schemathesis' strict check runs: the mock sends
only spec values. `DRIFT` gathers the records of one run; `fuzz.py` prints them in the summary
and writes them into the JUnit report as warnings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import schemathesis

from generator.spec import SpecDoc, join_pointer

from .settings import SPEC_PATH

if TYPE_CHECKING:
    from schemathesis import Case, CheckContext, Response

__all__ = [
    "DRIFT",
    "AnswerFindings",
    "DriftLog",
    "DriftRecord",
    "add_junit_warnings",
    "answer_schema",
    "check_answer",
    "response_schema_drift",
]

CHECK_NAME = "response_schema_drift"
_SPEC_URI = "urn:metastudio:spec"


@dataclass(frozen=True, slots=True)
class DriftRecord:
    operation: str  # "GET /v1/{project_id}/digital-human-videos"
    where: str  # "jobs[].state"
    value: str  # the value as JSON, or the field name for an unknown field
    kind: str  # "enum" (a value the spec lacks) or "field" (a field the spec lacks)
    status: int

    def describe(self) -> str:
        if self.kind == "enum":
            return (
                f"{self.operation} -> {self.status}: {self.where} = {self.value}"
                " (not in the spec's enum)"
            )
        return f"{self.operation} -> {self.status}: {self.where} (field not in the spec)"


@dataclass
class DriftLog:
    """The drift of one run; `enabled` only for runs against a real service."""

    enabled: bool = False
    records: list[DriftRecord] = field(default_factory=list)
    _seen: set[tuple[str, str, str, str]] = field(default_factory=set)

    def reset(self, enabled: bool) -> None:
        self.enabled = enabled
        self.records.clear()
        self._seen.clear()

    def add(self, record: DriftRecord) -> None:
        key = (record.operation, record.where, record.value, record.kind)
        if key not in self._seen:
            self._seen.add(key)
            self.records.append(record)


DRIFT = DriftLog()


@dataclass
class _Spec:
    doc: SpecDoc
    validators: dict[str, Any] = field(default_factory=dict)

    def validator(self, pointer: str) -> Any:
        from jsonschema import Draft202012Validator
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012

        found = self.validators.get(pointer)
        if found is None:
            registry: Registry[Any] = Registry().with_resource(
                _SPEC_URI, DRAFT202012.create_resource(self.doc.data)
            )
            ref = f"{_SPEC_URI}#{quote(pointer, safe='/~')}"
            found = Draft202012Validator({"$ref": ref}, registry=registry)
            self.validators[pointer] = found
        return found

    def response_schema(self, path: str, method: str, status: int) -> str | None:
        """Pointer of the JSON schema the spec gives this operation's `status` answer."""
        found = self.documented(path, method, status)
        return found or None

    def documented(self, path: str, method: str, status: int) -> str | None:
        """None when the operation documents neither `status`, its class nor a default;
        else the pointer of its JSON schema, or "" when that answer has no JSON body."""
        op_ptr = join_pointer("/paths", path, method.lower())
        try:
            responses = self.doc.get(join_pointer(op_ptr, "responses"))
        except KeyError:
            return None
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                response, ptr = self.doc.deref(
                    responses[key], join_pointer(op_ptr, "responses", key)
                )
                if "application/json" in (response.get("content") or {}):
                    return join_pointer(ptr, "content", "application/json", "schema")
                return ""
        return None


@cache
def _spec(path: Path = SPEC_PATH) -> _Spec:
    return _Spec(SpecDoc(path, load_errata=False))


def _where(path: Any) -> str:
    """`["jobs", 0, "state"]` -> `jobs[].state` (indices folded: one record per field)."""
    out = ""
    for part in path:
        out += "[]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(body)"


def _enum_only(error: Any) -> list[Any] | None:
    """The enum errors that explain `error` entirely, or None when something else is wrong."""
    if error.validator == "enum":
        return [error]
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches: dict[Any, list[Any]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        for subs in branches.values():
            found = [e for sub in subs for e in (_enum_only(sub) or [None])]
            if found and all(e is not None for e in found):
                return found
    return None


def _unknown_fields(spec: _Spec, schema: Any, value: Any, path: list[Any]) -> list[list[Any]]:
    """Paths of object members the schema (refs followed, allOf merged) does not declare."""
    schema, _ = spec.doc.deref(schema)
    if not isinstance(schema, dict):
        return []
    found: list[list[Any]] = []
    if isinstance(value, dict):
        props: dict[str, Any] = {}
        open_ended = False
        stack = [schema]
        while stack:
            node, _ = spec.doc.deref(stack.pop())
            if not isinstance(node, dict):
                continue
            props.update(node.get("properties") or {})
            open_ended |= bool(node.get("additionalProperties"))
            stack.extend(node.get("allOf") or [])
            for branch in node.get("anyOf") or node.get("oneOf") or []:
                target, _ = spec.doc.deref(branch)
                if isinstance(target, dict) and target.get("type") != "null":
                    stack.append(branch)
        if not props:
            return []  # a free-form object
        for key, item in value.items():
            if key in props:
                found += _unknown_fields(spec, props[key], item, [*path, key])
            elif not open_ended:
                found.append([*path, key])
    elif isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += _unknown_fields(spec, schema["items"], item, [*path, i])
    return found


@dataclass(frozen=True, slots=True)
class AnswerFindings:
    """What the drift rules find in one answer: `violations` break the spec (the check
    fails on them), `drift` goes beyond it (recorded, never a failure)."""

    violations: tuple[str, ...]
    drift: tuple[DriftRecord, ...]


def answer_schema(path: str, method: str, status: int) -> str | None:
    """None when the spec does not document `status` for `method path`; else the pointer of
    the answer's JSON schema, or "" when it documents no JSON body for it."""
    return _spec().documented(path, method, status)


def check_answer(path: str, method: str, status: int, body: Any) -> AnswerFindings | None:
    """The drift rules for one parsed JSON answer of the operation `method path` (the spec's
    path template); None when the spec gives that status no JSON schema. `make fuzz
    --base-url` and `metastudio-proxy` both judge answers with this, so they cannot differ."""
    spec = _spec()
    pointer = spec.response_schema(path, method, status)
    if pointer is None:
        return None
    operation = f"{method.upper()} {path}"
    violations: list[str] = []
    broken: set[tuple[Any, ...]] = set()  # a value of the wrong type is no new enum value
    enum_errors: list[Any] = []
    for error in spec.validator(pointer).iter_errors(body):
        found = _enum_only(error)
        if found is None:
            violations.append(f"{_where(error.absolute_path)}: {error.message}")
            broken.add(tuple(error.absolute_path))
        else:
            enum_errors += found
    drift = [
        DriftRecord(operation, _where(e.absolute_path), json.dumps(e.instance), "enum", status)
        for e in enum_errors
        if tuple(e.absolute_path) not in broken
    ]
    for found in _unknown_fields(spec, spec.doc.get(pointer), body, []):
        drift.append(DriftRecord(operation, _where(found), str(found[-1]), "field", status))
    return AnswerFindings(tuple(violations), tuple(drift))


@schemathesis.check
def response_schema_drift(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """The answer matches the spec's schema, except for drift (recorded in `DRIFT`)."""
    if not DRIFT.enabled:
        return None
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return None  # not JSON: content-type conformance reports it
    found = check_answer(case.operation.path, case.operation.method, response.status_code, body)
    if found is None:
        return None
    for record in found.drift:
        DRIFT.add(record)
    if found.violations:
        raise AssertionError("Response violates schema: " + "; ".join(found.violations[:5]))
    return True


def add_junit_warnings(junit: Path, records: list[DriftRecord]) -> int:
    """Write each drift record into the JUnit report as a warning of its operation's testcase:
    a `<property name="warning">` and a `WARNING drift:` line in `<system-out>`. Returns how
    many testcases got warnings."""
    import xml.etree.ElementTree as ET

    if not records or not junit.is_file():
        return 0
    tree = ET.parse(junit)
    cases = {c.get("name", ""): c for c in tree.iter("testcase")}
    touched = 0
    for name, case in cases.items():
        mine = [r for r in records if re.sub(r"\s+", " ", name).strip() == r.operation]
        if not mine:
            continue
        touched += 1
        props = case.find("properties")
        if props is None:
            props = ET.Element("properties")
            case.insert(0, props)
        lines = []
        for record in mine:
            text = f"drift: {record.describe()}"
            ET.SubElement(props, "property", {"name": "warning", "value": text})
            lines.append(f"WARNING {text}")
        out = case.find("system-out")
        if out is None:
            out = ET.SubElement(case, "system-out")
        out.text = "\n".join(filter(None, [out.text or "", *lines]))
    tree.write(junit, encoding="utf-8", xml_declaration=True)
    return touched
