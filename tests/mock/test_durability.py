"""The mock's SQLite settings that make an answered write survive a crash, read back from the
mock's own connections and from the database file.

A kill -9 test cannot tell whether SQLite syncs to disk (the OS keeps the page cache), so the
settings themselves are asserted: every connection of the store runs `synchronous=FULL`
(2; with WAL, NORMAL could lose the last commits on power loss) and the file is in WAL mode.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from mockserver import CREDENTIALS, SPEC, start_thread_server

from generator.mock.config import MockConfig

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def test_every_store_connection_syncs_fully_in_wal_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.sqlite"
    opened: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def recording_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = real_connect(*args, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    config = MockConfig(db_path=db, credentials=CREDENTIALS, speed=1000.0, spec_path=SPEC)
    server = start_thread_server(config)
    try:
        created = server_control(server.base_url)  # a write on a server thread
        assert created == 201
        ours = [c for c in opened if _file_of(c) == db.resolve()]
        assert len(ours) >= 2  # the start-up connection and a request thread's
        assert [c.execute("PRAGMA synchronous").fetchone()[0] for c in ours] == [FULL] * len(ours)
    finally:
        server.stop()
    monkeypatch.undo()
    with sqlite3.connect(db) as fresh:  # journal_mode=WAL is a property of the file
        assert fresh.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def server_control(base_url: str) -> int:
    path = f"/_mock/v1/{CREDENTIALS.project_id}/training-jobs"
    with httpx.Client(base_url=base_url, timeout=10) as client:
        return client.post(path, json={"state": "WAIT_FILE_UPLOAD"}).status_code


def _file_of(conn: sqlite3.Connection) -> Path | None:
    rows = conn.execute("PRAGMA database_list").fetchall()
    main = [row[2] for row in rows if row[1] == "main" and row[2]]
    return Path(main[0]).resolve() if main else None
