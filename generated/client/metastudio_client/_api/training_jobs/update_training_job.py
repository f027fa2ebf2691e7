"""The request of `update_training_job` (`PUT /v1/{project_id}/digital-human-training-manage/user/jobs/{job_id}`), for the facade."""

from typing import Any
from urllib.parse import quote

from ...models.update_training_job_request import UpdateTrainingJobRequest
from ...types import UNSET, Unset


def request(
    project_id: str,
    job_id: str,
    *,
    body: UpdateTrainingJobRequest | Unset = UNSET,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_sdk_date, Unset):
        headers["X-Sdk-Date"] = x_sdk_date

    if not isinstance(x_project_id, Unset):
        headers["X-Project-Id"] = x_project_id

    if not isinstance(x_app_user_id, Unset):
        headers["X-App-UserId"] = x_app_user_id

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/{project_id}/digital-human-training-manage/user/jobs/{job_id}".format(
            project_id=quote(str(project_id), safe=""),
            job_id=quote(str(job_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs
