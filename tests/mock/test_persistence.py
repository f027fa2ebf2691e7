"""State survives a restart and a kill -9 (subprocess servers on one SQLite file)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import lifecycle_facts as facts
import pytest
from mockserver import MockProcess

pytestmark = pytest.mark.slow  # mock processes restarted and killed

Factory = Callable[..., MockProcess]


def test_restart_keeps_jobs_uploads_and_clock(tmp_path: Path, mock_factory: Factory) -> None:
    db = tmp_path / "state.sqlite"
    first = mock_factory(db, speed=1.0)
    job_id = first.create_training_job(facts.UPDATE_ALLOWED[0])["job_id"]
    with first.client("aksk") as client:
        urls = client.put(
            first.training_path(job_id), json={"name": "Kept", "video_multipart_count": 2}
        ).json()
    with httpx.Client(timeout=10) as raw:
        assert raw.put(urls["training_video_upload_url"][0], content=b"one").status_code == 200
    advanced = first.control("POST", "/_mock/clock/advance", {"seconds": 3600}).json()["epoch"]
    video = first.control("POST", "/_mock/v1/{project_id}/video-jobs", {"hold": True}).json()[
        "job_id"
    ]
    assert first.stop() in (0, -15)  # graceful (uvicorn re-raises the SIGTERM it handled)
    assert not any("Traceback" in line for line in first.output)

    second = mock_factory(db, speed=1.0)
    assert (
        second.base_url != "" and second.control("GET", "/_mock/clock").json()["epoch"] >= advanced
    )
    with second.client() as client:
        job = client.get(second.training_path(job_id)).json()
        assert job["name"] == "Kept" and job["state"] == facts.INITIAL
        parts = client.post(
            second.training_path(job_id, command=True), json={"command": "GET_MULTIPART_UPLOADED"}
        ).json()["multipart_data"]
        assert [p["part_number"] for p in parts] == ["1"]
        listed = client.get(f"/v1/{second.project_id}/digital-human-videos?job_id={video}").json()
        assert listed["count"] == 1
        total = client.get(f"/v1/{second.project_id}/digital-human-videos?limit=0").json()["count"]
    # upload URLs name the host they were issued through; the token is what persists
    moved = [u.replace(first.base_url, second.base_url) for u in urls["training_video_upload_url"]]
    with httpx.Client(timeout=10) as raw:
        assert raw.put(moved[0], content=b"again").status_code == 409
        assert raw.put(moved[1], content=b"two").status_code == 200
    second.stop()
    third = mock_factory(db)  # seeding is not repeated on an existing file
    with third.client() as client:
        again = client.get(f"/v1/{third.project_id}/digital-human-videos?limit=0").json()["count"]
    assert again == total


def test_kill_9_under_load_loses_no_answered_write(tmp_path: Path, mock_factory: Factory) -> None:
    db = tmp_path / "state.sqlite"
    server = mock_factory(db)
    answered: list[str] = []
    commanded: list[str] = []
    stop = threading.Event()

    def writer() -> None:
        with httpx.Client(base_url=server.base_url, timeout=5) as control, server.client() as api:
            while not stop.is_set():
                try:
                    created = control.post(
                        f"/_mock/v1/{server.project_id}/training-jobs",
                        json={"state": "WAIT_USER_CONFIRM", "name": f"n{len(answered)}"},
                    )
                    if created.status_code != 201:
                        continue
                    job_id = created.json()["job_id"]
                    answered.append(job_id)
                    result = api.post(
                        server.training_path(job_id, command=True),
                        json={"command": "CONFIRM_ACCEPT"},
                    )
                    if result.status_code == 200:
                        commanded.append(job_id)
                except httpx.HTTPError:
                    return  # the server is gone

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30  # a bound, not a speed requirement (see `make bench`)
    while len(commanded) < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()  # SIGKILL in the middle of the load
    stop.set()
    for t in threads:
        t.join(timeout=10)
    assert commanded, "no write was answered before the kill: nothing to check"

    restarted = mock_factory(db)
    accept = facts.CONFIRM_ACCEPT
    with restarted.client() as client:
        for job_id in answered:
            response = client.get(restarted.training_path(job_id))
            assert response.status_code == 200, job_id
            if job_id in commanded:
                assert response.json()["state"] == accept.to, job_id
