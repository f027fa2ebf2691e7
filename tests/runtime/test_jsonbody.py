"""The client's body decoder: orjson when installed, the standard library otherwise."""

from __future__ import annotations

import subprocess
import sys

from metastudio_client.runtime import jsonbody

BODY = '{"state": "SUCCEED", "duration": 60, "name": "数字人", "error_info": null}'.encode()
EXPECTED = {"state": "SUCCEED", "duration": 60, "name": "数字人", "error_info": None}


def test_decodes_with_orjson_here() -> None:
    assert jsonbody.ACCELERATED  # orjson is a dependency of the toolkit's own venv
    assert jsonbody.loads(BODY) == EXPECTED


def test_falls_back_to_the_standard_library_without_orjson() -> None:
    code = (
        "import sys; sys.modules['orjson'] = None\n"  # makes `import orjson` raise ImportError
        "from metastudio_client.runtime import jsonbody\n"
        f"assert not jsonbody.ACCELERATED\n"
        f"print(jsonbody.loads({BODY!r}) == {EXPECTED!r})\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "True"
