"""Connection limits, storage faults and the handler registry of the mock (issues 10, 11).

Connections: real sockets against a mock with small limits. Storage: a real SQLite file made
immutable (`chattr +i`, as root) or unwritable (`chmod`, otherwise) before start, and a
running mock process whose file-size limit is lowered under it (`prlimit`, so every write
fails as on a full disk) and raised again.
"""

from __future__ import annotations

import contextlib
import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from mockserver import (
    CREDENTIALS,
    REPO,
    SPEC,
    UPDATABLE_STATE,
    MockProcess,
    MockServer,
    start_thread_server,
)
from rawhttp import address, parse

from generator.mock import limits
from generator.mock.app import create_app
from generator.mock.config import MockConfig
from generator.mock.handlers import MissingHandlers
from generator.mock.serve import ThreadServer

Factory = Callable[..., MockProcess]


@pytest.fixture
def tight(tmp_path: Path) -> Iterator[ThreadServer]:
    config = MockConfig(
        db_path=tmp_path / "s.sqlite",
        credentials=CREDENTIALS,
        spec_path=SPEC,
        header_timeout_seconds=0.5,
        idle_timeout_seconds=1,
        max_connections=3,
    )
    running = start_thread_server(config)
    yield running
    running.stop()


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _assert_mss(raw: bytes, status: int) -> None:
    answer = parse(raw)
    assert answer.status == status, raw[:300]
    assert answer.headers.get("x-request-id")
    body = answer.json()
    assert isinstance(body, dict) and set(body) == {"error_code", "error_msg"}, body


def test_a_partial_head_is_answered_408_and_closed(tight: ThreadServer) -> None:
    with socket.create_connection(address(tight.base_url), timeout=5) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /_mock/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        raw = _read_all(sock)
        took = time.monotonic() - started
    assert 0.4 < took < 3.0, took
    _assert_mss(raw, 408)


def test_a_slow_body_is_answered_408_and_nothing_is_written(tight: ThreadServer) -> None:
    served = MockServer(tight.base_url, Path())
    head = (
        f"POST /_mock/v1/{served.project_id}/video-jobs HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n"
    )
    with socket.create_connection(address(tight.base_url), timeout=5) as sock:
        sock.sendall(head.encode() + b'{"asset_name": "slow')
        raw = _read_all(sock)
    _assert_mss(raw, 408)
    with served.client() as client:
        listed = client.get(
            f"/v1/{served.project_id}/digital-human-videos", params={"asset_name": "slow"}
        )
    assert listed.json()["count"] == 0


@pytest.mark.parametrize(
    "target",
    [
        "/_mock/health",  # the ASGI path: uvicorn's keep-alive timer
        f"/v1/{CREDENTIALS.project_id}/digital-human-videos",  # answered at once: our timer
    ],
)
def test_an_idle_connection_is_closed(tight: ThreadServer, target: str) -> None:
    token = f"X-Auth-Token: {CREDENTIALS.token}\r\n"
    with socket.create_connection(address(tight.base_url), timeout=5) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n{token}\r\n".encode())
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200"), first
        started = time.monotonic()
        assert _read_all(sock) == b""  # the server closed the idle connection
        assert time.monotonic() - started < 3.0


def test_connections_past_the_cap_are_503_and_closed(tight: ThreadServer) -> None:
    held = [socket.create_connection(address(tight.base_url), timeout=5) for _ in range(3)]
    try:
        time.sleep(0.2)  # the server has registered them
        with socket.create_connection(address(tight.base_url), timeout=5) as extra:
            raw = _read_all(extra)
        _assert_mss(raw, 503)
        assert parse(raw).headers["retry-after"] == str(limits.RETRY_AFTER_SECONDS)
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert httpx.get(tight.base_url + "/_mock/health", timeout=5).status_code == 200


def test_default_limits_are_beyond_a_test_run() -> None:
    config = MockConfig()
    assert config.header_timeout_seconds == limits.HEADER_TIMEOUT_SECONDS >= 10
    assert config.idle_timeout_seconds == limits.IDLE_TIMEOUT_SECONDS >= 30
    assert config.max_connections is None
    assert 1 <= limits.default_max_connections() <= limits.MAX_CONNECTIONS


def test_the_limits_doc_lists_every_limit() -> None:
    text = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    section = text.split("## Mock server", 1)[1].split("\n## ", 1)[0]
    for name in limits.__all__:
        if name.isupper():
            assert f"`{name}`" in section, name


# ------------------------------------------------------------------ storage


def _make_unwritable(path: Path) -> Callable[[], object] | None:
    """chattr +i as root (root ignores modes), chmod otherwise; returns the undo, or None
    where the file system has no immutable flag."""
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if made.returncode != 0:
            return None
        return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)
    path.chmod(0o444)
    path.parent.chmod(0o555)

    def undo() -> None:
        path.parent.chmod(0o755)
        path.chmod(0o644)

    return undo


def _no_growth() -> None:
    """In the child: no file may grow (a full disk)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


@pytest.mark.parametrize("fault", ["read-only", "full"])
@pytest.mark.slow
def test_an_unwritable_state_file_stops_the_start_with_a_clear_message(
    tmp_path: Path, fault: str
) -> None:
    db = tmp_path / "state.sqlite"
    config = MockConfig(db_path=db, credentials=CREDENTIALS, spec_path=SPEC)
    create_app(config).state.mock.store.close()
    for extra in tmp_path.glob("state.sqlite-*"):
        extra.unlink()
    undo = _make_unwritable(db) if fault == "read-only" else None
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "mock", "--port", "0", "--db", str(db)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            # without an immutable flag (some file systems), a full disk stands in
            preexec_fn=None if undo is not None else _no_growth,
        )
    finally:
        if undo is not None:
            undo()
    assert done.returncode == 1, done.stdout + done.stderr
    assert "cannot start" in done.stderr and "cannot be written" in done.stderr, done.stderr
    assert str(db) in done.stderr
    assert "Traceback" not in done.stderr


def _fsize(pid: int, soft: int) -> None:
    """Set the soft file-size limit of `pid` (the hard one stays, so it can be raised back)."""
    _, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (soft, hard))


@pytest.mark.slow
def test_a_full_disk_is_503_logged_once_and_loses_no_answered_write(
    tmp_path: Path, mock_factory: Factory
) -> None:
    server = mock_factory(tmp_path / "state.sqlite")
    assert server.proc is not None
    before = server.create_training_job(UPDATABLE_STATE, hold=True)["job_id"]
    _fsize(server.proc.pid, 1)  # from now on no file of the process may grow: a full disk
    try:
        with server.client() as client:
            for i in range(5):
                put = client.put(server.training_path(before), json={"name": f"n{i}"})
                assert put.status_code == 503, put.text
                assert put.json()["error_code"] == "MSS.00000004"
                assert "cannot be written" in put.json()["error_msg"]
                assert put.headers["retry-after"] == str(limits.RETRY_AFTER_SECONDS)
                created = server.control(
                    "POST", "/_mock/v1/{project_id}/training-jobs", {"state": "JOB_PENDING"}
                )
                assert created.status_code == 503, created.text
            read = client.get(server.training_path(before))
            assert read.status_code == 200 and read.json()["state"] == UPDATABLE_STATE
    finally:
        _fsize(server.proc.pid, resource.prlimit(server.proc.pid, resource.RLIMIT_FSIZE)[1])
    with server.client() as client:
        put = client.put(server.training_path(before), json={"name": "after"})
        assert put.status_code == 200, put.text  # the fault cleared, writes work again
    server.kill()
    output = "".join(server.output)
    assert output.count("storage fault") == 1, output
    assert "Traceback" not in output, output
    restarted = mock_factory(tmp_path / "state.sqlite")
    with restarted.client() as client:
        assert client.get(restarted.training_path(before)).json()["name"] == "after"


# ------------------------------------------------------------------ handlers


def _spec_with_a_sixth_operation(tmp_path: Path) -> Path:
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    first = next(iter(data["paths"].values()))
    get = first["get"]
    data["paths"]["/v1/{project_id}/digital-human-training-manage/user/jobs/{job_id}/twin"] = {
        "parameters": first.get("parameters", []),
        "get": {**get, "operationId": "show_training_job_twin"},
    }
    spec = tmp_path / "six.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return spec


@pytest.mark.slow
def test_a_spec_operation_without_a_handler_stops_the_mock(tmp_path: Path) -> None:
    spec = _spec_with_a_sixth_operation(tmp_path)
    config = MockConfig(db_path=tmp_path / "s.sqlite", credentials=CREDENTIALS, spec_path=spec)
    with pytest.raises(MissingHandlers, match=r"show_training_job_twin \(GET /v1/"):
        create_app(config)
    assert not (tmp_path / "s.sqlite").exists()  # refused before any state was made
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "mock",
            "--port",
            "0",
            "--spec",
            str(spec),
            "--db",
            str(tmp_path / "s.sqlite"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "no handler for spec operation(s): show_training_job_twin" in done.stderr
    with contextlib.suppress(FileNotFoundError):
        assert not (tmp_path / "s.sqlite").stat().st_size
