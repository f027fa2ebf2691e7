"""Every exchange checked against the spec, violations and drift kept apart.

Upstreams that have moved on: `drift_proxy.DriftProxy` in front of the mock (an unknown enum
value and an unknown field in every answer) and `Canned`, which answers fixed bodies (a
spec-breaking answer, non-ASCII values, a flood of unknown fields, an undocumented status).
Each finding must show as what it is in the X-Spec-Violations header, the log line and the
exit summary; `strict` turns a spec-breaking answer into a 502 in the service's error body.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from drift_proxy import FIELD, STATE, DriftProxy
from proxyutil import (
    LIST,
    MODEL,
    PROJECT,
    TRAINING,
    VIDEO,
    B,
    Canned,
    canned_upstream,
    running_proxy,
    serving,
)

from generator.mock.app import create_app
from generator.mock.config import MockConfig
from generator.mock.serve import ThreadServer
from generator.proxy.report import MAX_HEADER_BYTES


def _findings(response: httpx.Response) -> dict[str, Any]:
    value = response.headers.get("x-spec-violations")
    assert value is not None, response.headers
    assert value.isascii() and value.isprintable()
    found: dict[str, Any] = json.loads(value)
    return found


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db: Path = tmp_path_factory.mktemp("proxy-validation") / "state.sqlite"
    server = ThreadServer(create_app(MockConfig(db_path=db, credentials=B, speed=1000.0))).start()
    try:
        yield server.base_url
    finally:
        server.stop()


@pytest.fixture(scope="module")
def drifting(mock: str) -> Iterator[str]:
    server = ThreadServer(DriftProxy(mock)).start()
    try:
        yield server.base_url
    finally:
        server.stop()


@pytest.fixture
def canned() -> Iterator[tuple[str, Canned]]:
    app = canned_upstream()
    with serving(app) as url:
        yield url, app


def test_unknown_enum_value_and_unknown_field_are_drift_not_violations(
    drifting: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="metastudio.proxy")
    with running_proxy(drifting) as (url, app), httpx.Client(base_url=url, timeout=10) as client:
        response = client.get(TRAINING)
    assert response.status_code == 200, response.text
    assert response.json()["state"] == STATE  # reported, passed on unchanged
    found = _findings(response)
    assert found["violations"] == []
    assert {"kind": "enum", "where": "state", "value": STATE} in found["drift"]
    assert {"kind": "field", "where": FIELD, "value": FIELD} in found["drift"]
    line = next(r.getMessage() for r in caplog.records if "[show_training_job]" in r.getMessage())
    assert "0 violation(s), 2 drift" in line, line
    assert f'drift (enum) state = "{STATE}"' in line and f"drift (field) {FIELD}" in line
    row = app.tally.rows["show_training_job"]
    assert (row.exchanges, row.violations, row.drift) == (1, 0, 2)
    table = app.tally.table(app.operations)
    assert any(r.split() == ["show_training_job", "1", "0", "2"] for r in table.splitlines()), table


def test_a_spec_breaking_answer_is_a_violation_and_strict_makes_it_a_502(
    canned: tuple[str, Canned], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="metastudio.proxy")
    with running_proxy(canned[0]) as (url, app), httpx.Client(base_url=url, timeout=10) as c:
        response = c.get(TRAINING)
    assert response.status_code == 200 and response.json()["state"] == 42
    found = _findings(response)
    assert found["drift"] == []
    messages = [v["message"] for v in found["violations"]]
    assert any(m.startswith("state: 42 is not of type 'string'") for m in messages), messages
    assert {v["location"] for v in found["violations"]} == {"response"}
    warning = next(r for r in caplog.records if "[show_training_job]" in r.getMessage())
    assert warning.levelno == logging.WARNING
    assert "violation (response) state: 42 is not of type 'string'" in warning.getMessage()
    row = app.tally.rows["show_training_job"]
    assert row.violations >= 1 and row.drift == 0

    with (
        running_proxy(canned[0], strict=True) as (url, app),
        httpx.Client(base_url=url, timeout=10) as c,
    ):
        strict = c.get(TRAINING)
        drift_only = c.get(LIST)
    assert strict.status_code == 502
    body = strict.json()
    assert set(body) == {"error_code", "error_msg"}
    assert body["error_code"] == MODEL.error_examples[500]["error_code"]
    assert "the upstream answer breaks the spec: state: 42 is not of type" in body["error_msg"]
    assert _findings(strict)["violations"]
    assert drift_only.status_code == 200  # drift never fails, not even with strict


def test_non_ascii_is_escaped_and_the_header_is_bounded(canned: tuple[str, Canned]) -> None:
    with running_proxy(canned[0]) as (url, _), httpx.Client(base_url=url, timeout=10) as c:
        foreign = c.get(VIDEO)
        flooded = c.get(LIST)
    assert foreign.status_code == 200
    raw = foreign.headers.get_list("x-spec-violations")[0]
    assert "\\u672a\\u6765" in raw  # 未来, escaped: the header stays ASCII
    assert {"kind": "enum", "where": "state", "value": "未来的状态"} in _findings(foreign)["drift"]

    value = flooded.headers["x-spec-violations"]
    assert len(value) <= MAX_HEADER_BYTES
    found = _findings(flooded)
    assert found["omitted"] > 0
    assert len(found["drift"]) + found["omitted"] == 500
    assert found["drift"][0] == {
        "kind": "field",
        "where": "unknown_field_0000",
        "value": "unknown_field_0000",
    }


def test_undocumented_status_and_non_json_answer_are_violations(
    canned: tuple[str, Canned],
) -> None:
    with running_proxy(canned[0]) as (url, app), httpx.Client(base_url=url, timeout=10) as c:
        teapot = c.get(f"/v1/{PROJECT}/digital-human-training-manage/user/jobs/teapot")
        html = c.get(f"/v1/{PROJECT}/2d-digital-human-videos/html")
    assert teapot.status_code == 418
    assert _findings(teapot)["violations"] == [
        {
            "location": "response",
            "message": "status 418 is not documented for "
            "GET /v1/{project_id}/digital-human-training-manage/user/jobs/{job_id}",
        }
    ]
    assert html.text == "<html></html>"
    messages = [v["message"] for v in _findings(html)["violations"]]
    assert messages == ["body: is not the JSON the spec documents for 200 (text/html)"]
    assert app.tally.rows["show_video_job"].violations == 1


def test_a_spec_breaking_request_is_reported_and_strict_does_not_forward_it(
    canned: tuple[str, Canned],
) -> None:
    upstream, counter = canned
    with running_proxy(upstream) as (url, _), httpx.Client(base_url=url, timeout=10) as c:
        reported = c.get(LIST, params={"limit": "lots"})
        foreign = c.get(LIST, params={"sort_dir": "升序"})
    assert counter.hits == 2
    (violation,) = _findings(foreign)["violations"]  # ASCII header, the message intact
    assert violation["location"] == "request" and "'升序' is not one of" in violation["message"]
    found = _findings(reported)
    assert {"location": "request", "message": "query.limit: 'lots' is not an integer"} in found[
        "violations"
    ]
    with (
        running_proxy(upstream, strict=True) as (url, app),
        httpx.Client(base_url=url, timeout=10) as c,
    ):
        refused = c.get(LIST, params={"limit": "lots"})
    assert counter.hits == 2  # not forwarded
    assert refused.status_code == 400
    assert refused.json() == {
        "error_code": MODEL.error_examples[400]["error_code"],
        "error_msg": "Invalid parameter query.limit: 'lots' is not an integer",
    }
    assert app.tally.refused == {"request breaks the spec": 1}
