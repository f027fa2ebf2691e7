"""One-shot upload URLs: issued with a training job's update or a comment, used by one PUT.

A URL belongs to a job and a generation: every update of the job starts a new generation, and
an unused URL of an older one is answered 403 (superseded). Attachment URLs have generation 0
and are never superseded. At most MAX_UPLOAD_URLS_PER_JOB URLs are ever issued for one job.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from typing import Any

from generator.mock.limits import MAX_UPLOAD_URLS_PER_JOB
from generator.mock.store.db import Conflict, Database, Gone, NotFound, Refused, rfc3339

__all__ = ["ATTACHMENT", "TRAINING_VIDEO", "UPLOAD_PATH", "Uploads"]

TRAINING_VIDEO = "training_video"  # the upload kind the all_parts_uploaded guard counts
ATTACHMENT = "attachment"  # comment attachments (no generation, never superseded)
UPLOAD_PATH = "/_mock/uploads/"

DDL = [
    """CREATE TABLE IF NOT EXISTS uploads (
    token TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    job_id TEXT NOT NULL,
    generation INTEGER NOT NULL,
    kind TEXT NOT NULL,
    part_number INTEGER NOT NULL,
    etag TEXT,
    size INTEGER,
    uploaded_at TEXT
) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS uploads_job ON uploads (project_id, job_id, generation, kind)",
]

# (connection, project, job) -> the job's current upload generation, or None if no such job
Generation = Callable[[sqlite3.Connection, str, str], int | None]


class Uploads:
    def __init__(self, db: Database, generation_of: Generation) -> None:
        self.db = db
        self._generation_of = generation_of

    def clear(self, c: sqlite3.Connection) -> None:
        c.execute("DELETE FROM uploads")

    def issue(
        self,
        c: sqlite3.Connection,
        project_id: str,
        job_id: str,
        kind: str,
        count: int,
        generation: int,
        base_url: str,
    ) -> list[str]:
        """`count` new URLs under `base_url`, refused past the per-job cap."""
        issued = c.execute(
            "SELECT count(*) FROM uploads WHERE project_id = ? AND job_id = ?",
            (project_id, job_id),
        ).fetchone()[0]
        if issued + count > MAX_UPLOAD_URLS_PER_JOB:
            raise Refused(
                f"job {job_id} has {issued} upload URLs; at most {MAX_UPLOAD_URLS_PER_JOB}"
                " are issued for one job"
            )
        urls = []
        rows = []
        for part in range(1, count + 1):
            token = secrets.token_urlsafe(24)
            rows.append((token, project_id, job_id, generation, kind, part))
            urls.append(f"{base_url}{UPLOAD_PATH}{token}")
        c.executemany(
            "INSERT INTO uploads (token, project_id, job_id, generation, kind, part_number)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        return urls

    def parts(
        self, c: sqlite3.Connection, project_id: str, job_id: str, generation: int, kind: str
    ) -> list[tuple[int, str | None]]:
        """(part_number, etag or None) of one generation's URLs of one kind."""
        rows = c.execute(
            "SELECT part_number, etag FROM uploads WHERE project_id = ? AND job_id = ?"
            " AND generation = ? AND kind = ? ORDER BY part_number",
            (project_id, job_id, generation, kind),
        ).fetchall()
        return [(int(n), etag) for n, etag in rows]

    def complete(self, token: str, etag: str, size: int) -> None:
        """Record the one upload a URL accepts; a second one is a Conflict."""
        with self.db.write() as c:
            row = c.execute(
                "SELECT project_id, job_id, generation, kind, etag FROM uploads WHERE token = ?",
                (token,),
            ).fetchone()
            if row is None:
                raise NotFound("no such upload URL")
            project_id, job_id, generation, kind, used = row
            if used is not None:
                raise Conflict("this upload URL was already used; each URL accepts one upload")
            if kind != ATTACHMENT and self._generation_of(c, project_id, job_id) != generation:
                raise Gone("this upload URL was superseded by a later update of the job")
            c.execute(
                "UPDATE uploads SET etag = ?, size = ?, uploaded_at = ? WHERE token = ?",
                (etag, size, rfc3339(self.db.now(c)), token),
            )

    def info(self, token: str) -> dict[str, Any] | None:
        rows = self.db.read(
            "SELECT job_id, kind, part_number, etag, size, uploaded_at FROM uploads"
            " WHERE token = ?",
            (token,),
        )
        if not rows:
            return None
        keys = ("job_id", "kind", "part_number", "etag", "size", "uploaded_at")
        return dict(zip(keys, rows[0], strict=True))

    def exists(self, token: str) -> bool:
        return bool(self.db.read("SELECT 1 FROM uploads WHERE token = ?", (token,)))
