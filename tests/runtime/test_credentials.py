"""generator/runtime/credentials.py at its edges (found by `make mutate`), through the generated
client's copy (`metastudio_client.runtime`, what users run): its credential chain: an unusable
credentials file says why, the secret key hidden."""

from __future__ import annotations

from pathlib import Path

import pytest
from metastudio_client.runtime import (
    credentials,
)

AK = "EDGEAK00000000000001"


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"[basic]\nak = \xff\xfe\n", "unreadable: UnicodeDecodeError"),
        (b"[basic]\nak = %(nowhere)s\nsk = s\n", "unreadable: InterpolationMissingOptionError"),
        (b"[basic]\nak = a\n", "no ak and sk in [basic]"),
        (b"[basic]\nsk = s\n", "no ak and sk in [basic]"),
        (None, "not found"),  # configparser skips a file it cannot open (a folder here)
    ],
)
def test_an_unusable_credentials_file_says_why(
    tmp_path: Path, content: bytes | None, phrase: str
) -> None:
    path = tmp_path / "credentials"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    assert credentials.from_profile(str(path)) == (None, f"credentials file {path} ({phrase})")


def test_found_credentials_hide_the_secret_key_in_their_repr() -> None:
    found = credentials.Found(AK, "sk-secret-value", "p", "sts-secret-value")
    assert AK in repr(found) and "secret" not in repr(found)
