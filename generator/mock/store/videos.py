"""Video jobs: detail documents, the filtered list, the video lifecycle (settled lazily).

The list reads narrow rows (filters plus the list item's JSON); every filter of the spec has an
index that starts with the project (state, job type, script, asset name, job id; creation time
for the range and the order), and the detail documents live apart so a list never pages
through them. `fuzzy_query_field` names string filters (FUZZY_FILTERS) whose value then matches
as a substring, ASCII case-insensitive (SQL LIKE with the value's wildcards escaped): such a
filter scans the project's rows, at most MAX_VIDEO_JOBS.
"""

from __future__ import annotations

import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from generator.mock.lifecycle import Transition
from generator.mock.limits import MAX_VIDEO_JOBS
from generator.mock.model import MockFacts
from generator.mock.store.db import (
    Database,
    cached_size,
    counted,
    refuse_past_cap,
    reopen,
    rfc3339,
)
from generator.mock.validation import parse_rfc3339

__all__ = ["FUZZY_FILTERS", "ListQuery", "VideoJobs"]

# the string filters `fuzzy_query_field` may name (any other name in it changes nothing)
FUZZY_FILTERS = ("job_id", "script_id", "asset_name")

DDL = [
    """CREATE TABLE IF NOT EXISTS video_jobs (
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
)""",
    "CREATE INDEX IF NOT EXISTS video_list"
    " ON video_jobs (project_id, create_ts, job_id, state, job_type)",
    *(
        f"CREATE INDEX IF NOT EXISTS video_by_{column}"
        f" ON video_jobs (project_id, {column}, create_ts, job_id)"
        for column in ("state", "job_type", "script_id", "asset_name")
    ),
    "CREATE INDEX IF NOT EXISTS video_due ON video_jobs (project_id, next_due)"
    " WHERE next_due IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS video_docs (
    project_id TEXT NOT NULL,
    job_id TEXT NOT NULL,
    detail BLOB NOT NULL,
    detail_script BLOB NOT NULL,
    PRIMARY KEY (project_id, job_id)
) WITHOUT ROWID""",
    *counted("video_jobs"),
]

_READ = {
    script: f"SELECT d.{column}, v.next_due FROM video_docs d"
    " JOIN video_jobs v USING (project_id, job_id) WHERE d.project_id = ? AND d.job_id = ?"
    for script, column in ((False, "detail"), (True, "detail_script"))
}
_FIRST_DUE = "SELECT min(next_due) FROM video_jobs WHERE project_id = ? AND next_due IS NOT NULL"
_LIKE_SPECIAL = re.compile(r"[\\%_]")  # escaped in a fuzzy filter's value: matched as written


def _ts(value: Any, fallback: float) -> float:
    if isinstance(value, str) and (moment := parse_rfc3339(value)) is not None:
        return moment.timestamp()
    return fallback


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
    job_ids: Sequence[str] = ()
    fuzzy: frozenset[str] = frozenset()  # filters matched as substrings (fuzzy_query_field)


class VideoJobs:
    def __init__(self, db: Database, model: MockFacts, speed: float) -> None:
        self.db = db
        self.model = model
        self.life = model.video
        self.speed = speed

    # ------------------------------------------------------------------ table

    def clear(self, c: sqlite3.Connection) -> None:
        c.execute("DELETE FROM video_jobs")
        c.execute("DELETE FROM video_docs")

    def reopen(self, c: sqlite3.Connection) -> None:
        """At open: every next_due for this run's speed, the row counts afresh."""
        reopen(c, "video_jobs", self.life, self.speed)

    def _save(self, c: sqlite3.Connection, job: _Video, insert: bool = False) -> None:
        doc = job.doc
        doc["state"] = job.state
        summary = {k: doc[k] for k in self.model.video_summary_fields if k in doc}
        plain = {k: v for k, v in doc.items() if k not in self.model.video_script_fields}
        asset = doc.get("output_asset_config")
        asset_name = asset.get("asset_name") if isinstance(asset, Mapping) else None
        due = None if job.hold else self.life.next_due(job.state, job.state_since, self.speed)
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

    def insert(
        self, c: sqlite3.Connection, project_id: str, doc: dict[str, Any], now: float, hold: bool
    ) -> None:
        """Store a video job document as it is (the seed's jobs)."""
        job = _Video(project_id, str(doc["job_id"]), str(doc["state"]), hold, now, doc)
        self._save(c, job, insert=True)

    # ------------------------------------------------------------------ lifecycle

    def _apply(self, job: _Video, t: Transition, at: float) -> None:
        stamp = rfc3339(at)
        if job.state == self.life.initial and t.to != self.life.initial:
            job.doc["start_time"] = stamp
        if t.to in self.life.final:
            job.doc["end_time"] = stamp
        job.doc["lastupdate_time"] = stamp
        job.state = t.to
        job.state_since = at

    def _settle(self, job: _Video, now: float) -> bool:
        if job.hold:
            return False
        steps = self.life.due_steps(job.state, job.state_since, now, self.speed)
        for step, at in steps:
            self._apply(job, step, at)
        return bool(steps)

    def _load(self, c: sqlite3.Connection, project_id: str, job_id: str) -> _Video | None:
        row = c.execute(
            "SELECT v.state, v.hold, v.state_since, d.detail_script FROM video_jobs v"
            " JOIN video_docs d USING (project_id, job_id)"
            " WHERE v.project_id = ? AND v.job_id = ?",
            (project_id, job_id),
        ).fetchone()
        if row is None:
            return None
        return _Video(project_id, job_id, row[0], bool(row[1]), row[2], orjson.loads(row[3]))

    # ------------------------------------------------------------------ reads

    def read(self, project_id: str, job_id: str, script: bool) -> tuple[bytes, bool] | None:
        """(document, due), kept until the next commit; `due` means: call `settle`."""

        def load() -> tuple[bytes, float | None] | None:
            rows = self.db.read(_READ[script], (project_id, job_id))
            return (rows[0][0], rows[0][1]) if rows else None

        found = self.db.cached(("video", project_id, job_id, script), load, cached_size)
        if found is None:
            return None
        doc, next_due = found
        return doc, next_due is not None and next_due <= time.time() + self.db.cached_offset()

    def settle(self, project_id: str, job_id: str) -> None:
        with self.db.write() as c:
            job = self._load(c, project_id, job_id)
            if job is not None and self._settle(job, self.db.now(c)):
                self._save(c, job)

    def any_due(self, project_id: str) -> bool:
        def load() -> float | None:
            first: float | None = self.db.read(_FIRST_DUE, (project_id,))[0][0]
            return first

        first = self.db.cached(("video_due", project_id), load, cached_size)
        return first is not None and first <= time.time() + self.db.cached_offset()

    def settle_all(self, project_id: str) -> int:
        with self.db.write() as c:
            now = self.db.now(c)
            ids = [
                r[0]
                for r in c.execute(
                    "SELECT job_id FROM video_jobs WHERE project_id = ? AND next_due <= ?",
                    (project_id, now),
                ).fetchall()
            ]
            for job_id in ids:
                job = self._load(c, project_id, job_id)
                if job is not None and self._settle(job, now):
                    self._save(c, job)
            return len(ids)

    def list_sql(self, project_id: str, q: ListQuery) -> tuple[str, str, list[Any]]:
        """(count statement, page statement, their arguments) of a list query; the page
        statement takes two more arguments, LIMIT and OFFSET."""
        where = ["project_id = ?"]
        args: list[Any] = [project_id]
        if q.states:
            where.append(f"state IN ({', '.join('?' * len(q.states))})")
            args.extend(q.states)
        if q.job_type is not None:
            where.append("job_type = ?")
            args.append(q.job_type)
        for column, value in (
            ("script_id", q.script_id),
            ("asset_name", q.asset_name),
            ("job_id", q.job_id),
        ):
            if value is None:
                continue
            if column in q.fuzzy:
                where.append(f"{column} LIKE ? ESCAPE '\\'")
                args.append("%" + _LIKE_SPECIAL.sub(r"\\\g<0>", value) + "%")
            else:
                where.append(f"{column} = ?")
                args.append(value)
        if q.job_ids:
            where.append(f"job_id IN ({', '.join('?' * len(q.job_ids))})")
            args.extend(q.job_ids)
        if q.create_since is not None:
            where.append("create_ts >= ?")
            args.append(q.create_since)
        if q.create_until is not None:
            where.append("create_ts <= ?")
            args.append(q.create_until)
        clause = " AND ".join(where)
        direction = "DESC" if q.descending else "ASC"
        return (
            f"SELECT count(*) FROM video_jobs WHERE {clause}",
            f"SELECT summary FROM video_jobs WHERE {clause}"
            f" ORDER BY create_ts {direction}, job_id {direction} LIMIT ? OFFSET ?",
            args,
        )

    def list(self, project_id: str, shape: Hashable, query: Callable[[], ListQuery]) -> bytes:
        """The list answer (kept until the next commit), by `shape`: whatever the ListQuery
        is a function of (the request's query string), so `query()` runs only on a miss."""

        def load() -> bytes:
            q = query()
            count_sql, page_sql, args = self.list_sql(project_id, q)
            count = int(self.db.read(count_sql, args)[0][0])
            rows = self.db.read(page_sql, [*args, -1 if q.limit is None else q.limit, q.offset])
            summaries = b",".join(r[0] for r in rows)
            return b'{"count":%d,"jobs":[%s]}' % (count, summaries)

        return self.db.cached(("video_list", project_id, shape), load, cached_size)

    # ------------------------------------------------------------------ writes

    def create(self, project_id: str, fields: Mapping[str, Any]) -> bytes:
        """Control API: a new video job (WAITING unless `state` says otherwise)."""
        state = str(fields.get("state") or self.life.initial)
        job_id = str(uuid.uuid4())
        with self.db.write() as c:
            refuse_past_cap(c, "video_jobs", project_id, MAX_VIDEO_JOBS, "video jobs")
            now = self.db.now(c)
            stamp = rfc3339(now)
            doc: dict[str, Any] = {"job_id": job_id, "state": state}
            if fields.get("job_type") is not None:
                doc["job_type"] = fields["job_type"]
            elif self.model.video_job_types:
                doc["job_type"] = self.model.video_job_types[0]
            if state != self.life.initial:
                doc["start_time"] = stamp
            if state in self.life.final:
                doc["end_time"] = stamp
            doc["output_asset_config"] = {
                "asset_id": uuid.uuid4().hex,
                "asset_name": str(fields.get("asset_name") or f"Mock video {job_id[:8]}"),
            }
            doc["error_info"] = None
            doc["create_time"] = str(fields.get("create_time") or stamp)
            doc["lastupdate_time"] = stamp
            doc["script_id"] = str(fields.get("script_id") or uuid.uuid4().hex)
            doc["model_asset_id"] = uuid.uuid4().hex
            for name, defaults in self.model.video_detail_defaults.items():
                doc[name] = dict(defaults)
            job = _Video(project_id, job_id, state, bool(fields.get("hold", False)), now, doc)
            answer = orjson.dumps({"job_id": job_id})
            self._save(c, job, insert=True)
            return answer
