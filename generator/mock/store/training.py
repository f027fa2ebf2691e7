"""Training jobs: the document, the lifecycle applied to it, updates and commands.

Lazy lifecycle: a job stores the time it entered its state (`state_since`) and when its next
system step is due (`next_due`). Reads that find `next_due <= now` settle the job first (apply
every due step, each stamped with the moment it became due); there are no background threads.
A step of `after` nominal seconds takes `after / speed` seconds on the mock's clock.

The store loads and saves: `writing()` opens one job in a write transaction with its due
steps applied; the handlers (mock/handlers/training.py) decide, refuse and answer inside it,
then `save()`. Every user write returns its answer already serialised, built inside the
transaction: if it cannot be built, nothing is committed. Stored growth is capped
(limits.py): comment logs, operation logs, the document's size and the number of jobs per
project.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson

from generator.mock.lifecycle import Transition
from generator.mock.limits import (
    MAX_COMMENT_LOGS,
    MAX_JOB_DOCUMENT_BYTES,
    MAX_OPERATION_LOGS,
    MAX_TRAINING_JOBS,
)
from generator.mock.model import MockFacts
from generator.mock.store.db import (
    Database,
    NotFound,
    Refused,
    cached_size,
    counted,
    refuse_past_cap,
    reopen,
    rfc3339,
)
from generator.mock.store.uploads import ATTACHMENT, TRAINING_VIDEO, Uploads

__all__ = ["JobWrite", "TrainingJob", "TrainingJobs"]

DDL = [
    """CREATE TABLE IF NOT EXISTS training_jobs (
    project_id TEXT NOT NULL,
    job_id TEXT NOT NULL,
    state TEXT NOT NULL,
    hold INTEGER NOT NULL DEFAULT 0,
    state_since REAL NOT NULL,
    next_due REAL,
    upload_gen INTEGER NOT NULL DEFAULT 0,
    doc BLOB NOT NULL,
    PRIMARY KEY (project_id, job_id)
) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS training_due ON training_jobs (next_due)"
    " WHERE next_due IS NOT NULL",
    *counted("training_jobs"),
]

_READ = "SELECT doc, next_due FROM training_jobs WHERE project_id = ? AND job_id = ?"


@dataclass(slots=True)
class TrainingJob:
    project_id: str
    job_id: str
    state: str
    hold: bool
    state_since: float
    upload_gen: int
    doc: dict[str, Any]


@dataclass(slots=True)
class JobWrite:
    """One job inside a write transaction (`c`), its due system steps applied at `now`."""

    c: sqlite3.Connection
    job: TrainingJob
    now: float


class TrainingJobs:
    def __init__(self, db: Database, model: MockFacts, speed: float) -> None:
        self.db = db
        self.model = model
        self.life = model.training
        self.speed = speed
        self.uploads = Uploads(db, self.upload_generation)
        self._guards = {"all_parts_uploaded": self._all_parts_uploaded}
        for t in self.life.transitions:
            if t.guard is not None and t.guard not in self._guards:
                raise ValueError(f"{self.life.name}: unknown guard {t.guard!r}")

    # ------------------------------------------------------------------ table

    def clear(self, c: sqlite3.Connection) -> None:
        c.execute("DELETE FROM training_jobs")

    def reopen(self, c: sqlite3.Connection) -> None:
        """At open: every next_due for this run's speed, the row counts afresh."""
        reopen(c, "training_jobs", self.life, self.speed)

    def upload_generation(self, c: sqlite3.Connection, project_id: str, job_id: str) -> int | None:
        row = c.execute(
            "SELECT upload_gen FROM training_jobs WHERE project_id = ? AND job_id = ?",
            (project_id, job_id),
        ).fetchone()
        return None if row is None else int(row[0])

    def _load(self, c: sqlite3.Connection, project_id: str, job_id: str) -> TrainingJob:
        row = c.execute(
            "SELECT state, hold, state_since, upload_gen, doc FROM training_jobs"
            " WHERE project_id = ? AND job_id = ?",
            (project_id, job_id),
        ).fetchone()
        if row is None:
            raise NotFound(f"training job {job_id} not found")
        return TrainingJob(
            project_id, job_id, row[0], bool(row[1]), row[2], row[3], orjson.loads(row[4])
        )

    def _save(
        self, c: sqlite3.Connection, job: TrainingJob, insert: bool = False, user: bool = False
    ) -> bytes:
        """Write the job; a user's write that grows the document past the cap is refused."""
        job.doc["state"] = job.state
        blob = orjson.dumps(job.doc)
        if user and len(blob) > MAX_JOB_DOCUMENT_BYTES:
            raise Refused(
                f"job {job.job_id}: the document would be {len(blob)} bytes; a training job"
                f" holds at most {MAX_JOB_DOCUMENT_BYTES} bytes"
            )
        due = None if job.hold else self.life.next_due(job.state, job.state_since, self.speed)
        values = (job.state, int(job.hold), job.state_since, due, job.upload_gen, blob)
        if insert:
            c.execute(
                "INSERT INTO training_jobs (state, hold, state_since, next_due, upload_gen, doc,"
                " project_id, job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, job.project_id, job.job_id),
            )
        else:
            c.execute(
                "UPDATE training_jobs SET state = ?, hold = ?, state_since = ?, next_due = ?,"
                " upload_gen = ?, doc = ? WHERE project_id = ? AND job_id = ?",
                (*values, job.project_id, job.job_id),
            )
        return blob

    def insert(self, c: sqlite3.Connection, doc: dict[str, Any], now: float, hold: bool) -> None:
        """Store a job document as it is (the seed's example job)."""
        job = TrainingJob(
            doc["project_id"], str(doc["job_id"]), str(doc["state"]), hold, now, 0, doc
        )
        self._save(c, job, insert=True)

    # ------------------------------------------------------------------ reads

    def read(self, project_id: str, job_id: str) -> tuple[bytes, bool] | None:
        """(document, due) from one indexed read (kept until the next commit); `due` means:
        call `settle`."""

        def load() -> tuple[bytes, float | None] | None:
            rows = self.db.read(_READ, (project_id, job_id))
            return (rows[0][0], rows[0][1]) if rows else None

        found = self.db.cached(("training", project_id, job_id), load, cached_size)
        if found is None:
            return None
        doc, next_due = found
        return doc, next_due is not None and next_due <= time.time() + self.db.cached_offset()

    def settle(self, project_id: str, job_id: str) -> bytes | None:
        with self.db.write() as c:
            try:
                job = self._load(c, project_id, job_id)
            except NotFound:
                return None
            if self._settle(job, self.db.now(c)):
                return self._save(c, job)
            return orjson.dumps(job.doc)

    # ------------------------------------------------------------------ lifecycle

    def _settle(self, job: TrainingJob, now: float) -> bool:
        if job.hold:
            return False
        steps = self.life.due_steps(job.state, job.state_since, now, self.speed)
        for step, at in steps:
            self._apply(job, step, at)
        return bool(steps)

    def _apply(self, job: TrainingJob, t: Transition, at: float) -> None:
        job.state = t.to
        job.state_since = at
        if t.log_type is not None:
            entry: dict[str, Any] = {"operate_time": rfc3339(at), "log_type": t.log_type}
            if t.operate_user is not None:
                entry["operate_user"] = t.operate_user
            job.doc.setdefault("operation_logs", []).append(entry)

    def _all_parts_uploaded(self, c: sqlite3.Connection, job: TrainingJob) -> str | None:
        parts = self.uploads.parts(c, job.project_id, job.job_id, job.upload_gen, TRAINING_VIDEO)
        if not parts:
            return "no training video upload URLs were issued"
        missing = [str(n) for n, etag in parts if etag is None]
        if missing:
            shown = ", ".join(missing[:20]) + (", ..." if len(missing) > 20 else "")
            return (
                f"{len(parts) - len(missing)} of {len(parts)} training video parts uploaded"
                f" (missing part {shown})"
            )
        return None

    def reported_parts(self, w: JobWrite) -> list[dict[str, str]]:
        """The training video parts uploaded so far (part number and ETag)."""
        c, job = w.c, w.job
        parts = self.uploads.parts(c, job.project_id, job.job_id, job.upload_gen, TRAINING_VIDEO)
        return [{"part_number": str(n), "etag": etag} for n, etag in parts if etag is not None]

    def issue_all_uploads(
        self, w: JobWrite, body: Mapping[str, Any], base_url: str
    ) -> dict[str, Any]:
        """New upload URLs (a new generation: older unused URLs stop working)."""
        c, job = w.c, w.job
        job.upload_gen += 1
        result: dict[str, Any] = {}
        for name, is_array in self.model.upload_url_fields:
            kind = name.removesuffix("_upload_url")
            if is_array:
                count_field, default = self.model.multipart_counts[name]
                count = body.get(count_field, default)
                if isinstance(count, int) and not isinstance(count, bool) and count > 0:
                    result[name] = self.uploads.issue(
                        c, job.project_id, job.job_id, kind, count, job.upload_gen, base_url
                    )
            else:
                result[name] = self.uploads.issue(
                    c, job.project_id, job.job_id, kind, 1, job.upload_gen, base_url
                )[0]
        return result

    def comment(self, w: JobWrite, comment_type: str, data: Any, base_url: str) -> list[str]:
        """Add a comment log; returns its attachments' upload URLs."""
        c, job, at = w.c, w.job, w.now
        logs = job.doc.setdefault("comment_logs", [])
        if len(logs) >= MAX_COMMENT_LOGS:
            raise Refused(
                f"job {job.job_id} has {MAX_COMMENT_LOGS} comment logs, the most one job keeps"
            )
        data = data if isinstance(data, Mapping) else {}
        entry: dict[str, Any] = {"operate_time": rfc3339(at), "comment_type": comment_type}
        for key in ("comment_title", "comment_message"):
            if isinstance(data.get(key), str):
                entry[key] = data[key]
        names = data.get("attachment_name") or []
        uploads = (
            self.uploads.issue(c, job.project_id, job.job_id, ATTACHMENT, len(names), 0, base_url)
            if names
            else []
        )
        if uploads:
            entry["attachment_download_url"] = uploads
        logs.append(entry)
        return uploads

    # ------------------------------------------------------------------ writes

    @contextmanager
    def writing(self, project_id: str, job_id: str) -> Iterator[JobWrite]:
        """The job in a write transaction, settled (NotFound if there is none)."""
        with self.db.write() as c:
            job = self._load(c, project_id, job_id)
            now = self.db.now(c)
            self._settle(job, now)
            yield JobWrite(c, job, now)

    def save(self, w: JobWrite) -> None:
        """Write a user's change (refused when the document outgrows its cap)."""
        self._save(w.c, w.job, user=True)

    def take(self, w: JobWrite, t: Transition) -> None:
        """Take a transition a caller asked for (refused once the operation logs are full)."""
        job = w.job
        if (
            t.log_type is not None
            and len(job.doc.get("operation_logs") or ()) >= MAX_OPERATION_LOGS
        ):
            raise Refused(
                f"job {job.job_id} has {MAX_OPERATION_LOGS} operation logs, the most one job"
                " keeps; make a new job"
            )
        self._apply(job, t, w.now)

    def guard_failure(self, w: JobWrite, guard: str) -> str | None:
        """Why `guard` does not hold for the job now, or None when it holds."""
        return self._guards[guard](w.c, w.job)

    def create(
        self,
        project_id: str,
        state: str,
        name: str | None,
        base_url: str,
        *,
        parts: int | None = None,
        hold: bool = False,
        app_user_id: str | None = None,
    ) -> bytes:
        """Control API: a new job in any state; in the initial state it gets upload URLs.

        `app_user_id` is the X-App-UserId the job was created with; the detail carries it back
        (the page: "carried if X-App-UserId is set during task creation")."""
        job_id = uuid.uuid4().hex
        with self.db.write() as c:
            refuse_past_cap(c, "training_jobs", project_id, MAX_TRAINING_JOBS, "training jobs")
            now = self.db.now(c)
            stamp = rfc3339(now)
            doc: dict[str, Any] = {
                "job_id": job_id,
                "name": name if name is not None else f"Mock job {job_id[:8]}",
                "state": state,
                "project_id": project_id,
                "create_time": stamp,
                "last_update_time": stamp,
                **self.model.training_defaults,
                "operation_logs": [{"operate_time": stamp, **self.model.create_log}],
                "comment_logs": [],
                "is_mask_file_uploaded": False,
            }
            if app_user_id is not None and "app_user_id" in self.model.training_fields:
                doc["app_user_id"] = app_user_id
            job = TrainingJob(project_id, job_id, state, hold, now, 0, doc)
            result: dict[str, Any] = {"job_id": job_id}
            if state == self.life.initial:
                job.upload_gen = 1
                result["training_video_upload_url"] = self.uploads.issue(
                    c, project_id, job_id, TRAINING_VIDEO, parts or 1, 1, base_url
                )
            answer = orjson.dumps(result)
            self._save(c, job, insert=True, user=True)
            return answer
