"""Video-job operations: show one, list with filters."""

from __future__ import annotations

from starlette.types import Scope

from generator.mock.context import MockContext
from generator.mock.handlers import operation, read_settled, settle_if_due
from generator.mock.store import ListQuery
from generator.mock.validation import Validated, parse_rfc3339

__all__: list[str] = []


@operation("show_video_job")
async def show_video_job(ctx: MockContext, v: Validated, scope: Scope) -> tuple[int, bytes]:
    project, job_id = v.path["project_id"], v.path["job_id"]
    script = bool(v.query.get("show_script", False))
    videos = ctx.store.videos
    doc = await read_settled(
        lambda: videos.read(project, job_id, script), videos.settle, project, job_id
    )
    if doc is None:
        return 404, ctx.error_body(404, f"video job {job_id} not found")
    return 200, doc


@operation("list_video_jobs")
async def list_video_jobs(ctx: MockContext, v: Validated, scope: Scope) -> tuple[int, bytes]:
    project = v.path["project_id"]
    videos = ctx.store.videos
    await settle_if_due(videos.any_due(project), videos.settle_all, project)
    # the query string is the answer's key: the validated query (so the ListQuery) is a
    # function of it alone, and a kept answer then costs no ListQuery to build
    return 200, videos.list(project, scope.get("query_string", b""), lambda: _list_query(v))


def _list_query(v: Validated) -> ListQuery:
    q = v.query

    def moment(name: str) -> float | None:
        value = q.get(name)
        parsed = parse_rfc3339(value) if isinstance(value, str) else None
        return parsed.timestamp() if parsed is not None else None

    return ListQuery(
        offset=int(q.get("offset", 0)),
        limit=q.get("limit"),
        states=tuple(q.get("state", ())),
        job_type=q.get("job_type"),
        descending=q.get("sort_dir") == "desc",
        create_since=moment("create_since"),
        create_until=moment("create_until"),
        script_id=q.get("script_id"),
        asset_name=q.get("asset_name"),
        job_id=q.get("job_id"),
        job_ids=tuple(q.get("job_ids", ())),
        fuzzy=frozenset(q.get("fuzzy_query_field", ())),
    )
