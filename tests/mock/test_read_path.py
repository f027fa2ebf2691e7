"""The read path's shortcuts keep every answer true: the spec's operations are found by
the mock's own route table, reads are served from a cache that any commit to the file ends
(also one by another mock on the same file), validation verdicts are remembered per request
shape; each of those memories is bounded."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import lifecycle_facts as facts
import pytest
from mockserver import CREDENTIALS, SPEC, UPDATABLE_STATE, MockServer, start_thread_server

from generator.mock import app as mock_app
from generator.mock.config import MockConfig
from generator.mock.serve import ThreadServer
from generator.mock.store import db as store_db


@pytest.fixture
def two_mocks(tmp_path: Path) -> Iterator[tuple[MockServer, MockServer]]:
    """Two mock servers on one state file (the README: several mocks may share one)."""
    db = tmp_path / "state.sqlite"
    servers: list[ThreadServer] = []
    try:
        for _ in range(2):
            config = MockConfig(db_path=db, credentials=CREDENTIALS, speed=1.0, spec_path=SPEC)
            servers.append(start_thread_server(config))
        yield MockServer(servers[0].base_url, db), MockServer(servers[1].base_url, db)
    finally:
        for server in servers:
            server.stop()


def test_a_write_by_another_mock_on_the_file_is_read_at_once(
    two_mocks: tuple[MockServer, MockServer],
) -> None:
    one, other = two_mocks
    job = one.create_training_job(UPDATABLE_STATE, hold=True)["job_id"]
    list_path = f"/v1/{one.project_id}/digital-human-videos?limit=1"
    with one.client() as reader, other.client() as writer:
        before = reader.get(one.training_path(job)).json()  # read (and kept) by the first
        assert writer.put(other.training_path(job), json={"name": "renamed"}).status_code == 200
        after = reader.get(one.training_path(job)).json()
        assert (before["name"], after["name"]) != ("renamed", "renamed")
        assert after["name"] == "renamed" and after["state"] != before["state"]
        count = reader.get(list_path).json()["count"]
        created = other.control("POST", "/_mock/v1/{project_id}/video-jobs", {"hold": True})
        assert created.status_code == 201
        assert reader.get(list_path).json()["count"] == count + 1


def test_the_clock_moved_by_another_mock_settles_a_cached_job(
    two_mocks: tuple[MockServer, MockServer],
) -> None:
    one, other = two_mocks
    start = facts.CONFIRM_UPLOAD.to  # system steps follow, on the clock (speed 1 here)
    job = one.create_training_job(start)["job_id"]
    with one.client() as reader:
        assert reader.get(one.training_path(job)).json()["state"] == start  # read and kept
        seconds = sum(step.after or 0.0 for step in facts.SYSTEM_CHAIN) + 1
        advanced = other.control("POST", "/_mock/clock/advance", {"seconds": seconds})
        assert advanced.status_code == 200, advanced.text
        after = reader.get(one.training_path(job)).json()["state"]
    assert after == facts.SYSTEM_CHAIN[-1].to  # the due steps were taken, not the kept document


def test_the_read_cache_holds_at_most_its_byte_budget(tmp_path: Path) -> None:
    db = store_db.Database(tmp_path / "state.sqlite")
    db.open([])
    third = store_db.READ_CACHE_BYTES // 3
    try:
        for i in range(10):
            assert db.cached(("k", i), functools.partial(int, i), lambda _: third) == i
            held = db._local.cache
            assert len(held) <= 3 and db._local.cached_bytes <= store_db.READ_CACHE_BYTES
    finally:
        db.close()


def test_the_cache_asks_data_version_only_after_a_commit_by_anyone(tmp_path: Path) -> None:
    """The WAL index header shortcut: no statement while the file is unchanged, and a commit
    by a connection that is not the mock's (another process, say) is seen at the next read."""
    db = store_db.Database(tmp_path / "state.sqlite")
    db.open([])
    asked: list[str] = []
    db.conn().set_trace_callback(asked.append)
    loads = iter(range(100))
    try:
        first = db.cached(("k",), lambda: next(loads), lambda _: 1)
        assert db.cached(("k",), lambda: next(loads), lambda _: 1) == first
        assert asked.count("PRAGMA data_version") == 1  # the second read asked nothing
        with contextlib.closing(sqlite3.connect(db.path, isolation_level=None)) as foreign:
            foreign.execute("INSERT OR REPLACE INTO meta VALUES ('foreign', 'write')")
        assert db.cached(("k",), lambda: next(loads), lambda _: 1) != first
        assert asked.count("PRAGMA data_version") == 2
    finally:
        db.close()


@pytest.mark.slow
def test_validation_verdicts_are_bounded_and_failures_never_kept(tmp_path: Path) -> None:
    config = MockConfig(db_path=tmp_path / "state.sqlite", credentials=CREDENTIALS, spec_path=SPEC)
    thread = start_thread_server(config)
    try:
        app = thread.app
        assert isinstance(app, mock_app.MockApp) and app.spec_routes is not None
        listing = f"/v1/{CREDENTIALS.project_id}/digital-human-videos"
        found = app.spec_routes.match(listing, "GET")
        assert found is not None
        operation = found[0].operations["GET"]
        with MockServer(thread.base_url, config.db_path).client() as client:
            assert client.get(listing, params={"limit": "-1"}).status_code == 400
            assert client.get(listing, params={"limit": "-1"}).status_code == 400
            assert operation.verdicts == {}  # a refusal is not a verdict kept
            for i in range(mock_app.VALIDATION_VERDICTS + 5):
                assert client.get(listing, params={"offset": i, "limit": 0}).status_code == 200
                assert len(operation.verdicts) <= mock_app.VALIDATION_VERDICTS
    finally:
        thread.stop()


def test_the_route_table_leaves_unknown_paths_and_methods_to_the_router(
    mock_server: MockServer,
) -> None:
    job = mock_server.training_path("efc5300ecdba4ea48d1ff13a9d907bc0")
    with mock_server.client() as client:
        assert client.head(job).status_code == 200  # HEAD is served as GET
        wrong = client.delete(job)
        assert wrong.status_code == 405 and "GET" in wrong.headers["allow"]
        for path in (job + "/", job.replace("/jobs/", "/jobs//"), job + "/nothing"):
            missing = client.get(path)
            assert missing.status_code == 404, path
            assert missing.json()["error_code"] and missing.headers["x-request-id"]


def test_the_route_memo_is_bounded_and_keeps_methods_apart(tmp_path: Path) -> None:
    app = mock_app.create_app(
        MockConfig(db_path=tmp_path / "s.sqlite", credentials=CREDENTIALS, spec_path=SPEC)
    )
    assert isinstance(app, mock_app.MockApp) and app.spec_routes is not None
    routes = app.spec_routes
    job = MockServer("http://unused", tmp_path).training_path("j1")
    found = routes.match(job, "GET")
    assert found is not None and found[1]["job_id"] == "j1"
    found[1]["job_id"] = "changed"  # a caller's copy: the memo keeps its own
    again = routes.match(job, "GET")
    assert again is not None and again[1]["job_id"] == "j1"
    assert routes.match(job, "DELETE") is None  # kept, and still no DELETE there
    assert routes.match(job + "/nothing", "GET") is None
    assert routes.match(job + "/nothing", "GET") is None  # a kept miss
    for i in range(mock_app.ROUTE_MEMO + 10):
        routes.match(MockServer("http://unused", tmp_path).training_path(f"j{i}"), "GET")
    assert len(routes._seen) <= mock_app.ROUTE_MEMO
    app.state.mock.store.close()
