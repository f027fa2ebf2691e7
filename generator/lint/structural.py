"""Stage (b): structural validation with openapi-spec-validator, errors mapped to JSON pointers.

openapi-spec-validator takes ~0.7 s just to import (it pulls in requests and pydantic), so the
runner starts this module as a child process (`python -m generator.lint.structural SPEC`) while
it runs Redocly and the house rules; the child prints one JSON object per line:
`{"pointer": "/paths/...", "message": "..."}`.

The validator reports two kinds of error: those of the OpenAPI 3.1 meta-schema carry an absolute
path; those of its keyword validators (schema checks, duplicate operationIds, path parameters)
carry none, so each keyword validator is wrapped to stamp the errors it yields with the location
of the node it was validating (the innermost one wins).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

from generator.spec import SpecDoc, SpecLoadError, escape

_PARTS_ATTR = "_metastudio_parts"


def _located(cls: type[Any]) -> type[Any]:
    from jsonschema_path import SchemaPath

    class Located(cls):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
            where = next((a for a in args if isinstance(a, SchemaPath)), None)
            for err in super().__call__(*args, **kwargs):
                if where is not None and not hasattr(err, _PARTS_ATTR):
                    setattr(err, _PARTS_ATTR, tuple(where.parts))
                yield err

    Located.__name__ = Located.__qualname__ = f"Located{cls.__name__}"
    return Located


def real_pointer(data: Any, parts: list[Any]) -> str:
    """Pointer for a path that may run through `$ref`s (jsonschema_path follows them)."""
    pointer, node = "", data
    for part in parts:
        # Follow local references so the pointer names where the offending node really is.
        for _ in range(32):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str) or not ref.startswith("#") or part in node:
                break
            target: Any = data
            try:
                for token in ref[2:].split("/") if ref != "#" else []:
                    token = token.replace("~1", "/").replace("~0", "~")
                    target = target[int(token)] if isinstance(target, list) else target[token]
            except (KeyError, IndexError, ValueError, TypeError):
                break
            pointer, node = ref[1:], target
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and str(part) in node:
            node = node[str(part)]
        else:
            node = None
        pointer += "/" + escape(part)
    return pointer


def validate(doc: SpecDoc) -> Iterator[tuple[str, str]]:
    """(pointer, message) for every structural error."""
    from openapi_spec_validator import OpenAPIV31SpecValidator
    from openapi_spec_validator.shortcuts import get_validator_cls
    from openapi_spec_validator.validation.exceptions import ValidatorDetectError

    try:
        base = get_validator_cls(doc.data)
    except ValidatorDetectError:
        yield "/openapi", "cannot tell the OpenAPI version: `openapi` must be 3.1.x"
        return
    if base is not OpenAPIV31SpecValidator:
        yield "/openapi", f"expected OpenAPI 3.1.x, found {doc.data.get('openapi')!r}"

    located = type(
        "LocatedSpecValidator",
        (base,),
        {"keyword_validators": {k: _located(v) for k, v in base.keyword_validators.items()}},
    )
    seen: set[tuple[str, str]] = set()
    for err in located(doc.data).iter_errors():
        prefix = list(getattr(err, _PARTS_ATTR, ()))
        pointer = real_pointer(doc.data, prefix + list(err.absolute_path))
        message = str(err.message).split("\n", 1)[0]
        if (pointer, message) not in seen:
            seen.add((pointer, message))
            yield pointer, message


def main(argv: list[str]) -> int:
    try:
        doc = SpecDoc(argv[0], load_errata=False)
    except SpecLoadError:
        return 3  # the parent reports YAML errors itself
    for pointer, message in validate(doc):
        print(json.dumps({"pointer": pointer, "message": message}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
