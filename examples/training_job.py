"""A training job from upload to success, with a waiter showing its progress.

Run it against the mock (`make mock` in another terminal, then the exports of the README's
quick start): `.venv/bin/python examples/training_job.py`. At the mock's default speed the
job takes about half a minute (`make mock SPEED=10`: a few seconds).

Creating a training job is not one of the five documented operations, so the mock's control
API stands in for it: it makes a job the reviewer refused (AUTO_VERIFY_FAILED), the state in
which `update_training_job` is allowed. From there on every call is the real API.
"""

from __future__ import annotations

import sys

import httpx
from metastudio_client import MetaStudio

VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4096  # stands in for the training video

with MetaStudio() as ms:
    # 1. The mock's control API (not MetaStudio's): a job waiting for new training files.
    created = httpx.post(
        f"{ms.config.endpoint}/_mock/v1/{ms.config.project_id}/training-jobs",
        json={"state": "AUTO_VERIFY_FAILED", "name": "example"},
        timeout=10,
    )
    created.raise_for_status()
    job_id = created.json()["job_id"]
    print(f"job {job_id}: {ms.show_training_job(job_id).state}")

    # 2. PUT the job: the answer holds one-shot upload URLs, one per video part.
    updated = ms.update_training_job(job_id, body={"name": "example", "video_multipart_count": 1})
    urls = updated.training_video_upload_url or []
    print(f"upload URLs: {len(urls)}")

    # 3. Upload each part: a plain HTTP PUT of the bytes, no credentials (a presigned URL).
    for url in urls:
        httpx.put(url, content=VIDEO, timeout=30).raise_for_status()

    # 4. Say the upload is complete: the job moves on to automatic review by itself.
    ms.execute_training_command(job_id, body={"command": "CONFIRM_MULTIPART_UPLOADED"})

    # 5. Wait for a final state; progress=True prints one line per state change on stderr.
    job = ms.wait_for_training_job(
        job_id, timeout=300, progress=True, initial_delay=0.2, max_delay=2
    )
    print(f"job {job_id}: {job.state}")
    if job.state != "JOB_SUCCESS":  # failures are final states too: check them
        sys.exit(f"training ended in {job.state}")
