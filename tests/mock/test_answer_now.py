"""A plain GET is answered by the protocol at once (`MockApp.answer_now`, one write, no ASGI
task): the answer is the one the ASGI path gives, every check still runs, and anything that
needs the event loop (a step due, a fault, Prefer) or an unusual request goes the normal way.
Over real sockets, answers on one connection keep their order, fast or not."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import lifecycle_facts as facts
import pytest
from mockserver import CREDENTIALS, SPEC, UPDATABLE_STATE, MockServer, start_thread_server
from rawhttp import build, pipelined
from uvicorn.server import ServerState

from generator.mock import app as mock_app
from generator.mock.app import MockApp, _head, _headers, create_app
from generator.mock.config import MockConfig
from generator.mock.protocol import WRITE_BATCH_BYTES
from generator.mock.serve import server_config
from generator.runtime.signing import sign

TOKEN = [(b"x-auth-token", CREDENTIALS.token.encode())]


def _app(tmp_path: Path) -> MockApp:
    app = create_app(
        MockConfig(db_path=tmp_path / "s.sqlite", credentials=CREDENTIALS, spec_path=SPEC)
    )
    assert isinstance(app, MockApp)
    return app


def _scope(path: str, headers: list[tuple[bytes, bytes]], query: bytes = b"") -> dict[str, Any]:
    return {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "scheme": "http",
        "root_path": "",
        "state": {},
    }


def _asgi(app: MockApp, scope: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], sent[0]["headers"], sent[1]["body"]


def _training_path(job_id: str) -> str:
    return f"/v1/{CREDENTIALS.project_id}/digital-human-training-manage/user/jobs/{job_id}"


def _without_id(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(k, v) for k, v in headers if k != b"x-request-id"]


def _lines(head: bytes) -> list[tuple[bytes, bytes]]:
    """The header lines an answer at once carries, as the ASGI path lists them."""
    assert head.endswith(b"\r\n") and b"\r\n\r\n" not in head
    return [(k, v) for k, _, v in (line.partition(b": ") for line in head[:-2].split(b"\r\n"))]


def test_the_header_lines_at_once_are_the_asgi_headers() -> None:
    extra = [(b"retry-after", b"1")]
    for more in (None, extra):
        assert _lines(_head(b"{}", more, b"rid")) == [
            *_headers(b"{}", more),
            (b"x-request-id", b"rid"),
        ]


def test_the_answer_at_once_is_the_asgi_answer_with_its_own_request_id(tmp_path: Path) -> None:
    app = _app(tmp_path)
    store = app.state.mock.store
    job = store.training.create(
        CREDENTIALS.project_id, UPDATABLE_STATE, None, "http://x", hold=True
    )
    path = _training_path(job.decode().split('"job_id":"')[1].split('"')[0])
    for headers, status in ((TOKEN, 200), ([], 401), ([(b"x-auth-token", b"wrong")], 401)):
        now = app.answer_now(_scope(path, headers))
        assert now is not None
        asgi = _asgi(app, _scope(path, headers))
        assert now[0] == asgi[0] == status
        assert now[2] == asgi[2]
        assert _without_id(_lines(now[1])) == _without_id(asgi[1])
        ids = {v for k, v in _lines(now[1]) + asgi[1] if k == b"x-request-id"}
        assert len(ids) == 2
    # a bad query parameter is the documented 400, at once as the normal way
    listing = f"/v1/{CREDENTIALS.project_id}/digital-human-videos"
    now = app.answer_now(_scope(listing, TOKEN, b"limit=-1"))
    assert now is not None and now[0] == 400
    assert now[2] == _asgi(app, _scope(listing, TOKEN, b"limit=-1"))[2]
    store.close()


def test_what_needs_the_event_loop_goes_the_normal_way(tmp_path: Path) -> None:
    app = _app(tmp_path)
    ctx = app.state.mock
    project = CREDENTIALS.project_id
    moving = ctx.store.training.create(project, facts.SUBMIT.to, None, "http://x")
    path = _training_path(moving.decode().split('"job_id":"')[1].split('"')[0])
    assert app.answer_now(_scope(path, TOKEN)) is not None  # nothing due yet
    ctx.store.db.advance_clock(3600)

    async def in_the_loop() -> object:  # as the protocol calls it, with a loop running
        answer = app.answer_now(_scope(path, TOKEN))
        await asyncio.sleep(0.3)  # a settle started anyway would have written by now
        return answer

    assert asyncio.run(in_the_loop()) is None  # a step is due: settled in a thread, later
    job_id = path.rsplit("/", 1)[1]
    with sqlite3.connect(tmp_path / "s.sqlite") as db:
        query = "SELECT state FROM training_jobs WHERE job_id = ?"
        assert db.execute(query, (job_id,)).fetchone()[0] == facts.SUBMIT.to  # not yet
    status, _, body = _asgi(app, _scope(path, TOKEN))
    assert status == 200 and facts.SUBMIT.to.encode() not in body.split(b'"state":')[1][:40]
    assert app.answer_now(_scope(path, TOKEN)) is not None  # settled: at once again
    assert app.answer_now(_scope(path, [*TOKEN, (b"prefer", b"code=500")])) is None
    assert app.answer_now(_scope(path, TOKEN, b"__code=500")) is None
    assert app.answer_now(_scope(path, [*TOKEN, (b"x-app-userid", "é".encode())])) is None
    assert app.answer_now(_scope("/_mock/health", [])) is None  # not a spec operation
    ctx.faults.armed = True  # as any rule sets it
    assert app.answer_now(_scope(path, TOKEN)) is None
    ctx.store.close()


def test_answers_on_one_connection_keep_their_order(mock_server: MockServer) -> None:
    job = mock_server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"]
    path = mock_server.training_path(job)
    get = build("GET", path, TOKEN, close=False)
    rename = build(
        "PUT",
        path,
        [*TOKEN, (b"content-type", b"application/json")],
        b'{"name": "renamed at once"}',
        close=False,
    )
    framed = build("GET", path, [*TOKEN, (b"content-length", b"0")], close=False)
    last = build("GET", path, TOKEN)
    answers = pipelined(mock_server.base_url, [get, rename, get, framed, get, last])
    assert [a.status for a in answers] == [200] * 6
    reads = [answers[i].json() for i in (0, 2, 3, 4, 5)]
    names = [r["name"] for r in reads if isinstance(r, dict)]
    assert names[0] != "renamed at once"
    assert names[1:] == ["renamed at once"] * 4  # every GET after the PUT sees it
    ids = [a.headers["x-request-id"] for a in answers]
    assert len(set(ids)) == 6
    assert all(a.headers["content-type"] == "application/json" for a in answers)


def test_an_answer_at_once_is_in_the_access_log(
    mock_server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    """With an access log (the test's log capture is one), the line uvicorn would write."""
    job = mock_server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"]
    with caplog.at_level(logging.INFO, logger="uvicorn.access"), mock_server.client() as client:
        assert client.get(mock_server.training_path(job)).status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert any(f'"GET {mock_server.training_path(job)} HTTP/1.1" 200' in line for line in lines)


def test_an_answer_waiting_for_the_turn_goes_before_an_error_answer(
    mock_server: MockServer,
) -> None:
    """Answers given at once are written at the turn's end; an error answer on the same
    connection in the same read (here a head uvicorn cannot parse) comes after them."""
    job = mock_server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"]
    get = build("GET", mock_server.training_path(job), TOKEN, close=False)
    answers = pipelined(mock_server.base_url, [get, get, b"NOT HTTP\r\n\r\n"])
    assert [a.status for a in answers] == [200, 200, 400]
    assert b"job_id" in answers[1].body


def test_a_long_pipeline_is_answered_in_order_under_write_pressure(
    mock_server: MockServer,
) -> None:
    """Thousands of GETs in one stream: the answers outgrow the socket, so some wait in the
    transport (flow control then sends requests the ASGI way) and others at the turn's end.
    Every one is answered, once, in the order the mock took them (its request ids rise)."""
    job = mock_server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"]
    get = build("GET", mock_server.training_path(job), TOKEN, close=False)
    count = 6000
    last = build("GET", mock_server.training_path(job), TOKEN)
    answers = pipelined(
        mock_server.base_url, [get] * (count - 1) + [last], timeout=60, read_after=0.5
    )
    assert len(answers) == count
    assert {a.status for a in answers} == {200}
    ids = [a.headers["x-request-id"] for a in answers]
    assert ids == sorted(ids) and len(set(ids)) == count


class _Recorded:
    """The socket's side of a transport: what the protocol wrote, write by write."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed_after: int | None = None  # how many writes came before close

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return False

    def get_extra_info(self, name: str, default: object = None) -> object:
        return ("127.0.0.1", 8000) if name in ("sockname", "peername") else default

    def pause_reading(self) -> None: ...

    def resume_reading(self) -> None: ...

    def close(self) -> None:
        self.closed_after = len(self.writes)

    def set_write_buffer_limits(self, *args: object, **kwargs: object) -> None: ...


def test_answers_at_once_are_written_at_the_turn_end_in_bounded_batches(tmp_path: Path) -> None:
    """One GET: nothing is written while the read is handled, all of it in one write when the
    turn ends. Many pipelined GETs in one read: written as soon as the waiting answers pass
    WRITE_BATCH_BYTES (so the transport's flow control sees them), in order, none lost; a
    shutdown writes what waits before it closes."""
    app = _app(tmp_path)
    store = app.state.mock.store
    job = store.training.create(
        CREDENTIALS.project_id, UPDATABLE_STATE, None, "http://x", hold=True
    )
    path = _training_path(job.decode().split('"job_id":"')[1].split('"')[0])
    get = build("GET", path, TOKEN, close=False)
    config = server_config(app)
    config.load()

    async def run() -> tuple[int, list[bytes], int, list[bytes]]:
        protocol = config.http_protocol_class(  # type: ignore[call-arg]
            config=config, server_state=ServerState(), app_state={}
        )
        transport = _Recorded()
        protocol.connection_made(transport)  # type: ignore[arg-type]
        protocol.data_received(get)
        during_one = len(transport.writes)
        await asyncio.sleep(0)
        one = transport.writes[:]
        transport.writes.clear()
        protocol.data_received(get * 300)
        during_many = len(transport.writes)
        await asyncio.sleep(0)
        many = transport.writes[:]
        protocol.data_received(get)
        # in the same turn: the waiting answer goes out before the close
        protocol.shutdown()  # type: ignore[attr-defined]
        assert transport.closed_after == len(many) + 1
        protocol.connection_lost(None)
        return during_one, one, during_many, many

    during_one, one, during_many, many = asyncio.run(run())
    store.close()
    assert during_one == 0 and len(one) == 1 and one[0].startswith(b"HTTP/1.1 200 OK\r\n")
    size = len(one[0])
    assert during_many >= 2  # the bound was passed before the turn ended
    assert all(len(w) <= WRITE_BATCH_BYTES + size for w in many)
    joined = b"".join(many)
    assert joined.count(b"HTTP/1.1 200 OK\r\n") == 300 and len(joined) == 300 * size


def test_heads_admitted_by_token_are_kept_bounded_never_signed_ones(tmp_path: Path) -> None:
    """A plain GET that passed every check by X-Auth-Token is kept by its whole head and
    answered from the handler the next time; a refusal, an AK/SK signature (its verdict moves
    with the clock) or a large head is not kept; the memo is bounded; a fault still wins."""
    app = _app(tmp_path)
    ctx = app.state.mock
    job = ctx.store.training.create(
        CREDENTIALS.project_id, UPDATABLE_STATE, None, "http://x", hold=True
    )
    path = _training_path(job.decode().split('"job_id":"')[1].split('"')[0])
    found = app.spec_routes.match(path, "GET") if app.spec_routes else None
    assert found is not None
    operation = found[0].operations["GET"]

    def status(headers: list[tuple[bytes, bytes]]) -> int | None:
        answer = app.answer_now(_scope(path, headers))
        return None if answer is None else answer[0]

    assert status([(b"x-auth-token", b"wrong")]) == 401
    assert status([]) == 401
    assert operation.admitted == {}
    assert status(TOKEN) == status(TOKEN) == 200
    assert len(operation.admitted) == 1
    assert status([*TOKEN, (b"x-auth-token", b"wrong")]) == 401  # twice: another head

    signed = sign(
        "GET", "http://127.0.0.1" + path, {"Host": "127.0.0.1"}, b"", CREDENTIALS.ak, CREDENTIALS.sk
    )
    by_signature = [(k.lower().encode(), v.encode()) for k, v in signed.items()]
    assert status(by_signature) == 200
    assert len(operation.admitted) == 1  # checked, not kept

    large = [*TOKEN, (b"x-filler", b"a" * mock_app.ADMITTED_HEAD_BYTES)]
    assert status(large) == 200 and len(operation.admitted) == 1
    for i in range(mock_app.ADMITTED_HEADS + 5):
        assert status([*TOKEN, (b"x-n", b"%d" % i)]) == 200
        assert len(operation.admitted) <= mock_app.ADMITTED_HEADS
    assert status([*TOKEN, (b"prefer", b"code=500")]) is None
    ctx.faults.armed = True
    assert status(TOKEN) is None  # a kept head: still the normal way when a fault may apply
    ctx.store.close()


def test_a_get_with_a_body_goes_the_normal_way(tmp_path: Path) -> None:
    """A GET that frames a body (Content-Length, chunked) is not answered at once: the body
    is read and bounded like any other, so one past the limit is the documented 400."""
    config = MockConfig(
        db_path=tmp_path / "s.sqlite", credentials=CREDENTIALS, spec_path=SPEC, max_body_bytes=16
    )
    thread = start_thread_server(config)
    try:
        store = thread.app.state.mock.store  # a create's body is past this limit
        job = store.training.create(
            CREDENTIALS.project_id, UPDATABLE_STATE, None, "http://x", hold=True
        )
        path = _training_path(job.decode().split('"job_id":"')[1].split('"')[0])
        small = build("GET", path, TOKEN, b"{}", close=False)
        large = build("GET", path, TOKEN, b"x" * 17, close=False)
        chunked = build("GET", path, [*TOKEN, (b"transfer-encoding", b"chunked")], close=False)
        chunked += b"11\r\n" + b"x" * 17 + b"\r\n0\r\n\r\n"
        last = build("GET", path, TOKEN)
        answers = pipelined(thread.base_url, [small, large, chunked, last])
        assert [a.status for a in answers] == [200, 400, 400, 200]
        assert all(b"too large" in a.body for a in answers[1:3])
    finally:
        thread.stop()
