"""SDK-HMAC-SHA256 signing, verification and httpx auth, checked against the official SDK.

huaweicloudsdkcore's own ``Signer`` is the oracle: for the same method, URL, headers, body and
date our Authorization header must be byte-identical. The official MetaStudio client is also
run against a real local HTTP server, and every request it sends must pass ``verify``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, quote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.runtime import signing
from generator.runtime.auth import AkSkAuth, TokenAuth
from generator.runtime.signing import SignatureError, parse_authorization, sign, verify

AK = "HPUAEXAMPLEAK0000001"
SK = "s3cr3t/SK+with=odd~chars_0123456789abcdef"
PROJECT = "0123456789abcdef0123456789abcdef"
HOST = "127.0.0.1:8080"
DATE = "20240229T235959Z"
WHEN = datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)
JSON = "application/json;charset=UTF-8"


def lookup(ak: str) -> str | None:
    return SK if ak == AK else None


@pytest.fixture(scope="module")
def sdk(official_sdk: SimpleNamespace) -> SimpleNamespace:
    return official_sdk


def oracle(
    sdk: SimpleNamespace,
    method: str,
    path: str,
    query: list[tuple[str, Any]],
    headers: dict[str, str],
    body: bytes | None,
    *,
    sk: str = SK,
) -> Any:
    """Sign with huaweicloudsdkcore; returns the signed SdkRequest (uri = path + query)."""
    request = sdk.SdkRequest(
        method=method,
        schema="http",
        host=HOST,
        resource_path=path,
        query_params=list(query),
        header_params=dict(headers),
        body=body,
    )
    return sdk.Signer(SimpleNamespace(ak=AK, sk=sk)).sign(request)


def base_headers(**extra: str) -> dict[str, str]:
    headers = {
        "User-Agent": "huaweicloud-usdk-python/3.0",
        "Content-Type": "application/json",
        "X-Project-Id": PROJECT,
        "X-Sdk-Date": DATE,
    }
    headers.update(extra)
    return headers


VIDEOS = f"/v1/{PROJECT}/digital-human-videos"
JOB = f"/v1/{PROJECT}/digital-human-training-manage/user/jobs/"
AWKWARD_ID = "job/ü ?#%&=+;,~*'()!@$[]"

CASES: dict[str, tuple[str, str, list[tuple[str, Any]], dict[str, str], bytes | None]] = {
    "plain-get": ("GET", VIDEOS, [], base_headers(), None),
    "list-query": (
        "GET",
        VIDEOS,
        [("offset", 0), ("limit", 10), ("state", "SUCCEED,FAILED"), ("sort_dir", "desc")],
        base_headers(),
        None,
    ),
    "unicode-reserved-query": (
        "GET",
        VIDEOS,
        [("asset_name", "数字人 a+b&c=d/e?f#g%h~i*'()!;:@$,[]"), ("script_id", "ü")],
        base_headers(),
        None,
    ),
    "empty-values": (
        "GET",
        VIDEOS,
        [("script_id", ""), ("job_id", ""), ("limit", 1)],
        base_headers(),
        None,
    ),
    "repeated-keys": (
        "GET",
        VIDEOS,
        [("job_ids", "b"), ("job_ids", "a b"), ("job_ids", "a"), ("job_ids", "")],
        base_headers(),
        None,
    ),
    "list-value": ("GET", VIDEOS, [("job_ids", ["z", "y", "x,w"])], base_headers(), None),
    "boolean": (
        "GET",
        f"/v1/{PROJECT}/2d-digital-human-videos/j1",
        [("show_script", True)],
        base_headers(),
        None,
    ),
    # raw-order and encoded-order disagree here: "Z" < "[" but "%5B" < "Z"; "~" < "é" but
    # "%C3%A9" < "~". The SDK sorts the decoded pairs.
    "sort-order": (
        "GET",
        VIDEOS,
        [("Z", "1"), ("[", "2"), ("~", "3"), ("é", "4"), ("a", "~"), ("a", "é"), ("_", "")],
        base_headers(),
        None,
    ),
    "trailing-slash": ("GET", VIDEOS + "/", [("limit", 5)], base_headers(), None),
    "root-path": ("GET", "/", [], base_headers(), None),
    "double-slash": ("GET", "/v1//x//", [], base_headers(), None),
    "escaped-path": ("GET", JOB + quote(AWKWARD_ID, safe=""), [], base_headers(), None),
    "unicode-path": ("GET", "/v1/数字人/ü x", [], base_headers(), None),
    "json-body-unicode": (
        "PUT",
        JOB + "j1",
        [],
        base_headers(),
        json.dumps({"name": "数字人 ü", "batch_name": None}, ensure_ascii=False).encode(),
    ),
    "json-body-escaped": (
        "PUT",
        JOB + "j1",
        [],
        base_headers(),
        json.dumps({"name": "数字人"}).encode(),
    ),
    "empty-post": ("POST", JOB + "j1/command", [], base_headers(), b""),
    "lowercase-method": ("post", JOB + "j1/command", [], base_headers(), b'{"command":"SUBMIT"}'),
    "text-body-unsigned-payload": (
        "POST",
        "/upload",
        [],
        base_headers(**{"Content-Type": "text/plain"}),
        b"not json",
    ),
    "octet-stream-empty": (
        "PUT",
        "/upload",
        [],
        base_headers(**{"Content-Type": "application/octet-stream"}),
        None,
    ),
    "json-charset": ("POST", "/x", [], base_headers(**{"Content-Type": JSON}), b"{}"),
    "underscore-and-odd-headers": (
        "GET",
        VIDEOS,
        [],
        base_headers(
            X_Not_Signed="skipped",
            **{
                "X-App-UserId": "  padded user  ",
                "X-Unicode": "用户 ü",
                "X-Empty": "",
                "Accept": "application/json",
            },
        ),
        None,
    ),
    "explicit-host": ("GET", VIDEOS, [], base_headers(Host="metastudio.example.com"), None),
}


def _wire_headers(request: Any) -> dict[str, str]:
    """The SDK's header_params after signing are exactly what goes on the wire (Latin-1)."""
    return {str(k): str(v) for k, v in request.header_params.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_sign_matches_sdk(sdk: SimpleNamespace, case: str) -> None:
    method, path, query, headers, body = CASES[case]
    signed = oracle(sdk, method, path, query, headers, body)
    expected = signed.header_params["Authorization"]

    ours = sign(method, f"http://{HOST}{signed.uri}", headers, body or b"", AK, SK)

    assert ours["Authorization"] == expected
    # Every header the SDK added for signing we add too, with the same value.
    sdk_added = {k: v for k, v in signed.header_params.items() if k not in headers}
    assert ours == sdk_added


@pytest.mark.parametrize("case", sorted(CASES))
def test_verify_accepts_sdk_signed(sdk: SimpleNamespace, case: str) -> None:
    method, path, query, headers, body = CASES[case]
    signed = oracle(sdk, method, path, query, headers, body)

    result = verify(method, signed.uri, _wire_headers(signed), body or b"", lookup, WHEN)

    assert result.access_key == AK
    assert result.date == WHEN
    assert "host" in result.signed_headers and "x-sdk-date" in result.signed_headers
    content_type = headers.get("Content-Type", "")
    assert result.payload_signed == (not body or content_type.startswith("application/json"))
    # A full URL as target works the same.
    verify(method, f"http://{HOST}{signed.uri}", _wire_headers(signed), body or b"", lookup, WHEN)


def test_sign_rejects_signing_with_other_secret(sdk: SimpleNamespace) -> None:
    method, path, query, headers, body = CASES["list-query"]
    signed = oracle(sdk, method, path, query, headers, body, sk="another secret")
    ours = sign(method, f"http://{HOST}{signed.uri}", headers, b"", AK, SK)
    assert ours["Authorization"] != signed.header_params["Authorization"]


# ------------------------------------------------------------------ hypothesis vs the oracle

_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], max_codepoint=0x2FFFF), max_size=12
)


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from(["GET", "PUT", "POST", "DELETE", "patch"]),
    segments=st.lists(_text, min_size=1, max_size=4),
    trailing=st.booleans(),
    query=st.lists(st.tuples(_text, _text), max_size=6),
    header_value=_text,
    body=st.one_of(st.none(), st.binary(max_size=64)),
)
@pytest.mark.slow
def test_random_requests_match_sdk(
    sdk: SimpleNamespace,
    method: str,
    segments: list[str],
    trailing: bool,
    query: list[tuple[str, str]],
    header_value: str,
    body: bytes | None,
) -> None:
    path = "/" + "/".join(quote(s, safe="") for s in segments) + ("/" if trailing else "")
    headers = base_headers(**{"X-App-UserId": header_value})
    signed = oracle(sdk, method, path, query, headers, body)

    ours = sign(method, f"http://{HOST}{signed.uri}", headers, body or b"", AK, SK)
    assert ours["Authorization"] == signed.header_params["Authorization"]

    result = verify(method, signed.uri, _wire_headers(signed), body or b"", lookup, WHEN)
    assert result.access_key == AK


# ------------------------------------------------------------------ verify rejections


@pytest.fixture
def signed_put(sdk: SimpleNamespace) -> tuple[str, dict[str, str], bytes]:
    body = json.dumps({"name": "数字人"}, ensure_ascii=False).encode()
    signed = oracle(sdk, "PUT", JOB + "j1", [("a", "1"), ("b", "x,y")], base_headers(), body)
    return signed.uri, _wire_headers(signed), body


def _reason(
    target: str,
    headers: dict[str, str],
    body: bytes,
    *,
    method: str = "PUT",
    now: datetime = WHEN,
    secrets: dict[str, str] | None = None,
) -> str:
    table = {AK: SK} if secrets is None else secrets
    with pytest.raises(SignatureError) as info:
        verify(method, target, headers, body, table.get, now)
    return info.value.reason


def test_verify_baseline_accepts(signed_put: tuple[str, dict[str, str], bytes]) -> None:
    target, headers, body = signed_put
    assert verify("PUT", target, headers, body, lookup, WHEN).payload_signed
    # header names are matched case-insensitively, as HTTP servers hand them over lower-cased
    lowered = {k.lower(): v for k, v in headers.items()}
    assert verify("PUT", target, lowered, body, lookup, WHEN).access_key == AK


def test_verify_rejects_wrong_secret(signed_put: tuple[str, dict[str, str], bytes]) -> None:
    target, headers, body = signed_put
    assert _reason(target, headers, body, secrets={AK: SK + "x"}) == "signature mismatch"


def test_verify_rejects_unknown_access_key(signed_put: tuple[str, dict[str, str], bytes]) -> None:
    target, headers, body = signed_put
    assert _reason(target, headers, body, secrets={"OTHER": SK}) == "unknown access key"


def test_verify_rejects_altered_body(signed_put: tuple[str, dict[str, str], bytes]) -> None:
    target, headers, body = signed_put
    assert _reason(target, headers, body.replace(b"}", b" }")) == "signature mismatch"
    assert _reason(target, headers, b"") == "signature mismatch"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t + "&c=1",  # extra query parameter
        lambda t: t.replace("a=1", "a=2"),  # altered value
        lambda t: t.replace("b=x%2Cy", "b=x&b=y"),  # list split differently
        lambda t: t.split("?")[0],  # query dropped
        lambda t: t.replace("/j1", "/j2"),  # other resource
        lambda t: t.replace("/v1/", "/v2/"),
    ],
    ids=["extra-param", "altered-value", "split-list", "no-query", "other-job", "other-prefix"],
)
def test_verify_rejects_altered_target(
    signed_put: tuple[str, dict[str, str], bytes], mutate: Any
) -> None:
    target, headers, body = signed_put
    changed = mutate(target)
    assert changed != target
    assert _reason(changed, headers, body) == "signature mismatch"


def test_verify_rejects_altered_method_and_headers(
    signed_put: tuple[str, dict[str, str], bytes],
) -> None:
    target, headers, body = signed_put
    assert _reason(target, headers, body, method="POST") == "signature mismatch"
    for name, value in [("X-Project-Id", "other"), ("Host", "evil:80"), ("User-Agent", "x")]:
        assert _reason(target, {**headers, name: value}, body) == "signature mismatch"
    # unsigned headers may change freely (proxies add them)
    assert verify("PUT", target, {**headers, "Via": "1.1 proxy"}, body, lookup, WHEN)


def test_verify_date_window(signed_put: tuple[str, dict[str, str], bytes]) -> None:
    target, headers, body = signed_put
    for delta in (timedelta(minutes=14, seconds=59), -timedelta(minutes=14, seconds=59)):
        assert verify("PUT", target, headers, body, lookup, WHEN + delta)
    for delta in (timedelta(minutes=15, seconds=1), -timedelta(minutes=15, seconds=1)):
        assert _reason(target, headers, body, now=WHEN + delta) == "stale X-Sdk-Date"
    assert _reason(target, headers, body, now=WHEN + timedelta(days=1)) == "stale X-Sdk-Date"
    # naive `now` is UTC; aware `now` in another zone is converted
    assert verify("PUT", target, headers, body, lookup, WHEN.replace(tzinfo=None))
    cst = timezone(timedelta(hours=8))
    assert verify("PUT", target, headers, body, lookup, WHEN.astimezone(cst))
    assert verify("PUT", target, headers, body, lookup, WHEN, max_skew_seconds=0.5)
    with pytest.raises(SignatureError, match="stale X-Sdk-Date"):
        verify(
            "PUT", target, headers, body, lookup, WHEN + timedelta(seconds=1), max_skew_seconds=0.5
        )


@pytest.mark.parametrize(
    ("authorization", "reason"),
    [
        ("", "missing Authorization"),
        ("Basic dXNlcjpwYXNz", "unsupported signing algorithm"),
        ("SDK-HMAC-SHA256", "malformed Authorization"),
        ("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date", "malformed Authorization"),
        (
            f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=, Signature={'0' * 64}",
            "malformed Authorization",
        ),
        (
            f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host;;x-sdk-date, Signature={'0' * 64}",
            "malformed Authorization",
        ),
        (
            f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host;x-sdk-date, Signature=abc",
            "malformed Authorization",
        ),
        (
            f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host;x-sdk-date, Signature={'é' * 64}",
            "malformed Authorization",
        ),
        (
            f"SDK-HMAC-SHA256 Access={AK} SignedHeaders=host;x-sdk-date Signature={'0' * 64}",
            "malformed Authorization",
        ),
        (
            f"SDK-HMAC-SHA256 Access={AK}, Access={AK}, SignedHeaders=host;x-sdk-date, "
            f"Signature={'0' * 64}",
            "malformed Authorization",
        ),
        (
            f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host, Signature={'0' * 64}",
            "X-Sdk-Date not signed",
        ),
        (
            f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=x-sdk-date, Signature={'0' * 64}",
            "Host not signed",
        ),
        (
            f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host;x-sdk-date;x-missing, "
            f"Signature={'0' * 64}",
            "missing signed header",
        ),
        (
            f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host;x-sdk-date, Signature={'0' * 64}",
            "signature mismatch",
        ),
    ],
)
def test_verify_rejects_bad_authorization(
    signed_put: tuple[str, dict[str, str], bytes], authorization: str, reason: str
) -> None:
    target, headers, body = signed_put
    headers = {**headers, "Authorization": authorization}
    assert _reason(target, headers, body) == reason


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        (None, "missing X-Sdk-Date"),
        ("2024-02-29T23:59:59Z", "malformed X-Sdk-Date"),
        ("20240229T235959", "malformed X-Sdk-Date"),
        ("20240230T235959Z", "malformed X-Sdk-Date"),
        ("2024022\uff19T235959Z", "malformed X-Sdk-Date"),  # full-width digit
        ("20240229T235958Z", "signature mismatch"),  # well-formed, but not the signed date
    ],
)
def test_verify_rejects_bad_date(
    signed_put: tuple[str, dict[str, str], bytes], date: str | None, reason: str
) -> None:
    target, headers, body = signed_put
    headers = {k: v for k, v in headers.items() if k != "X-Sdk-Date"}
    if date is not None:
        headers["X-Sdk-Date"] = date
    assert _reason(target, headers, body) == reason


def test_verify_ignores_unsigned_content_sha256(
    signed_put: tuple[str, dict[str, str], bytes],
) -> None:
    # An attacker who swaps the body cannot smuggle the old hash in an unsigned header.
    target, headers, body = signed_put
    forged = {**headers, "X-Sdk-Content-Sha256": hashlib.sha256(body).hexdigest()}
    assert _reason(target, forged, b'{"name":"evil"}') == "signature mismatch"
    forged["X-Sdk-Content-Sha256"] = "UNSIGNED-PAYLOAD"
    assert _reason(target, forged, b'{"name":"evil"}') == "signature mismatch"


def test_verify_checks_signed_content_sha256() -> None:
    body = b'{"a":1}'
    good = hashlib.sha256(body).hexdigest()
    headers = {"Content-Type": "application/json", "X-Sdk-Content-Sha256": good}
    added = sign("POST", "http://h/x", headers, body, AK, SK, now=WHEN)
    sent = {**headers, **added}
    assert verify("POST", "/x", sent, body, lookup, WHEN).payload_signed
    assert _reason("/x", sent, b'{"a":2}', method="POST") == "payload hash mismatch"


def test_unsigned_payload_is_flagged() -> None:
    headers = {"Content-Type": "application/octet-stream"}
    added = sign("PUT", "http://h/blob", headers, b"\x00\x01", AK, SK, now=WHEN)
    assert added["X-Sdk-Content-Sha256"] == "UNSIGNED-PAYLOAD"
    sent = {**headers, **added}
    result = verify("PUT", "/blob", sent, b"\x00\x01", lookup, WHEN)
    assert not result.payload_signed
    # the body is not covered by design (SDK behaviour), but everything else still is
    assert _reason("/blob?x=1", sent, b"\x00\x01") == "signature mismatch"


# ------------------------------------------------------------------ canonical helpers


def test_canonical_helpers() -> None:
    assert signing.canonical_uri("/a/b") == signing.canonical_uri("/a/b/") == "/a/b/"
    assert signing.canonical_uri("/a%2Fb") == "/a/b/"  # the SDK decodes before splitting
    assert signing.canonical_uri("/ü x") == "/%C3%BC%20x/"
    assert signing.canonical_uri("") == "/"
    assert signing.canonical_query("b=2&a=&c&a=z") == "a=&a=z&b=2&c="
    assert signing.canonical_query("state=SUCCEED,FAILED") == "state=SUCCEED%2CFAILED"
    assert signing.canonical_query("q=a+b%2Bc") == "q=a%20b%2Bc"
    assert signing.canonical_query("") == ""
    assert signing.payload_hash(b"") == signing.EMPTY_BODY_SHA256
    assert signing.payload_hash(b"", "UNSIGNED-PAYLOAD") == signing.EMPTY_BODY_SHA256
    assert signing.payload_hash(b"x", "UNSIGNED-PAYLOAD") == "UNSIGNED-PAYLOAD"
    canonical = signing.canonical_request(
        "get", "/v1", "", {"host": "h", "x-sdk-date": DATE}, ["host", "x-sdk-date"], "e"
    )
    assert canonical == f"GET\n/v1/\n\nhost:h\nx-sdk-date:{DATE}\n\nhost;x-sdk-date\ne"
    assert signing.string_to_sign(DATE, "").startswith(f"SDK-HMAC-SHA256\n{DATE}\n")


def test_sdk_date() -> None:
    assert signing.sdk_date(WHEN) == DATE
    assert signing.sdk_date(WHEN.replace(tzinfo=None)) == DATE
    assert signing.sdk_date(WHEN.astimezone(timezone(timedelta(hours=-5)))) == DATE
    now = signing.sdk_date()
    assert len(now) == 16 and now.endswith("Z")


def test_sign_input_validation() -> None:
    with pytest.raises(ValueError, match="ak and sk are required"):
        sign("GET", "http://h/", {}, b"", "", SK)
    with pytest.raises(ValueError, match="url has no host and no Host header"):
        sign("GET", "/no-host", {}, b"", AK, SK)
    added = sign("GET", "/with-host", {"Host": "h"}, b"", AK, SK, now=WHEN)
    assert "Host" not in added and added["X-Sdk-Date"] == DATE


# ------------------------------------------------------------------ httpx auth


class Captured:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})


def _server_view(request: httpx.Request) -> tuple[str, dict[str, str]]:
    """What an ASGI server would see: raw target and Latin-1 decoded headers."""
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in request.headers.raw}
    return request.url.raw_path.decode("ascii"), headers


def _oracle_for(sdk: SimpleNamespace, request: httpx.Request) -> str:
    """Have the SDK sign exactly what AkSkAuth chose to sign; return its Authorization."""
    sent = {k.decode("latin-1"): v for k, v in request.headers.raw}
    names = sent["Authorization"].decode().split("SignedHeaders=")[1].split(",")[0].split(";")
    lower = {k.lower(): k for k in sent}
    headers = {lower[n]: sent[lower[n]].decode("utf-8") for n in names}
    raw_path, _, raw_query = request.url.raw_path.decode("ascii").partition("?")
    query = parse_qsl(raw_query, keep_blank_values=True)
    signed = sdk.SdkRequest(
        method=request.method,
        schema="http",
        host=request.url.netloc.decode(),
        resource_path=raw_path,
        query_params=query,
        header_params=headers,
        body=request.content,
    )
    sdk.Signer(SimpleNamespace(ak=AK, sk=SK)).sign(signed)
    return str(signed.header_params["Authorization"])


def _make_requests(client: httpx.Client) -> None:
    client.get(VIDEOS, params={"state": "SUCCEED,FAILED", "limit": 10, "asset_name": "a b+ü"})
    client.get(VIDEOS, params=[("job_ids", "b"), ("job_ids", "a"), ("script_id", "")])
    client.get(JOB + quote(AWKWARD_ID, safe="") + "/", headers={b"X-App-UserId": "用户".encode()})
    client.put(JOB + "j1", json={"name": "数字人 ü"})
    client.post(JOB + "j1/command", content=b"")
    client.post("/upload", content=b"\x00raw", headers={"Content-Type": "text/plain"})


def test_aksk_auth_sync(sdk: SimpleNamespace) -> None:
    captured = Captured()
    auth = AkSkAuth(AK, SK, PROJECT, clock=lambda: WHEN)
    with httpx.Client(
        base_url=f"http://{HOST}", auth=auth, transport=httpx.MockTransport(captured)
    ) as client:
        _make_requests(client)
    assert len(captured.requests) == 6
    for request in captured.requests:
        assert request.headers["X-Project-Id"] == PROJECT
        assert request.headers["X-Sdk-Date"] == DATE
        target, headers = _server_view(request)
        result = verify(request.method, target, headers, request.content, lookup, WHEN)
        assert "x-project-id" in result.signed_headers
        assert "content-length" not in result.signed_headers
        assert request.headers["Authorization"] == _oracle_for(sdk, request)
    assert captured.requests[-1].headers["X-Sdk-Content-Sha256"] == "UNSIGNED-PAYLOAD"


def test_aksk_auth_async(sdk: SimpleNamespace) -> None:
    captured = Captured()

    async def run() -> None:
        auth = AkSkAuth(AK, SK, PROJECT, clock=lambda: WHEN)
        async with httpx.AsyncClient(
            base_url=f"http://{HOST}", auth=auth, transport=httpx.MockTransport(captured)
        ) as client:
            await client.put(JOB + "j1", json={"name": "数字人"}, params={"x": "1,2"})
            await client.get(VIDEOS)

    asyncio.run(run())
    assert len(captured.requests) == 2
    for request in captured.requests:
        target, headers = _server_view(request)
        assert verify(request.method, target, headers, request.content, lookup, WHEN)
        assert request.headers["Authorization"] == _oracle_for(sdk, request)


def test_aksk_auth_refreshes_date_and_ignores_old_authorization() -> None:
    captured = Captured()
    times = iter([WHEN, WHEN + timedelta(minutes=20)])
    auth = AkSkAuth(AK, SK, clock=lambda: next(times))
    with httpx.Client(auth=auth, transport=httpx.MockTransport(captured)) as client:
        request = client.build_request("GET", "http://h/x", headers={"Authorization": "stale"})
        client.send(request)
        client.send(request)  # e.g. a retry of the same request object, much later
    first, second = captured.requests
    assert "X-Project-Id" not in first.headers
    assert second.headers["X-Sdk-Date"] == signing.sdk_date(WHEN + timedelta(minutes=20))
    target, headers = _server_view(second)
    assert verify("GET", target, headers, b"", lookup, WHEN + timedelta(minutes=20))
    with pytest.raises(SignatureError, match="stale"):
        verify("GET", target, headers, b"", lookup, WHEN)


def test_aksk_auth_repr_hides_secret() -> None:
    assert SK not in repr(AkSkAuth(AK, SK, PROJECT))
    with pytest.raises(ValueError):
        AkSkAuth(AK, "")


def test_token_auth() -> None:
    captured = Captured()
    with httpx.Client(
        auth=TokenAuth("MIItoken", PROJECT), transport=httpx.MockTransport(captured)
    ) as client:
        client.get("http://h/x")

    async def run() -> None:
        async with httpx.AsyncClient(
            auth=TokenAuth("MIItoken"), transport=httpx.MockTransport(captured)
        ) as client:
            await client.get("http://h/y")

    asyncio.run(run())
    sync_request, async_request = captured.requests
    assert sync_request.headers["X-Auth-Token"] == "MIItoken"
    assert sync_request.headers["X-Project-Id"] == PROJECT
    assert async_request.headers["X-Auth-Token"] == "MIItoken"
    assert "X-Project-Id" not in async_request.headers
    assert "Authorization" not in sync_request.headers
    assert "MIItoken" not in repr(TokenAuth("MIItoken"))
    with pytest.raises(ValueError):
        TokenAuth("")


# ------------------------------------------------------------------ the real SDK over HTTP


Seen = list[tuple[str, str, dict[str, str], bytes]]


def _recorder(seen: Seen) -> type[BaseHTTPRequestHandler]:
    """A handler that records each raw request (target, Latin-1 headers, body) and says 200."""

    class Recorder(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            # http.server decodes header bytes as Latin-1, like ASGI servers do.
            seen.append((self.command, self.path, dict(self.headers.items()), body))
            payload = b"{}"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("X-Request-Id", "req-1")
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_PUT = do_POST = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Recorder


def test_official_client_requests_verify(
    sdk: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "*")
    ms = sdk.ms

    seen: Seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _recorder(seen))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = (
            ms.MetaStudioClient.new_builder()
            .with_http_config(sdk.HttpConfig.get_default_config())
            .with_credentials(sdk.BasicCredentials(AK, SK, PROJECT))
            .with_endpoints([f"http://127.0.0.1:{server.server_address[1]}"])
            .build()
        )
        client.list_digital_human_video(
            ms.ListDigitalHumanVideoRequest(
                offset=0,
                limit=10,
                state="SUCCEED,FAILED",
                asset_name="数字人 a+b&c=d/e?f#g%h~",
                script_id="",
                job_ids=["b", "a"],
                x_app_user_id="用户 ü",
            )
        )
        client.show2_d_digital_human_video(
            ms.Show2DDigitalHumanVideoRequest(job_id=AWKWARD_ID, show_script=True)
        )
        client.update2d_model_training_job(
            ms.Update2dModelTrainingJobRequest(
                job_id="j1", body=ms.Update2dModelTrainingJobReq(name='名字 "quoted" ü')
            )
        )
        client.execute2d_model_training_command_by_user(
            ms.Execute2dModelTrainingCommandByUserRequest(
                job_id="j1", body=ms.Execute2dModelTrainingCommandByUserReq(command="SUBMIT")
            )
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

    assert [method for method, *_ in seen] == ["GET", "GET", "PUT", "POST"]
    now = datetime.now(UTC)
    for method, target, headers, body in seen:
        result = verify(method, target, headers, body, lookup, now)
        assert result.access_key == AK and result.payload_signed
        # and our signer, given the same signed headers, reproduces the SDK's Authorization
        lower = {k.lower(): k for k in headers}
        signed_names = result.signed_headers
        ours_in = {
            lower[n]: headers[lower[n]].encode("latin-1").decode("utf-8") for n in signed_names
        }
        ours = sign(method, f"http://h{target}", ours_in, body, AK, SK)
        assert ours == {"Authorization": headers["Authorization"]}
        # tampering is still caught on real traffic
        with pytest.raises(SignatureError, match="signature mismatch"):
            verify(
                method, target + ("&" if "?" in target else "?") + "z=1", headers, body, lookup, now
            )

    list_target = seen[0][1]
    assert "state=SUCCEED%2CFAILED" in list_target
    assert "job_ids=a&job_ids=b" in list_target  # csv lists go out as repeated, sorted keys
    assert "script_id=&" in list_target
    assert "/" + quote(AWKWARD_ID, safe="") + "?" in seen[1][1]


# --- Edges of SDK-HMAC-SHA256 verification that `make mutate` found untested: another algorithm
# name, a fourth Authorization field, a date with a blank where a digit belongs, the skew bound
# itself, and how long a missing header's name may be in the message.


EDGE_WHEN = datetime(2025, 1, 1, tzinfo=UTC)
EDGE_AK, EDGE_SK = "EDGEAK00000000000003", "edge-signing-sk"
URL = "http://metastudio.test/v1/p/digital-human-videos"
SIG = "0" * 64


def edge_lookup(ak: str) -> str | None:
    return EDGE_SK if ak == EDGE_AK else None


def signed(headers: dict[str, str] | None = None) -> dict[str, str]:
    out = dict(headers or {})
    out.update(sign("GET", URL, out, b"", EDGE_AK, EDGE_SK, now=EDGE_WHEN))
    return out


def test_only_the_sdk_algorithm_is_accepted() -> None:
    for algorithm in ("SDK-HMAC-SHA512", "AWS4-HMAC-SHA256"):  # sorting after and before
        value = f"{algorithm} Access={EDGE_AK}, SignedHeaders=host, Signature={SIG}"
        with pytest.raises(SignatureError, match=f"unsupported signing algorithm: {algorithm}"):
            parse_authorization(value)


def test_a_fourth_authorization_field_is_malformed() -> None:
    value = f"SDK-HMAC-SHA256 Access={EDGE_AK}, SignedHeaders=host, Signature={SIG}, Extra=1"
    with pytest.raises(SignatureError, match="expected Access, SignedHeaders, Signature"):
        parse_authorization(value)


def test_a_blank_in_the_date_is_malformed_not_zero() -> None:
    headers = signed({"X-Sdk-Date": "20250101T 00000Z"})
    with pytest.raises(SignatureError, match="malformed X-Sdk-Date"):
        verify("GET", URL, headers, b"", edge_lookup, now=EDGE_WHEN)


def test_a_skew_of_exactly_the_bound_passes() -> None:
    headers = signed()
    for seconds in (900, -900):
        assert verify(
            "GET", URL, headers, b"", edge_lookup, now=EDGE_WHEN + timedelta(seconds=seconds)
        )
    with pytest.raises(SignatureError, match="is 901s in the future"):
        verify("GET", URL, headers, b"", edge_lookup, now=EDGE_WHEN - timedelta(seconds=901))


def test_a_missing_signed_header_is_named_up_to_64_characters() -> None:
    headers = signed()
    long = "x" * 100
    headers["Authorization"] = headers["Authorization"].replace(
        "SignedHeaders=host;", f"SignedHeaders=host;{long};"
    )
    with pytest.raises(SignatureError) as caught:
        verify("GET", URL, headers, b"", edge_lookup, now=EDGE_WHEN)
    assert (caught.value.reason, caught.value.detail) == ("missing signed header", "x" * 64)
