"""Both waiters stop on every final state of the spec, failures included (README: "failures
count"), sync and async, against the mock over real HTTP.

The expected final states are read from spec/metastudio.yaml with plain yaml here, not through
the mock's loader nor the generator's: a bug in either one's reading of x-lifecycle shows.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import pytest
import yaml
from metastudio_client import (
    TRAINING_JOB_FINAL_STATES,
    VIDEO_JOB_FINAL_STATES,
    AsyncMetaStudio,
    MetaStudio,
    WaiterTimeoutError,
)
from mockserver import SPEC, MockServer

FIRST, MOST = 0.005, 0.02  # waiter pauses (s) for a speed-1000 mock
# Final states whose name says the job did not succeed (a sample the spec must keep final).
FAILURES = {"training": {"TRAIN_FAILED", "JOB_REJECT", "COMPILE_FAILED"}, "video": {"FAILED"}}


@functools.cache
def spec_final(schema: str) -> tuple[str, ...]:
    data: Any = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    final: list[str] = data["components"]["schemas"][schema]["x-lifecycle"]["final"]
    return tuple(final)


TRAINING_FINAL = spec_final("TrainingJobState")
VIDEO_FINAL = spec_final("VideoJobState")


def settings(server: MockServer) -> dict[str, Any]:
    return {
        "endpoint": server.base_url,
        "project_id": server.project_id,
        "auth_token": server.token,
    }


def held_video(server: MockServer, state: str) -> str:
    created = server.control(
        "POST", "/_mock/v1/{project_id}/video-jobs", {"state": state, "hold": True}
    )
    assert created.status_code == 201, created.text
    job_id: str = created.json()["job_id"]
    return job_id


def test_generated_final_states_are_the_spec_lists() -> None:
    assert frozenset(TRAINING_FINAL) == TRAINING_JOB_FINAL_STATES
    assert frozenset(VIDEO_FINAL) == VIDEO_JOB_FINAL_STATES
    assert FAILURES["training"] <= set(TRAINING_FINAL) and FAILURES["video"] <= set(VIDEO_FINAL)


@pytest.mark.slow
def test_training_waiter_returns_on_every_final_state(mock_server: MockServer) -> None:
    jobs = {s: mock_server.create_training_job(s, hold=True)["job_id"] for s in TRAINING_FINAL}
    with MetaStudio(**settings(mock_server)) as ms:
        for state, job_id in jobs.items():
            job = ms.wait_for_training_job(
                job_id, timeout=5, progress=False, initial_delay=FIRST, max_delay=MOST
            )
            assert (job.job_id, job.state) == (job_id, state)


def test_video_waiter_returns_on_every_final_state(mock_server: MockServer) -> None:
    jobs = {state: held_video(mock_server, state) for state in VIDEO_FINAL}
    with MetaStudio(**settings(mock_server)) as ms:
        for state, job_id in jobs.items():
            job = ms.wait_for_video_job(
                job_id, timeout=5, progress=False, initial_delay=FIRST, max_delay=MOST
            )
            assert (job.job_id, job.state) == (job_id, state)


@pytest.mark.parametrize("kind", ["training", "video"])
def test_async_waiters_return_on_a_failure(mock_server: MockServer, kind: str) -> None:
    failed = sorted(FAILURES[kind])[0]
    if kind == "training":
        job_id = mock_server.create_training_job(failed, hold=True)["job_id"]
    else:
        job_id = held_video(mock_server, failed)

    async def main() -> Any:
        async with AsyncMetaStudio(**settings(mock_server)) as ms:
            wait = ms.wait_for_training_job if kind == "training" else ms.wait_for_video_job
            return await wait(
                job_id, timeout=5, progress=False, initial_delay=FIRST, max_delay=MOST
            )

    job = asyncio.run(main())
    assert (job.job_id, job.state) == (job_id, failed)


def test_a_held_running_video_job_is_not_final(mock_server: MockServer) -> None:
    job_id = held_video(mock_server, "PROCESSING")
    with MetaStudio(**settings(mock_server)) as ms, pytest.raises(WaiterTimeoutError) as caught:
        ms.wait_for_video_job(
            job_id, timeout=0.1, progress=False, initial_delay=FIRST, max_delay=MOST
        )
    assert caught.value.last_state == "PROCESSING"
