"""The per-project job caps, checked from the trigger-kept row counts: right after creates,
a reset, and a reopen of a file whose counts were lost (a file from before the counts)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from mockutil import model

from generator.mock.limits import MAX_TRAINING_JOBS, MAX_VIDEO_JOBS
from generator.mock.store import Refused, Store
from generator.mock.store.db import project_rows

PROJECT = "p" * 32


def _fill(store: Store, table: str, rows: int) -> None:
    """`rows` jobs of PROJECT copied from one real job, in one write (fast: no fsync each)."""
    with store.db.write() as c:
        columns = [r[1] for r in c.execute(f"PRAGMA table_info({table})")]
        template = c.execute(f"SELECT * FROM {table} WHERE project_id = ?", (PROJECT,)).fetchone()
        at = columns.index("job_id")
        copies = [(*template[:at], f"filler-{i}", *template[at + 1 :]) for i in range(rows)]
        marks = ", ".join("?" * len(columns))
        c.executemany(f"INSERT INTO {table} VALUES ({marks})", copies)


def _create_training(store: Store) -> bytes:
    return store.training.create(PROJECT, store.training.life.initial, None, "http://127.0.0.1")


def _create_video(store: Store) -> bytes:
    return store.videos.create(PROJECT, {})


@pytest.mark.parametrize(
    ("table", "cap", "create"),
    [
        ("training_jobs", MAX_TRAINING_JOBS, _create_training),
        ("video_jobs", MAX_VIDEO_JOBS, _create_video),
    ],
)
def test_a_project_holds_at_most_its_cap_and_the_count_survives_reopen_and_reset(
    tmp_path: Path, table: str, cap: int, create: object
) -> None:
    path = tmp_path / "s.sqlite"
    store = Store(path, model())
    assert callable(create)
    create(store)
    _fill(store, table, cap - 2)
    with store.db.write() as c:
        assert project_rows(c, table, PROJECT) == cap - 1
        assert project_rows(c, table, "other") == 0
    create(store)  # the last one the cap allows
    with pytest.raises(Refused, match=f"has {cap} "):
        create(store)
    store.close()

    with sqlite3.connect(path) as raw:  # an older file: no counts kept
        raw.execute("DELETE FROM row_counts")
    store = Store(path, model())
    with pytest.raises(Refused, match=f"has {cap} "):
        create(store)
    with store.db.write() as c:
        store.clear(c)
        assert project_rows(c, table, PROJECT) == 0
    create(store)
    with store.db.write() as c:
        assert project_rows(c, table, PROJECT) == 1
    store.close()
