"""`make fuzz --base-url` against a service that answers beyond the spec: drift, not failure.

The service is the mock behind `drift_proxy.DriftProxy`, which rewrites every 200 answer with
an unknown `state`, an unknown `job_type` and an unknown field. The run (examples phase only,
a few requests) must name each drift (operation, field path, value) in the summary and as a
warning in the JUnit report, and exit 0. Against the local mock the same values would fail.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from drift_proxy import FIELD, JOB_TYPE, STATE, DriftProxy
from mockserver import CREDENTIALS, SPEC, start_thread_server

from generator.contract.drift import DRIFT
from generator.contract.fuzz import main
from generator.mock.config import MockConfig
from generator.mock.serve import ThreadServer

pytestmark = pytest.mark.slow  # schemathesis runs through a drifting proxy

TRAINING = "GET /v1/{project_id}/digital-human-training-manage/user/jobs/{job_id}"
VIDEO = "GET /v1/{project_id}/2d-digital-human-videos/{job_id}"
LIST = "GET /v1/{project_id}/digital-human-videos"


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, DriftProxy]]:
    db = tmp_path_factory.mktemp("drift") / "state.sqlite"
    config = MockConfig(db_path=db, credentials=CREDENTIALS, speed=1000.0, spec_path=SPEC)
    mock = start_thread_server(config)
    app = DriftProxy(mock.base_url)
    server = ThreadServer(app).start()
    try:
        yield server.base_url, app
    finally:
        server.stop()
        mock.stop()


def test_drift_is_reported_not_failed(
    proxy: tuple[str, DriftProxy],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, app = proxy
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", CREDENTIALS.ak)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", CREDENTIALS.sk)
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", CREDENTIALS.project_id)
    monkeypatch.delenv("METASTUDIO_AUTH_TOKEN", raising=False)
    argv = ["--base-url", url, "--report-dir", str(tmp_path), "--phases", "examples"]
    argv += ["--mode", "positive", "--max-examples", "2", "--rate", "1000/s"]
    argv += ["--max-requests", "60"]
    code = main(argv)
    out = capsys.readouterr().out
    assert code == 0, out
    assert app.rewritten > 0
    summary = out[out.index("== make fuzz: summary ==") :]
    assert "failures   : none" in summary, summary
    drift = summary[summary.index("drift      : ") :]
    state, job_type = json.dumps(STATE), json.dumps(JOB_TYPE)
    assert f"{TRAINING} -> 200: state = {state} (not in the spec's enum)" in drift, drift
    assert f"{VIDEO} -> 200: state = {state}" in drift, drift
    assert f"{LIST} -> 200: jobs[].state = {state}" in drift, drift
    assert f"{LIST} -> 200: jobs[].job_type = {job_type}" in drift, drift
    assert f"{LIST} -> 200: {FIELD} (field not in the spec)" in drift, drift

    tree = ET.parse(tmp_path / "fuzz-junit.xml")
    warnings = {
        (case.get("name"), prop.get("value"))
        for case in tree.iter("testcase")
        for prop in case.iter("property")
        if prop.get("name") == "warning"
    }
    assert (TRAINING, f"drift: {TRAINING} -> 200: state = {state} (not in the spec's enum)") in {
        (" ".join(str(n).split()), v) for n, v in warnings
    }, warnings
    assert not list(tree.iter("failure")), "drift must not be a JUnit failure"
    assert "WARNING drift:" in ET.tostring(tree.getroot(), encoding="unicode")
    DRIFT.reset(enabled=False)


def test_the_drift_check_is_off_against_the_local_mock() -> None:
    """The local run keeps schemathesis' strict response check: the drift check does nothing."""
    DRIFT.reset(enabled=False)
    from generator.contract.drift import response_schema_drift

    assert response_schema_drift(None, None, None) is None  # type: ignore[arg-type]
    assert DRIFT.records == []
