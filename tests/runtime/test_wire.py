"""generator/runtime/wire.py at its edges (found by `make mutate`), through the generated client's
copy (`metastudio_client.runtime`, what users run): its wire form: a list query value repeats
its key."""

from __future__ import annotations

from metastudio_client.runtime import (
    wire,
)


def test_a_list_query_value_repeats_its_key_and_drops_nones() -> None:
    given = {"state": ["SUCCEED", None, "FAILED"], "gone": None, "on": True, "off": False}
    assert wire.wire_query(given) == "off=false&on=true&state=FAILED&state=SUCCEED"
