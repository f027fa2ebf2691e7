"""The video job list: seeded data, filters, paging, sorting, counts; the detail query."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from mockserver import MockServer
from mockutil import assert_conforms, model

from generator.mock import seed
from generator.mock.store import ListQuery, Store
from generator.mock.validation import parse_rfc3339


def _list(client: httpx.Client, server: MockServer, query: str = "") -> dict[str, Any]:
    response = client.get(
        f"/v1/{server.project_id}/digital-human-videos" + (f"?{query}" if query else "")
    )
    assert_conforms(response, "list_video_jobs")
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def everything(mock_server: MockServer) -> list[dict[str, Any]]:
    """The whole list in default order (ascending create_time)."""
    with mock_server.client() as client:
        body = _list(client, mock_server)
    assert body["count"] == len(body["jobs"])
    return list(body["jobs"])


def _ts(job: dict[str, Any]) -> float:
    moment = parse_rfc3339(job["create_time"])
    assert moment is not None
    return moment.timestamp()


def test_seed_holds_the_page_example_and_at_least_fifty_mixed_jobs(
    everything: list[dict[str, Any]],
) -> None:
    example = model().example_video_job
    ids = {job["job_id"] for job in everything}
    assert example["job_id"] in ids
    generated = seed.generated_video_jobs(model(), "0123456789abcdef0123456789abcdef")
    assert len(generated) >= 50
    assert {job["job_id"] for job in generated} <= ids
    states = Counter(job["state"] for job in generated)
    assert set(states) == set(model().video.states)  # every state at least once
    assert len({job["job_type"] for job in generated}) == len(model().video_job_types)
    assert len({job["create_time"][:7] for job in generated}) >= 5  # months
    # deterministic: the same project always gets the same jobs
    assert seed.generated_video_jobs(model(), "0123456789abcdef0123456789abcdef") == generated
    assert seed.generated_video_jobs(model(), "other")[0]["job_id"] != generated[0]["job_id"]


def test_default_order_is_ascending_create_time(everything: list[dict[str, Any]]) -> None:
    times = [_ts(job) for job in everything]
    assert times == sorted(times)


def test_paging_walks_the_same_list(
    mock_server: MockServer, everything: list[dict[str, Any]]
) -> None:
    seen: list[str] = []
    with mock_server.client() as client:
        for offset in range(0, len(everything) + 7, 7):
            page = _list(client, mock_server, f"offset={offset}&limit=7")
            assert page["count"] == len(everything)
            assert len(page["jobs"]) <= 7
            seen += [job["job_id"] for job in page["jobs"]]
        assert _list(client, mock_server, "limit=0") == {"count": len(everything), "jobs": []}
        beyond = _list(client, mock_server, f"offset={len(everything) + 5}")
        assert beyond == {"count": len(everything), "jobs": []}
    assert seen == [job["job_id"] for job in everything]


def test_sort_desc_reverses(mock_server: MockServer, everything: list[dict[str, Any]]) -> None:
    with mock_server.client() as client:
        desc = _list(client, mock_server, "sort_key=create_time&sort_dir=desc")["jobs"]
    assert [j["job_id"] for j in desc] == [j["job_id"] for j in reversed(everything)]


Case = tuple[str, Callable[[dict[str, Any]], bool]]


def _cases(everything: list[dict[str, Any]]) -> list[Case]:
    some = everything[len(everything) // 2]
    generated = seed.generated_video_jobs(model(), "0123456789abcdef0123456789abcdef")
    script = generated[3]["script_id"]
    scripts = {j["job_id"]: j["script_id"] for j in generated}
    since, until = "2024-02-01T00:00:00Z", "2024-03-31T23:59:59+00:00"
    lo, hi = parse_rfc3339(since), parse_rfc3339(until)
    assert lo is not None and hi is not None
    ids = [everything[1]["job_id"], everything[-2]["job_id"], some["job_id"]]
    part = generated[3]["job_id"][9:18].upper()  # the middle of a uuid, in the other case
    return [
        ("state=SUCCEED,FAILED", lambda j: j["state"] in ("SUCCEED", "FAILED")),
        (f"job_ids={','.join(ids)}", lambda j: j["job_id"] in ids),
        (
            "asset_name=NEWS&fuzzy_query_field=asset_name",  # a substring, any case
            lambda j: "news" in (j.get("output_asset_config") or {}).get("asset_name", "").lower(),
        ),
        (  # fuzzy applies only to the filters it names; a name it cannot apply to is ignored
            f"job_id={part}&script_id={script}&fuzzy_query_field=job_id,sort_dir",
            lambda j: part.lower() in j["job_id"] and scripts.get(j["job_id"]) == script,
        ),
        ("state=WAITING", lambda j: j["state"] == "WAITING"),
        (
            "job_type=PHOTO_DIGITAL_HUMAN_VIDEO",
            lambda j: j.get("job_type") == "PHOTO_DIGITAL_HUMAN_VIDEO",
        ),
        (f"job_id={some['job_id']}", lambda j: j["job_id"] == some["job_id"]),
        (
            "asset_name=Welcome",
            lambda j: (j.get("output_asset_config") or {}).get("asset_name") == "Welcome",
        ),
        (f"script_id={script}", lambda j: scripts.get(j["job_id"]) == script),
        (
            f"create_since={since}&create_until={until.replace('+', '%2B')}",
            lambda j: lo.timestamp() <= _ts(j) <= hi.timestamp(),
        ),
        (
            "state=SUCCEED,CANCELED&job_type=2D_DIGITAL_HUMAN_VIDEO&create_since=2024-03-01T00:00:00Z",
            lambda j: (
                j["state"] in ("SUCCEED", "CANCELED")
                and j.get("job_type") == "2D_DIGITAL_HUMAN_VIDEO"
                and _ts(j) >= 1709251200
            ),
        ),
    ]


def test_fuzzy_wildcards_in_a_value_match_only_themselves(mock_server: MockServer) -> None:
    with mock_server.client() as client:
        for value in ("%", "_", "\\"):
            query = f"asset_name={quote(value)}&fuzzy_query_field=asset_name"
            assert _list(client, mock_server, query)["count"] == 0, value
        assert _list(client, mock_server, "asset_name=news")["count"] == 0  # exact without it


def test_every_filter_of_the_spec_reads_through_an_index(tmp_path: Path) -> None:
    """EXPLAIN QUERY PLAN of the count and page statements: a SEARCH on an index for every
    filter (the count's index constrains the filter's own column), never a table SCAN."""
    store = Store(tmp_path / "state.sqlite", model())
    project = "0123456789abcdef0123456789abcdef"
    cases = {
        "state=?": ListQuery(states=("SUCCEED", "FAILED")),
        "job_type=?": ListQuery(job_type="2D_DIGITAL_HUMAN_VIDEO"),
        "script_id=?": ListQuery(script_id="s"),
        "asset_name=?": ListQuery(asset_name="a"),
        "job_id=?": ListQuery(job_id="j"),
        "job_id=? ": ListQuery(job_ids=("j1", "j2")),  # the IN list: one search per id
        "create_ts>?": ListQuery(create_since=1.0),
        "create_ts<?": ListQuery(create_until=1.0),
        "project_id=?)": ListQuery(asset_name="a", fuzzy=frozenset({"asset_name"})),
    }
    try:
        conn = store.db.conn()
        for column, query in cases.items():
            count_sql, page_sql, args = store.videos.list_sql(project, query)
            plans = [
                " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                for sql, params in ((count_sql, args), (page_sql, [*args, 10, 0]))
            ]
            for plan in plans:
                assert plan.startswith("SEARCH video_jobs USING") and "SCAN" not in plan, plan
            assert column.strip() in plans[0], (column, plans[0])
    finally:
        store.close()


def test_filters_match_the_full_list(
    mock_server: MockServer, everything: list[dict[str, Any]]
) -> None:
    with mock_server.client() as client:
        for query, keep in _cases(everything):
            expected = [job for job in everything if keep(job)]
            assert expected, query  # the seed makes every case non-empty
            body = _list(client, mock_server, query)
            assert body["count"] == len(expected), query
            assert body["jobs"] == expected, query
            page = _list(client, mock_server, query + "&limit=2&offset=1&sort_dir=desc")
            assert page["count"] == len(expected)
            assert page["jobs"] == list(reversed(expected))[1:3]


def test_detail_with_and_without_script(
    mock_server: MockServer, everything: list[dict[str, Any]]
) -> None:
    job_id = everything[5]["job_id"]
    path = f"/v1/{mock_server.project_id}/2d-digital-human-videos/{job_id}"
    with mock_server.client("aksk") as client:
        plain = client.get(path)
        full = client.get(path + "?show_script=true")
        off = client.get(path + "?show_script=false")
    for response in (plain, full, off):
        assert_conforms(response, "show_video_job")
    assert plain.json() == off.json()
    for field in model().video_script_fields:
        assert field not in plain.json()
    assert "voice_config" in full.json() and "shoot_scripts" in full.json()
    summary = {k: v for k, v in full.json().items() if k in model().video_summary_fields}
    assert summary == everything[5]
