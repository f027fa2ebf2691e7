"""The generated pydantic v2 models (generated/models, package metastudio_models) against the
spec's own examples and against what the real service is known to send beyond them, and the
enum member names the client, the models and the docs share."""

from __future__ import annotations

import copy
import enum
import json
from typing import Any

import metastudio_client.models as client_models
import metastudio_models as m
import pydantic
import pytest

from generator.generate.specinfo import ResponseExample, TemplateFacts
from generator.generate.tree import SPEC
from generator.spec import SpecDoc
from generator.specmodel import build

INFO = TemplateFacts(build(SpecDoc(SPEC)))
EXAMPLES = INFO.response_examples()


def example(operation_id: str, status: str = "200") -> dict[str, Any]:
    for item in EXAMPLES:
        if item.operation_id == operation_id and item.status == status:
            value: dict[str, Any] = copy.deepcopy(item.value)
            return value
    raise KeyError((operation_id, status))


@pytest.mark.parametrize("item", EXAMPLES, ids=lambda e: e.id)
def test_example_parses(item: ResponseExample) -> None:
    cls: type[pydantic.BaseModel] = getattr(m, item.schema)
    from_python = cls.model_validate(copy.deepcopy(item.value))
    from_json = cls.model_validate_json(json.dumps(item.value))
    assert from_python == from_json
    # Nothing is lost: every key of the example comes back out, and nothing is extra.
    assert set(from_json.model_dump(mode="json", exclude_unset=True)) == set(item.value)
    assert not from_json.model_extra


def test_training_job_with_unknown_enum_values_and_extra_fields() -> None:
    data = example("show_training_job")
    data["state"] = "SOMETHING_NEW"
    data["model_resolution"] = "8K"
    data["model_version"] = "V4"
    data["operation_logs"][0]["log_type"] = "USER_CREATE_JOB"
    data["operation_logs"][1]["operate_user"] = "ROBOT"
    data["operation_logs"][2]["brand_new"] = {"nested": [1, 2]}
    data["is_holographic"] = False
    for job in (
        m.TrainingJob.model_validate(data),
        m.TrainingJob.model_validate_json(json.dumps(data)),
        m.TrainingJob.model_validate_json(json.dumps(data), strict=True),
    ):
        assert isinstance(job.state, m.TrainingJobState)
        assert job.state.value == "SOMETHING_NEW" and job.state == "SOMETHING_NEW"
        assert str(job.state) == "SOMETHING_NEW" and not job.state.is_known
        assert job.model_resolution is not None and job.model_resolution.value == "8K"
        assert job.model_version is not None and job.model_version.value == "V4"
        assert job.operation_logs is not None
        assert job.operation_logs[0].log_type == "USER_CREATE_JOB"
        assert job.operation_logs[1].operate_user == "ROBOT"
        assert job.operation_logs[1].log_type is m.OperationLogType.SYSTEM_MARKABLE_VIDEO
        assert job.operation_logs[2].model_extra == {"brand_new": {"nested": [1, 2]}}
        assert job.model_extra == {"is_holographic": False}
        out = job.model_dump(mode="json", exclude_unset=True)
        assert out["state"] == "SOMETHING_NEW" and out["is_holographic"] is False
        assert out["operation_logs"][2]["brand_new"] == {"nested": [1, 2]}


def test_video_job_detail_with_unknown_values_extra_fields_and_error_info() -> None:
    data = example("show_video_job")
    data["state"] = "SOMETHING_NEW"
    data["job_type"] = "3D_DIGITAL_HUMAN_VIDEO"
    data["video_config"]["codec"] = "AV1"
    data["shoot_scripts"][0]["shoot_script"]["background_config"][0]["background_type"] = "HOLO"
    data["output_asset_config"]["preview_size"] = 1024
    data["voice_properties"] = {"emotion": "calm"}
    detail = m.VideoJobDetail.model_validate_json(json.dumps(data))

    assert isinstance(detail.state, m.VideoJobState) and detail.state.value == "SOMETHING_NEW"
    assert detail.job_type is not None and not detail.job_type.is_known
    assert detail.job_type.value == "3D_DIGITAL_HUMAN_VIDEO"
    assert detail.video_config is not None and detail.video_config.codec == "AV1"
    assert detail.video_config.frame_rate == 30  # E06: a number on the wire stays a number
    assert detail.shoot_scripts is not None
    script = detail.shoot_scripts[0].shoot_script
    assert script is not None and script.background_config is not None
    assert script.background_config[0].background_type == "HOLO"
    assert detail.output_asset_config is not None
    assert detail.output_asset_config.model_extra == {"preview_size": 1024}
    assert detail.model_extra == {"voice_properties": {"emotion": "calm"}}
    assert detail.error_info is None  # E02: null

    data["error_info"] = {"error_code": "MSS.1", "error_msg": "boom", "error_detail": "x"}
    failed = m.VideoJobDetail.model_validate(data)
    assert isinstance(failed.error_info, m.Error) and failed.error_info.error_code == "MSS.1"
    assert failed.error_info.model_extra == {"error_detail": "x"}


def test_list_and_command_results_with_unknown_values() -> None:
    data = example("list_video_jobs")
    data["jobs"][0]["state"] = "SOMETHING_NEW"
    data["jobs"].append({"job_id": "j2", "state": "SUCCESS", "error_info": None, "extra": 1})
    page = m.VideoJobList.model_validate(data)
    assert page.jobs is not None
    assert page.jobs[0].state == "SOMETHING_NEW"
    assert page.jobs[1].state is m.VideoJobState.SUCCESS
    assert page.jobs[1].model_extra == {"extra": 1}

    result = m.ExecuteTrainingCommandResult.model_validate_json(
        '{"commond_result": "EXCUTE_PARTIAL", "retry_after_msg": "x"}'
    )
    assert result.commond_result is not None and result.commond_result.value == "EXCUTE_PARTIAL"
    assert result.model_extra == {"retry_after_msg": "x"}


def test_strict_about_nullability() -> None:
    # error_info may be null (anyOf with null); a field with a default and no null may not.
    assert m.DigitalHumanVideo.model_validate({"error_info": None}).error_info is None
    with pytest.raises(pydantic.ValidationError):
        m.UpdateTrainingJobRequest.model_validate({"video_multipart_count": None})
    # A non-string where the spec says string is an error, not an unknown enum value.
    with pytest.raises(pydantic.ValidationError):
        m.DigitalHumanVideo.model_validate({"state": 5})


def _enums(module: Any) -> dict[str, type[enum.Enum]]:
    return {
        name: value
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, enum.Enum)
        and value.__module__.startswith(module.__name__)
    }


def test_same_enum_member_names_in_client_models_and_docs() -> None:
    from_models = _enums(m)
    from_client = {name: getattr(client_models, name) for name in from_models}
    assert {group.name for group in INFO.enums} == set(from_models)
    for group in INFO.enums:
        expected = [(value.member, value.value) for value in group.values]
        for cls in (from_models[group.name], from_client[group.name]):
            assert [(member.name, member.value) for member in cls] == expected, cls
    # The stable names x-enum-varnames gives (values starting with a digit).
    assert m.ModelResolution.RESOLUTION_1080P.value == "1080P"
    assert client_models.VideoJobType.DIGITAL_HUMAN_VIDEO_2D.value == "2D_DIGITAL_HUMAN_VIDEO"
