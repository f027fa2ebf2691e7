"""The mock's state in one SQLite file, by concern: `db` (the file, transactions, storage
faults, the clock), `training` (training jobs), `videos` (video jobs), `uploads` (one-shot
upload URLs). `Store` opens the file and holds one of each; seeding (`mock/seed.py`) calls it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from generator.mock.limits import BUSY_TIMEOUT_SECONDS
from generator.mock.model import MockFacts
from generator.mock.store import training, uploads, videos
from generator.mock.store.db import (
    Busy,
    Conflict,
    Database,
    Gone,
    NotFound,
    Refused,
    StorageFault,
    StoreError,
    rfc3339,
)
from generator.mock.store.training import TrainingJobs
from generator.mock.store.uploads import UPLOAD_PATH, Uploads
from generator.mock.store.videos import ListQuery, VideoJobs

__all__ = [
    "UPLOAD_PATH",
    "Busy",
    "Conflict",
    "Database",
    "Gone",
    "ListQuery",
    "NotFound",
    "Refused",
    "StorageFault",
    "Store",
    "StoreError",
    "rfc3339",
]


class Store:
    """The open state file: `db`, `training`, `videos`, `uploads`."""

    def __init__(
        self,
        path: Path,
        model: MockFacts,
        speed: float = 1.0,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        if not speed > 0:
            raise ValueError("speed must be > 0")
        self.speed = float(speed)
        self.model = model
        self.db = Database(path, busy_timeout)
        self.training = TrainingJobs(self.db, model, self.speed)
        self.uploads: Uploads = self.training.uploads
        self.videos = VideoJobs(self.db, model, self.speed)
        self.db.open([*training.DDL, *uploads.DDL, *videos.DDL])
        with self.db.write() as c:
            self.training.reopen(c)
            self.videos.reopen(c)

    @property
    def path(self) -> Path:
        return self.db.path

    def clear(self, c: sqlite3.Connection) -> None:
        """Forget every job, upload, seed mark and the clock offset (inside `c`'s transaction)."""
        self.training.clear(c)
        self.uploads.clear(c)
        self.videos.clear(c)
        c.execute("DELETE FROM meta WHERE key LIKE 'seeded:%' OR key = 'clock_offset'")

    def close(self) -> None:
        self.db.close()
