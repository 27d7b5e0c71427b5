"""Reads a run's state from Temporal and shapes it for the API."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timedelta
from typing import Any

from fastapi import HTTPException, Request
from temporalio.client import (
    Client,
    WorkflowExecutionDescription,
    WorkflowExecutionStatus,
    WorkflowFailureError,
    WorkflowHandle,
)
from temporalio.service import RPCError, RPCStatusCode

from api.auth import Caller
from api.schemas import RunStatus, RunView
from models import search_attributes
from models.ask import AskProgress, AskResult
from services.hints import RunHints
from workflows.ask import AskWorkflow

log = logging.getLogger("quarry.api")
RUN_ID = re.compile(r"^[A-Za-z0-9._:-]{1,200}$")
# While a client waits, it looks for the query agent's "asking" hint (services/hints.py) after
# 1 s, then 2, 4, 4 s apart: a vague question is noticed within a second or two.
FIRST_LOOK_SECONDS = 1.0
LAST_LOOK_SECONDS = 4.0
# A query waits while the run's workflow task is open (a local step runs: at most the task's
# heartbeat, 80% of WORKFLOW_TASK_TIMEOUT) or while no worker has the run (one restarting).
# Past this, the view comes from the run's search attributes, without the step detail.
PROGRESS_QUERY_TIMEOUT = timedelta(seconds=5)

_STATUS: dict[WorkflowExecutionStatus, RunStatus] = {
    WorkflowExecutionStatus.RUNNING: "running",
    WorkflowExecutionStatus.COMPLETED: "completed",
    WorkflowExecutionStatus.FAILED: "failed",
    WorkflowExecutionStatus.CANCELED: "cancelled",
    WorkflowExecutionStatus.TERMINATED: "terminated",
    WorkflowExecutionStatus.TIMED_OUT: "timed_out",
    WorkflowExecutionStatus.CONTINUED_AS_NEW: "running",
}

AskHandle = WorkflowHandle[AskWorkflow, AskResult]


def run_status(status: WorkflowExecutionStatus | None) -> RunStatus:
    return _STATUS.get(status or WorkflowExecutionStatus.RUNNING, "running")


def status_url(request: Request, run_id: str) -> str:
    return str(request.url_for("get_run", run_id=run_id))


def ask_handle(client: Client, run_id: str) -> AskHandle:
    if not RUN_ID.match(run_id):
        raise HTTPException(404, f"no run {run_id!r}")
    return client.get_workflow_handle_for(AskWorkflow.run, run_id)


async def describe(
    handle: WorkflowHandle[Any, Any], caller: Caller | None, workflow_type: str = "AskWorkflow"
) -> WorkflowExecutionDescription:
    """The run's description; 404 when it does not exist or belongs to another tenant."""
    try:
        description = await handle.describe()
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            raise HTTPException(404, f"no run {handle.id!r}") from None
        raise
    if description.workflow_type != workflow_type:
        raise HTTPException(404, f"no run {handle.id!r}")  # e.g. a pipeline run's id
    owner = description.typed_search_attributes.get(search_attributes.TENANT)
    if caller is not None and not caller.is_admin and owner != caller.tenant:
        raise HTTPException(404, f"no run {handle.id!r}")  # not "forbidden": no hint it exists
    return description


async def read_run(
    handle: AskHandle, url: str, caller: Caller | None = None, detail: bool = False
) -> RunView:
    """The run as it stands: its answer, its failure, or its progress. `detail` adds each
    step's attempts, read from the run's history."""
    description = await describe(handle, caller)
    status = run_status(description.status)
    view = RunView(run_id=handle.id, status=status, status_url=url)
    view.question = description.typed_search_attributes.get(search_attributes.QUESTION)
    if status == "completed":
        view = completed_view(handle.id, url, await handle.result())
    elif status == "running":
        await _add_progress(handle, view, description)
    else:
        view.error = await _failure(handle)
    if detail and view.progress is not None:
        attempts = await step_attempts(handle)
        for step in view.progress.steps:
            step.attempts = max(step.attempts, attempts.get(step.name, 0))
    return view


def completed_view(run_id: str, url: str, result: AskResult) -> RunView:
    return RunView(
        run_id=run_id,
        status="completed",
        status_url=url,
        question=result.question,
        query=result.query,
        answer=result.answer,
        clarifications=result.clarifications,
        progress=AskProgress(status="completed", steps=result.steps),
    )


async def step_attempts(handle: AskHandle) -> dict[str, int]:
    """Attempts per activity type, from the run's history: the highest attempt number any start
    of it reached. A local activity leaves no start in the history; its step counts what the
    workflow saw (at least one)."""
    attempts: dict[str, int] = {}
    kinds: dict[int, str] = {}
    async for event in handle.fetch_history_events():
        if event.HasField("activity_task_scheduled_event_attributes"):
            kinds[event.event_id] = (
                event.activity_task_scheduled_event_attributes.activity_type.name
            )
        elif event.HasField("activity_task_started_event_attributes"):
            started = event.activity_task_started_event_attributes
            kind = kinds.get(started.scheduled_event_id, "")
            attempts[kind] = max(attempts.get(kind, 0), started.attempt)
    return attempts


async def _add_progress(
    handle: AskHandle, view: RunView, description: WorkflowExecutionDescription
) -> None:
    try:
        progress: AskProgress = await handle.query(
            AskWorkflow.progress, rpc_timeout=PROGRESS_QUERY_TIMEOUT
        )
    except RPCError:
        # No worker answered in time: the state the run last recorded durably says enough.
        recorded = description.typed_search_attributes.get(search_attributes.STATE)
        if recorded == "needs_clarification":
            view.status = "needs_clarification"
        return
    view.progress = progress
    if progress.status == "needs_clarification":
        view.status, view.clarification = "needs_clarification", progress.clarification


async def _failure(handle: AskHandle) -> str:
    try:
        await handle.result()
    except WorkflowFailureError as exc:
        return failure_message(exc)
    return "the run ended without an answer"


def failure_message(exc: WorkflowFailureError) -> str:
    """The innermost cause is the one a person can act on (e.g. Cube's rejection)."""
    error: BaseException = exc
    while error.__cause__ is not None:
        error = error.__cause__
    return str(getattr(error, "message", None) or error)


async def wait_for_run(
    handle: AskHandle, url: str, wait_seconds: float, hints: RunHints
) -> RunView:
    """Waits up to `wait_seconds` for the run to end or to need a clarification."""
    result = asyncio.ensure_future(handle.result())
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_seconds
    pause = FIRST_LOOK_SECONDS
    try:
        while (remaining := deadline - loop.time()) > 0:
            done, _ = await asyncio.wait({result}, timeout=min(remaining, pause))
            if done and _run_ended(result):
                break
            if await hints.asking(handle.id) is not False and await _needs_clarification(handle):
                return await read_run(handle, url)
            if done:  # the long poll itself failed (e.g. the server shed load): poll again
                log.warning("waiting on %s: %s; polling again", handle.id, result.exception())
                result = asyncio.ensure_future(handle.result())
            pause = min(pause * 2, LAST_LOOK_SECONDS)
    finally:
        result.cancel()
    if result.done() and not result.cancelled() and result.exception() is None:
        # The answer is in hand: no second look at the run (the server's busiest path).
        return completed_view(handle.id, url, result.result())
    return await read_run(handle, url)


async def _needs_clarification(handle: AskHandle) -> bool:
    """From the run's QuarryState search attribute: a describe, not a query, so the worker is
    not involved; asked only when the query agent's hint says so (or Redis cannot say)."""
    description = await handle.describe()
    state = description.typed_search_attributes.get(search_attributes.STATE)
    return description.status == WorkflowExecutionStatus.RUNNING and state == "needs_clarification"


def _run_ended(result: asyncio.Future[AskResult]) -> bool:
    """True when the result is in: an answer or the run's own failure, not a failed poll."""
    error = result.exception()
    return error is None or isinstance(error, WorkflowFailureError)
