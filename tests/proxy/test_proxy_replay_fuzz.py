"""`make fuzz --base-url` against a replaying mock runs offline and sees the recorded answers.

An answer of a service that has moved on (the mock behind `drift_proxy.DriftProxy`) is recorded
through the proxy; everything is stopped; a mock replaying that cassette (the rest served
statefully) is fuzzed as a remote service. The recorded answer's drift shows in the summary,
and only for the recorded request: the others came from the stateful mock.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from drift_proxy import STATE, DriftProxy
from mockserver import CREDENTIALS, EXAMPLE_TRAINING_JOB, start_thread_server
from proxyutil import serving

from generator.contract.drift import DRIFT
from generator.contract.fuzz import main
from generator.mock.config import MockConfig
from generator.proxy.app import ProxyApp
from generator.proxy.config import ProxyConfig, resolve_upstream
from generator.runtime._constants import ENV_AK, ENV_PROJECT_ID, ENV_SK, ENV_TOKEN

pytestmark = pytest.mark.slow  # a schemathesis run

TRAINING = "GET /v1/{project_id}/digital-human-training-manage/user/jobs/{job_id}"
LIST = "GET /v1/{project_id}/digital-human-videos"


def record(tmp: Path) -> Path:
    cassette = tmp / "moved-on.yaml"
    mock = start_thread_server(
        MockConfig(db_path=tmp / "live.sqlite", credentials=CREDENTIALS, speed=1000.0)
    )
    try:
        with serving(DriftProxy(mock.base_url)) as drifting:
            chain = resolve_upstream(
                drifting,
                None,
                environ={},
                ak=CREDENTIALS.ak,
                sk=CREDENTIALS.sk,
                project_id=CREDENTIALS.project_id,
            )
            app = ProxyApp(ProxyConfig(upstream=chain, rate=None, record=cassette))
            path = (
                f"/v1/{CREDENTIALS.project_id}/digital-human-training-manage/user/jobs/"
                f"{EXAMPLE_TRAINING_JOB}"
            )
            with serving(app) as url:
                assert httpx.get(url + path, timeout=10).json()["state"] == STATE
    finally:
        mock.stop()
    return cassette


def test_fuzzing_a_replaying_mock_reports_the_recorded_drift(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cassette = record(tmp_path)
    replaying = start_thread_server(
        MockConfig(
            db_path=tmp_path / "replay.sqlite",
            credentials=CREDENTIALS,
            speed=1000.0,
            replay=cassette,
        )
    )
    monkeypatch.setenv(ENV_AK, CREDENTIALS.ak)
    monkeypatch.setenv(ENV_SK, CREDENTIALS.sk)
    monkeypatch.setenv(ENV_PROJECT_ID, CREDENTIALS.project_id)
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    argv = ["--base-url", replaying.base_url, "--report-dir", str(tmp_path / "reports")]
    argv += ["--phases", "examples", "--mode", "positive", "--max-examples", "2"]
    argv += ["--rate", "1000/s", "--max-requests", "60"]
    try:
        code = main(argv)
    finally:
        replaying.stop()
        drift = list(DRIFT.records)
        DRIFT.reset(enabled=False)
    out = capsys.readouterr().out
    assert code == 0, out
    found = {(r.operation, r.where, r.value) for r in drift}
    assert (TRAINING, "state", json.dumps(STATE)) in found, found
    assert not [r for r in drift if r.operation == LIST], drift  # not recorded: stateful
