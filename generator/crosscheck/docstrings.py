"""Facts the SDK states only in prose: value sets, numeric ranges and string lengths.

The SDK's docstrings are its API reference text (Chinese), HTML-unescaped and with whitespace
collapsed by `sdk.py`. The shapes read here, and only these:

- a value set: bullets `* VALUE: text` (the colon ASCII or full-width), `* VALUE text` (a
  Chinese text), or `- label: value` (the list's sort keys); only for string fields;
- a numeric range: `取值范围…A-B`, `取值为A-B`, `角度范围A-B` (the first one stated: the API's
  range comes before "the range actual use requires"); only for integer/number fields;
- a string length: `字符长度A-B位`; only for string fields (a lower bound of 0 is no bound).

Anything else (defaults, "at most 1500 characters" notes, livestream-only ranges in brackets)
is left to a human reading the docstring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Facts", "facts_of"]

_NUMBER = r"(-?\d+(?:\.\d+)?)"
_COLON = "[:\uff1a]"  # ASCII or full-width
_DASH = "[-~\uff5e]"  # 0-120, 0~120, full-width tilde
_BULLET = re.compile(rf"(?:^|\s)[*-]\s*([A-Za-z0-9][A-Za-z0-9_.]*)(?=\s*{_COLON}|\s+[^\x00-\x7f])")
_LABELLED = re.compile(rf"(?:^|\s)-\s*[^\x00-\x7f\s]+{_COLON}\s*([a-z][a-z0-9_]*)")
_RANGE = re.compile(
    rf"(?:取值范围|取值为|角度范围)[^0-9\-\[字]{{0,8}}{_NUMBER}\s*{_DASH}\s*{_NUMBER}"
)
_LENGTH = re.compile(rf"字符长度\s*(\d+)\s*{_DASH}\s*(\d+)\s*位")


@dataclass
class Facts:
    """What one docstring states about its field's values."""

    values: list[str] | None = None
    values_from: str = ""  # where the value set was read: "docstring" or an enum class
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None


def _number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() else value


def facts_of(doc: str, json_type: str) -> Facts:
    """The value set, range or length that `doc` states for a field of `json_type`."""
    facts = Facts()
    if json_type == "string":
        values = _BULLET.findall(doc) or _LABELLED.findall(doc)
        if values:
            facts.values = list(dict.fromkeys(values))
            facts.values_from = "docstring"
        length = _LENGTH.search(doc)
        if length is not None:
            low, high = int(length.group(1)), int(length.group(2))
            facts.min_length = low or None  # "0-64": no lower bound worth stating
            facts.max_length = high
    elif json_type in ("integer", "number"):
        found = _RANGE.search(doc)
        if found is not None:
            facts.minimum = _number(found.group(1))
            facts.maximum = _number(found.group(2))
    return facts
