"""Parse the plain-text copies of the MetaStudio API reference pages (``../shared/seeds/*.txt``).

The pages are web pages flattened to text: every table cell is a paragraph of its own, separated
by blank lines, and a bullet list item starts with ``•``. This module knows the *layout* of such
a page, never its content: the URI line, ``Table N <title>`` tables (path, query and header
parameters; request and response bodies per ``Status code: N``; nested object tables named after
the object), each field's type, ``Options`` bullet lists, ``Value range``/``Default value`` lines
and the usual prose forms of the same facts, the status code table and the example request and
response JSON bodies.

Everything a page says that this parser cannot place lands in ``Page.warnings`` (tests assert it
stays empty), so a page that changes shape is noticed instead of silently losing facts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Example",
    "Field",
    "FieldType",
    "Page",
    "Table",
    "layout_sample",
    "parse_page",
    "parse_text",
    "parse_type",
]

HEADINGS = frozenset(
    {
        "Function",
        "Calling Method",
        "URI",
        "Request Parameters",
        "Response Parameters",
        "Example Requests",
        "Example Responses",
        "Status Codes",
        "Error Codes",
    }
)
METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS")

_TABLE = re.compile(r"^Table (\d+) (.+)$")
_STATUS = re.compile(r"^Status code: (\d{3})$")
_URI = re.compile(r"^(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) (/\S*)$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_BULLET = "\u2022"
_ENUM_VALUE = re.compile(r"^[A-Za-z0-9_.\-]+$")
_ENUM_LINE = re.compile(r"^([A-Z][A-Z0-9_]*): \S")  # "TEXT: text control" (no bullet)
_RANGE_BLOCK = re.compile(r"^(-?\d+)\s*-\s*(-?\d+)$")
_NUMBER = r"(-?\d[\d,]*)"
_RANGE_TEXT = re.compile(r"ranges from " + _NUMBER + r" to " + _NUMBER)
_DEFAULT_TEXT = (
    re.compile(r"\bDefault value: (\S+?)\.?(?:\s|$)"),
    re.compile(r"\bThe default value is (\S+?)\.?(?:\s|$)"),
    re.compile(r"\bThe value defaults to (\S+?)\.?(?:\s|,|$)"),
    re.compile(r"^(\S+) is used by default\b"),
)
_ONLY_IN_STATE = re.compile(r"\bcalled only in (?:the )?(.+?) (?:status|state)")
_ONLY_SUPPORTED = re.compile(r"\bonly (\w+) is supported\b")
_FORMAT_TEXT = (
    re.compile(r"\bFormat: (\S+?)\.?$"),
    re.compile(r"\bThe format is (\S+?)\.?$"),
)
_LABELS = ("Value range:", "Value range", "Default value:", "Default value")
_RFC3339 = re.compile(r"\bRFC ?3339\b")
_DEPRECATED = re.compile(r"\bThis parameter has been (?:discarded|deprecated)\b")

_SCALARS = {
    "String": "string",
    "Integer": "integer",
    "Long": "integer",
    "Float": "number",
    "Double": "number",
    "Number": "number",
    "BigDecimal": "number",
    "Boolean": "boolean",
    "Object": "object",
}
_ARRAY_SCALARS = {
    "strings": "string",
    "integers": "integer",
    "longs": "integer",
    "floats": "number",
    "doubles": "number",
    "numbers": "number",
    "booleans": "boolean",
}
_ARRAY_OF_OBJECTS = re.compile(r"^Array of (\w+) objects?$")
_OBJECT = re.compile(r"^(\w+) object$")


@dataclass(frozen=True)
class FieldType:
    """A page type such as ``String``, ``Array of strings`` or ``Array of Foo objects``."""

    text: str
    kind: str  # JSON Schema type: string, integer, number, boolean, array, object
    item_kind: str | None = None  # for arrays
    ref: str | None = None  # object name for "Foo object" / "Array of Foo objects"


def parse_type(text: str) -> FieldType | None:
    """The type of a Type cell, or None when the text is not a type."""
    if text in _SCALARS:
        return FieldType(text, _SCALARS[text])
    if text.startswith("Array of ") and text[9:] in _ARRAY_SCALARS:
        return FieldType(text, "array", _ARRAY_SCALARS[text[9:]])
    m = _ARRAY_OF_OBJECTS.match(text)
    if m:
        return FieldType(text, "array", "object", m.group(1))
    m = _OBJECT.match(text)
    if m:
        return FieldType(text, "object", None, m.group(1))
    return None


@dataclass
class Field:
    """One row of a parameter or body table, with the facts read from its description."""

    name: str
    type: FieldType
    mandatory: bool | None  # None when the table has no Mandatory column
    line: int
    description: list[str] = field(default_factory=list)
    enum: list[tuple[str, int]] = field(default_factory=list)  # (value, line)
    range: tuple[int, int, int] | None = None  # (low, high, line)
    defaults: list[tuple[str, str, int]] = field(default_factory=list)  # (source, value, line)
    formats: list[tuple[str, int]] = field(default_factory=list)  # ("date-time" | layout, line)
    boolean_values: list[str] = field(default_factory=list)  # bullets of a Boolean field
    deprecated: int = 0  # line of "This parameter has been discarded", 0 when not said


@dataclass
class Table:
    number: int
    title: str
    kind: str  # path, query, header, request-body, response-header, response-body, object
    status: int | None  # the "Status code: N" a response table belongs to
    has_mandatory: bool
    line: int
    fields: list[Field] = field(default_factory=list)

    @property
    def label(self) -> str:
        """Stable name of the table inside its page, for fact ids."""
        if self.kind == "request-body":
            return "RequestBody"
        if self.kind == "response-body":
            return f"Response{self.status}"
        if self.kind == "response-header":
            return f"Response{self.status}Header"
        if self.kind in ("path", "query", "header"):
            return self.kind
        return self.title


@dataclass
class Example:
    status: int | None  # None for the example request body
    body: Any
    line: int


@dataclass
class Page:
    name: str  # file stem, e.g. "show-training-job"
    file: str
    method: str = ""
    path: str = ""
    uri_line: int = 0
    tables: list[Table] = field(default_factory=list)
    example_request_method: str | None = None
    example_request_url: str | None = None
    example_request_line: int = 0
    examples: list[Example] = field(default_factory=list)
    allowed_states: list[str] = field(default_factory=list)  # "can be called only in the X status"
    allowed_states_line: int = 0
    statuses: list[tuple[int, int]] = field(default_factory=list)  # Status Codes table
    status_sections: list[tuple[int, int]] = field(default_factory=list)  # "Status code: N"
    warnings: list[str] = field(default_factory=list)

    def table(self, title: str) -> Table | None:
        """The object table with this title."""
        for t in self.tables:
            if t.kind == "object" and t.title == title:
                return t
        return None

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"{self.file}:{line}: {message}")


def _table_kind(title: str) -> str:
    t = title.strip().lower()
    kinds = {
        "path parameters": "path",
        "query parameters": "query",
        "request header parameters": "header",
        "request body parameters": "request-body",
        "response header parameters": "response-header",
        "response body parameters": "response-body",
    }
    return kinds.get(t, "object")


def _is_boundary(text: str) -> bool:
    return text in HEADINGS or bool(_TABLE.match(text)) or bool(_STATUS.match(text))


Line = tuple[int, str]  # (1-based line number, text without trailing blanks)


def parse_page(path: Path) -> Page:
    return parse_text(path.read_text(encoding="utf-8"), path.stem, path.name)


def parse_text(text: str, name: str, file: str | None = None) -> Page:
    """Parse one page's text."""
    page = Page(name=name, file=file or f"{name}.txt")
    lines: list[Line] = [
        (i, raw.rstrip()) for i, raw in enumerate(text.splitlines(), 1) if raw.strip()
    ]
    section = ""
    status: int | None = None
    i = 0
    while i < len(lines):
        lineno, content = lines[i]
        stripped = content.strip()
        if stripped in HEADINGS:
            section, status = stripped, None
            i += 1
            if section == "URI":
                i = _parse_uri(page, lines, i)
            elif section == "Example Requests":
                i = _parse_example_requests(page, lines, i)
            elif section == "Example Responses":
                i = _parse_example_responses(page, lines, i)
            elif section == "Status Codes":
                i = _parse_status_codes(page, lines, i)
            continue
        if section == "Function":
            m = _ONLY_IN_STATE.search(stripped)
            if m:
                page.allowed_states = re.findall(r"\b[A-Z][A-Z0-9_]+\b", m.group(1))
                page.allowed_states_line = lineno
        m = _STATUS.match(stripped)
        if m:
            status = int(m.group(1))
            if section == "Response Parameters":
                page.status_sections.append((status, lineno))
            i += 1
            continue
        m = _TABLE.match(stripped)
        if m:
            i = _parse_table(page, lines, i, int(m.group(1)), m.group(2).strip(), status)
            continue
        i += 1
    if not page.method:
        page.warn(1, "no URI line (METHOD /path) found")
    numbers = [t.number for t in page.tables]
    if numbers != list(range(1, len(numbers) + 1)):
        page.warn(1, f"tables are not numbered 1..N: {numbers}")
    return page


def _parse_uri(page: Page, lines: list[Line], i: int) -> int:
    while i < len(lines) and not _is_boundary(lines[i][1].strip()):
        m = _URI.match(lines[i][1].strip())
        if m and not page.method:
            page.method, page.path, page.uri_line = m.group(1), m.group(2), lines[i][0]
        i += 1
    return i


def _read_json(page: Page, lines: list[Line], i: int, end: int) -> tuple[Any, int]:
    """Decode the JSON value starting at lines[i]; returns (value, index after it)."""
    text = "\n".join(content for _, content in lines[i:end])
    try:
        value, consumed = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        page.warn(lines[i][0], f"example body is not JSON: {exc}")
        return None, i + 1
    return value, i + text[:consumed].count("\n") + 1


def _section_end(lines: list[Line], i: int) -> int:
    end = i
    while end < len(lines) and lines[end][1].strip() not in HEADINGS:
        end += 1
    return end


def _parse_example_requests(page: Page, lines: list[Line], i: int) -> int:
    end = _section_end(lines, i)
    while i < end:
        lineno, content = lines[i]
        stripped = content.strip()
        if stripped.startswith(("{", "[")):
            value, i = _read_json(page, lines, i, end)
            page.examples.append(Example(None, value, lineno))
            continue
        if "://" in stripped and page.example_request_url is None:
            method, _, rest = stripped.partition(" ")
            if method in METHODS and rest:
                page.example_request_method, page.example_request_url = method, rest.strip()
            else:
                page.example_request_url = stripped
            page.example_request_line = lineno
        i += 1
    return end


def _parse_example_responses(page: Page, lines: list[Line], i: int) -> int:
    end = _section_end(lines, i)
    status: int | None = None
    while i < end:
        lineno, content = lines[i]
        stripped = content.strip()
        m = _STATUS.match(stripped)
        if m:
            status = int(m.group(1))
        elif stripped.startswith(("{", "[")):
            value, i = _read_json(page, lines, i, end)
            if status is None:
                page.warn(lineno, "example response body before any 'Status code: N'")
            else:
                page.examples.append(Example(status, value, lineno))
            continue
        i += 1
    return end


def _parse_status_codes(page: Page, lines: list[Line], i: int) -> int:
    end = _section_end(lines, i)
    for lineno, content in lines[i:end]:
        stripped = content.strip()
        if re.fullmatch(r"\d{3}", stripped):
            page.statuses.append((int(stripped), lineno))
    if not page.statuses:
        page.warn(lines[i - 1][0], "Status Codes section lists no status code")
    return end


def _parse_table(
    page: Page, lines: list[Line], i: int, number: int, title: str, status: int | None
) -> int:
    table_line = lines[i][0]
    kind = _table_kind(title)
    if kind == "object" and not _NAME.match(title):
        page.warn(table_line, f"table title {title!r} is neither a known kind nor an object name")
    if kind in ("response-body", "response-header") and status is None:
        page.warn(table_line, f"{title!r} outside any 'Status code: N' section")
    i += 1
    header: list[str] = []
    while i < len(lines) and lines[i][1].strip() in (
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
    ):
        header.append(lines[i][1].strip())
        i += 1
    has_mandatory = "Mandatory" in header
    if header not in (
        ["Parameter", "Type", "Description"],
        ["Parameter", "Mandatory", "Type", "Description"],
    ):
        page.warn(table_line, f"unexpected table header {header}")
    table = Table(number, title, kind, status, has_mandatory, table_line)
    page.tables.append(table)
    end = i
    while end < len(lines) and not _is_boundary(lines[end][1].strip()):
        end += 1
    width = 3 if has_mandatory else 2

    def row_start(j: int) -> bool:
        if j + width - 1 >= end or not _NAME.match(lines[j][1].strip()):
            return False
        if has_mandatory and lines[j + 1][1].strip() not in ("Yes", "No"):
            return False
        return parse_type(lines[j + width - 1][1].strip()) is not None

    if i < end and not row_start(i):
        page.warn(lines[i][0], f"table {number}: first row does not look like name/type")
    while i < end:
        if not row_start(i):
            i += 1
            continue
        lineno = lines[i][0]
        name = lines[i][1].strip()
        mandatory = lines[i + 1][1].strip() == "Yes" if has_mandatory else None
        ftype = parse_type(lines[i + width - 1][1].strip())
        assert ftype is not None
        j = i + width
        while j < end and not row_start(j):
            j += 1
        fld = Field(name, ftype, mandatory, lineno)
        _read_description(page, fld, lines[i + width : j])
        table.fields.append(fld)
        i = j
    if not table.fields:
        page.warn(table_line, f"table {number} ({title}) has no rows")
    return end


def _clean_value(text: str) -> str:
    """An option's value: what precedes the first ':' without stray markup (``**X`` -> ``X``)."""
    value = text.split(":", 1)[0].strip()
    return value.replace("**", "").replace("`", "").strip()


def _read_description(page: Page, fld: Field, cells: list[Line]) -> None:
    """Read enum options, ranges, defaults and formats out of a Description cell.

    A ``NOTE:`` box is commentary (examples, exceptions for one product) and yields no facts,
    except that it says a parameter is discarded; it runs to the end of the cell or to a
    ``Value range``/``Default value`` label.
    """
    in_note = False
    pending: str | None = None  # "range" or "default": the previous paragraph was its label
    for lineno, content in cells:
        text = content.strip()
        fld.description.append(text)
        if parse_type(text) is not None:
            page.warn(lineno, f"{fld.name}: description paragraph looks like a type; missed row?")
        if _DEPRECATED.search(text):  # said in a NOTE, yet a fact about the field itself
            fld.deprecated = lineno
        if text.startswith("NOTE:"):
            in_note = True
        elif text in _LABELS:  # "Value range:" and "Default value:" close a note box
            in_note = False
        if in_note:
            continue
        if pending == "range":
            pending = None
            m = _RANGE_BLOCK.match(text)
            if m:
                fld.range = (int(m.group(1)), int(m.group(2)), lineno)
            else:
                page.warn(lineno, f"{fld.name}: cannot read value range {text!r}")
            continue
        if pending == "default":
            pending = None
            fld.defaults.append(("Default value", text, lineno))
            continue
        if text in ("Value range:", "Value range"):
            pending = "range"
            continue
        if text in ("Default value:", "Default value"):
            pending = "default"
            continue
        if text.startswith(_BULLET):
            item = text[len(_BULLET) :].strip()
            if fld.type.kind == "boolean":
                fld.boolean_values.append(_clean_value(item))
                continue
            value = _clean_value(item)
            if _ENUM_VALUE.match(value):
                fld.enum.append((value, lineno))
            else:
                page.warn(lineno, f"{fld.name}: bullet {item!r} is not an option value")
            continue
        m = _ENUM_LINE.match(text)
        if m and fld.type.kind != "boolean":
            fld.enum.append((m.group(1), lineno))
            continue
        m = re.match(r"^Value range: (.+)$", text)
        if m:
            r = _RANGE_BLOCK.match(m.group(1).strip().rstrip("."))
            if r:
                fld.range = (int(r.group(1)), int(r.group(2)), lineno)
            else:
                page.warn(lineno, f"{fld.name}: cannot read value range {text!r}")
        m = _RANGE_TEXT.search(text)
        if m:
            low, high = (int(g.replace(",", "")) for g in m.groups())
            if fld.range is not None and fld.range[:2] != (low, high):
                page.warn(lineno, f"{fld.name}: two different value ranges")
            fld.range = (low, high, lineno)
        for pattern in _DEFAULT_TEXT:
            for d in pattern.finditer(text):
                fld.defaults.append(("text", d.group(1), lineno))
        m = _ONLY_SUPPORTED.search(text)
        if m:
            fld.enum.append((m.group(1), lineno))
        if _RFC3339.search(text):
            fld.formats.append(("date-time", lineno))
        for pattern in _FORMAT_TEXT:
            m = pattern.search(text)
            if m:
                fld.formats.append((m.group(1), lineno))
    if pending is not None:
        page.warn(cells[-1][0] if cells else fld.line, f"{fld.name}: {pending} label without value")


def layout_sample(layout: str) -> str:
    """A value written in a date layout such as ``YYYYMMDD'T'HHMMSS'Z'`` or ``HH:MM:SS.mmm``.

    Quoted parts are literal; each placeholder letter becomes a digit; other characters stay.
    """
    out: list[str] = []
    parts = re.split(r"('[^']*')", layout)
    for part in parts:
        if part.startswith("'") and part.endswith("'") and len(part) >= 2:
            out.append(part[1:-1])
        else:
            out.append(re.sub(r"[YMDHhmsSf]", "1", part))
    return "".join(out)
