"""`mock/body.read_body` over real sockets: a read (GET) with no framing header has no body
and is answered without waiting for one; a read that does carry a body, by Content-Length or
chunked, is still received and bounded like any other."""

from __future__ import annotations

from mockserver import UPDATABLE_STATE, MockServer
from rawhttp import build, exchange

from generator.mock.config import DEFAULT_MAX_BODY


def _get(mock_server: MockServer, extra: list[tuple[bytes, bytes]], body: bytes = b"") -> bytes:
    job = mock_server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"]
    token = [(b"X-Auth-Token", mock_server.token.encode())]
    return build("GET", mock_server.training_path(job), [*token, *extra], body)


def test_a_get_without_framing_headers_is_answered(mock_server: MockServer) -> None:
    answer = exchange(mock_server.base_url, _get(mock_server, []), timeout=5)
    assert answer.status == 200, answer.body[:200]


def test_a_get_with_a_declared_body_over_the_limit_is_400(mock_server: MockServer) -> None:
    head = _get(mock_server, [(b"Content-Length", b"%d" % (DEFAULT_MAX_BODY + 1))])
    answer = exchange(mock_server.base_url, head, timeout=5)
    assert answer.status == 400 and b"too large" in answer.body, answer.body[:200]


def test_a_get_with_a_chunked_body_over_the_limit_is_400(mock_server: MockServer) -> None:
    chunk = b"x" * 65536
    chunks = b"%x\r\n%s\r\n" % (len(chunk), chunk) * (DEFAULT_MAX_BODY // len(chunk) + 1)
    request = _get(mock_server, [(b"Transfer-Encoding", b"chunked")]) + chunks + b"0\r\n\r\n"
    answer = exchange(mock_server.base_url, request, timeout=10)
    assert answer.status == 400 and b"too large" in answer.body, answer.body[:200]
