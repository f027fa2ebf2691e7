"""generator/runtime/auth.py at its edges (found by `make mutate`), through the generated client's
copy (`metastudio_client.runtime`, what users run): its request authentication: a body that
arrives as a stream is read, then signed; secrets masked in the headers' repr."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
from metastudio_client.runtime import (
    AkSkAuth,
    MaskedHeaders,
    TokenAuth,
    signing,
)

AK, SK = "EDGEAK00000000000001", "edge-secret"


def test_a_streamed_body_is_read_then_signed() -> None:
    seen: list[signing.VerifyResult] = []

    def service(request: httpx.Request) -> httpx.Response:
        body = request.read()
        target = request.url.raw_path.decode("ascii")
        seen.append(signing.verify(request.method, target, request.headers, body, {AK: SK}.get))
        return httpx.Response(200, json={"body": body.decode()})

    def chunks() -> Iterator[bytes]:
        yield b'{"command": '
        yield b'"CANCEL"}'

    auth = AkSkAuth(AK, SK, "p")
    with httpx.Client(auth=auth, transport=httpx.MockTransport(service)) as client:
        answer = client.post("http://metastudio.test/v1/p/jobs/1/command", content=chunks())
    assert answer.json() == {"body": '{"command": "CANCEL"}'}
    assert len(seen) == 1 and seen[0].access_key == AK


def test_both_auths_mask_their_secrets_in_the_request_headers_repr() -> None:
    for auth in (TokenAuth("tok-secret", "p"), AkSkAuth(AK, SK, "p", security_token="sts-secret")):
        request = httpx.Request("GET", "http://127.0.0.1:9/v1/p/x", headers={"Accept": "a/b"})
        sent = next(auth.auth_flow(request))
        shown = repr(sent.headers)
        assert type(sent.headers) is MaskedHeaders
        assert "secret" not in shown and "'accept': 'a/b'" in shown, shown


def test_masked_headers_repr_is_httpx_s_dict_or_list_form() -> None:
    """A dict when every name is once, the list of pairs when a name repeats (as httpx)."""
    once = MaskedHeaders({"Accept": "a/b", "X-Auth-Token": "t"})
    assert repr(once) == "Headers({'accept': 'a/b', 'x-auth-token': '[secure]'})"
    twice = MaskedHeaders([("Accept", "a/b"), ("Accept", "c/d")])
    assert repr(twice) == "Headers([('accept', 'a/b'), ('accept', 'c/d')])"
    assert repr(httpx.Headers([("Accept", "a/b"), ("Accept", "c/d")])) == repr(twice)
