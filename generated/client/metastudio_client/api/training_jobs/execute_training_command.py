from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.execute_training_command_request import ExecuteTrainingCommandRequest
from ...models.execute_training_command_result import ExecuteTrainingCommandResult
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    job_id: str,
    *,
    body: ExecuteTrainingCommandRequest,
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
        "method": "post",
        "url": "/v1/{project_id}/digital-human-training-manage/user/jobs/{job_id}/command".format(
            project_id=quote(str(project_id), safe=""),
            job_id=quote(str(job_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ExecuteTrainingCommandResult | None:
    if response.status_code == 200:
        response_200 = ExecuteTrainingCommandResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ExecuteTrainingCommandResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExecuteTrainingCommandRequest,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Response[Error | ExecuteTrainingCommandResult]:
    """Execute a virtual avatar model training task as a tenant

     Sends a tenant command to a training task, for example submitting the uploaded training video for
    review. Which command is legal in which state is the `x-lifecycle` of TrainingJobState.

    Args:
        project_id (str):
        job_id (str):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):
        body (ExecuteTrainingCommandRequest): A tenant command for a training task.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExecuteTrainingCommandResult]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        job_id=job_id,
        body=body,
        x_sdk_date=x_sdk_date,
        x_project_id=x_project_id,
        x_app_user_id=x_app_user_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExecuteTrainingCommandRequest,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Error | ExecuteTrainingCommandResult | None:
    """Execute a virtual avatar model training task as a tenant

     Sends a tenant command to a training task, for example submitting the uploaded training video for
    review. Which command is legal in which state is the `x-lifecycle` of TrainingJobState.

    Args:
        project_id (str):
        job_id (str):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):
        body (ExecuteTrainingCommandRequest): A tenant command for a training task.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExecuteTrainingCommandResult
    """

    return sync_detailed(
        project_id=project_id,
        job_id=job_id,
        client=client,
        body=body,
        x_sdk_date=x_sdk_date,
        x_project_id=x_project_id,
        x_app_user_id=x_app_user_id,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExecuteTrainingCommandRequest,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Response[Error | ExecuteTrainingCommandResult]:
    """Execute a virtual avatar model training task as a tenant

     Sends a tenant command to a training task, for example submitting the uploaded training video for
    review. Which command is legal in which state is the `x-lifecycle` of TrainingJobState.

    Args:
        project_id (str):
        job_id (str):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):
        body (ExecuteTrainingCommandRequest): A tenant command for a training task.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExecuteTrainingCommandResult]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        job_id=job_id,
        body=body,
        x_sdk_date=x_sdk_date,
        x_project_id=x_project_id,
        x_app_user_id=x_app_user_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExecuteTrainingCommandRequest,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Error | ExecuteTrainingCommandResult | None:
    """Execute a virtual avatar model training task as a tenant

     Sends a tenant command to a training task, for example submitting the uploaded training video for
    review. Which command is legal in which state is the `x-lifecycle` of TrainingJobState.

    Args:
        project_id (str):
        job_id (str):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):
        body (ExecuteTrainingCommandRequest): A tenant command for a training task.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExecuteTrainingCommandResult
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            job_id=job_id,
            client=client,
            body=body,
            x_sdk_date=x_sdk_date,
            x_project_id=x_project_id,
            x_app_user_id=x_app_user_id,
        )
    ).parsed
