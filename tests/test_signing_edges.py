"""Edges of SDK-HMAC-SHA256 verification that `make mutate` found untested: another algorithm
name, a fourth Authorization field, a date with a blank where a digit belongs, the skew bound
itself, and how long a missing header's name may be in the message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from generator.runtime.signing import SignatureError, parse_authorization, sign, verify

WHEN = datetime(2025, 1, 1, tzinfo=UTC)
AK, SK = "EDGEAK00000000000003", "edge-signing-sk"
URL = "http://metastudio.test/v1/p/digital-human-videos"
SIG = "0" * 64


def lookup(ak: str) -> str | None:
    return SK if ak == AK else None


def signed(headers: dict[str, str] | None = None) -> dict[str, str]:
    out = dict(headers or {})
    out.update(sign("GET", URL, out, b"", AK, SK, now=WHEN))
    return out


def test_only_the_sdk_algorithm_is_accepted() -> None:
    for algorithm in ("SDK-HMAC-SHA512", "AWS4-HMAC-SHA256"):  # sorting after and before
        value = f"{algorithm} Access={AK}, SignedHeaders=host, Signature={SIG}"
        with pytest.raises(SignatureError, match=f"unsupported signing algorithm: {algorithm}"):
            parse_authorization(value)


def test_a_fourth_authorization_field_is_malformed() -> None:
    value = f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host, Signature={SIG}, Extra=1"
    with pytest.raises(SignatureError, match="expected Access, SignedHeaders, Signature"):
        parse_authorization(value)


def test_a_blank_in_the_date_is_malformed_not_zero() -> None:
    headers = signed({"X-Sdk-Date": "20250101T 00000Z"})
    with pytest.raises(SignatureError, match="malformed X-Sdk-Date"):
        verify("GET", URL, headers, b"", lookup, now=WHEN)


def test_a_skew_of_exactly_the_bound_passes() -> None:
    headers = signed()
    for seconds in (900, -900):
        assert verify("GET", URL, headers, b"", lookup, now=WHEN + timedelta(seconds=seconds))
    with pytest.raises(SignatureError, match="is 901s in the future"):
        verify("GET", URL, headers, b"", lookup, now=WHEN - timedelta(seconds=901))


def test_a_missing_signed_header_is_named_up_to_64_characters() -> None:
    headers = signed()
    long = "x" * 100
    headers["Authorization"] = headers["Authorization"].replace(
        "SignedHeaders=host;", f"SignedHeaders=host;{long};"
    )
    with pytest.raises(SignatureError) as caught:
        verify("GET", URL, headers, b"", lookup, now=WHEN)
    assert (caught.value.reason, caught.value.detail) == ("missing signed header", "x" * 64)
