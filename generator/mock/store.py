"""SQLite state of the mock, and the lifecycle applied to it.

Durability: WAL journal with `synchronous=FULL`, so a transaction is on disk (WAL fsynced)
before its COMMIT returns, and the HTTP answer is only sent after that; a `kill -9` (or a power
cut) loses no write that was answered 200.

Concurrency: every read-check-write runs in one `BEGIN IMMEDIATE` transaction (the write lock
is taken before the read), so two commands racing on one job are serialised and the second
sees the first one's result. Each thread has its own connection (`check_same_thread` stays on
in spirit: a connection is only used by the thread that opened it; `close()` closes them all).

Lazy lifecycle: jobs store the time they entered their state (`state_since`) and when their
next system step is due (`next_due`). Reads that find `next_due <= now` settle the job first
(apply every due step, each stamped with the moment it became due); there are no background
threads. Times are seconds on the mock's clock: real time plus an offset that
`advance_clock` moves forward (persisted). A step of `after` nominal seconds takes
`after / speed` seconds on that clock.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from . import seed
from .lifecycle import SYSTEM_FAILURE, Transition
from .model import OP_UPDATE_TRAINING, SpecModel
from .validation import parse_rfc3339

__all__ = [
    "Conflict",
    "Gone",
    "ListQuery",
    "NotFound",
    "Refused",
    "Store",
    "StoreError",
    "rfc3339",
]

SCHEMA_VERSION = "2"
TRAINING_VIDEO = "training_video"  # the upload kind the all_parts_uploaded guard counts
ATTACHMENT = "attachment"  # comment attachments (no generation, never superseded)
UPLOAD_PATH = "/_mock/uploads/"

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS training_jobs (
    project_id TEXT NOT NULL,
    job_id TEXT NOT NULL,
    state TEXT NOT NULL,
    hold INTEGER NOT NULL DEFAULT 0,
    state_since REAL NOT NULL,
    next_due REAL,
    upload_gen INTEGER NOT NULL DEFAULT 0,
    doc BLOB NOT NULL,
    PRIMARY KEY (project_id, job_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS training_due ON training_jobs (next_due) WHERE next_due IS NOT NULL;
CREATE TABLE IF NOT EXISTS uploads (
    token TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    job_id TEXT NOT NULL,
    generation INTEGER NOT NULL,
    kind TEXT NOT NULL,
    part_number INTEGER NOT NULL,
    etag TEXT,
    size INTEGER,
    uploaded_at TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS uploads_job ON uploads (project_id, job_id, generation, kind);
-- the list reads narrow rows (filters + the list item's JSON) through a covering index;
-- the detail documents live apart so a list never pages through them
CREATE TABLE IF NOT EXISTS video_jobs (
    project_id TEXT NOT NULL,
    job_id TEXT NOT NULL,
    state TEXT NOT NULL,
    job_type TEXT,
    create_ts REAL NOT NULL,
    script_id TEXT,
    asset_name TEXT,
    hold INTEGER NOT NULL DEFAULT 0,
    state_since REAL NOT NULL,
    next_due REAL,
    summary BLOB NOT NULL,
    UNIQUE (project_id, job_id)
);
CREATE INDEX IF NOT EXISTS video_list
    ON video_jobs (project_id, create_ts, job_id, state, job_type);
CREATE INDEX IF NOT EXISTS video_due ON video_jobs (project_id, next_due)
    WHERE next_due IS NOT NULL;
CREATE TABLE IF NOT EXISTS video_docs (
    project_id TEXT NOT NULL,
    job_id TEXT NOT NULL,
    detail BLOB NOT NULL,
    detail_script BLOB NOT NULL,
    PRIMARY KEY (project_id, job_id)
) WITHOUT ROWID;
"""


class StoreError(Exception):
    """A refusal the HTTP layer turns into an error response; `str()` is the message."""

    status = 400


class NotFound(StoreError):
    status = 404


class Refused(StoreError):
    status = 400


class Conflict(StoreError):
    status = 409


class Gone(StoreError):
    status = 403


def rfc3339(ts: float) -> str:
    """Seconds since the epoch as RFC 3339 UTC with a Z, to the second (as the pages show)."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ts(value: Any, fallback: float) -> float:
    if isinstance(value, str) and (moment := parse_rfc3339(value)) is not None:
        return moment.timestamp()
    return fallback


@dataclass(slots=True)
class _Training:
    project_id: str
    job_id: str
    state: str
    hold: bool
    state_since: float
    upload_gen: int
    doc: dict[str, Any]


@dataclass(slots=True)
class _Video:
    project_id: str
    job_id: str
    state: str
    hold: bool
    state_since: float
    doc: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ListQuery:
    offset: int = 0
    limit: int | None = None
    states: Sequence[str] = ()
    job_type: str | None = None
    descending: bool = False
    create_since: float | None = None
    create_until: float | None = None
    script_id: str | None = None
    asset_name: str | None = None
    job_id: str | None = None


class Store:
    def __init__(self, path: Path, model: SpecModel, speed: float = 1.0) -> None:
        if not speed > 0:
            raise ValueError("speed must be > 0")
        self.path = Path(path)
        self.model = model
        self.speed = float(speed)
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._guards = {"all_parts_uploaded": self._all_parts_uploaded}
        for life in (model.training, model.video):
            for t in life.transitions:
                if t.guard is not None and t.guard not in self._guards:
                    raise ValueError(f"{life.name}: unknown guard {t.guard!r}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._conn()
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise RuntimeError(f"{self.path}: SQLite refused WAL mode ({mode})")
        with self._write() as c:
            for statement in _DDL.split(";"):
                if statement.strip():
                    c.execute(statement)
            row = c.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                c.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif row[0] != SCHEMA_VERSION:
                raise RuntimeError(
                    f"{self.path}: state schema {row[0]}, this mock needs {SCHEMA_VERSION};"
                    " delete the file or use another --db"
                )
            row = c.execute("SELECT value FROM meta WHERE key='clock_offset'").fetchone()
            self._offset = float(row[0]) if row else 0.0
            self._reschedule(c)

    # ------------------------------------------------------------------ plumbing

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30.0
            )
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(sqlite3.Error):  # closing is best effort
                conn.close()
        self._local = threading.local()

    def now(self) -> float:
        """The mock's clock: real time plus every `advance_clock` so far."""
        return time.time() + self._offset

    def advance_clock(self, seconds: float) -> float:
        with self._write() as c:
            row = c.execute("SELECT value FROM meta WHERE key='clock_offset'").fetchone()
            offset = (float(row[0]) if row else 0.0) + seconds
            c.execute("INSERT OR REPLACE INTO meta VALUES ('clock_offset', ?)", (repr(offset),))
        self._offset = offset
        return self.now()

    def _reschedule(self, c: sqlite3.Connection) -> None:
        """Recompute next_due for the current speed (it may differ from the last run's)."""
        for table, life in (
            ("training_jobs", self.model.training),
            ("video_jobs", self.model.video),
        ):
            rows = c.execute(
                f"SELECT project_id, job_id, state, state_since FROM {table} WHERE hold = 0"
            ).fetchall()
            for project_id, job_id, state, since in rows:
                c.execute(
                    f"UPDATE {table} SET next_due = ? WHERE project_id = ? AND job_id = ?",
                    (life.next_due(state, since, self.speed), project_id, job_id),
                )

    # ------------------------------------------------------------------ seeding and reset

    def seed(self, project_id: str) -> bool:
        """Insert the seed jobs for `project_id` unless done before; True when inserted."""
        key = f"seeded:{project_id}"
        with self._write() as c:
            if c.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone():
                return False
            self._seed(c, project_id)
            c.execute("INSERT INTO meta VALUES (?, '1')", (key,))
        return True

    def _seed(self, c: sqlite3.Connection, project_id: str) -> None:
        now = self.now()
        doc = seed.example_training_job(self.model, project_id)
        job = _Training(project_id, str(doc["job_id"]), str(doc["state"]), True, now, 0, doc)
        self._save_training(c, job, insert=True)
        for vdoc in [
            seed.example_video_job(self.model),
            *seed.generated_video_jobs(self.model, project_id),
        ]:
            video = _Video(project_id, str(vdoc["job_id"]), str(vdoc["state"]), True, now, vdoc)
            self._save_video(c, video, insert=True)

    def reset(self, project_id: str) -> None:
        """Forget everything (jobs, uploads, clock offset) and seed `project_id` again."""
        with self._write() as c:
            for table in ("training_jobs", "uploads", "video_jobs", "video_docs"):
                c.execute(f"DELETE FROM {table}")
            c.execute("DELETE FROM meta WHERE key LIKE 'seeded:%' OR key = 'clock_offset'")
            self._offset = 0.0
            self._seed(c, project_id)
            c.execute("INSERT INTO meta VALUES (?, '1')", (f"seeded:{project_id}",))

    # ------------------------------------------------------------------ training jobs

    def read_training(self, project_id: str, job_id: str) -> tuple[bytes, bool] | None:
        """(document, due) from one indexed read; `due` means: call `settle_training`."""
        row = (
            self._conn()
            .execute(
                "SELECT doc, next_due FROM training_jobs WHERE project_id = ? AND job_id = ?",
                (project_id, job_id),
            )
            .fetchone()
        )
        if row is None:
            return None
        return row[0], row[1] is not None and row[1] <= self.now()

    def settle_training(self, project_id: str, job_id: str) -> bytes | None:
        with self._write() as c:
            job = self._load_training(c, project_id, job_id)
            if job is None:
                return None
            if self._settle_training(job, self.now()):
                return self._save_training(c, job)
            return orjson.dumps(job.doc)

    def _load_training(
        self, c: sqlite3.Connection, project_id: str, job_id: str
    ) -> _Training | None:
        row = c.execute(
            "SELECT state, hold, state_since, upload_gen, doc FROM training_jobs"
            " WHERE project_id = ? AND job_id = ?",
            (project_id, job_id),
        ).fetchone()
        if row is None:
            return None
        return _Training(
            project_id, job_id, row[0], bool(row[1]), row[2], row[3], orjson.loads(row[4])
        )

    def _save_training(self, c: sqlite3.Connection, job: _Training, insert: bool = False) -> bytes:
        job.doc["state"] = job.state
        blob = orjson.dumps(job.doc)
        due = (
            None
            if job.hold
            else self.model.training.next_due(job.state, job.state_since, self.speed)
        )
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

    def _settle_training(self, job: _Training, now: float) -> bool:
        if job.hold:
            return False
        steps = self.model.training.due_steps(job.state, job.state_since, now, self.speed)
        for step, at in steps:
            self._apply_training(job, step, at)
        return bool(steps)

    def _apply_training(self, job: _Training, t: Transition, at: float) -> None:
        job.state = t.to
        job.state_since = at
        if t.log_type is not None:
            entry: dict[str, Any] = {"operate_time": rfc3339(at), "log_type": t.log_type}
            if t.operate_user is not None:
                entry["operate_user"] = t.operate_user
            job.doc.setdefault("operation_logs", []).append(entry)

    def _refusal(self, job: _Training, trigger: str, what: str) -> Refused:
        life = self.model.training
        states = life.states_for(trigger)
        where = f"allowed only in {', '.join(states)}" if states else "not allowed in any state"
        final = " (a final state)" if job.state in life.final else ""
        return Refused(f"job {job.job_id} is in state {job.state}{final}; {what} is {where}")

    def _issue_uploads(
        self, c: sqlite3.Connection, job: _Training, kind: str, count: int, base_url: str, gen: int
    ) -> list[str]:
        urls = []
        for part in range(1, count + 1):
            token = secrets.token_urlsafe(24)
            c.execute(
                "INSERT INTO uploads (token, project_id, job_id, generation, kind, part_number)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (token, job.project_id, job.job_id, gen, kind, part),
            )
            urls.append(f"{base_url}{UPLOAD_PATH}{token}")
        return urls

    def _issue_all_uploads(
        self, c: sqlite3.Connection, job: _Training, body: Mapping[str, Any], base_url: str
    ) -> dict[str, Any]:
        """New upload URLs (a new generation: older unused URLs stop working)."""
        job.upload_gen += 1
        result: dict[str, Any] = {}
        for name, is_array in self.model.upload_url_fields:
            kind = name.removesuffix("_upload_url")
            if is_array:
                count_field, default = self.model.multipart_counts[name]
                count = body.get(count_field, default)
                if isinstance(count, int) and not isinstance(count, bool) and count > 0:
                    result[name] = self._issue_uploads(
                        c, job, kind, count, base_url, job.upload_gen
                    )
            else:
                result[name] = self._issue_uploads(c, job, kind, 1, base_url, job.upload_gen)[0]
        return result

    def _all_parts_uploaded(self, c: sqlite3.Connection, job: _Training) -> str | None:
        parts = c.execute(
            "SELECT part_number, etag FROM uploads WHERE project_id = ? AND job_id = ?"
            " AND generation = ? AND kind = ? ORDER BY part_number",
            (job.project_id, job.job_id, job.upload_gen, TRAINING_VIDEO),
        ).fetchall()
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

    def _parts(self, c: sqlite3.Connection, job: _Training) -> list[dict[str, str]]:
        rows = c.execute(
            "SELECT part_number, etag FROM uploads WHERE project_id = ? AND job_id = ?"
            " AND generation = ? AND kind = ? AND etag IS NOT NULL ORDER BY part_number",
            (job.project_id, job.job_id, job.upload_gen, TRAINING_VIDEO),
        ).fetchall()
        return [{"part_number": str(n), "etag": etag} for n, etag in rows]

    def _comment(
        self,
        c: sqlite3.Connection,
        job: _Training,
        comment_type: str,
        data: Any,
        at: float,
        base_url: str,
    ) -> list[str]:
        data = data if isinstance(data, Mapping) else {}
        entry: dict[str, Any] = {"operate_time": rfc3339(at), "comment_type": comment_type}
        for key in ("comment_title", "comment_message"):
            if isinstance(data.get(key), str):
                entry[key] = data[key]
        names = data.get("attachment_name") or []
        uploads = self._issue_uploads(c, job, ATTACHMENT, len(names), base_url, 0) if names else []
        if uploads:
            entry["attachment_download_url"] = uploads
        job.doc.setdefault("comment_logs", []).append(entry)
        return uploads

    def update_training(
        self, project_id: str, job_id: str, body: Mapping[str, Any], base_url: str
    ) -> dict[str, Any]:
        """The PUT: only in x-allowed-states; copies fields, returns one-shot upload URLs."""
        with self._write() as c:
            job = self._load_training(c, project_id, job_id)
            if job is None:
                raise NotFound(f"training job {job_id} not found")
            now = self.now()
            self._settle_training(job, now)
            t = self.model.training.transition(job.state, OP_UPDATE_TRAINING)
            if job.state not in self.model.update_allowed_states or t is None:
                allowed = ", ".join(self.model.update_allowed_states)
                raise Refused(
                    f"job {job_id} is in state {job.state}; {OP_UPDATE_TRAINING} is allowed"
                    f" only in {allowed}"
                )
            for key in self.model.update_copy_fields:
                if key in body:
                    job.doc[key] = body[key]
            result: dict[str, Any] = {"job_id": job_id}
            result.update(self._issue_all_uploads(c, job, body, base_url))
            self._apply_training(job, t, now)
            job.doc["last_update_time"] = rfc3339(now)
            self._save_training(c, job)
            return result

    def _comment_into(
        self,
        result: dict[str, Any],
        c: sqlite3.Connection,
        job: _Training,
        comment_type: str,
        body: Mapping[str, Any],
        now: float,
        base_url: str,
    ) -> None:
        """Add the command's comment log; its attachment upload URLs go into the answer."""
        urls = self._comment(c, job, comment_type, body.get("comment_data"), now, base_url)
        if urls:
            result["attachment_upload_url"] = urls

    def command_training(
        self, project_id: str, job_id: str, body: Mapping[str, Any], base_url: str
    ) -> dict[str, Any]:
        """A command: a transition or a query of the lifecycle, else Refused naming both."""
        command = str(body["command"])
        life = self.model.training
        with self._write() as c:
            job = self._load_training(c, project_id, job_id)
            if job is None:
                raise NotFound(f"training job {job_id} not found")
            now = self.now()
            self._settle_training(job, now)
            result: dict[str, Any] = dict(self.model.command_ok)
            query = life.query(command)
            if query is not None:
                if not life.query_allowed(query, job.state):
                    raise self._refusal(job, command, f"command {command}")
                if query.comment_type is not None:
                    self._comment_into(result, c, job, query.comment_type, body, now, base_url)
                if query.reports is not None:
                    result[query.reports] = self._parts(c, job)
            else:
                t = life.transition(job.state, command)
                if t is None:
                    raise self._refusal(job, command, f"command {command}")
                if t.guard is not None:
                    reason = self._guards[t.guard](c, job)
                    if reason is not None:
                        raise Refused(
                            f"job {job_id} is in state {job.state}; command {command} refused:"
                            f" {reason}"
                        )
                self._apply_training(job, t, now)
                if t.comment_type is not None:
                    self._comment_into(result, c, job, t.comment_type, body, now, base_url)
                job.doc["last_update_time"] = rfc3339(now)
            self._save_training(c, job)
            return result

    def create_training(
        self,
        project_id: str,
        state: str,
        name: str | None,
        base_url: str,
        *,
        parts: int | None = None,
        hold: bool = False,
        app_user_id: str | None = None,
    ) -> dict[str, Any]:
        """Control API: a new job in any state; in the initial state it gets upload URLs.

        `app_user_id` is the X-App-UserId the job was created with; the detail carries it back
        (the page: "carried if X-App-UserId is set during task creation")."""
        now = self.now()
        job_id = uuid.uuid4().hex
        doc: dict[str, Any] = {
            "job_id": job_id,
            "name": name if name is not None else f"Mock job {job_id[:8]}",
            "state": state,
            "project_id": project_id,
            "create_time": rfc3339(now),
            "last_update_time": rfc3339(now),
            **self.model.training_defaults,
            "operation_logs": [{"operate_time": rfc3339(now), **self.model.create_log}],
            "comment_logs": [],
            "is_mask_file_uploaded": False,
        }
        if app_user_id is not None and "app_user_id" in self.model.training_fields:
            doc["app_user_id"] = app_user_id
        job = _Training(project_id, job_id, state, hold, now, 0, doc)
        result: dict[str, Any] = {"job_id": job_id}
        with self._write() as c:
            if state == self.model.training.initial:
                count = parts if parts is not None else 1
                job.upload_gen = 1
                result["training_video_upload_url"] = self._issue_uploads(
                    c, job, TRAINING_VIDEO, count, base_url, 1
                )
            self._save_training(c, job, insert=True)
        return result

    def fail_training(self, project_id: str, job_id: str) -> str:
        """Control API: take the lifecycle's system_failure step from the current state."""
        with self._write() as c:
            job = self._load_training(c, project_id, job_id)
            if job is None:
                raise NotFound(f"training job {job_id} not found")
            now = self.now()
            self._settle_training(job, now)
            t = self.model.training.failure_step(job.state)
            if t is None:
                raise self._refusal(job, SYSTEM_FAILURE, "a system failure")
            self._apply_training(job, t, now)
            self._save_training(c, job)
            return job.state

    # ------------------------------------------------------------------ uploads

    def complete_upload(self, token: str, etag: str, size: int) -> None:
        """Record the one upload a URL accepts; a second one is a Conflict."""
        with self._write() as c:
            row = c.execute(
                "SELECT project_id, job_id, generation, kind, etag FROM uploads WHERE token = ?",
                (token,),
            ).fetchone()
            if row is None:
                raise NotFound("no such upload URL")
            project_id, job_id, generation, kind, used = row
            if used is not None:
                raise Conflict("this upload URL was already used; each URL accepts one upload")
            if kind != ATTACHMENT:
                current = c.execute(
                    "SELECT upload_gen FROM training_jobs WHERE project_id = ? AND job_id = ?",
                    (project_id, job_id),
                ).fetchone()
                if current is None or current[0] != generation:
                    raise Gone("this upload URL was superseded by a later update of the job")
            c.execute(
                "UPDATE uploads SET etag = ?, size = ?, uploaded_at = ? WHERE token = ?",
                (etag, size, rfc3339(self.now()), token),
            )

    def upload_info(self, token: str) -> dict[str, Any] | None:
        row = (
            self._conn()
            .execute(
                "SELECT job_id, kind, part_number, etag, size, uploaded_at FROM uploads"
                " WHERE token = ?",
                (token,),
            )
            .fetchone()
        )
        if row is None:
            return None
        keys = ("job_id", "kind", "part_number", "etag", "size", "uploaded_at")
        return dict(zip(keys, row, strict=True))

    def upload_exists(self, token: str) -> bool:
        row = self._conn().execute("SELECT 1 FROM uploads WHERE token = ?", (token,)).fetchone()
        return row is not None

    # ------------------------------------------------------------------ video jobs

    def _save_video(self, c: sqlite3.Connection, job: _Video, insert: bool = False) -> None:
        doc = job.doc
        doc["state"] = job.state
        summary = {k: doc[k] for k in self.model.video_summary_fields if k in doc}
        plain = {k: v for k, v in doc.items() if k not in self.model.video_script_fields}
        asset = doc.get("output_asset_config")
        asset_name = asset.get("asset_name") if isinstance(asset, Mapping) else None
        due = (
            None if job.hold else self.model.video.next_due(job.state, job.state_since, self.speed)
        )
        values = (
            job.state,
            doc.get("job_type"),
            _ts(doc.get("create_time"), job.state_since),
            doc.get("script_id"),
            asset_name,
            int(job.hold),
            job.state_since,
            due,
            orjson.dumps(summary),
        )
        docs = (orjson.dumps(plain), orjson.dumps(doc))
        key = (job.project_id, job.job_id)
        if insert:
            c.execute(
                "INSERT INTO video_jobs (state, job_type, create_ts, script_id, asset_name, hold,"
                " state_since, next_due, summary, project_id, job_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, *key),
            )
            c.execute(
                "INSERT INTO video_docs (detail, detail_script, project_id, job_id)"
                " VALUES (?, ?, ?, ?)",
                (*docs, *key),
            )
        else:
            c.execute(
                "UPDATE video_jobs SET state = ?, job_type = ?, create_ts = ?, script_id = ?,"
                " asset_name = ?, hold = ?, state_since = ?, next_due = ?, summary = ?"
                " WHERE project_id = ? AND job_id = ?",
                (*values, *key),
            )
            c.execute(
                "UPDATE video_docs SET detail = ?, detail_script = ?"
                " WHERE project_id = ? AND job_id = ?",
                (*docs, *key),
            )

    def _apply_video(self, job: _Video, t: Transition, at: float) -> None:
        life = self.model.video
        stamp = rfc3339(at)
        if job.state == life.initial and t.to != life.initial:
            job.doc["start_time"] = stamp
        if t.to in life.final:
            job.doc["end_time"] = stamp
        job.doc["lastupdate_time"] = stamp
        job.state = t.to
        job.state_since = at

    def _settle_video(self, job: _Video, now: float) -> bool:
        if job.hold:
            return False
        steps = self.model.video.due_steps(job.state, job.state_since, now, self.speed)
        for step, at in steps:
            self._apply_video(job, step, at)
        return bool(steps)

    def _load_video(self, c: sqlite3.Connection, project_id: str, job_id: str) -> _Video | None:
        row = c.execute(
            "SELECT v.state, v.hold, v.state_since, d.detail_script FROM video_jobs v"
            " JOIN video_docs d USING (project_id, job_id)"
            " WHERE v.project_id = ? AND v.job_id = ?",
            (project_id, job_id),
        ).fetchone()
        if row is None:
            return None
        return _Video(project_id, job_id, row[0], bool(row[1]), row[2], orjson.loads(row[3]))

    def read_video(self, project_id: str, job_id: str, script: bool) -> tuple[bytes, bool] | None:
        column = "detail_script" if script else "detail"
        row = (
            self._conn()
            .execute(
                f"SELECT d.{column}, v.next_due FROM video_docs d"
                " JOIN video_jobs v USING (project_id, job_id)"
                " WHERE d.project_id = ? AND d.job_id = ?",
                (project_id, job_id),
            )
            .fetchone()
        )
        if row is None:
            return None
        return row[0], row[1] is not None and row[1] <= self.now()

    def settle_video(self, project_id: str, job_id: str) -> None:
        with self._write() as c:
            job = self._load_video(c, project_id, job_id)
            if job is not None and self._settle_video(job, self.now()):
                self._save_video(c, job)

    def videos_due(self, project_id: str) -> bool:
        row = (
            self._conn()
            .execute(
                "SELECT 1 FROM video_jobs WHERE project_id = ? AND next_due <= ? LIMIT 1",
                (project_id, self.now()),
            )
            .fetchone()
        )
        return row is not None

    def settle_videos(self, project_id: str) -> int:
        with self._write() as c:
            now = self.now()
            ids = [
                r[0]
                for r in c.execute(
                    "SELECT job_id FROM video_jobs WHERE project_id = ? AND next_due <= ?",
                    (project_id, now),
                ).fetchall()
            ]
            for job_id in ids:
                job = self._load_video(c, project_id, job_id)
                if job is not None and self._settle_video(job, now):
                    self._save_video(c, job)
            return len(ids)

    def list_videos(self, project_id: str, q: ListQuery) -> bytes:
        where = ["project_id = ?"]
        args: list[Any] = [project_id]
        if q.states:
            where.append(f"state IN ({', '.join('?' * len(q.states))})")
            args.extend(q.states)
        for column, value in (
            ("job_type", q.job_type),
            ("script_id", q.script_id),
            ("asset_name", q.asset_name),
            ("job_id", q.job_id),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if q.create_since is not None:
            where.append("create_ts >= ?")
            args.append(q.create_since)
        if q.create_until is not None:
            where.append("create_ts <= ?")
            args.append(q.create_until)
        clause = " AND ".join(where)
        conn = self._conn()
        count = conn.execute(f"SELECT count(*) FROM video_jobs WHERE {clause}", args).fetchone()[0]
        direction = "DESC" if q.descending else "ASC"
        rows = conn.execute(
            f"SELECT summary FROM video_jobs WHERE {clause}"
            f" ORDER BY create_ts {direction}, job_id {direction} LIMIT ? OFFSET ?",
            (*args, -1 if q.limit is None else q.limit, q.offset),
        ).fetchall()
        return b'{"count":%d,"jobs":[%s]}' % (count, b",".join(r[0] for r in rows))

    def create_video(self, project_id: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Control API: a new video job (WAITING unless `state` says otherwise)."""
        life = self.model.video
        now = self.now()
        state = str(fields.get("state") or life.initial)
        job_id = str(uuid.uuid4())
        stamp = rfc3339(now)
        create_time = str(fields.get("create_time") or stamp)
        doc: dict[str, Any] = {"job_id": job_id, "state": state}
        if fields.get("job_type") is not None:
            doc["job_type"] = fields["job_type"]
        elif self.model.video_job_types:
            doc["job_type"] = self.model.video_job_types[0]
        if state != life.initial:
            doc["start_time"] = stamp
        if state in life.final:
            doc["end_time"] = stamp
        doc["output_asset_config"] = {
            "asset_id": uuid.uuid4().hex,
            "asset_name": str(fields.get("asset_name") or f"Mock video {job_id[:8]}"),
        }
        doc["error_info"] = None
        doc["create_time"] = create_time
        doc["lastupdate_time"] = stamp
        doc["script_id"] = str(fields.get("script_id") or uuid.uuid4().hex)
        doc["model_asset_id"] = uuid.uuid4().hex
        for name, defaults in self.model.video_detail_defaults.items():
            doc[name] = dict(defaults)
        job = _Video(project_id, job_id, state, bool(fields.get("hold", False)), now, doc)
        with self._write() as c:
            self._save_video(c, job, insert=True)
        return {"job_id": job_id}
