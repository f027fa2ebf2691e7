"""The SQLite file and the mock's clock: connections, write transactions, storage faults.

Durability: WAL journal with `synchronous=FULL`, so a transaction is on disk (WAL fsynced)
before its COMMIT returns; callers build their answer inside the transaction, so an answer
that cannot be built rolls the write back, and the HTTP answer is only sent after COMMIT: a
`kill -9` (or a power cut) loses no write that was answered 200, and nothing is committed
that is not answered 200.

Concurrency: every read-check-write runs in one `BEGIN IMMEDIATE` transaction (the write lock
is taken before the read), so two commands racing on one job are serialised. A writer waits
`busy_timeout` for another's lock, then gets `Busy` (503 with Retry-After). Each thread has
its own connection; `close()` closes them all.

Clock: real time plus an offset kept in the database (`meta.clock_offset`), read from the
file whenever it is needed, so two mocks on one file keep one clock. The offset is capped.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator.mock.lifecycle import Lifecycle
from generator.mock.limits import BUSY_TIMEOUT_SECONDS, MAX_CLOCK_OFFSET_SECONDS

__all__ = [
    "OFFSET_SQL",
    "Busy",
    "Conflict",
    "Database",
    "Gone",
    "NotFound",
    "Refused",
    "StorageFault",
    "StoreError",
    "rfc3339",
]

log = logging.getLogger("metastudio.mock")

SCHEMA_VERSION = "2"
META_DDL = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
# the clock offset as an SQL expression, for reads that fold "now" into their one statement
OFFSET_SQL = "COALESCE((SELECT CAST(value AS REAL) FROM meta WHERE key = 'clock_offset'), 0)"

_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED"}
_STORAGE = {"SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"}


class StoreError(Exception):
    """A domain refusal; `str()` is the message. No HTTP here: mock/refusals.py maps each kind
    to its status."""


class NotFound(StoreError):
    """No such job or upload URL."""


class Refused(StoreError):
    """The lifecycle, a cap or the request's own values refuse it."""


class Conflict(StoreError):
    """A one-shot upload URL used a second time."""


class Gone(StoreError):
    """An upload URL superseded by a later update of its job."""


class Busy(StoreError):
    """Another writer held the lock longer than the busy timeout."""


class StorageFault(StoreError):
    """The file cannot be written (full disk, read-only, I/O error); `cause` is SQLite's."""

    def __init__(self, cause: str) -> None:
        super().__init__(f"the state file cannot be written ({cause})")
        self.cause = cause


def rfc3339(ts: float) -> str:
    """Seconds since the epoch as RFC 3339 UTC with a Z, to the second (as the pages show)."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _primary_name(exc: sqlite3.Error) -> str:
    """SQLITE_IOERR_WRITE -> SQLITE_IOERR (the primary result code's name)."""
    return "_".join(str(getattr(exc, "sqlite_errorname", "")).split("_")[:2])


def reschedule(c: sqlite3.Connection, table: str, life: Lifecycle, speed: float) -> None:
    """Recompute every unheld job's next_due in `table` for `speed` (it may differ from the
    last run's); the training and video tables share the columns this reads and writes."""
    rows = c.execute(
        f"SELECT project_id, job_id, state, state_since FROM {table} WHERE hold = 0"
    ).fetchall()
    for project_id, job_id, state, since in rows:
        c.execute(
            f"UPDATE {table} SET next_due = ? WHERE project_id = ? AND job_id = ?",
            (life.next_due(state, since, speed), project_id, job_id),
        )


class Database:
    """One SQLite file: per-thread connections, write transactions, the persisted clock."""

    def __init__(self, path: Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self.busy_timeout = float(busy_timeout)
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._fault: str | None = None  # the storage fault last logged (logged once)
        self._opening = True  # faults while opening are the start-up message, not a log line

    # ------------------------------------------------------------------ opening

    def open(self, ddl: list[str]) -> None:
        """Create the file and tables, check the schema version and that a write commits;
        a file that cannot be written stops the mock here with a clear message."""
        hint = (
            "check the file's and its folder's permissions and attributes (lsattr),"
            " the free space, and that no other program holds it"
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self.conn()
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise RuntimeError(f"{self.path}: SQLite refused WAL mode ({mode}); {hint}")
            with self.write() as c:
                for statement in [META_DDL, *ddl]:
                    c.execute(statement)
                row = c.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if row is not None and row[0] != SCHEMA_VERSION:
                    raise RuntimeError(
                        f"{self.path}: state schema {row[0]}, this mock needs {SCHEMA_VERSION};"
                        " delete the file or use another --db"
                    )
                if self.offset(c) > MAX_CLOCK_OFFSET_SECONDS:  # a file from before the cap
                    log.warning("%s: clock offset capped at the limit", self.path)
                    c.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('clock_offset', ?)",
                        (repr(float(MAX_CLOCK_OFFSET_SECONDS)),),
                    )
                # a real write, so a read-only or full file is found now, not at the first PUT
                c.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                c.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('opened', ?)", (rfc3339(time.time()),)
                )
        except (Busy, StorageFault, sqlite3.Error, OSError) as exc:
            self.close()
            cause = exc.cause if isinstance(exc, StorageFault) else str(exc)
            raise RuntimeError(f"{self.path} cannot be written ({cause}); {hint}") from None
        finally:
            self._opening = False
        self._fault = None

    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path,
                isolation_level=None,
                check_same_thread=False,
                timeout=self.busy_timeout,
            )
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(sqlite3.Error):  # closing is best effort
                conn.close()
        self._local = threading.local()

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One `BEGIN IMMEDIATE` transaction; SQLite's busy and storage errors become
        `Busy` and `StorageFault`."""
        try:
            conn = self.conn()
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self.fault(exc) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self.fault(exc) from None
            raise
        self._fault = None

    def read(self, sql: str, args: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of one statement outside a write; storage errors as in `write`."""
        try:
            return self.conn().execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise self.fault(exc) from None

    def fault(self, exc: sqlite3.Error) -> Exception:
        """The StoreError for an SQLite error (busy or storage), logged once per episode
        without a traceback; any other SQLite error is returned unchanged (a bug: 500)."""
        name = _primary_name(exc)
        if name in _BUSY:
            return Busy(f"the state file is busy ({exc}); retry")
        if name in _STORAGE or (isinstance(exc, sqlite3.OperationalError) and "disk" in str(exc)):
            text = f"the state file cannot be written ({exc})"
            if self._fault != text:
                self._fault = text
                log.error("storage fault on %s: %s (answering 503)", self.path, exc)
            return StorageFault(text)
        return exc

    # ------------------------------------------------------------------ the clock

    def offset(self, c: sqlite3.Connection | None = None) -> float:
        row = (
            (c or self.conn())
            .execute("SELECT value FROM meta WHERE key = 'clock_offset'")
            .fetchone()
        )
        return float(row[0]) if row else 0.0

    def now(self, c: sqlite3.Connection | None = None) -> float:
        """The mock's clock: real time plus every advance so far (read from the file)."""
        return time.time() + self.offset(c)

    def advance_clock(self, seconds: float) -> float:
        """Move the clock forward; refused past MAX_CLOCK_OFFSET_SECONDS in total."""
        with self.write() as c:
            offset = self.offset(c) + seconds
            if offset > MAX_CLOCK_OFFSET_SECONDS:
                raise Refused(
                    f"the clock may be advanced by at most {MAX_CLOCK_OFFSET_SECONDS} seconds"
                    f" in total; it is at {self.offset(c):.0f} (POST /_mock/reset starts over)"
                )
            c.execute("INSERT OR REPLACE INTO meta VALUES ('clock_offset', ?)", (repr(offset),))
            return time.time() + offset
