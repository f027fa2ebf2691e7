"""Interop with the official SDK: huaweicloudsdkmetastudio drives all five operations against
the mock over real HTTP with AK/SK, and every answer is parsed by the SDK's own models.

The SDK is imported only after HOME points at a temporary folder (importing it writes
`$HOME/.huaweicloud/application_id`). The SDK signs with its own code (huaweicloudsdkcore), so
this is also an independent check of the mock's signature verification. Jobs in the states
the update and the commands need are made through the mock's control API.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from mockserver import EXAMPLE_TRAINING_JOB, EXAMPLE_VIDEO_JOB, UPDATABLE_STATE

from generator.contract.credentials import ContractCredentials
from generator.contract.local import LocalMock

CREDS = ContractCredentials(
    project_id="5d0b1e5d0b1e5d0b1e5d0b1e5d0b1e00",
    ak="SDKINTEROPAK00000001",
    sk="sdk/interop+secret=0123456789~",
)


@pytest.fixture(scope="module")
def sdk(official_sdk: SimpleNamespace) -> SimpleNamespace:
    return official_sdk


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalMock]:
    db = tmp_path_factory.mktemp("sdk-interop") / "state.sqlite"
    with LocalMock(CREDS, db_path=db) as server:
        yield server


def make_client(sdk: SimpleNamespace, mock: LocalMock, sk: str = CREDS.sk) -> Any:
    config = sdk.HttpConfig.get_default_config()
    config.timeout = (5, 10)
    return (
        sdk.ms.MetaStudioClient.new_builder()
        .with_http_config(config)
        .with_credentials(sdk.BasicCredentials(CREDS.ak, sk, CREDS.project_id))
        .with_endpoints([mock.base_url])
        .build()
    )


@pytest.fixture(scope="module")
def client(sdk: SimpleNamespace, mock: LocalMock) -> Any:
    return make_client(sdk, mock)


def new_job(mock: LocalMock, state: str, **extra: Any) -> dict[str, Any]:
    """A training job in `state`, held (the lifecycle does not move it on its own)."""
    response = mock.control(
        "POST", "/_mock/v1/{project_id}/training-jobs", {"state": state, "hold": True, **extra}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_sdk_import_wrote_into_the_temporary_home(sdk: SimpleNamespace) -> None:
    assert (sdk.home / ".huaweicloud").is_dir()


def test_show_training_job(sdk: SimpleNamespace, client: Any) -> None:
    request = sdk.ms.Show2dModelTrainingJobRequest(job_id=EXAMPLE_TRAINING_JOB)
    response = client.show2d_model_training_job(request)
    assert isinstance(response, sdk.ms.Show2dModelTrainingJobResponse)
    assert response.job_id == EXAMPLE_TRAINING_JOB
    assert response.project_id == CREDS.project_id
    assert response.state == "MANUAL_VERIFYING"
    assert response.model_version == "V3"
    assert response.matting_type == "AI"
    assert response.model_resolution == "1080P"
    assert response.is_background_replacement is True
    assert response.is_mask_file_uploaded is False
    logs = response.operation_logs
    assert [type(log).__name__ for log in logs] == ["OperationLogInfo"] * len(logs)
    assert logs[0].log_type == "USER_CREATE_JOD"
    assert logs[0].operate_user == "USER"
    assert logs[0].operate_time == "2023-12-09T07:31:37Z"
    assert response.comment_logs == []
    assert response.x_request_id


def test_update_then_confirm_the_upload(sdk: SimpleNamespace, client: Any, mock: LocalMock) -> None:
    job_id = new_job(mock, UPDATABLE_STATE)["job_id"]

    body = sdk.ms.Update2dModelTrainingJobReq(
        name="Interop avatar",
        contact="interop@example.com",
        video_multipart_count=2,
        is_background_replacement=False,
        tags=["interop", "sdk"],
    )
    updated = client.update2d_model_training_job(
        sdk.ms.Update2dModelTrainingJobRequest(job_id=job_id, body=body)
    )
    assert isinstance(updated, sdk.ms.Update2dModelTrainingJobResponse)
    assert updated.job_id == job_id
    assert isinstance(updated.training_video_upload_url, list)
    assert len(updated.training_video_upload_url) == 2
    for url in (updated.cover_upload_url, updated.grant_file_upload_url):
        assert isinstance(url, str) and url.startswith(mock.base_url)
    assert updated.x_request_id

    shown = client.show2d_model_training_job(sdk.ms.Show2dModelTrainingJobRequest(job_id=job_id))
    assert shown.state == "WAIT_FILE_UPLOAD"
    assert shown.name == "Interop avatar"
    assert shown.contact == "interop@example.com"
    assert shown.is_background_replacement is False
    assert shown.tags == ["interop", "sdk"]
    assert shown.operation_logs[-1].log_type == "USER_UPDATE_VIDEO"

    def command(name: str) -> Any:
        request = sdk.ms.Execute2dModelTrainingCommandByUserRequest(
            job_id=job_id, body=sdk.ms.Execute2dModelTrainingCommandByUserReq(command=name)
        )
        return client.execute2d_model_training_command_by_user(request)

    # Confirming before the parts are uploaded is refused with the documented 400.
    with pytest.raises(sdk.ClientRequestException) as refused:
        command("CONFIRM_MULTIPART_UPLOADED")
    assert refused.value.status_code == 400
    assert refused.value.error_code == "MSS.00000003"

    etags = []
    for n, url in enumerate(updated.training_video_upload_url, 1):
        put = httpx.put(url, content=f"part {n} of the training video".encode(), timeout=10)
        assert put.status_code == 200, put.text
        etags.append(put.headers["ETag"].strip('"'))

    parts = command("GET_MULTIPART_UPLOADED")
    assert isinstance(parts, sdk.ms.Execute2dModelTrainingCommandByUserResponse)
    assert parts.commond_result == "EXCUTE_SUCCESS"
    assert [type(p).__name__ for p in parts.multipart_data] == ["MultipartUploadInfo"] * 2
    assert [p.part_number for p in parts.multipart_data] == ["1", "2"]
    assert [p.etag for p in parts.multipart_data] == etags

    confirmed = command("CONFIRM_MULTIPART_UPLOADED")
    assert confirmed.commond_result == "EXCUTE_SUCCESS"
    assert confirmed.x_request_id
    after = client.show2d_model_training_job(sdk.ms.Show2dModelTrainingJobRequest(job_id=job_id))
    assert after.state == "AUTO_VERIFYING"
    assert after.operation_logs[-1].log_type == "USER_VERIFYING_SUBMITTED"


def test_comment_command_with_attachment(
    sdk: SimpleNamespace, client: Any, mock: LocalMock
) -> None:
    job_id = new_job(mock, "WAIT_USER_CONFIRM")["job_id"]
    comment = sdk.ms.CommentData(
        comment_title="Lips", comment_message="Out of sync at 00:12", attachment_name=["a.png"]
    )
    request = sdk.ms.Execute2dModelTrainingCommandByUserRequest(
        job_id=job_id,
        body=sdk.ms.Execute2dModelTrainingCommandByUserReq(
            command="CONFIRM_ANSWER", comment_data=comment
        ),
    )
    answered = client.execute2d_model_training_command_by_user(request)
    assert answered.commond_result == "EXCUTE_SUCCESS"
    assert len(answered.attachment_upload_url) == 1
    shown = client.show2d_model_training_job(sdk.ms.Show2dModelTrainingJobRequest(job_id=job_id))
    assert shown.state == "WAIT_USER_CONFIRM"
    last = shown.comment_logs[-1]
    assert type(last).__name__ == "CommentLogInfo"
    assert last.comment_type == "USER_COMMENT"
    assert last.comment_title == "Lips"
    assert last.comment_message == "Out of sync at 00:12"


def test_list_and_show_video_jobs(sdk: SimpleNamespace, client: Any) -> None:
    request = sdk.ms.ListDigitalHumanVideoRequest(
        offset=0, limit=5, state="SUCCEED,FAILED", sort_key="create_time", sort_dir="desc"
    )
    listed = client.list_digital_human_video(request)
    assert isinstance(listed, sdk.ms.ListDigitalHumanVideoResponse)
    assert isinstance(listed.count, int) and listed.count > 5
    assert 0 < len(listed.jobs) <= 5
    assert {type(job).__name__ for job in listed.jobs} == {"DigitalHumanVideo"}
    assert {job.state for job in listed.jobs} <= {"SUCCEED", "FAILED"}
    created = [job.create_time for job in listed.jobs]
    assert created == sorted(created, reverse=True)
    for job in listed.jobs:
        if job.state == "FAILED":
            assert job.error_info.error_code == "MSS.00000004"
        else:
            assert job.error_info is None
            assert isinstance(job.duration, float)
        assert type(job.output_asset_config).__name__ == "OutputAssetInfo"
        assert job.output_asset_config.asset_id
    assert listed.x_request_id

    first = listed.jobs[0]
    shown = client.show2_d_digital_human_video(
        sdk.ms.Show2DDigitalHumanVideoRequest(job_id=first.job_id, show_script=True)
    )
    assert isinstance(shown, sdk.ms.Show2DDigitalHumanVideoResponse)
    assert shown.job_id == first.job_id
    assert shown.state == first.state
    assert shown.create_time == first.create_time
    assert shown.output_asset_config.asset_name == first.output_asset_config.asset_name
    assert shown.script_id
    assert type(shown.voice_config).__name__ == "VoiceConfig"
    assert type(shown.video_config).__name__ == "VideoConfig"
    assert shown.video_config.width == 1920
    assert shown.shoot_scripts[0].sequence_no == 0
    assert shown.x_request_id

    # The list filter finds the same job again (the link `list_this_job` of the spec).
    again = client.list_digital_human_video(
        sdk.ms.ListDigitalHumanVideoRequest(job_id=first.job_id)
    )
    assert again.count == 1
    assert again.jobs[0].job_id == first.job_id


def test_show_the_spec_example_video_job(sdk: SimpleNamespace, client: Any) -> None:
    shown = client.show2_d_digital_human_video(
        sdk.ms.Show2DDigitalHumanVideoRequest(job_id=EXAMPLE_VIDEO_JOB)
    )
    assert shown.state == "SUCCESS"  # the page's own example value (errata E01)
    assert shown.duration == 60
    assert shown.output_asset_config.asset_name == "One Day"


def test_wrong_secret_is_a_401_client_error(sdk: SimpleNamespace, mock: LocalMock) -> None:
    bad = make_client(sdk, mock, sk=CREDS.sk + "-wrong")
    with pytest.raises(sdk.ClientRequestException) as raised:
        bad.show2d_model_training_job(
            sdk.ms.Show2dModelTrainingJobRequest(job_id=EXAMPLE_TRAINING_JOB)
        )
    error = raised.value
    assert error.status_code == 401
    assert error.error_code == "MSS.00000001"
    assert "signature" in error.error_msg
    assert error.request_id


def test_wrong_secret_on_a_write_changes_nothing(
    sdk: SimpleNamespace, client: Any, mock: LocalMock
) -> None:
    job_id = new_job(mock, "MANUAL_VERIFY_FAILED")["job_id"]
    bad = make_client(sdk, mock, sk="not-the-secret")
    request = sdk.ms.Update2dModelTrainingJobRequest(
        job_id=job_id, body=sdk.ms.Update2dModelTrainingJobReq(name="Intruder")
    )
    with pytest.raises(sdk.ClientRequestException) as raised:
        bad.update2d_model_training_job(request)
    assert raised.value.status_code == 401
    assert raised.value.error_code == "MSS.00000001"
    shown = client.show2d_model_training_job(sdk.ms.Show2dModelTrainingJobRequest(job_id=job_id))
    assert shown.state == "MANUAL_VERIFY_FAILED"
    assert shown.name != "Intruder"


def test_unknown_job_is_a_404_client_error(sdk: SimpleNamespace, client: Any) -> None:
    with pytest.raises(sdk.ClientRequestException) as raised:
        client.show2d_model_training_job(sdk.ms.Show2dModelTrainingJobRequest(job_id="0" * 32))
    assert raised.value.status_code == 404
    assert raised.value.error_code == "MSS.00000002"
    assert raised.value.request_id
