"""The SQLite file and the mock's clock: connections, write transactions, storage faults.

Durability: WAL journal with `synchronous=FULL`, so a transaction is on disk (WAL fsynced)
before its COMMIT returns; callers build their answer inside the transaction, so an answer
that cannot be built rolls the write back, and the HTTP answer is only sent after COMMIT: a
`kill -9` (or a power cut) loses no write that was answered 200, and nothing is committed
that is not answered 200.

Group commit: writes run one at a time on one writer connection, each in a SAVEPOINT of a
shared `BEGIN IMMEDIATE` transaction (the write lock is taken before the first read), so two
commands racing on one job are serialised. The write that finds nobody queued behind it (or
that fills the batch to GROUP_COMMIT_MAX_WRITES) commits the transaction for every write in
it; each waits for that COMMIT before it returns. The fsync, the cost of a durable write, is
then paid once per batch, not once per write. A write that fails rolls back its own savepoint
only; a COMMIT that fails (or an error that ends the whole transaction) fails every write of
the batch, none of which has been answered. A writer waits `busy_timeout` for its turn (or
for another process's lock), then gets `Busy` (503 with Retry-After). Reads run outside
writes on a connection per thread and see committed data only; `close()` closes them all.

Read cache: `cached` keeps the result of a read until the file changes: `PRAGMA data_version`
of the reading thread's connection moves on any commit by any other connection (the writer,
or another mock on the file), checked (before the read it would replace) on every use, so no
answer older than the last commit is served. The check is first made on the WAL index's two
header copies, the first 96 bytes of the `-shm` file (https://www.sqlite.org/walformat.html:
every commit rewrites them, its `iChange` counter and frame count included, and a reader only
sees a commit once they are rewritten), mapped read-only: while they are the bytes seen at the
thread's last `data_version`, no commit can have happened since, and the statement (5-6 µs, two
fcntl locks) is skipped. It holds at most READ_CACHE_BYTES, then starts over. A result that
depends on the time keeps the stored moments, not the comparison.

Clock: real time plus an offset kept in the database (`meta.clock_offset`), read from the
file whenever it is needed, so two mocks on one file keep one clock. The offset is capped.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import sqlite3
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from generator.mock.lifecycle import Lifecycle
from generator.mock.limits import BUSY_TIMEOUT_SECONDS, MAX_CLOCK_OFFSET_SECONDS

__all__ = [
    "Busy",
    "Conflict",
    "Database",
    "Gone",
    "NotFound",
    "Refused",
    "StorageFault",
    "StoreError",
    "cached_size",
    "rfc3339",
]

WAL_HEADER_BYTES = 96  # the WAL index header, twice (walformat.html, section 2.1)
log = logging.getLogger("metastudio.mock")

T = TypeVar("T")

SCHEMA_VERSION = "2"
META_DDL = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
COUNTS_DDL = (
    "CREATE TABLE IF NOT EXISTS row_counts (tbl TEXT NOT NULL, project_id TEXT NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY (tbl, project_id)) WITHOUT ROWID"
)

# writes that share one COMMIT at most: under a steady stream the batch still commits (and its
# writes answer) after this many, instead of waiting for a gap in the queue
GROUP_COMMIT_MAX_WRITES = 64
READ_CACHE_BYTES = 32 * 1024 * 1024  # kept answers per reading thread, at most

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


def cached_size(value: object) -> int:
    """What a read cache entry holds, roughly: its answer bytes plus a fixed overhead."""
    if isinstance(value, tuple):
        return 64 + sum(len(v) for v in value if isinstance(v, bytes))
    return 64 + (len(value) if isinstance(value, bytes) else 0)


def rfc3339(ts: float) -> str:
    """Seconds since the epoch as RFC 3339 UTC with a Z, to the second (as the pages show)."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _primary_name(exc: sqlite3.Error) -> str:
    """SQLITE_IOERR_WRITE -> SQLITE_IOERR (the primary result code's name)."""
    return "_".join(str(getattr(exc, "sqlite_errorname", "")).split("_")[:2])


def reopen(c: sqlite3.Connection, table: str, life: Lifecycle, speed: float) -> None:
    """At open, for `table` (the training and video tables share these columns): every
    unheld job's next_due recomputed for `speed` (it may differ from the last run's), and the
    row counts afresh (`row_counts`: a file written before the triggers, or by an older mock)."""
    rows = c.execute(
        f"SELECT project_id, job_id, state, state_since FROM {table} WHERE hold = 0"
    ).fetchall()
    for project_id, job_id, state, since in rows:
        c.execute(
            f"UPDATE {table} SET next_due = ? WHERE project_id = ? AND job_id = ?",
            (life.next_due(state, since, speed), project_id, job_id),
        )
    c.execute("DELETE FROM row_counts WHERE tbl = ?", (table,))
    c.execute(
        f"INSERT INTO row_counts SELECT ?, project_id, count(*) FROM {table} GROUP BY project_id",
        (table,),
    )


def counted(table: str) -> list[str]:
    """DDL: `table`'s rows per project kept in `row_counts` by triggers, so a cap check is one
    lookup instead of a scan of the project's rows (a create grew slower with every job)."""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_counted_in AFTER INSERT ON {table} BEGIN"
        f" INSERT OR IGNORE INTO row_counts VALUES ('{table}', NEW.project_id, 0);"
        f" UPDATE row_counts SET n = n + 1 WHERE tbl = '{table}' AND project_id = NEW.project_id;"
        " END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_counted_out AFTER DELETE ON {table} BEGIN"
        f" UPDATE row_counts SET n = n - 1 WHERE tbl = '{table}' AND project_id = OLD.project_id;"
        " END",
    ]


def project_rows(c: sqlite3.Connection, table: str, project_id: str) -> int:
    """`table`'s rows of one project, from `row_counts`."""
    row = c.execute(
        "SELECT n FROM row_counts WHERE tbl = ? AND project_id = ?", (table, project_id)
    ).fetchone()
    return 0 if row is None else int(row[0])


def refuse_past_cap(
    c: sqlite3.Connection, table: str, project_id: str, cap: int, what: str
) -> None:
    """Refused when the project already holds `cap` rows of `table` (`what`: "video jobs")."""
    count = project_rows(c, table, project_id)
    if count >= cap:
        raise Refused(
            f"project {project_id} has {count} {what}, the most the mock keeps;"
            " POST /_mock/reset starts over"
        )


class _Batch:
    """The writes that share one transaction: set `done` once it committed (or failed)."""

    __slots__ = ("done", "error", "writes")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.error: Exception | None = None  # the fault every write of the batch raises
        self.writes = 0


class Database:
    """One SQLite file: per-thread read connections, one writer connection whose transactions
    are shared by concurrent writes (group commit), the persisted clock."""

    def __init__(self, path: Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self.busy_timeout = float(busy_timeout)
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._fault: str | None = None  # the storage fault last logged (logged once)
        self._opening = True  # faults while opening are the start-up message, not a log line
        self._writer: sqlite3.Connection | None = None
        self._turn = threading.Condition()  # guards the three fields below
        self._writing = False  # a write is running its statements on the writer connection
        self._queued = 0  # writes waiting for their turn
        self._batch: _Batch | None = None  # the open transaction's writes
        self._wal_header: mmap.mmap | None = None  # the -shm file's header copies (see above)

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
                for statement in [META_DDL, COUNTS_DDL, *ddl]:
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
        self._map_wal_header()

    def _map_wal_header(self) -> None:
        """Map the WAL index header read-only, once the file is open in WAL mode (so its
        `-shm` file exists and stays while a connection of ours is open); without it every
        cached read asks `PRAGMA data_version`."""
        try:
            with open(f"{self.path}-shm", "rb") as shm:
                self._wal_header = mmap.mmap(
                    shm.fileno(), WAL_HEADER_BYTES, access=mmap.ACCESS_READ
                )
        except (OSError, ValueError) as exc:
            log.debug("%s: no WAL index header to map (%s); reads ask data_version", self.path, exc)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=self.busy_timeout
        )
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
        with self._lock:
            self._conns.append(conn)
        return conn

    def conn(self) -> sqlite3.Connection:
        """This thread's connection for reads outside a write."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def close(self) -> None:
        # unmap first: once our last connection is closed another process may truncate -shm,
        # and a read of a truncated mapping is a SIGBUS, not an exception
        header, self._wal_header = self._wal_header, None
        if header is not None:
            header.close()
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(sqlite3.Error):  # closing is best effort
                conn.close()
        self._local = threading.local()
        self._writer = None

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write: a SAVEPOINT in the shared transaction, committed (with the other writes
        of its batch) before this returns. SQLite's busy and storage errors become `Busy`
        and `StorageFault`."""
        self._wait_for_turn()
        batch: _Batch | None = None
        failed: BaseException | None = None
        try:
            conn, batch = self._join()
            conn.execute("SAVEPOINT write")
            try:
                yield conn
                conn.execute("RELEASE write")
                batch.writes += 1
            except BaseException as exc:
                failed = exc
                self._undo(conn, batch, exc)
                raise
        except sqlite3.Error as exc:
            raise self.fault(exc) from None
        finally:
            self._end_turn(batch)
        if failed is None and batch is not None:
            batch.done.wait()
            if batch.error is not None:
                raise batch.error
            self._fault = None

    def _wait_for_turn(self) -> None:
        deadline = time.monotonic() + self.busy_timeout
        with self._turn:
            self._queued += 1
            try:
                while self._writing:
                    left = deadline - time.monotonic()
                    if left <= 0:  # still another's turn: its end sees this one gone
                        raise Busy("the state file is busy (other writes queued); retry")
                    self._turn.wait(left)
            finally:
                self._queued -= 1
            self._writing = True

    def _join(self) -> tuple[sqlite3.Connection, _Batch]:
        """The writer connection and the open batch (a new transaction when none is open)."""
        conn = self._writer
        if conn is None:
            conn = self._writer = self._connect()
        batch = self._batch
        if batch is None:
            conn.execute("BEGIN IMMEDIATE")
            batch = self._batch = _Batch()
        return conn, batch

    def _undo(self, conn: sqlite3.Connection, batch: _Batch, exc: BaseException) -> None:
        """Roll back this write's savepoint; when the whole transaction is gone (SQLite ends
        it on some errors) the batch fails with it."""
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK TO write")
                conn.execute("RELEASE write")
                return
        except sqlite3.Error as undo_error:
            exc = undo_error
        fault = self.fault(exc) if isinstance(exc, sqlite3.Error) else exc
        self._abort(conn, batch, fault if isinstance(fault, Exception) else StorageFault(str(exc)))

    def _abort(self, conn: sqlite3.Connection, batch: _Batch, error: Exception) -> None:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        batch.error = error
        self._batch = None
        batch.done.set()

    def _end_turn(self, batch: _Batch | None) -> None:
        """Commit the batch when no write is queued behind this one (or the batch is full),
        then let the next write run."""
        with self._turn:
            commit = batch is not None and self._batch is batch
            if batch is not None and self._queued and batch.writes < GROUP_COMMIT_MAX_WRITES:
                commit = False  # the next write in the queue joins the batch; a later one commits
        if batch is not None and commit:
            assert self._writer is not None
            if batch.writes:
                try:
                    self._writer.execute("COMMIT")
                except sqlite3.Error as exc:
                    fault = self.fault(exc)
                    self._abort(self._writer, batch, fault if isinstance(fault, Exception) else exc)
            else:  # every write of it rolled back: nothing to sync
                with contextlib.suppress(sqlite3.Error):
                    self._writer.execute("ROLLBACK")
            if not batch.done.is_set():
                self._batch = None
                batch.done.set()
        with self._turn:
            self._writing = False
            self._turn.notify()

    def cached(self, key: Hashable, load: Callable[[], T], size: Callable[[T], int]) -> T:
        """`load()`'s result, kept for this thread until the next commit to the file."""
        local = self._local
        version = self._data_version(local)
        cache: dict[Hashable, Any] | None = getattr(local, "cache", None)
        if cache is None or local.version != version:
            cache = local.cache = {}
            local.version, local.cached_bytes = version, 0
        try:
            found: T = cache[key]
            return found
        except KeyError:
            pass
        value = load()
        local.cached_bytes += size(value)
        if local.cached_bytes > READ_CACHE_BYTES:
            cache.clear()
            local.cached_bytes = size(value)
        cache[key] = value
        return value

    def _data_version(self, local: threading.local) -> int:
        """This thread's `PRAGMA data_version`, asked only when the WAL index header moved
        since the last time (read before asking, so a commit in between is seen next time)."""
        header = self._wal_header
        try:
            seen = header[:WAL_HEADER_BYTES] if header is not None else None
        except ValueError:  # unmapped by a racing close(): ask
            seen = None
        if seen is not None and seen == getattr(local, "wal_header", None):
            version: int = local.data_version
            return version
        try:
            version = self.conn().execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise self.fault(exc) from None
        local.wal_header, local.data_version = seen, version
        return version

    def cached_offset(self) -> float:
        """The clock offset, through the read cache."""
        return self.cached(("clock_offset",), self.offset, cached_size)

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
