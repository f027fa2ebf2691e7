"""Training-job operations: show, update (PUT) and commands."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from generator.mock.context import MockContext
from generator.mock.handlers import operation
from generator.mock.validation import Validated

__all__: list[str] = []


@operation("show_training_job")
async def show_training_job(ctx: MockContext, v: Validated, scope: Scope) -> tuple[int, bytes]:
    project, job_id = v.path["project_id"], v.path["job_id"]
    jobs = ctx.store.training
    found = jobs.read(project, job_id)
    if found is not None and found[1]:
        settled = await run_in_threadpool(jobs.settle, project, job_id)
        found = None if settled is None else (settled, False)
    if found is None:
        return 404, ctx.error_body(404, f"training job {job_id} not found")
    return 200, found[0]


@operation("update_training_job")
async def update_training_job(ctx: MockContext, v: Validated, scope: Scope) -> tuple[int, bytes]:
    body: dict[str, Any] = v.body if isinstance(v.body, dict) else {}
    answer = await run_in_threadpool(
        ctx.store.training.update,
        v.path["project_id"],
        v.path["job_id"],
        body,
        ctx.base_url(scope),
    )
    return 200, answer


@operation("execute_training_command")
async def execute_training_command(
    ctx: MockContext, v: Validated, scope: Scope
) -> tuple[int, bytes]:
    answer = await run_in_threadpool(
        ctx.store.training.command,
        v.path["project_id"],
        v.path["job_id"],
        v.body,
        ctx.base_url(scope),
    )
    return 200, answer
