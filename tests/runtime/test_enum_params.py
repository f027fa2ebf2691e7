"""Enum and list parameters as people write them (issue 24): the member or its value, one value
where a list is expected; a value the spec does not list is refused before anything is sent.

`coerce_param` (generator/runtime/params.py) on its own, then the generated facade against the
mock: methods, raw twins, iterators and the async client take strings, and a bad value never
reaches the network (the client points at a closed port: sending would be an
APIConnectionError, not the InvalidRequestError asserted).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import metastudio_models as models
import pytest
import yaml
from metastudio_client import AsyncMetaStudio, MetaStudio
from metastudio_client.models import SortDir, VideoJobSortKey, VideoJobState, VideoJobType
from metastudio_client.models.video_job_state import VideoJobStateValue
from metastudio_client.runtime.errors import InvalidRequestError, MetaStudioError
from mockserver import REPO, SPEC, MockServer

from generator.runtime import errors as runtime_errors
from generator.runtime.params import coerce_param

CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens, sending would fail


def facade(server: MockServer, cls: Any = MetaStudio, **settings: Any) -> Any:
    return cls(
        endpoint=settings.pop("endpoint", server.base_url),
        project_id=server.project_id,
        ak=server.ak,
        sk=server.sk,
        **settings,
    )


# -- coerce_param on its own ------------------------------------------------------------------


# The generated SortDir (tolerant of unknown values, as every generated enum) and the models
# package's SortDir, another enum class with the same values.


def test_a_value_or_a_member_becomes_the_member() -> None:
    assert coerce_param("sort_dir", "desc", SortDir) is SortDir.DESC
    assert coerce_param("sort_dir", SortDir.ASC, SortDir) is SortDir.ASC
    assert coerce_param("sort_dir", models.SortDir.DESC, SortDir) is SortDir.DESC


def test_one_value_where_a_list_is_expected_is_a_one_item_list() -> None:
    assert coerce_param("state", "FAILED", VideoJobState, many=True) == [VideoJobState.FAILED]
    assert coerce_param("state", VideoJobState.BLOCK, VideoJobState, many=True) == [
        VideoJobState.BLOCK
    ]
    assert coerce_param("state", ("FAILED", VideoJobState.BLOCK), VideoJobState, many=True) == [
        VideoJobState.FAILED,
        VideoJobState.BLOCK,
    ]
    assert coerce_param("ids", "abc", None, many=True) == ["abc"]  # not ["a", "b", "c"]
    assert coerce_param("ids", iter(["a", "b"]), None, many=True) == ["a", "b"]
    assert coerce_param("ids", [], None, many=True) == []


@pytest.mark.parametrize(
    ("value", "many", "needle"),
    [
        ("down", False, "sort_dir: 'down' is not a SortDir; the spec lists asc, desc"),
        (SortDir("down"), False, "'down' is not a SortDir"),  # a pseudo-member from an answer
        (3, False, "sort_dir: 3 is not a SortDir"),
        (["asc", "down"], True, "sort_dir[1]: 'down' is not a SortDir"),
        ({"asc": 1}, True, "sort_dir: expected one value or a list of them, got dict"),
        (b"asc", True, "got bytes"),
        (None, True, "got NoneType"),
        ([["asc"]], True, "sort_dir[0]: ['asc'] is not a SortDir"),  # unhashable
    ],
)
def test_a_value_the_enum_does_not_list_is_refused(value: object, many: bool, needle: str) -> None:
    with pytest.raises(runtime_errors.InvalidRequestError) as caught:
        if many:
            coerce_param("sort_dir", value, SortDir, many=True)
        else:
            coerce_param("sort_dir", value, SortDir)
    assert needle in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_str_parameter_refuses_other_types() -> None:
    with pytest.raises(
        runtime_errors.InvalidRequestError, match=r"ids\[1\]: expected a str, got int"
    ):
        coerce_param("ids", ["a", 2], None, many=True)


# -- the facade ---------------------------------------------------------------------------------


def test_strings_filter_as_the_members_do(mock_server: MockServer) -> None:
    strings: dict[str, Any] = {
        "state": "SUCCEED",
        "sort_key": "create_time",
        "sort_dir": "desc",
        "job_type": "2D_DIGITAL_HUMAN_VIDEO",
    }
    members: dict[str, Any] = {
        "state": [VideoJobState.SUCCEED],
        "sort_key": VideoJobSortKey.CREATE_TIME,
        "sort_dir": SortDir.DESC,
        "job_type": VideoJobType.DIGITAL_HUMAN_VIDEO_2D,
    }
    with facade(mock_server) as ms:
        by_string = ms.list_video_jobs(limit=100, **strings)
        by_member = ms.list_video_jobs(limit=100, **members)
        single_member = ms.list_video_jobs(limit=100, **{**members, "state": VideoJobState.SUCCEED})
        raw = ms.with_raw_response.list_video_jobs(limit=100, **strings)
        everything = ms.list_video_jobs(limit=100)
    jobs = by_string.jobs
    assert jobs and by_string.count == len(jobs)
    assert by_string.count < everything.count  # the filters did filter
    assert {(job.state, job.job_type) for job in jobs} == {
        (VideoJobState.SUCCEED, VideoJobType.DIGITAL_HUMAN_VIDEO_2D)
    }
    times = [job.create_time for job in jobs]
    assert times == sorted(times, reverse=True)
    ids = [job.job_id for job in jobs]
    assert ids == [job.job_id for job in by_member.jobs]
    assert ids == [job.job_id for job in single_member.jobs]
    assert raw.status_code == 200 and [job.job_id for job in raw.parsed.jobs] == ids


def test_one_value_of_a_list_goes_on_the_wire_whole(mock_server: MockServer) -> None:
    with facade(mock_server) as ms:
        one = ms.with_raw_response.list_video_jobs(job_ids="one-id", state=VideoJobState.FAILED)
        two = ms.with_raw_response.list_video_jobs(job_ids=("a", "b"), state=("FAILED", "BLOCK"))
    assert one.status_code == two.status_code == 200
    sent = one.http_response.request.url.params
    assert (sent["job_ids"], sent["state"]) == ("one-id", "FAILED")  # not "o,n,e,-,i,d"
    sent = two.http_response.request.url.params
    assert (sent["job_ids"], sent["state"]) == ("a,b", "FAILED,BLOCK")


def test_iterators_take_strings_and_refuse_a_bad_value_at_the_call(
    mock_server: MockServer,
) -> None:
    with facade(mock_server) as ms:
        failed = list(ms.iter_video_jobs(state="FAILED", page_size=5))
        assert failed and {job.state for job in failed} == {VideoJobState.FAILED}
    with facade(mock_server, endpoint=CLOSED) as ms, pytest.raises(InvalidRequestError):
        ms.iter_video_jobs(state=["FAILED", "DONE"])  # raised at the call, not at next()


@pytest.mark.parametrize(
    ("argument", "value", "message"),
    [
        ("sort_key", "created", "sort_key: 'created' is not a VideoJobSortKey; the spec lists"),
        ("sort_dir", "DESC", "sort_dir: 'DESC' is not a SortDir; the spec lists asc, desc"),
        ("state", ["SUCCEED", "DONE"], "state[1]: 'DONE' is not a VideoJobState"),
        ("state", VideoJobState("DONE"), "state: 'DONE' is not a VideoJobState"),
        ("job_type", "2D", "job_type: '2D' is not a VideoJobType"),
    ],
)
def test_a_value_the_spec_does_not_list_is_refused_before_sending(
    mock_server: MockServer, argument: str, value: Any, message: str
) -> None:
    with facade(mock_server, endpoint=CLOSED) as ms:
        with pytest.raises(InvalidRequestError) as caught:
            ms.list_video_jobs(**{argument: value})
        with pytest.raises(InvalidRequestError):
            ms.with_raw_response.list_video_jobs(**{argument: value})
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, MetaStudioError)


def test_the_message_lists_the_spec_s_values() -> None:
    client = MetaStudio(endpoint=CLOSED, project_id="p", ak="a", sk="s")
    with client as ms, pytest.raises(InvalidRequestError) as caught:
        ms.list_video_jobs(state="DONE")  # type: ignore[arg-type]  # mypy refuses it too
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    states = spec["components"]["schemas"]["VideoJobState"]["enum"]
    assert str(caught.value).endswith("the spec lists " + ", ".join(states))


def test_the_async_client_takes_strings_too(mock_server: MockServer) -> None:
    async def run() -> tuple[list[str], list[str]]:
        async with facade(mock_server, AsyncMetaStudio) as ms:
            page = await ms.list_video_jobs(state="SUCCEED", sort_dir="desc", limit=100)
            pager = ms.iter_video_jobs(state=VideoJobState.SUCCEED, page_size=7)
            listed = [job.job_id async for job in pager]
            with pytest.raises(InvalidRequestError):
                await ms.list_video_jobs(sort_dir="down")
            return [job.job_id for job in page.jobs], listed

    paged, iterated = asyncio.run(run())
    assert paged and sorted(paged) == sorted(iterated)


def test_the_value_aliases_are_the_enums_values() -> None:
    assert get_args(VideoJobStateValue) == tuple(state.value for state in VideoJobState)


@pytest.mark.slow
def test_mypy_takes_the_values_and_refuses_others(tmp_path: Path) -> None:
    script = tmp_path / "uses_strings.py"
    script.write_text(
        "from metastudio_client import MetaStudio\n"
        "from metastudio_client.models import VideoJobState\n"
        "def run(ms: MetaStudio, states: list[VideoJobState]) -> None:\n"
        '    ms.list_video_jobs(sort_key="create_time", sort_dir="desc", state="SUCCEED")\n'
        '    ms.list_video_jobs(state=["SUCCEED", VideoJobState.FAILED], job_ids="one-id")\n'
        "    ms.list_video_jobs(state=states)\n"
        '    ms.list_video_jobs(sort_dir="down")\n'
        '    ms.iter_video_jobs(state=["DONE"])\n',
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["7", "8"], run.stdout
