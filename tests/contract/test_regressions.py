"""Defects the contract tests (schemathesis) found in the mock or the spec, one plain test each.

Each test is the failing request written out by hand with httpx against the mock over real
HTTP, so it keeps guarding the behaviour after schemathesis' generation changes. The docstring
names the schemathesis check that found it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from mockserver import EXAMPLE_TRAINING_JOB

from generator.contract.credentials import ContractCredentials
from generator.contract.local import LocalMock
from generator.runtime.auth import AkSkAuth

CREDS = ContractCredentials(
    project_id="0ddba11000000000000000000000beef",
    ak="REGRESSIONAK00000001",
    sk="regression/secret+key=0123456789",
    token="regression-token-0123456789",
)
TRAINING_EXAMPLE = EXAMPLE_TRAINING_JOB  # the spec's example job, seeded


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalMock]:
    db: Path = tmp_path_factory.mktemp("regressions") / "state.sqlite"
    with LocalMock(CREDS, db_path=db) as server:
        yield server


@pytest.fixture
def client(mock: LocalMock) -> Iterator[httpx.Client]:
    auth = AkSkAuth(CREDS.ak, CREDS.sk, CREDS.project_id)
    with httpx.Client(base_url=mock.base_url, auth=auth, timeout=10) as c:
        yield c


def training_path(job_id: str = TRAINING_EXAMPLE) -> str:
    return f"/v1/{CREDS.project_id}/digital-human-training-manage/user/jobs/{job_id}"


def test_405_allow_header_lists_every_method_of_the_path(client: httpx.Client) -> None:
    """ST205 allow_header_conformance, coverage phase (OPTIONS on the training-job path).

    GET and PUT share the path, but the 405 answered `Allow: GET, HEAD` (the first route
    that matched the path), so a client reading Allow never learns that PUT exists.
    """
    response = client.options(training_path())
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "PUT"} <= allowed
    assert allowed <= {"GET", "PUT", "HEAD", "OPTIONS"}
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error_code"] == "MSS.00000003"
    assert response.headers.get("x-request-id")


def test_405_allow_header_on_the_command_path(client: httpx.Client) -> None:
    """Same check, the POST-only command path: Allow must say POST."""
    response = client.get(training_path() + "/command")
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert "POST" in allowed
    assert allowed <= {"POST", "OPTIONS"}
