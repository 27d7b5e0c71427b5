"""Runs: list and find them, read one, follow its progress, answer its question, cancel it."""

from __future__ import annotations

import asyncio
import base64
import binascii
import time
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

import anyio
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from temporalio.client import WorkflowExecution, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from api.auth import CallerDep
from api.deps import HintsDep, RunLimiterDep, SettingsDep, StreamLimiterDep, TemporalDep
from api.run_views import ask_handle, describe, read_run, run_status, status_url
from api.schemas import ClarifyRequest, RunPage, RunStatus, RunSummary, RunView
from models import search_attributes
from models.ask import ClarifyInput
from services.stream_limits import StreamSlot
from workflows.ask import AskWorkflow

router = APIRouter(prefix="/v1/runs", tags=["runs"])

EVENTS_POLL_SECONDS = 0.5
LIVE = ("running", "needs_clarification")
# Our own live states are in QuarryState (a run keeps its last one after it ends); the end states
# are in ExecutionStatus.
_STATUS_QUERY = {
    "running": "ExecutionStatus = 'Running' AND QuarryState = 'running'",
    "needs_clarification": "ExecutionStatus = 'Running' AND QuarryState = 'needs_clarification'",
    "completed": "ExecutionStatus = 'Completed'",
    "failed": "ExecutionStatus = 'Failed'",
    "cancelled": "ExecutionStatus = 'Canceled'",
    "terminated": "ExecutionStatus = 'Terminated'",
    "timed_out": "ExecutionStatus = 'TimedOut'",
}


@router.get("", response_model=RunPage)
async def list_runs(
    request: Request,
    client: TemporalDep,
    caller: CallerDep,
    status: RunStatus | None = None,
    tenant: Annotated[str | None, Query(description="Admin only; others see their own.")] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Words of the question.")] = None,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
    page_token: str | None = None,
) -> RunPage:
    """Runs newest first, from Temporal visibility, filtered on Quarry's search attributes."""
    if tenant is not None and not caller.is_admin and tenant != caller.tenant:
        raise HTTPException(403, "only the admin token may list another tenant's runs")
    clauses = ["WorkflowType = 'AskWorkflow'"]
    owner = tenant or (None if caller.is_admin else caller.tenant)
    if owner is not None:
        clauses.append(f"QuarryTenant = {_quote(owner)}")
    if status is not None:
        clauses.append(_STATUS_QUERY[status])
    if since is not None:
        clauses.append(f"StartTime >= '{since.isoformat()}'")
    if until is not None:
        clauses.append(f"StartTime <= '{until.isoformat()}'")
    if q:
        clauses.append(f"QuarryQuestion = {_quote(q)}")
    runs = client.list_workflows(
        " AND ".join(clauses), page_size=page_size, next_page_token=_token(page_token)
    )
    try:
        await runs.fetch_next_page()
    except RPCError as exc:
        if page_token is not None:
            raise HTTPException(422, "page_token is not one this API gave out") from None
        if exc.status == RPCStatusCode.INVALID_ARGUMENT:
            raise HTTPException(
                422, f"the filters do not make a valid query: {exc.message}"
            ) from None
        raise
    token = runs.next_page_token
    return RunPage(
        runs=[_summary(request, w) for w in runs.current_page or []],
        next_page_token=base64.urlsafe_b64encode(token).decode() if token else None,
    )


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _token(page_token: str | None) -> bytes | None:
    if not page_token:
        return None
    try:
        return base64.b64decode(page_token.encode(), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise HTTPException(422, "page_token is not one this API gave out") from None


def _summary(request: Request, run: WorkflowExecution) -> RunSummary:
    attributes = run.typed_search_attributes
    state = attributes.get(search_attributes.STATE)
    status = run_status(run.status)
    if status == "running" and state == "needs_clarification":
        status = "needs_clarification"
    return RunSummary(
        run_id=run.id,
        status=status,
        tenant=attributes.get(search_attributes.TENANT),
        question=attributes.get(search_attributes.QUESTION),
        started_at=run.start_time,
        closed_at=run.close_time,
        status_url=status_url(request, run.id),
    )


@router.get("/{run_id}", response_model=RunView, name="get_run")
async def get_run(
    run_id: str,
    request: Request,
    client: TemporalDep,
    caller: CallerDep,
    runs_limiter: RunLimiterDep,
) -> RunView:
    """Status, current step, per-step timings and attempts, and the answer or the failure."""
    handle = ask_handle(client, run_id)
    view = await read_run(handle, status_url(request, run_id), caller, detail=True)
    if not caller.is_admin and view.status not in LIVE:
        await runs_limiter.release(caller.tenant, run_id)  # its open-run slot, if it held one
    return view


@router.get(
    "/{run_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}},
        429: {"description": "Too many streams open on this run or for this tenant."},
    },
)
async def run_events(
    run_id: str,
    request: Request,
    client: TemporalDep,
    caller: CallerDep,
    settings: SettingsDep,
    streams: StreamLimiterDep,
    runs_limiter: RunLimiterDep,
) -> StreamingResponse:
    """Server-Sent Events: a `progress` event whenever the run moves, then one `end` event.
    A stream lasts at most STREAM_MAX_SECONDS: then a `reconnect` event, and the client
    reconnects (EventSource does by itself)."""
    handle = ask_handle(client, run_id)
    description = await describe(handle, caller)
    owner = description.typed_search_attributes.get(search_attributes.TENANT) or caller.tenant
    slot = None if caller.is_admin else await streams.acquire(owner, run_id)
    if slot == "run" or slot == "tenant":
        what = f"on run {run_id!r}" if slot == "run" else f"for tenant {owner!r}"
        limit = "STREAMS_PER_RUN_MAX" if slot == "run" else "STREAMS_PER_TENANT_MAX"
        raise HTTPException(
            429, f"too many event streams open {what} ({limit})", {"Retry-After": "5"}
        )
    url = status_url(request, run_id)
    deadline = time.monotonic() + settings.stream_max_seconds

    async def stream() -> AsyncIterator[str]:
        last = ""
        try:
            while True:
                view = await read_run(handle, url, caller)
                data = view.model_dump_json()
                if view.status not in LIVE:
                    await runs_limiter.release(owner, run_id)
                    yield f"event: end\ndata: {data}\n\n"
                    return
                if data != last:
                    yield f"event: progress\ndata: {data}\n\n"
                    last = data
                if time.monotonic() >= deadline:
                    yield "event: reconnect\n\n"  # no data: nothing for a view to show
                    return
                if await request.is_disconnected():
                    return
                await asyncio.sleep(EVENTS_POLL_SECONDS)
        finally:
            with anyio.CancelScope(shield=True):  # also when the client went away mid-await
                await streams.release(slot if isinstance(slot, StreamSlot) else None)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


@router.post("/{run_id}/cancel", response_model=RunView, status_code=202)
async def cancel(run_id: str, request: Request, client: TemporalDep, caller: CallerDep) -> RunView:
    """Asks the run to cancel; the activity in flight sees it at its next heartbeat."""
    handle = ask_handle(client, run_id)
    view = await read_run(handle, status_url(request, run_id), caller)
    if view.status not in ("running", "needs_clarification"):
        raise HTTPException(409, f"run {run_id!r} is {view.status}: nothing to cancel")
    await handle.cancel()
    return view


@router.post("/{run_id}/clarify", response_model=RunView, status_code=202)
async def clarify(
    run_id: str,
    body: ClarifyRequest,
    request: Request,
    client: TemporalDep,
    caller: CallerDep,
    hints: HintsDep,
) -> RunView:
    """Answers the run's question with the `answer` update: the run accepts or refuses it
    atomically (409 with its reason: not asking, already answered, another question)."""
    handle = ask_handle(client, run_id)
    view = await read_run(handle, status_url(request, run_id), caller)
    if view.status != "needs_clarification":
        raise HTTPException(
            409, f"run {run_id!r} is {view.status}, not waiting for a clarification"
        )
    reply = ClarifyInput(answer=body.answer, question_id=body.question_id)
    try:
        await handle.execute_update(AskWorkflow.answer, reply)
    except WorkflowUpdateFailedError as refused:
        raise HTTPException(409, f"run {run_id!r}: {_reason(refused)}") from None
    except RPCError as gone:  # it ended between the look and the answer
        if gone.status not in (RPCStatusCode.NOT_FOUND, RPCStatusCode.FAILED_PRECONDITION):
            raise
        raise HTTPException(409, f"run {run_id!r} is no longer waiting for an answer") from None
    await hints.clear(run_id)
    view.status, view.clarification = "running", None
    return view


def _reason(refused: WorkflowUpdateFailedError) -> str:
    """The validator's own words, not the SDK's wrapping."""
    cause = refused.cause
    return cause.message if isinstance(cause, ApplicationError) else str(cause or refused)
