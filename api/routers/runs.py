"""Runs: read one, and answer its clarification question."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from api.deps import TemporalDep
from api.run_views import ask_handle, read_run, status_url
from api.schemas import ClarifyRequest, RunView
from workflows.ask import AskWorkflow
from workflows.models import ClarifyInput

router = APIRouter(prefix="/v1/runs", tags=["runs"])


@router.get("/{run_id}", response_model=RunView, name="get_run")
async def get_run(run_id: str, request: Request, client: TemporalDep) -> RunView:
    """Status, progress (current step, step timings), and the answer or the failure."""
    return await read_run(ask_handle(client, run_id), status_url(request, run_id))


@router.post("/{run_id}/clarify", response_model=RunView, status_code=202)
async def clarify(
    run_id: str, body: ClarifyRequest, request: Request, client: TemporalDep
) -> RunView:
    """Sends the `clarify` signal to a run that waits for one."""
    handle = ask_handle(client, run_id)
    view = await read_run(handle, status_url(request, run_id))
    if view.status != "needs_clarification":
        raise HTTPException(
            409, f"run {run_id!r} is {view.status}, not waiting for a clarification"
        )
    await handle.signal(AskWorkflow.clarify, ClarifyInput(answer=body.answer))
    view.status, view.clarification = "running", None
    return view
