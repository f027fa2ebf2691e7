"""Concurrency: racing commands on one job; racing uploads to one URL."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx
import lifecycle_facts as facts
import pytest
from mockserver import MockServer

pytestmark = pytest.mark.slow  # racing threads against a mock process

RACERS = 16


def _race(
    requests: Sequence[tuple[str, str, object]], server: MockServer, auth: str | None
) -> list[httpx.Response]:
    barrier = threading.Barrier(len(requests), timeout=10)

    def fire(request: tuple[str, str, object]) -> httpx.Response:
        method, url, payload = request
        with server.client(auth) as client:
            client.get("/_mock/health")  # connect before the barrier
            barrier.wait()
            if isinstance(payload, bytes):
                return client.request(method, url, content=payload)
            return client.request(method, url, json=payload)

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(fire, requests, timeout=30))


def test_racing_commands_exactly_one_wins(mock_server: MockServer) -> None:
    steps = [facts.CONFIRM_ACCEPT, facts.CONFIRM_REJECT, facts.CONFIRM_PENDING]
    commands = [step.trigger for step in steps]
    start = steps[0].source
    assert all(step.source == start for step in steps)
    for round_ in range(3):
        job_id = mock_server.create_training_job(start)["job_id"]
        url = mock_server.training_path(job_id, command=True)
        requests = [("POST", url, {"command": commands[i % 3]}) for i in range(RACERS)]
        responses = _race(requests, mock_server, "token" if round_ % 2 else "aksk")
        statuses = Counter(r.status_code for r in responses)
        assert statuses == {200: 1, 400: RACERS - 1}, [r.text for r in responses]
        winner = next(r for r in responses if r.status_code == 200)
        index = responses.index(winner)
        expected = steps[index % 3]
        with mock_server.client() as client:
            job = client.get(mock_server.training_path(job_id)).json()
        assert job["state"] == expected.to
        assert [e["log_type"] for e in job["operation_logs"]][-1] == expected.log_type
        assert len(job["operation_logs"]) == 2  # creation + exactly one transition
        for loser in responses:
            if loser is not winner:
                # every loser saw the winner's result, not the state they raced from
                assert f"in state {expected.to}" in loser.json()["error_msg"]


def test_racing_uploads_to_one_url(mock_server: MockServer) -> None:
    job = mock_server.create_training_job(facts.INITIAL, video_multipart_count=1)
    url = job["training_video_upload_url"][0]
    requests = [("PUT", url, f"body {i}".encode()) for i in range(RACERS)]
    responses = _race(requests, mock_server, None)
    assert Counter(r.status_code for r in responses) == {200: 1, 409: RACERS - 1}
