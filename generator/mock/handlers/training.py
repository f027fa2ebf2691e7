"""Training-job operations: show, update (PUT) and commands.

Each handler owns its operation: the lifecycle's state checks, the refusals and their
wording, the answer. The store (`store/training.py`) only loads the job (its due system
steps applied), applies the transitions chosen here and saves; each write runs in a thread,
in one transaction (`TrainingJobs.writing`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from generator.mock.context import MockContext
from generator.mock.handlers import not_in_state, operation, read_settled
from generator.mock.store import Refused, rfc3339
from generator.mock.validation import Validated

__all__: list[str] = []


@operation("show_training_job")
async def show_training_job(ctx: MockContext, v: Validated, scope: Scope) -> tuple[int, bytes]:
    project, job_id = v.path["project_id"], v.path["job_id"]
    jobs = ctx.store.training
    doc = await read_settled(lambda: jobs.read(project, job_id), jobs.settle, project, job_id)
    if doc is None:
        return 404, ctx.error_body(404, f"training job {job_id} not found")
    return 200, doc


@operation("update_training_job")
async def update_training_job(ctx: MockContext, v: Validated, scope: Scope) -> tuple[int, bytes]:
    body: dict[str, Any] = v.body if isinstance(v.body, dict) else {}
    args = (ctx, v.path["project_id"], v.path["job_id"], body, ctx.base_url(scope))
    return 200, await run_in_threadpool(_update, *args)


def _update(
    ctx: MockContext, project: str, job_id: str, body: Mapping[str, Any], base_url: str
) -> bytes:
    """The PUT: only in x-allowed-states; copies fields, returns one-shot upload URLs."""
    facts, jobs = ctx.model, ctx.store.training
    update, allowed = facts.ops.update_training, facts.update_allowed_states
    with jobs.writing(project, job_id) as w:
        t = facts.training.transition(w.job.state, update)
        if t is None:  # x-lifecycle's states for the PUT (lint: = x-allowed-states)
            raise Refused(
                f"job {job_id} is in state {w.job.state}; {update} is allowed"
                f" only in {', '.join(allowed)}"
            )
        for key in facts.update_copy_fields:
            if key in body:
                w.job.doc[key] = body[key]
        result: dict[str, Any] = {"job_id": job_id}
        result.update(jobs.issue_all_uploads(w, body, base_url))
        jobs.take(w, t)
        w.job.doc["last_update_time"] = rfc3339(w.now)
        answer = orjson.dumps(result)
        jobs.save(w)
        return answer


@operation("execute_training_command")
async def execute_training_command(
    ctx: MockContext, v: Validated, scope: Scope
) -> tuple[int, bytes]:
    args = (ctx, v.path["project_id"], v.path["job_id"], v.body, ctx.base_url(scope))
    return 200, await run_in_threadpool(_command, *args)


def _command(
    ctx: MockContext, project: str, job_id: str, body: Mapping[str, Any], base_url: str
) -> bytes:
    """A command: a transition or a query of the lifecycle, else refused naming both."""
    facts, jobs, life = ctx.model, ctx.store.training, ctx.model.training
    command = str(body["command"])
    with jobs.writing(project, job_id) as w:
        result: dict[str, Any] = dict(facts.command_ok)
        query = life.query(command)
        comment_type: str | None
        if query is not None:
            if not life.query_allowed(query, w.job.state):
                raise not_in_state(life, job_id, w.job.state, command, f"command {command}")
            comment_type = query.comment_type
            if query.reports is not None:
                result[query.reports] = jobs.reported_parts(w)
        else:
            t = life.transition(w.job.state, command)
            if t is None:
                raise not_in_state(life, job_id, w.job.state, command, f"command {command}")
            reason = jobs.guard_failure(w, t.guard) if t.guard is not None else None
            if reason is not None:
                raise Refused(
                    f"job {job_id} is in state {w.job.state}; command {command} refused: {reason}"
                )
            jobs.take(w, t)
            comment_type = t.comment_type
            w.job.doc["last_update_time"] = rfc3339(w.now)
        if comment_type is not None:
            urls = jobs.comment(w, comment_type, body.get("comment_data"), base_url)
            if urls:
                result["attachment_upload_url"] = urls
        answer = orjson.dumps(result)
        jobs.save(w)
        return answer
