"""The generated client (generated/client, package metastudio_client) against the spec's own
examples and against what the real service is known to send beyond them.

- every example response of every operation (200 and errors) parses, both with
  `Model.from_dict` and through the facade's operation over HTTP (httpx.MockTransport): a 200
  as the model, an error as the APIStatusError with the example's code and message;
- altered copies (enum values the spec does not list, extra fields at top level and nested,
  error_info null or an object) parse without raising, and the unknown value stays readable;
- the list operation's `state` filter goes on the wire as ONE comma-joined value, shown on a
  request recorded by a real HTTP server on 127.0.0.1 and on the httpx request object.
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import json
import re
import subprocess
import sys
import threading
import types
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import specops
from metastudio_client import APIStatusError, AsyncMetaStudio, MetaStudio
from metastudio_client import models as m
from metastudio_client.runtime.errors import InvalidRequestError
from metastudio_client.runtime.response import APIResponse
from metastudio_client.types import UNSET
from mockserver import EXAMPLE_PROJECT, EXAMPLE_TRAINING_JOB

from generator.generate.specinfo import ResponseExample, TemplateFacts
from generator.generate.tree import SPEC
from generator.spec import SpecDoc
from generator.specmodel import build

INFO = TemplateFacts(build(SpecDoc(SPEC)))
EXAMPLES = INFO.response_examples()
PROJECT = EXAMPLE_PROJECT
JOB = EXAMPLE_TRAINING_JOB
INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def example(operation_id: str, status: str = "200") -> dict[str, Any]:
    for item in EXAMPLES:
        if item.operation_id == operation_id and item.status == status:
            value: dict[str, Any] = copy.deepcopy(item.value)
            return value
    raise KeyError((operation_id, status))


SETTINGS: dict[str, Any] = {"project_id": PROJECT, "auth_token": "t", "max_retries": 0}


def _client(
    handler: Callable[[httpx.Request], httpx.Response], base_url: str = "https://metastudio.test"
) -> MetaStudio:
    return MetaStudio(endpoint=base_url, transport=httpx.MockTransport(handler), **SETTINGS)


def _call(operation_id: str, client: MetaStudio) -> APIResponse[Any]:
    """Call an operation through the facade with every path id JOB and the spec's request
    example as the body: derived from the spec, so a new operation needs no edit here."""
    op = INFO.api.operation(operation_id)
    kwargs: dict[str, Any] = dict.fromkeys(specops.path_parameters(op), JOB)
    body = specops.request_example(INFO.api, op)
    if body is not None:
        kwargs["body"] = body
    method: Callable[..., APIResponse[Any]] = getattr(client.with_raw_response, operation_id)
    return method(**kwargs)


def _instants(value: Any) -> Any:
    """`value` with every RFC 3339 UTC instant spelt one way (`Z` and `+00:00` are equal)."""
    if isinstance(value, dict):
        return {key: _instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_instants(item) for item in value]
    if isinstance(value, str) and INSTANT.fullmatch(value):
        return value.removesuffix("Z") + "+00:00"
    return value


def test_every_operation_has_examples_for_200_and_errors() -> None:
    operations = {op.operation_id for op in INFO.operations}
    assert len(operations) == len(list(INFO.doc.operations())) > 0  # every one the spec has
    for operation_id in operations:
        statuses = {e.status for e in EXAMPLES if e.operation_id == operation_id}
        assert "200" in statuses and {"400", "500"} <= statuses, (operation_id, statuses)


@pytest.mark.parametrize("item", EXAMPLES, ids=lambda e: e.id)
def test_example_parses_with_from_dict(item: ResponseExample) -> None:
    cls = getattr(m, item.schema)
    parsed = cls.from_dict(copy.deepcopy(item.value))
    assert isinstance(parsed, cls)
    # Nothing is lost or changed: every value of the example comes back out of to_dict().
    assert _instants(parsed.to_dict()) == _instants(item.value)
    assert parsed.additional_properties == {}  # the examples use only documented fields


@pytest.mark.parametrize("item", EXAMPLES, ids=lambda e: e.id)
def test_example_parses_through_the_operation(item: ResponseExample) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(int(item.status), json=item.value, headers={"X-Request-Id": "r1"})

    with _client(handler) as client:
        if item.status.startswith("2"):
            response = _call(item.operation_id, client)
            assert response.status_code == int(item.status)
            assert isinstance(response.parsed, getattr(m, item.schema))
            assert _instants(response.parsed.to_dict()) == _instants(item.value)
        else:
            with pytest.raises(APIStatusError) as raised:
                _call(item.operation_id, client)
            assert raised.value.status_code == int(item.status)
            error = getattr(m, item.schema).from_dict(copy.deepcopy(item.value))
            assert (raised.value.error_code, raised.value.error_msg) == (
                error.error_code,
                error.error_msg,
            )
            assert raised.value.request_id == "r1"
    assert len(seen) == 1
    operation = next(op for op in INFO.operations if op.operation_id == item.operation_id)
    path = operation.path.replace("{project_id}", PROJECT).replace("{job_id}", JOB)
    assert (seen[0].method, seen[0].url.path) == (operation.method.upper(), path)


# -- what the service sends beyond the spec -----------------------------------------------------
def test_training_job_with_unknown_enum_values_and_extra_fields() -> None:
    data = example("show_training_job")
    data["state"] = "SOMETHING_NEW"
    data["model_resolution"] = "8K"
    data["matting_type"] = "QUANTUM"
    data["operation_logs"][0]["log_type"] = "USER_CREATE_JOB"  # the typo fixed one day
    data["operation_logs"][1]["operate_user"] = "ROBOT"
    data["operation_logs"][2]["brand_new"] = {"nested": [1, 2]}
    data["is_holographic"] = False  # a field neither the pages nor the SDK know
    job = m.TrainingJob.from_dict(data)

    assert isinstance(job.state, m.TrainingJobState)
    assert job.state.value == "SOMETHING_NEW" and str(job.state) == "SOMETHING_NEW"
    assert job.state == "SOMETHING_NEW"
    assert not job.state.is_known
    assert job.state not in list(m.TrainingJobState)
    assert isinstance(job.model_resolution, m.ModelResolution)
    assert job.model_resolution.value == "8K"
    assert isinstance(job.matting_type, m.MattingType)
    assert job.matting_type.value == "QUANTUM"
    assert isinstance(job.operation_logs, list)
    assert job.operation_logs[0].log_type == "USER_CREATE_JOB"
    assert job.operation_logs[1].operate_user == "ROBOT"
    assert job.operation_logs[2].additional_properties == {"brand_new": {"nested": [1, 2]}}
    assert job.additional_properties == {"is_holographic": False}
    # Known values stay the real members.
    assert job.operation_logs[1].log_type is m.OperationLogType.SYSTEM_MARKABLE_VIDEO
    assert job.operation_logs[1].log_type.is_known
    # Serialising gives back what was received, unknown values and extra fields included.
    out = job.to_dict()
    assert out["state"] == "SOMETHING_NEW" and out["is_holographic"] is False
    assert out["operation_logs"][2]["brand_new"] == {"nested": [1, 2]}


def test_video_job_detail_with_unknown_values_extra_fields_and_error_info() -> None:
    data = example("show_video_job")
    data["state"] = "SOMETHING_NEW"
    data["job_type"] = "3D_DIGITAL_HUMAN_VIDEO"
    data["video_config"]["codec"] = "AV1"
    data["video_config"]["frame_rate"] = "25"
    data["shoot_scripts"][0]["shoot_script"]["background_config"][0]["background_type"] = "HOLO"
    data["output_asset_config"]["preview_size"] = 1024
    data["voice_properties"] = {"emotion": "calm"}
    detail = m.VideoJobDetail.from_dict(data)

    assert isinstance(detail.state, m.VideoJobState) and detail.state.value == "SOMETHING_NEW"
    assert isinstance(detail.job_type, m.VideoJobType)
    assert detail.job_type.value == "3D_DIGITAL_HUMAN_VIDEO" and not detail.job_type.is_known
    assert isinstance(detail.video_config, m.VideoConfig)
    assert detail.video_config.codec == "AV1" and detail.video_config.frame_rate == "25"
    assert isinstance(detail.shoot_scripts, list)
    script = detail.shoot_scripts[0].shoot_script
    assert isinstance(script, m.ShootScript) and isinstance(script.background_config, list)
    assert script.background_config[0].background_type == "HOLO"
    assert isinstance(detail.output_asset_config, m.OutputAssetInfo)
    assert detail.output_asset_config.additional_properties == {"preview_size": 1024}
    assert detail.additional_properties == {"voice_properties": {"emotion": "calm"}}
    assert detail.error_info is None  # the example's null

    data["error_info"] = {"error_code": "MSS.1", "error_msg": "boom", "error_detail": "x"}
    failed = m.VideoJobDetail.from_dict(data)
    assert isinstance(failed.error_info, m.Error)
    assert failed.error_info.error_code == "MSS.1"
    assert failed.error_info.additional_properties == {"error_detail": "x"}


def test_list_and_command_results_with_unknown_values() -> None:
    data = example("list_video_jobs")
    data["jobs"][0]["state"] = "SOMETHING_NEW"
    data["jobs"].append({"job_id": "j2", "state": "SUCCESS", "error_info": None, "extra": 1})
    data["next_marker"] = "abc"
    page = m.VideoJobList.from_dict(data)
    assert isinstance(page.jobs, list)
    assert page.jobs[0].state == "SOMETHING_NEW"
    assert page.jobs[1].state is m.VideoJobState.SUCCESS  # E01: listed since the spec knows it
    assert page.jobs[1].additional_properties == {"extra": 1}
    assert page.additional_properties == {"next_marker": "abc"}

    result = m.ExecuteTrainingCommandResult.from_dict(
        {"commond_result": "EXCUTE_PARTIAL", "retry_after_msg": "x", "trace": None}
    )
    assert isinstance(result.commond_result, m.CommandResult)
    assert result.commond_result.value == "EXCUTE_PARTIAL"
    assert result.additional_properties == {"retry_after_msg": "x", "trace": None}


def test_unknown_values_through_the_operation() -> None:
    data = example("show_video_job")
    data["state"] = "SOMETHING_NEW"
    data["surprise"] = [1]
    with _client(lambda request: httpx.Response(200, json=data)) as client:
        detail = client.show_video_job(JOB)
    assert isinstance(detail, m.VideoJobDetail)
    assert detail.state == "SOMETHING_NEW" and detail.additional_properties == {"surprise": [1]}


def test_non_string_enum_value_is_still_an_error() -> None:
    value: Any = 5  # a number where the spec says string: a real type error, not a new value
    with pytest.raises(ValueError, match="5 is not a valid VideoJobState"):
        m.VideoJobState(value)
    # parse() (what from_dict uses) raises the same error, for a bad and an unhashable value
    with pytest.raises(ValueError, match="5 is not a valid VideoJobState"):
        m.VideoJobState.parse(value)
    with pytest.raises(ValueError, match=r"\['SUCCEED'\] is not a valid VideoJobState"):
        m.VideoJobState.parse(["SUCCEED"])
    data = example("show_video_job")
    data["state"] = 5
    with pytest.raises(ValueError, match="5 is not a valid VideoJobState"):
        m.VideoJobDetail.from_dict(data)
    # while a string the spec does not list is kept, and a listed one is the member itself
    new = m.VideoJobState.parse("SOMETHING_NEW")
    assert isinstance(new, m.VideoJobState) and new.value == "SOMETHING_NEW" and not new.is_known
    assert m.VideoJobState.parse("FAILED") is m.VideoJobState.FAILED


# -- the comma-joined state filter --------------------------------------------------------------
class _Recorder(BaseHTTPRequestHandler):
    targets: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).targets.append(self.path)  # the request target exactly as received
        body = json.dumps({"count": 0, "jobs": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture()
def recorder() -> Iterator[tuple[str, list[str]]]:
    targets: list[str] = []
    handler = type("Recorder", (_Recorder,), {"targets": targets})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", targets
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_state_filter_is_one_comma_joined_value_on_the_wire(
    recorder: tuple[str, list[str]],
) -> None:
    base_url, targets = recorder
    states = [m.VideoJobState.SUCCEED, m.VideoJobState.FAILED]
    with MetaStudio(endpoint=base_url, read_timeout=10.0, **SETTINGS) as client:
        page = client.list_video_jobs(state=states)
        client.list_video_jobs(state=[m.VideoJobState.SUCCEED], limit=10)
        client.list_video_jobs(state=[])
        unknown = m.VideoJobState("SOMETHING_NEW")  # parsed from an answer: not sent back
        with pytest.raises(InvalidRequestError, match="'SOMETHING_NEW' is not a VideoJobState"):
            client.list_video_jobs(state=[unknown, m.VideoJobState.WAITING])
    assert isinstance(page, m.VideoJobList) and page.count == 0
    path = f"/v1/{PROJECT}/digital-human-videos"
    assert targets == [
        f"{path}?state=SUCCEED%2CFAILED",  # one key, as the official SDK sends it
        f"{path}?limit=10&state=SUCCEED",
        path,  # an empty list is left out (RFC 6570), not sent as `state=`
    ]  # the value the spec does not list was refused before anything was sent


def test_state_filter_on_the_httpx_request_sync_and_async() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"count": 0, "jobs": []})

    states = [m.VideoJobState.SUCCEED, m.VideoJobState.FAILED]
    with _client(handler) as client:
        client.list_video_jobs(state=states, offset=0)

    async def run() -> None:
        transport = httpx.MockTransport(handler)
        async with AsyncMetaStudio(
            endpoint="https://metastudio.test", transport=transport, **SETTINGS
        ) as client:
            await client.list_video_jobs(state=states)

    asyncio.run(run())
    assert [r.url.query for r in seen] == [
        b"offset=0&state=SUCCEED%2CFAILED",
        b"state=SUCCEED%2CFAILED",
    ]
    for request in seen:
        assert request.url.params.get_list("state") == ["SUCCEED,FAILED"]


def test_runtime_modules_are_shipped_in_the_client() -> None:
    """The client stands alone: its runtime lives in its own package and using it imports
    nothing of the toolkit (`generator`), which a user of the client does not have."""
    signing = importlib.import_module("metastudio_client.runtime.signing")
    client_dir = Path(importlib.import_module("metastudio_client").__file__ or "").parent
    assert Path(signing.__file__ or "").parent == client_dir / "runtime"
    code = (
        "import sys, metastudio_client, metastudio_client.runtime as r; r.sign, r.AkSkAuth;"
        "import metastudio_client.facade; print(sorted(m for m in sys.modules if m == 'generator'"
        " or m.startswith('generator.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_from_dict_builds_the_same_instance_as_the_constructor() -> None:
    """from_dict fills the slots itself (no keyword __init__): the result must be the very
    instance the attrs constructor makes, absent fields UNSET, the input left as it was."""
    data = example("show_video_job")
    before = copy.deepcopy(data)
    detail = m.VideoJobDetail.from_dict(types.MappingProxyType(data))  # any Mapping
    assert data == before
    assert detail.video_config == m.VideoConfig(  # an absent field is UNSET, default or not
        codec=m.Codec.H264,
        bitrate=5000,
        width=720,
        height=1280,
        frame_rate=30,
        is_subtitle_enable=UNSET,
    )
    assert detail.video_config.dx is UNSET and detail.human_image is UNSET
    assert detail == m.VideoJobDetail.from_dict(detail.to_dict())
    assert "VideoConfig(" in repr(detail)
    data["error_info"] = "not an object"  # a union keeps a value none of its members takes
    kept: object = m.VideoJobDetail.from_dict(data).error_info
    assert kept == "not an object"
    with pytest.raises(KeyError):  # a required field missing still fails the parse
        m.ActionBasicSampleInfo.from_dict({})
