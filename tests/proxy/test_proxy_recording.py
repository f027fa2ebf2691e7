"""Recording: a vcrpy cassette and a HAR 1.2 file, redacted both ways, replayable.

The proxy signs with key pair B and an STS token; the client sends key pair A's signature or
token. Afterwards no written file holds any of those secrets, in any spelling, even where the
upstream echoed them in an answer (header, error message, a signed download URL). vcrpy
itself replays the cassette, and the mock's `--replay-only` answers the recorded requests
with byte-identical bodies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import pytest
import vcr
import yaml
from mockserver import EXAMPLE_TRAINING_JOB, EXAMPLE_VIDEO_JOB
from proxyutil import PROJECT, SECRETS, A, B, running_proxy

from generator.mock.app import create_app
from generator.mock.config import Credentials, MockConfig
from generator.mock.serve import ThreadServer
from generator.proxy.recording import REDACTED
from generator.runtime.auth import AkSkAuth, TokenAuth

TRAINING = f"/v1/{PROJECT}/digital-human-training-manage/user/jobs/{EXAMPLE_TRAINING_JOB}"
VIDEO = f"/v1/{PROJECT}/2d-digital-human-videos/{EXAMPLE_VIDEO_JOB}"
LIST = f"/v1/{PROJECT}/digital-human-videos"
ECHO = f"/v1/{PROJECT}/2d-digital-human-videos/echo"


class Echoing:
    """The mock, except that ECHO answers with every secret the proxy knows of (its chain's
    and the client's), in the body, in a signed URL and in headers."""

    def __init__(self, app: Any, chain: str) -> None:
        self.app = app
        self.chain = chain

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != ECHO:
            await self.app(scope, receive, send)
            return
        aksk = self.chain == "aksk"
        ak, secret, token = (B.ak, B.sk, B.security_token) if aksk else ("-", B.token, B.token)
        signed_url = (
            "https://bucket.obs.cn-north-4.myhuaweicloud.com/video.mp4?AccessKeyId=TEMPAK1"
            f"&Expires=1700000000&Signature=c2lnbmF0dXJl%2Bpart&x-obs-security-token={token}"
        )
        body = json.dumps(
            {
                "error_code": "APIGW.0301",
                "error_msg": f"Incorrect IAM authentication information: AK {ak} {secret}",
                "job_id": "echo",
                "output_asset_config": {"output_asset_url": signed_url},
                "quoted": quote(secret, safe=""),
                "client": A.ak,
            }
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(body)),
            (b"x-auth-token", token.encode()),
            (b"x-echo-ak", A.ak.encode()),
        ]
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module", params=["aksk", "token"])
def recorded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """Record a session through the proxy (its chain: B's AK/SK with an STS token, or B's IAM
    token); yield the files, the bodies the client got and the upstream's URL (stopped by
    then: replays must need no network)."""
    chain: str = request.param
    tmp = tmp_path_factory.mktemp("proxy-recording")
    out = tmp / "out"
    cassette, har = out / "session.yaml", out / "session.har"
    mock = create_app(MockConfig(db_path=tmp / "state.sqlite", credentials=B, speed=1000.0))
    upstream = ThreadServer(Echoing(mock, chain)).start()
    got: dict[str, bytes] = {}
    try:
        with running_proxy(upstream.base_url, chain, record=cassette, har=har) as (url, _):
            with httpx.Client(base_url=url, auth=AkSkAuth(A.ak, A.sk, PROJECT), timeout=10) as c:
                for path in (TRAINING, VIDEO, ECHO):
                    got[path] = c.get(path).content
                got[LIST + "?limit=2&offset=0"] = c.get(
                    LIST, params={"limit": 2, "offset": 0}
                ).content
            with httpx.Client(base_url=url, auth=TokenAuth(A.token, PROJECT), timeout=10) as c:
                again = c.get(TRAINING).content
    finally:
        upstream.stop()
    stored: dict[str, bytes] = {}
    for item in yaml.safe_load(cassette.read_text())["interactions"]:
        split = urlsplit(item["request"]["uri"])
        key = split.path + (f"?{split.query}" if split.query else "")
        stored.setdefault(key, item["response"]["body"]["string"].encode())
    yield {
        "stored": stored,
        "cassette": cassette,
        "har": har,
        "dir": out,
        "got": got,
        "again": again,
        "upstream": upstream.base_url,
        "tmp": tmp,
        "chain": chain,
    }


def spellings(secret: str) -> set[str]:
    return {secret, quote(secret, safe=""), quote(secret), json.dumps(secret)[1:-1]}


def test_no_secret_is_written_anywhere(recorded: dict[str, Any]) -> None:
    files = sorted(p for p in recorded["dir"].rglob("*") if p.is_file())
    assert {p.name for p in files} == {"session.yaml", "session.har"}  # no scratch files left
    for path in files:
        text = path.read_bytes().decode("utf-8")
        for secret in SECRETS:
            for form in spellings(secret):
                assert form not in text, f"{path.name} holds {form!r}"
        assert "SDK-HMAC-SHA256" not in text  # the Authorization value went, not only the key
        assert "c2lnbmF0dXJl" not in text  # the signature part of the signed URL
    cassette = recorded["cassette"].read_text()
    signed = "AccessKeyId=REDACTED&Expires=1700000000&Signature=REDACTED&x-obs-security-token="
    assert signed + REDACTED in cassette
    assert "video.mp4?" in cassette  # the URL itself is kept


def test_the_cassette_is_vcrpys_and_vcrpy_replays_it(recorded: dict[str, Any]) -> None:
    data = yaml.safe_load(recorded["cassette"].read_text())
    assert data["version"] == 1 and len(data["interactions"]) == 5
    first = data["interactions"][0]
    assert set(first["request"]) == {"body", "headers", "method", "uri"}
    assert set(first["response"]) == {"body", "headers", "status"}
    sent = first["request"]["headers"]
    if recorded["chain"] == "aksk":
        assert sent["authorization"] == sent["x-sdk-date"] == sent["x-security-token"] == [REDACTED]
    else:
        assert sent["x-auth-token"] == [REDACTED] and "authorization" not in sent
    assert first["response"]["status"] == {"code": 200, "message": "OK"}

    base = recorded["upstream"]
    with (
        vcr.use_cassette(str(recorded["cassette"]), record_mode="none"),
        httpx.Client(timeout=10) as client,
    ):
        replayed = {path: client.get(base + path) for path in recorded["got"]}
    for path, response in replayed.items():
        assert response.content == recorded["stored"][path], path
    echo = replayed[ECHO]
    assert echo.status_code == 401
    assert echo.headers["x-auth-token"] == REDACTED
    assert echo.headers["x-echo-ak"] == REDACTED


def test_the_har_file_is_har_1_2(recorded: dict[str, Any]) -> None:
    log = json.loads(recorded["har"].read_text())["log"]
    assert log["version"] == "1.2" and log["creator"]["name"] == "metastudio-proxy"
    entries = log["entries"]
    assert len(entries) == 5
    for entry in entries:
        assert set(entry) >= {"startedDateTime", "time", "request", "response", "cache", "timings"}
        request, response = entry["request"], entry["response"]
        assert set(request) >= {"method", "url", "httpVersion", "headers", "queryString"}
        assert set(response) >= {"status", "statusText", "headers", "content", "redirectURL"}
        sent = {h["name"]: h["value"] for h in request["headers"]}
        assert sent.get("authorization", sent.get("x-auth-token")) == REDACTED
    listed = next(e for e in entries if "limit=2" in e["request"]["url"])
    assert listed["request"]["queryString"] == [
        {"name": "limit", "value": "2"},
        {"name": "offset", "value": "0"},
    ]
    text = listed["response"]["content"]["text"].encode()
    assert text == recorded["stored"][LIST + "?limit=2&offset=0"]


def test_the_mock_replays_the_recording_byte_for_byte(recorded: dict[str, Any]) -> None:
    config = MockConfig(
        db_path=recorded["tmp"] / "empty.sqlite",
        credentials=Credentials(project_id=PROJECT),  # not B: the mock's own default keys
        seed=False,  # an empty mock: whatever answers, the cassette answered
        replay=recorded["cassette"],
        replay_only=True,
    )
    server = ThreadServer(create_app(config)).start()
    try:
        auth = TokenAuth(Credentials().token)
        with httpx.Client(base_url=server.base_url, auth=auth, timeout=10) as client:
            bodies = {path: client.get(path).content for path in recorded["got"]}
            second = client.get(TRAINING).content  # recorded twice: the second recording
            third = client.get(TRAINING).content  # then the last one again
            missing = client.get(LIST, params={"limit": 3})
    finally:
        server.stop()
    assert bodies == recorded["stored"]
    assert second == recorded["again"] and third == recorded["again"]
    assert missing.status_code == 404
    assert missing.json()["error_msg"].startswith(f"not recorded: GET {LIST}?limit=3")


def test_redaction_changes_the_signature_part_of_urls_and_nothing_else(
    recorded: dict[str, Any],
) -> None:
    got, stored = recorded["got"], recorded["stored"]
    assert stored[TRAINING] == got[TRAINING]  # no secret in it: kept byte for byte
    live = got[VIDEO].decode()
    assert "Signature=" in live and "AccessKeyId=" in live  # the spec's example cover_url
    signing = r"(AccessKeyId|Signature)=[^&\"]*"
    assert stored[VIDEO].decode() == re.sub(signing, rf"\1={REDACTED}", live)
    assert stored[VIDEO] != got[VIDEO]
