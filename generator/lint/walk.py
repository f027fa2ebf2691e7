"""One pass over the spec that finds every schema, parameter, header, media type and literal.

The walk follows the OpenAPI 3.1 object model (not key names), so a property called `example`
or `enum` is still seen as a schema, and it never follows `$ref`: a referenced object is visited
once, where it is defined. Each node comes with its JSON pointer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.spec import HTTP_METHODS, escape

# Schema keywords whose value is a schema, a list of schemas, or a map of name -> schema.
_ONE = (
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "contentSchema",
)
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
# Keywords whose value is data, not spec (never inspected by the structural house rules).
_SCHEMA_LITERALS = ("example", "examples", "default", "const", "enum")


def _p(base: str, *parts: str | int) -> str:
    return base + "".join("/" + escape(p) for p in parts)


@dataclass
class Walk:
    schemas: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    parameters: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    headers: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # (pointer, media type object): request/response/parameter/header `content` entries
    media_types: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # pointers of literal values (examples, defaults, enum lists, ...) to leave alone
    literals: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, spec: dict[str, Any]) -> Walk:
        w = cls()
        w._document(spec)
        return w

    # -- document structure -------------------------------------------------------------
    def _document(self, spec: dict[str, Any]) -> None:
        for name in ("paths", "webhooks"):
            items = spec.get(name)
            if isinstance(items, dict):
                for key, item in items.items():
                    self._path_item(_p("", name, key), item)
        comps = spec.get("components")
        if not isinstance(comps, dict):
            return
        handlers = {
            "schemas": self._schema,
            "parameters": self._parameter,
            "headers": self._header,
            "requestBodies": self._request_body,
            "responses": self._response,
            "pathItems": self._path_item,
            "examples": self._example_object,
            "callbacks": self._callback,
        }
        for kind, handler in handlers.items():
            group = comps.get(kind)
            if isinstance(group, dict):
                for key, value in group.items():
                    handler(_p("/components", kind, key), value)

    def _path_item(self, ptr: str, item: Any) -> None:
        if not isinstance(item, dict) or "$ref" in item:
            return
        self._parameters(_p(ptr, "parameters"), item.get("parameters"))
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                self._operation(_p(ptr, method), op)

    def _operation(self, ptr: str, op: dict[str, Any]) -> None:
        self._parameters(_p(ptr, "parameters"), op.get("parameters"))
        if "requestBody" in op:
            self._request_body(_p(ptr, "requestBody"), op["requestBody"])
        responses = op.get("responses")
        if isinstance(responses, dict):
            for status, response in responses.items():
                self._response(_p(ptr, "responses", status), response)
        callbacks = op.get("callbacks")
        if isinstance(callbacks, dict):
            for name, callback in callbacks.items():
                self._callback(_p(ptr, "callbacks", name), callback)

    def _callback(self, ptr: str, callback: Any) -> None:
        if isinstance(callback, dict) and "$ref" not in callback:
            for expression, item in callback.items():
                self._path_item(_p(ptr, expression), item)

    def _parameters(self, ptr: str, params: Any) -> None:
        if isinstance(params, list):
            for i, param in enumerate(params):
                self._parameter(_p(ptr, i), param)

    def _parameter(self, ptr: str, param: Any) -> None:
        if not isinstance(param, dict) or "$ref" in param:
            return
        self.parameters.append((ptr, param))
        self._schema_holder(ptr, param)

    def _header(self, ptr: str, header: Any) -> None:
        if not isinstance(header, dict) or "$ref" in header:
            return
        self.headers.append((ptr, header))
        self._schema_holder(ptr, header)

    def _schema_holder(self, ptr: str, holder: dict[str, Any]) -> None:
        """Parameter, header or media type: `schema`, `example`, `examples`, `content`."""
        if "schema" in holder:
            self._schema(_p(ptr, "schema"), holder["schema"])
        if "example" in holder:
            self.literals.add(_p(ptr, "example"))
        examples = holder.get("examples")
        if isinstance(examples, dict):
            for name, example in examples.items():
                self._example_object(_p(ptr, "examples", name), example)
        self._content(_p(ptr, "content"), holder.get("content"))

    def _example_object(self, ptr: str, example: Any) -> None:
        if isinstance(example, dict) and "$ref" not in example and "value" in example:
            self.literals.add(_p(ptr, "value"))

    def _content(self, ptr: str, content: Any) -> None:
        if not isinstance(content, dict):
            return
        for media_type, media in content.items():
            if not isinstance(media, dict):
                continue
            mptr = _p(ptr, media_type)
            self.media_types.append((mptr, media))
            self._schema_holder(mptr, media)
            encoding = media.get("encoding")
            if isinstance(encoding, dict):
                for prop, enc in encoding.items():
                    headers = enc.get("headers") if isinstance(enc, dict) else None
                    if isinstance(headers, dict):
                        for name, header in headers.items():
                            self._header(_p(mptr, "encoding", prop, "headers", name), header)

    def _request_body(self, ptr: str, body: Any) -> None:
        if isinstance(body, dict) and "$ref" not in body:
            self._content(_p(ptr, "content"), body.get("content"))

    def _response(self, ptr: str, response: Any) -> None:
        if not isinstance(response, dict) or "$ref" in response:
            return
        headers = response.get("headers")
        if isinstance(headers, dict):
            for name, header in headers.items():
                self._header(_p(ptr, "headers", name), header)
        self._content(_p(ptr, "content"), response.get("content"))

    # -- schemas ----------------------------------------------------------------------
    def _schema(self, ptr: str, schema: Any) -> None:
        if not isinstance(schema, dict):
            return  # boolean schemas have nothing to check
        self.schemas.append((ptr, schema))
        for key in _SCHEMA_LITERALS:
            if key in schema:
                self.literals.add(_p(ptr, key))
        for key in _ONE:
            if key in schema:
                self._schema(_p(ptr, key), schema[key])
        for key in _LIST:
            subs = schema.get(key)
            if isinstance(subs, list):
                for i, sub in enumerate(subs):
                    self._schema(_p(ptr, key, i), sub)
        for key in _MAP:
            subs = schema.get(key)
            if isinstance(subs, dict):
                for name, sub in subs.items():
                    self._schema(_p(ptr, key, name), sub)
