"""What the configured project holds at start: the pages' example jobs and generated video jobs.

The example training job and video job are the spec's own example responses (project id
replaced by the configured one). The generated video jobs are a deterministic function of
the project id: the same project always gets the same jobs, with every state of the video
lifecycle, both job types, a handful of scripts and asset names, spread over the first half
of 2024. Seeded jobs are "held": system steps do not move them, so lists stay stable.

`seed` and `reset` write them through the store (the store knows nothing of seeding).
"""

from __future__ import annotations

import copy
import random
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from .model import MockFacts
from .store import Store

__all__ = [
    "ASSET_NAMES",
    "GENERATED_VIDEO_JOBS",
    "SEED",
    "example_training_job",
    "example_video_job",
    "generated_video_jobs",
    "reset",
    "seed",
]

SEED = 20240704
GENERATED_VIDEO_JOBS = 60
ASSET_NAMES = ("Product tour", "Weekly news", "Training intro", "Welcome", "Quarterly report")
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
_SPAN_SECONDS = 182 * 86400


def _mark(project_id: str) -> str:
    return f"seeded:{project_id}"


def _insert(store: Store, c: sqlite3.Connection, project_id: str) -> None:
    now = store.db.now(c)
    store.training.insert(c, example_training_job(store.model, project_id), now, hold=True)
    for doc in [example_video_job(store.model), *generated_video_jobs(store.model, project_id)]:
        store.videos.insert(c, project_id, doc, now, hold=True)
    c.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (_mark(project_id),))


def seed(store: Store, project_id: str) -> bool:
    """Insert the seed jobs for `project_id` unless done before; True when inserted."""
    with store.db.write() as c:
        if c.execute("SELECT 1 FROM meta WHERE key = ?", (_mark(project_id),)).fetchone():
            return False
        _insert(store, c, project_id)
    return True


def reset(store: Store, project_id: str) -> None:
    """Forget everything (jobs, uploads, clock offset) and seed `project_id` again, in one
    transaction."""
    with store.db.write() as c:
        store.clear(c)
        _insert(store, c, project_id)


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def example_training_job(model: MockFacts, project_id: str) -> dict[str, Any]:
    doc = copy.deepcopy(dict(model.example_training_job))
    doc["project_id"] = project_id
    return doc


def example_video_job(model: MockFacts) -> dict[str, Any]:
    return copy.deepcopy(dict(model.example_video_job))


def generated_video_jobs(
    model: MockFacts, project_id: str, count: int = GENERATED_VIDEO_JOBS
) -> list[dict[str, Any]]:
    """`count` video job documents (VideoJobDetail shape), the same for the same project."""
    rng = random.Random(f"{SEED}:{project_id}")
    life = model.video
    failure_states = {t.to for t in life.transitions if t.trigger == "system_failure"}
    states = list(life.states)
    scripts = [rng.getrandbits(128).to_bytes(16, "big").hex() for _ in range(6)]
    jobs: list[dict[str, Any]] = []
    for i in range(count):
        state = states[i] if i < len(states) else rng.choice(states)
        created = _EPOCH + timedelta(seconds=rng.randrange(_SPAN_SECONDS))
        job: dict[str, Any] = {
            "job_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "state": state,
            "job_type": model.video_job_types[i % len(model.video_job_types)]
            if model.video_job_types
            else None,
        }
        if state != life.initial:
            job["start_time"] = _time(created + timedelta(seconds=rng.randrange(5, 120)))
        if state in life.final:
            job["end_time"] = _time(created + timedelta(seconds=rng.randrange(180, 900)))
            job["duration"] = float(rng.randrange(15, 600))
        job["output_asset_config"] = {
            "asset_id": rng.getrandbits(128).to_bytes(16, "big").hex(),
            "asset_name": ASSET_NAMES[rng.randrange(len(ASSET_NAMES))],
        }
        job["error_info"] = (
            {"error_code": "MSS.00000004", "error_msg": "Video rendering failed"}
            if state in failure_states
            else None
        )
        job["create_time"] = _time(created)
        job["lastupdate_time"] = job.get("end_time") or job.get("start_time") or _time(created)
        job["script_id"] = scripts[rng.randrange(len(scripts))]
        job["model_asset_id"] = rng.getrandbits(128).to_bytes(16, "big").hex()
        job.update(script_config(model, rng, i))
        if job["job_type"] is None:
            del job["job_type"]
        jobs.append(job)
    return jobs


def script_config(model: MockFacts, rng: random.Random, n: int) -> dict[str, Any]:
    """Script fields for a detail document: schema defaults plus a little variety."""
    config: dict[str, Any] = {}
    for name, defaults in model.video_detail_defaults.items():
        config[name] = dict(defaults)
    if "voice_config" in config:
        config["voice_config"]["voice_asset_id"] = rng.getrandbits(128).to_bytes(16, "big").hex()
    if "video_config" in config:
        config["video_config"].update({"width": 1920, "height": 1080, "frame_rate": 25})
    if "shoot_scripts" in model.video_script_fields:
        config["shoot_scripts"] = [
            {"sequence_no": 0, "shoot_script": {"text_config": {"text": f"Hello from job {n}."}}}
        ]
    return config
