from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.video_job_detail import VideoJobDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    job_id: str,
    *,
    show_script: bool | Unset = UNSET,
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

    params: dict[str, Any] = {}

    params["show_script"] = show_script

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/{project_id}/2d-digital-human-videos/{job_id}".format(
            project_id=quote(str(project_id), safe=""),
            job_id=quote(str(job_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | VideoJobDetail | None:
    if response.status_code == 200:
        response_200 = VideoJobDetail.from_dict(response.json())

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
) -> Response[Error | VideoJobDetail]:
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
    show_script: bool | Unset = UNSET,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Response[Error | VideoJobDetail]:
    """Query virtual avatar video production task details

     Returns one virtual avatar video production task with its output asset and, on request, the script
    configuration it was made from.

    Args:
        project_id (str):
        job_id (str):
        show_script (bool | Unset):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VideoJobDetail]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        job_id=job_id,
        show_script=show_script,
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
    show_script: bool | Unset = UNSET,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Error | VideoJobDetail | None:
    """Query virtual avatar video production task details

     Returns one virtual avatar video production task with its output asset and, on request, the script
    configuration it was made from.

    Args:
        project_id (str):
        job_id (str):
        show_script (bool | Unset):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VideoJobDetail
    """

    return sync_detailed(
        project_id=project_id,
        job_id=job_id,
        client=client,
        show_script=show_script,
        x_sdk_date=x_sdk_date,
        x_project_id=x_project_id,
        x_app_user_id=x_app_user_id,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
    show_script: bool | Unset = UNSET,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Response[Error | VideoJobDetail]:
    """Query virtual avatar video production task details

     Returns one virtual avatar video production task with its output asset and, on request, the script
    configuration it was made from.

    Args:
        project_id (str):
        job_id (str):
        show_script (bool | Unset):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VideoJobDetail]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        job_id=job_id,
        show_script=show_script,
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
    show_script: bool | Unset = UNSET,
    x_sdk_date: str | Unset = UNSET,
    x_project_id: str | Unset = UNSET,
    x_app_user_id: str | Unset = UNSET,
) -> Error | VideoJobDetail | None:
    """Query virtual avatar video production task details

     Returns one virtual avatar video production task with its output asset and, on request, the script
    configuration it was made from.

    Args:
        project_id (str):
        job_id (str):
        show_script (bool | Unset):
        x_sdk_date (str | Unset):
        x_project_id (str | Unset):
        x_app_user_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VideoJobDetail
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            job_id=job_id,
            client=client,
            show_script=show_script,
            x_sdk_date=x_sdk_date,
            x_project_id=x_project_id,
            x_app_user_id=x_app_user_id,
        )
    ).parsed
