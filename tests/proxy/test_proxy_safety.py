"""Safe by default, and every cost a request can cause is bounded.

Read-only unless told, a request budget, a rate limit, bounded bodies both ways, only spec
operations forwarded, a loopback listen address unless told, upstream TLS verified. A broken,
resetting or silent upstream gets the client a 502 or a 504 in the service's error body, and
the proxy goes on serving.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from mockserver import EXAMPLE_TRAINING_JOB, REPO, SPEC
from proxyutil import (
    LIST,
    PROJECT,
    TRAINING,
    A,
    B,
    Canned,
    RawUpstream,
    canned_upstream,
    running_proxy,
    serving,
)

from generator.mock.app import create_app
from generator.mock.config import MockConfig
from generator.mock.model import load_facts
from generator.mock.serve import ThreadServer, free_socket, server_config
from generator.proxy import cli
from generator.proxy.config import resolve_upstream
from generator.runtime._constants import ENV_AK, ENV_PROJECT_ID, ENV_SK
from generator.runtime.errors import ConfigError

ERRORS = load_facts(SPEC).error_examples


@pytest.fixture
def canned() -> Iterator[tuple[str, Canned]]:
    app = canned_upstream()
    with serving(app) as url:
        yield url, app


def _error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error_code", "error_msg"}
    code = ERRORS.get(status, ERRORS[500 if status >= 500 else 400])["error_code"]
    assert body["error_code"] == code
    message: str = body["error_msg"]
    return message


def test_writes_are_refused_unless_allowed(canned: tuple[str, Canned]) -> None:
    upstream, counter = canned
    with running_proxy(upstream) as (url, app), httpx.Client(base_url=url, timeout=10) as c:
        refused = c.put(TRAINING, json={"name": "x"})
        command = c.post(f"{TRAINING}/command", json={"command": "GET_MULTIPART_UPLOADED"})
    assert "read-only" in _error(refused, 403) and "--allow-writes" in _error(refused, 403)
    _error(command, 403)
    assert counter.hits == 0 and app.tally.refused == {"write refused": 2}
    with (
        running_proxy(upstream, allow_writes=True) as (url, _),
        httpx.Client(base_url=url, timeout=10) as c,
    ):
        c.put(TRAINING, json={"name": "x"})
    assert counter.hits == 1


def test_the_budget_and_the_rate_limit(canned: tuple[str, Canned]) -> None:
    upstream, counter = canned
    with (
        running_proxy(upstream, max_requests=2) as (url, _),
        httpx.Client(base_url=url, timeout=10) as c,
    ):
        answers = [c.get(LIST) for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [200, 200]
    assert "request budget of 2 is spent" in _error(answers[2], 429)
    assert counter.hits == 2

    # one request an hour: the second would wait far past the longest wait, so it is a 429
    with (
        running_proxy(upstream, rate=1 / 3600) as (url, app),
        httpx.Client(base_url=url, timeout=10) as c,
    ):
        first, second = c.get(LIST), c.get(LIST)
    assert first.status_code == 200
    assert "rate limit" in _error(second, 429) and second.headers["retry-after"].isdigit()
    assert counter.hits == 3 and app.tally.refused == {"rate limit": 1}


def test_only_spec_operations_are_forwarded_and_bodies_are_bounded(
    canned: tuple[str, Canned],
) -> None:
    upstream, counter = canned
    with (
        running_proxy(upstream, allow_writes=True, max_body_bytes=100, max_answer_bytes=64) as (
            url,
            _,
        ),
        httpx.Client(base_url=url, timeout=10) as c,
    ):
        unknown = c.get("/v3/iam/projects")
        wrong_method = c.delete(TRAINING)
        large = c.put(TRAINING, content=b'{"name": "' + b"x" * 200 + b'"}')
        assert counter.hits == 0
        huge_answer = c.get(TRAINING)  # the canned job is far longer than 64 bytes
    assert "not an operation of the spec: GET /v3/iam/projects" in _error(unknown, 404)
    _error(wrong_method, 404)
    assert _error(large, 400) == "Invalid parameter body: larger than 100 bytes"
    assert "larger than 64 bytes" in _error(huge_answer, 502)


@pytest.mark.parametrize("mode", ["garbage", "reset", "slow"])
def test_a_broken_upstream_is_a_502_or_504_and_the_proxy_keeps_serving(mode: str) -> None:
    with (
        RawUpstream(mode) as upstream,
        running_proxy(upstream.base_url, timeout=0.5) as (
            url,
            app,
        ),
        httpx.Client(base_url=url, timeout=10) as c,
    ):
        answers = [c.get(TRAINING) for _ in range(3)]
        own = c.get("/not/in/the/spec")
    status = 504 if mode == "slow" else 502
    messages = [_error(a, status) for a in answers]
    if mode == "slow":
        assert messages[0] == "the upstream did not answer within 0.5 s"
    else:
        assert messages[0].startswith("the upstream sent no valid answer")
    _error(own, 404)
    assert upstream.connections >= 3
    assert sum(app.tally.refused.values()) == 4


def _tls_upstream(tmp: Path, app: Any) -> tuple[str, Path, uvicorn.Server, threading.Thread]:
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        [
            *(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
            ),
            *("-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    sock = free_socket()
    config = server_config(app)
    config.ssl_certfile, config.ssl_keyfile = str(cert), str(key)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    return f"https://127.0.0.1:{sock.getsockname()[1]}", cert, server, thread


def test_upstream_tls_is_verified(tmp_path: Path) -> None:
    app = canned_upstream()
    url_tls, cert, server, thread = _tls_upstream(tmp_path, app)
    try:
        with running_proxy(url_tls) as (url, _), httpx.Client(base_url=url, timeout=10) as c:
            for _ in range(100):  # wait for the TLS server (bounded)
                if server.started:
                    break
                threading.Event().wait(0.05)
            untrusted = c.get(LIST)
        assert "CERTIFICATE_VERIFY_FAILED" in _error(untrusted, 502)
        assert app.hits == 0
        with (
            running_proxy(url_tls, ca_file=cert) as (url, _),
            httpx.Client(base_url=url, timeout=10) as c,
        ):
            trusted = c.get(LIST)
        assert trusted.status_code == 200 and app.hits == 1
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_listen_address_that_is_not_loopback_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = cli.main(["--host", "0.0.0.0", "--upstream", "https://example.invalid"])
    assert code == cli.EXIT_USAGE
    assert "not a loopback address" in capsys.readouterr().err
    assert cli._is_loopback("127.0.0.1") and cli._is_loopback("localhost")
    assert not cli._is_loopback("0.0.0.0")


def test_missing_credentials_are_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in list(os.environ):
        if name.startswith(("HUAWEICLOUD_SDK_", "METASTUDIO_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cli.main(["--upstream", "https://example.invalid"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert ENV_AK in err and "Credential sources tried" in err


def test_the_command_prints_a_summary_table_on_exit(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite"
    mock = ThreadServer(create_app(MockConfig(db_path=db, credentials=B, speed=1000.0))).start()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HUAWEICLOUD_SDK_")},
        ENV_AK: B.ak,
        ENV_SK: B.sk,
        ENV_PROJECT_ID: PROJECT,
        "HOME": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
    }
    argv = [sys.executable, "-m", "generator", "proxy", "--upstream", mock.base_url]
    proc = subprocess.Popen(
        [*argv, "--port", "0", "--rate", "none"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert ready.startswith(cli.READY_PREFIX), ready
        url = ready[len(cli.READY_PREFIX) :].split(" -> ")[0]
        path = f"/v1/{PROJECT}/digital-human-training-manage/user/jobs/{EXAMPLE_TRAINING_JOB}"
        assert httpx.get(url + path, timeout=10).status_code == 200
        assert httpx.get(url + path + "/nope", timeout=10).status_code == 404
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        mock.stop()
    assert proc.returncode == 0, err
    table = out[out.index("== metastudio-proxy: summary ==") :]
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines()[2:]}
    assert rows["show_training_job"] == ["1", "0", "0"], table
    assert rows["list_video_jobs"] == ["0", "0", "0"]
    assert "answered by the proxy (not in the spec): 1" in table
    assert "[show_training_job]: 0 violation(s), 0 drift" in err


def test_the_upstream_and_credentials_come_from_the_clients_chain(tmp_path: Path) -> None:
    profile = tmp_path / "credentials"
    profile.write_text(
        f"[basic]\nak = {B.ak}\nsk = {B.sk}\nproject_id = {PROJECT}\n"
        f"security_token = {B.security_token}\n"
    )
    from_file = resolve_upstream(
        None, "cn-north-4", environ={"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(profile)}
    )
    assert from_file.endpoint == "https://metastudio.cn-north-4.myhuaweicloud.com"
    assert (from_file.ak, from_file.sk, from_file.security_token) == (
        B.ak,
        B.sk,
        B.security_token,
    )
    assert from_file.project_id == PROJECT
    env = {ENV_AK: A.ak, ENV_SK: A.sk, ENV_PROJECT_ID: PROJECT}
    argued = resolve_upstream("http://127.0.0.1:9", None, environ=env, ak=B.ak, sk=B.sk)
    assert (argued.ak, argued.endpoint) == (B.ak, "http://127.0.0.1:9")  # arguments first
    assert resolve_upstream("http://127.0.0.1:9", None, environ=env).ak == A.ak
    with pytest.raises(ConfigError, match="unknown region 'xx-1'"):
        resolve_upstream(None, "xx-1", environ=env)
