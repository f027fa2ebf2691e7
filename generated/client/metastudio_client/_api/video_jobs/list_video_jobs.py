"""The request of `list_video_jobs` (`GET /v1/{project_id}/digital-human-videos`), for the facade."""

import datetime
from typing import Any
from urllib.parse import quote

from ...models.sort_dir import SortDir
from ...models.video_job_sort_key import VideoJobSortKey
from ...models.video_job_state import VideoJobState
from ...models.video_job_type import VideoJobType
from ...types import UNSET, Unset


def request(
    project_id: str,
    *,
    offset: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    state: list[VideoJobState] | Unset = UNSET,
    sort_key: VideoJobSortKey | Unset = UNSET,
    sort_dir: SortDir | Unset = UNSET,
    create_until: datetime.datetime | Unset = UNSET,
    create_since: datetime.datetime | Unset = UNSET,
    script_id: str | Unset = UNSET,
    asset_name: str | Unset = UNSET,
    job_type: VideoJobType | Unset = UNSET,
    job_id: str | Unset = UNSET,
    job_ids: list[str] | Unset = UNSET,
    fuzzy_query_field: list[str] | Unset = UNSET,
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

    params["offset"] = offset

    params["limit"] = limit

    json_state: list[str] | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = []
        for state_item_data in state:
            state_item = state_item_data.value
            json_state.append(state_item)

    if not isinstance(json_state, Unset) and json_state:
        params["state"] = ",".join(str(item) for item in json_state)

    json_sort_key: str | Unset = UNSET
    if not isinstance(sort_key, Unset):
        json_sort_key = sort_key.value

    params["sort_key"] = json_sort_key

    json_sort_dir: str | Unset = UNSET
    if not isinstance(sort_dir, Unset):
        json_sort_dir = sort_dir.value

    params["sort_dir"] = json_sort_dir

    json_create_until: str | Unset = UNSET
    if not isinstance(create_until, Unset):
        json_create_until = create_until.isoformat()
    params["create_until"] = json_create_until

    json_create_since: str | Unset = UNSET
    if not isinstance(create_since, Unset):
        json_create_since = create_since.isoformat()
    params["create_since"] = json_create_since

    params["script_id"] = script_id

    params["asset_name"] = asset_name

    json_job_type: str | Unset = UNSET
    if not isinstance(job_type, Unset):
        json_job_type = job_type.value

    params["job_type"] = json_job_type

    params["job_id"] = job_id

    json_job_ids: list[str] | Unset = UNSET
    if not isinstance(job_ids, Unset):
        json_job_ids = job_ids

    if not isinstance(json_job_ids, Unset) and json_job_ids:
        params["job_ids"] = ",".join(str(item) for item in json_job_ids)

    json_fuzzy_query_field: list[str] | Unset = UNSET
    if not isinstance(fuzzy_query_field, Unset):
        json_fuzzy_query_field = fuzzy_query_field

    if not isinstance(json_fuzzy_query_field, Unset) and json_fuzzy_query_field:
        params["fuzzy_query_field"] = ",".join(str(item) for item in json_fuzzy_query_field)

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/{project_id}/digital-human-videos".format(
            project_id=quote(str(project_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs
