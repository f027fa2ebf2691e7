"""Edges of the client runtime that `make mutate` found untested, through the generated client's
copy (`metastudio_client.runtime`, what users run): the default timeouts and retry settings,
the configuration object's immutability, credentials given both ways, the exact message of a
partial environment, and signing a body that arrives as a stream."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import logging
import re
import socket
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from metastudio_client.runtime import (
    AkSkAuth,
    AsyncRetryTransport,
    ClientConfig,
    ConfigError,
    MaskedHeaders,
    PaginationError,
    RetryPolicy,
    RetryTransport,
    TokenAuth,
    _watchdog,
    aiter_pages,
    credentials,
    errors,
    from_env,
    iter_pages,
    log,
    parse_retry_after,
    response,
    signing,
    wire,
)
from metastudio_client.runtime._constants import (
    ENV_AK,
    ENV_ENDPOINT,
    ENV_LOG,
    ENV_PROJECT_ID,
    ENV_SK,
)

AK, SK = "EDGEAK00000000000001", "edge-secret"


def test_defaults_are_the_documented_ones() -> None:
    config = ClientConfig(endpoint="http://127.0.0.1:9", project_id="p", ak=AK, sk=SK)
    timeouts = (config.connect_timeout, config.read_timeout, config.write_timeout)
    assert (*timeouts, config.pool_timeout) == (5.0, 30.0, 30.0, 5.0)
    retries = (config.max_retries, config.backoff_base, config.backoff_cap)
    assert (*retries, config.max_retry_after) == (2, 0.5, 8.0, 30.0)
    assert config.call_timeout == 120.0  # README: "`call_timeout` (120 s)"
    with config.build_httpx_client() as client:
        assert client.timeout == httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)


def test_config_is_an_immutable_hashable_value() -> None:
    config = ClientConfig(endpoint="http://127.0.0.1:9", project_id="p", ak=AK, sk=SK)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.ak = "other"  # type: ignore[misc]
    assert not hasattr(config, "__dict__")  # slots: no stray attributes
    with_headers = config.replace(headers={"X-Trace": "1"})
    assert hash(with_headers) == hash(config)  # headers take no part in the hash
    assert with_headers != config


@pytest.mark.parametrize(
    "name", ["connect_timeout", "read_timeout", "write_timeout", "pool_timeout", "call_timeout"]
)
def test_a_negative_timeout_is_refused(name: str) -> None:
    config = ClientConfig(endpoint="http://127.0.0.1:9", project_id="p", ak=AK, sk=SK)
    with pytest.raises(ConfigError, match=f"{name} must be > 0"):
        config.replace(**{name: -1.0})


@pytest.mark.parametrize("given", [{"ak": AK}, {"sk": SK}])
def test_half_a_key_pair_in_arguments_is_refused(given: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match=r"give both ak and sk \(or neither\)"):
        from_env({ENV_AK: AK, ENV_SK: SK}, endpoint="http://127.0.0.1:9", **given)


def test_a_region_needs_the_client_s_region_template() -> None:
    with pytest.raises(ConfigError, match="region 'cn-north-4' given, but this client knows no"):
        from_env({}, region="cn-north-4", ak=AK, sk=SK, project_id="p")


@pytest.mark.parametrize("endpoint", ["", "   "])
def test_a_blank_endpoint_is_refused(endpoint: str) -> None:
    with pytest.raises(ConfigError, match="endpoint must not be empty"):
        ClientConfig(endpoint=endpoint, project_id="p", ak=AK, sk=SK)


@pytest.mark.parametrize(("ak", "sk"), [(AK, None), (None, SK)])
def test_a_token_with_half_a_key_pair_is_refused(ak: str | None, sk: str | None) -> None:
    with pytest.raises(ConfigError, match="either ak/sk or auth_token, not both"):
        ClientConfig(endpoint="http://127.0.0.1:9", project_id="p", auth_token="t", ak=ak, sk=sk)


def test_partial_environment_names_what_aksk_still_needs() -> None:
    with pytest.raises(ConfigError) as caught:
        from_env({ENV_AK: AK})
    needs = f"{ENV_SK}, {ENV_PROJECT_ID}"
    assert str(caught.value).startswith(
        f"missing environment variables: {ENV_ENDPOINT}, {needs}; AK/SK signing needs {needs}."
    )
    with pytest.raises(ConfigError) as only_endpoint:
        from_env({ENV_AK: AK, ENV_SK: SK, ENV_PROJECT_ID: "p"})
    assert str(only_endpoint.value).startswith(f"missing environment variables: {ENV_ENDPOINT}.")


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


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (402, errors.APIStatusError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (429, errors.RateLimitError),
        (499, errors.APIStatusError),
        (500, errors.InternalServerError),
        (599, errors.InternalServerError),
    ],
)
def test_each_status_has_its_error_class(status: int, kind: type[errors.APIStatusError]) -> None:
    error = errors.APIStatusError.from_response(httpx.Response(status, json={}))
    assert type(error) is kind and error.status_code == status


def test_error_bodies_of_other_shapes() -> None:
    def error(body: bytes, status: int = 502) -> errors.APIStatusError:
        return errors.APIStatusError.from_response(httpx.Response(status, content=body))

    only_message = error(b'{"error_msg": "busy"}')
    assert (only_message.error_code, only_message.error_msg) == (None, "busy")
    numeric = error(b'{"error_code": 7, "error_msg": 8}')
    assert (numeric.error_code, numeric.error_msg) == ("7", "8")
    nested = error(b'{"error": {"code": "APIGW.0101", "message": "gone"}}', 404)
    assert (nested.error_code, nested.error_msg) == ("APIGW.0101", "gone")
    page = error(b"<html>  " + b"x" * 250 + b"</html>")
    assert str(page) == f"502 Bad Gateway - <html> {'x' * 193}..."
    assert page.body == "<html>  " + "x" * 250 + "</html>"  # not JSON: the text
    short = error(b"x" * 200)
    assert str(short) == f"502 Bad Gateway - {'x' * 200}"  # all of it, no ellipsis


def test_pagination_stops_once_the_offset_passes_a_shrunken_count() -> None:
    calls: list[tuple[int, int]] = []

    def fetch(offset: int, limit: int) -> tuple[list[int], int | None]:
        calls.append((offset, limit))
        count = 10 if offset == 0 else 5  # jobs went away between the pages
        return list(range(offset, offset + limit)), count

    assert list(iter_pages(fetch, page_size=3)) == [0, 1, 2, 3, 4, 5]
    assert calls == [(0, 3), (3, 3)]  # offset 6 is past the count of 5: no third request


def test_pagination_bounds_and_defaults() -> None:
    calls: list[tuple[int, int]] = []

    def endless(offset: int, limit: int) -> tuple[list[int], int | None]:
        calls.append((offset, limit))
        return [offset], None  # one item a page, no count: only max_pages ends it

    with pytest.raises(PaginationError, match="stopped after 10000 pages"):
        list(iter_pages(endless))
    assert len(calls) == 10_000 and calls[0] == (0, 50)  # the defaults
    calls.clear()
    assert list(itertools.islice(iter_pages(endless, page_size=1, max_pages=1), 1)) == [0]
    with pytest.raises(PaginationError, match="stopped after 3 pages"):
        list(iter_pages(endless, page_size=1, max_pages=3))
    assert len(calls) == 1 + 3
    with pytest.raises(ValueError, match="max_pages must be >= 1"):
        iter_pages(endless, max_pages=0)

    async def aendless(offset: int, limit: int) -> tuple[list[int], int | None]:
        return endless(offset, limit)

    async def drain() -> list[int]:
        return [item async for item in aiter_pages(aendless, max_pages=3)]

    calls.clear()
    with pytest.raises(PaginationError, match="stopped after 3 pages"):
        asyncio.run(drain())
    assert len(calls) == 3


def test_retry_after_http_dates_in_any_zone() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_retry_after("Wed, 01 Jan 2025 00:00:30 -0000", now=now) == 30.0  # naive: UTC
    assert parse_retry_after("Wed, 01 Jan 2025 01:00:30 +0100", now=now) == 30.0


@pytest.mark.parametrize("negative", ["backoff_base", "backoff_cap", "max_retry_after"])
def test_retry_policy_refuses_negative_waits(negative: str) -> None:
    settings: dict[str, Any] = {negative: -1.0}
    with pytest.raises(ValueError, match="backoff_base, backoff_cap and max_retry_after"):
        RetryPolicy(**settings)


class _CutBody(httpx.AsyncByteStream):
    """A body whose connection drops while it is read."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        raise httpx.ReadError("connection reset while reading the body")
        yield b""  # pragma: no cover (makes this an async generator)


def test_async_retries_back_off_and_survive_a_cut_error_body() -> None:
    replies = iter([httpx.Response(503, stream=_CutBody())] + [httpx.Response(503)] * 2)
    seen: list[httpx.Request] = []

    def service(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return next(replies, httpx.Response(200, json={"ok": True}))

    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    async def main() -> httpx.Response:
        transport = AsyncRetryTransport(
            httpx.MockTransport(service), max_retries=3, sleep=sleep, random=lambda: 1.0
        )
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get("http://metastudio.test/v1/p/digital-human-videos")

    assert asyncio.run(main()).json() == {"ok": True}
    assert len(seen) == 4 and delays == [0.5, 1.0, 2.0]  # 0.5 * 2**attempt, attempt by attempt


def test_async_retry_transport_defaults_to_a_real_one() -> None:
    async def main() -> None:
        async with httpx.AsyncClient(transport=AsyncRetryTransport(max_retries=0)) as client:
            await client.get(_dead_endpoint())

    with pytest.raises(errors.APIConnectionError):
        asyncio.run(main())


def _dead_endpoint() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_the_watchdog_drops_finished_reads_in_bulk_past_64_plus_twice_the_live() -> None:
    """Cancelled reads stay in the heap until it holds more than 64 + 2 x live entries."""
    dog = _watchdog.Watchdog()
    far = time.monotonic() + 3600  # increasing deadlines: the thread is never woken
    left, right = socket.socketpair()
    try:
        tokens = [dog.watch(far + i, left) for i in range(67)]
        dog.cancel(tokens[0])  # 67 entries, 66 live: kept
        assert len(dog._heap) == 67
        for token in tokens[1:-1]:
            dog.cancel(token)  # the 66th cancel leaves 1 live: 67 > 64 + 2 -> compacted
        assert [token for _, token in dog._heap] == tokens[-1:]
        more = [dog.watch(far + 100 + i, left) for i in range(63)]
        for token in [tokens[-1], *more]:
            dog.cancel(token)
        assert len(dog._heap) == 64  # 64 finished, none live: not more than 64, kept
    finally:
        left.close()
        right.close()


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


def test_a_bad_2xx_names_its_request_id_only_when_sent() -> None:
    request = httpx.Request("GET", "http://127.0.0.1:9/v1/p/jobs")
    with_id = httpx.Response(
        200, content=b"<html>", headers={"X-Request-Id": "r-1"}, request=request
    )
    error = errors.APIResponseValidationError("not JSON", response=with_id)
    assert str(error).endswith("(request id r-1)") and error.request_id == "r-1"
    without = httpx.Response(200, content=b"<html>", request=request)
    assert "request id" not in str(errors.APIResponseValidationError("x", response=without))


def test_metastudio_log_adds_one_stderr_handler_however_often_it_is_read() -> None:
    saved = (list(log.logger.handlers), log.logger.level, log._handler)
    log._handler = None
    try:
        log.configure_from_env({ENV_LOG: " DEBUG"})
        log.configure_from_env({ENV_LOG: "info"})
        added = [h for h in log.logger.handlers if h not in saved[0]]
        assert len(added) == 1 and log.logger.level == logging.INFO
    finally:
        log.logger.handlers[:] = saved[0]
        log.logger.setLevel(saved[1])
        log._handler = saved[2]


def test_parse_body_wants_exactly_the_documented_status_and_an_object() -> None:
    request = httpx.Request("GET", "http://127.0.0.1:9/v1/p/jobs")
    with pytest.raises(errors.APIStatusError) as other:
        response.parse_body(httpx.Response(201, json={}, request=request), 200, dict)
    assert other.value.status_code == 201
    with pytest.raises(errors.APIStatusError):  # below the documented one too
        response.parse_body(httpx.Response(200, json={}, request=request), 201, dict)
    for body, shape in ((b"[1]", "got list (JSON array)"), (b"5", "got int (JSON scalar)")):
        with pytest.raises(errors.APIResponseValidationError, match=re.escape(shape)):
            response.parse_body(httpx.Response(200, content=body, request=request), 200, dict)


def test_a_body_the_model_refuses_is_cut_at_200_characters() -> None:
    def refuse(data: object) -> object:
        raise ValueError("x" * 300)

    answer = httpx.Response(200, json={}, request=httpx.Request("GET", "http://127.0.0.1:9/"))
    with pytest.raises(errors.APIResponseValidationError) as caught:
        response.parse_body(answer, 200, refuse)
    assert caught.value.reason == "the body does not fit the model: ValueError: " + "x" * 200


def test_a_raw_response_is_a_frozen_value_whose_repr_leaves_out_the_wire() -> None:
    answer = httpx.Response(200, json={"a": 1}, headers={"X-Request-Id": "r-2"})
    raw = response.raw_response(answer, 200, dict)
    assert repr(raw) == "APIResponse(status_code=200, request_id='r-2', parsed={'a': 1})"
    with pytest.raises(dataclasses.FrozenInstanceError):
        raw.parsed = {}  # type: ignore[misc]


def test_the_attempt_log_names_the_request_id_or_a_dash(caplog: pytest.LogCaptureFixture) -> None:
    def service(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/down"):
            raise httpx.ConnectError("refused", request=request)
        sent = {"X-Request-Id": "r-9"} if request.url.path.endswith("/with") else {}
        return httpx.Response(200, json={}, headers=sent)

    transport = RetryTransport(httpx.MockTransport(service), max_retries=0)
    with (
        caplog.at_level(logging.DEBUG, logger="metastudio_client"),
        httpx.Client(transport=transport) as client,
    ):
        client.get("http://127.0.0.1:9/with")
        client.get("http://127.0.0.1:9/without")
        with pytest.raises(errors.APIConnectionError):
            client.get("http://127.0.0.1:9/down")
    lines = [r.getMessage() for r in caplog.records if r.name == "metastudio_client"]
    assert lines[0].endswith("(attempt 1, request id r-9)"), lines
    assert lines[1].endswith("(attempt 1, request id -)"), lines
    assert lines[2].startswith("GET /down -> ConnectError in ") and lines[2].endswith(
        "(attempt 1)"
    ), lines


def test_a_list_query_value_repeats_its_key_and_drops_nones() -> None:
    given = {"state": ["SUCCEED", None, "FAILED"], "gone": None, "on": True, "off": False}
    assert wire.wire_query(given) == "off=false&on=true&state=FAILED&state=SUCCEED"
