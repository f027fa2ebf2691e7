"""The mock's Authenticator at its edges (found by `make mutate`): the 15-minute date window,
temporary credentials (X-Security-Token), and project ids that differ in either direction.
Requests are signed with the runtime's real signer; the Authenticator is the mock's own."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from generator.mock.auth import Authenticator, AuthFailed
from generator.mock.config import Credentials
from generator.runtime.signing import sign

WHEN = datetime(2025, 1, 1, tzinfo=UTC)
PROJECT = "5" * 32
CREDS = Credentials(ak="EDGEAK00000000000002", sk="edge-sk", project_id=PROJECT, token="tok")
TARGET = f"/v1/{PROJECT}/digital-human-videos"


def signed(extra: dict[str, str] | None = None, project: str = PROJECT) -> dict[str, str]:
    """Lower-case headers of a GET signed with CREDS at WHEN (`extra` signed too)."""
    headers = dict(extra or {})
    url = f"http://metastudio.test/v1/{project}/digital-human-videos"
    headers.update(sign("GET", url, headers, b"", CREDS.ak, CREDS.sk, now=WHEN))
    return {name.lower(): value for name, value in headers.items()}


def check(headers: dict[str, str], auth: Authenticator | None = None, **kw: object) -> str:
    auth = auth or Authenticator(CREDS)
    project = str(kw.get("project", PROJECT))
    now = kw.get("now", WHEN)
    assert isinstance(now, datetime)
    return auth.check("GET", f"/v1/{project}/digital-human-videos", headers, b"", project, now)


def test_the_date_window_is_fifteen_minutes_each_way() -> None:
    headers = signed()
    for seconds in (899.5, -899.5):
        assert check(headers, now=WHEN + timedelta(seconds=seconds)) == "aksk"
    for seconds, side in ((900.5, "old"), (-900.5, "in the future")):
        with pytest.raises(AuthFailed, match=f"stale X-Sdk-Date.*{side}"):
            check(headers, now=WHEN + timedelta(seconds=seconds))


def test_temporary_credentials_need_the_configured_token_signed() -> None:
    sts = Authenticator(dataclasses.replace(CREDS, security_token="sts-1"))
    assert check(signed({"X-Security-Token": "sts-1"}), sts) == "aksk"
    assert check(signed(), sts) == "aksk"  # permanent credentials still work
    with pytest.raises(AuthFailed, match="invalid X-Security-Token"):
        check(signed({"X-Security-Token": "sts-2"}), sts)
    with pytest.raises(AuthFailed, match="invalid X-Security-Token"):
        check(signed({"X-Security-Token": "sts-1"}))  # this mock has none configured
    unsigned = {**signed(), "x-security-token": "sts-1"}  # added after signing
    with pytest.raises(AuthFailed, match="X-Security-Token not signed"):
        check(unsigned, sts)


@pytest.mark.parametrize("other", ["0" * 32, "9" * 32])  # sorts before and after PROJECT
def test_other_project_ids_are_refused_either_way(other: str) -> None:
    with pytest.raises(AuthFailed, match="X-Project-Id does not match"):
        check({"x-auth-token": "tok", "x-project-id": other})
    with pytest.raises(AuthFailed, match=f"not valid for project '{other}'"):
        check({"x-auth-token": "tok"}, project=other)


def test_a_long_foreign_project_id_is_cut_in_the_message() -> None:
    long = "a" * 100
    with pytest.raises(AuthFailed) as caught:
        check({"x-auth-token": "tok"}, project=long)
    assert caught.value.reason == f"the credentials are not valid for project {'a' * 64!r}"
