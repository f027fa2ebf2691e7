from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.update_training_job_request import UpdateTrainingJobRequest
from ...models.update_training_job_result import UpdateTrainingJobResult
from ...types import UNSET, Response, Unset


def _get_kwargs(
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


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | UpdateTrainingJobResult | None:
    if response.status_code == 200:
        response_200 = UpdateTrainingJobResult.from_dict(response.json())

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
) -> Response[Error | UpdateTrainingJobResult]:
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
    body: UpdateTrainingJobRequest | Unset = UNSET,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Response[Error | UpdateTrainingJobResult]:
    """Update a virtual avatar model training task

     Replaces the training video, ID photos and other material of a task after automatic or manual review
    failed. Only allowed while the task is in AUTO_VERIFY_FAILED or MANUAL_VERIFY_FAILED (`x-allowed-
    states`); returns one-shot upload URLs.

    Args:
        project_id (str):
        job_id (str):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):
        body (UpdateTrainingJobRequest | Unset): Fields of a training task that can be replaced
            after a failed review.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UpdateTrainingJobResult]
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
    body: UpdateTrainingJobRequest | Unset = UNSET,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Error | UpdateTrainingJobResult | None:
    """Update a virtual avatar model training task

     Replaces the training video, ID photos and other material of a task after automatic or manual review
    failed. Only allowed while the task is in AUTO_VERIFY_FAILED or MANUAL_VERIFY_FAILED (`x-allowed-
    states`); returns one-shot upload URLs.

    Args:
        project_id (str):
        job_id (str):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):
        body (UpdateTrainingJobRequest | Unset): Fields of a training task that can be replaced
            after a failed review.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UpdateTrainingJobResult
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
    body: UpdateTrainingJobRequest | Unset = UNSET,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Response[Error | UpdateTrainingJobResult]:
    """Update a virtual avatar model training task

     Replaces the training video, ID photos and other material of a task after automatic or manual review
    failed. Only allowed while the task is in AUTO_VERIFY_FAILED or MANUAL_VERIFY_FAILED (`x-allowed-
    states`); returns one-shot upload URLs.

    Args:
        project_id (str):
        job_id (str):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):
        body (UpdateTrainingJobRequest | Unset): Fields of a training task that can be replaced
            after a failed review.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UpdateTrainingJobResult]
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
    body: UpdateTrainingJobRequest | Unset = UNSET,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Error | UpdateTrainingJobResult | None:
    """Update a virtual avatar model training task

     Replaces the training video, ID photos and other material of a task after automatic or manual review
    failed. Only allowed while the task is in AUTO_VERIFY_FAILED or MANUAL_VERIFY_FAILED (`x-allowed-
    states`); returns one-shot upload URLs.

    Args:
        project_id (str):
        job_id (str):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):
        body (UpdateTrainingJobRequest | Unset): Fields of a training task that can be replaced
            after a failed review.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UpdateTrainingJobResult
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
