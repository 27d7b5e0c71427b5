"""Declarative pipelines over REST: POST a spec, follow the run."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field
from temporalio.client import WorkflowExecutionStatus, WorkflowFailureError, WorkflowHandle
from temporalio.common import SearchAttributePair, TypedSearchAttributes

from api.auth import CallerDep
from api.cost_limits import refuse_run
from api.deps import CatalogsDep, RunLimiterDep, SettingsDep, TemporalDep
from api.pipeline_checks import check_inputs, check_queries
from api.run_views import RUN_ID, describe, failure_message
from models import search_attributes
from models.pipeline import PipelineInput, PipelineResult, PipelineSpec, StepOutcome
from workflows import policies
from workflows.pipeline import PipelineWorkflow
from workflows.pipeline_plan import SpecError, validate

router = APIRouter(prefix="/v1/pipelines/runs", tags=["pipelines"])
PipelineHandle = WorkflowHandle[PipelineWorkflow, PipelineResult]


class PipelineRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    spec: PipelineSpec
    # number and size: settings (PIPELINE_MAX_INPUTS, PIPELINE_MAX_INPUT_BYTES)
    inputs: dict[Annotated[str, Field(max_length=100)], str] = Field(
        default_factory=dict,
        description="Values the spec reads as `$request.<key>`; each must be read by a step.",
    )
    wait_seconds: float = Field(5.0, ge=0, le=60)


class PipelineView(BaseModel):
    run_id: str
    status: str
    steps: list[StepOutcome]
    output: dict[str, object] | None = None
    error: str | None = None


@router.post("", response_model=PipelineView, responses={202: {"model": PipelineView}})
async def start_pipeline(
    body: PipelineRequest,
    response: Response,
    client: TemporalDep,
    settings: SettingsDep,
    caller: CallerDep,
    catalogs: CatalogsDep,
    runs_limiter: RunLimiterDep,
) -> PipelineView:
    """Validates the spec (422 naming the step), starts it, answers when done within the wait."""
    check_inputs(body.inputs, settings)
    try:
        validate(body.spec, set(body.inputs))
    except SpecError as exc:
        raise HTTPException(422, str(exc)) from None
    tenant = settings.tenant if caller.is_admin else caller.tenant
    await check_queries(body.spec, body.inputs, tenant, catalogs)
    run_id = f"pipeline-{uuid.uuid4().hex}"
    if not caller.is_admin:  # the admin token is exempt
        refuse_run(await runs_limiter.admit(tenant, run_id), tenant)
    handle = await client.start_workflow(
        PipelineWorkflow.run,
        PipelineInput(spec=body.spec, request=body.inputs, tenant=tenant),
        id=run_id,
        task_queue=policies.WORKFLOW_TASK_QUEUE,
        execution_timeout=policies.ASK_EXECUTION_TIMEOUT,
        task_timeout=policies.WORKFLOW_TASK_TIMEOUT,
        search_attributes=TypedSearchAttributes(
            [SearchAttributePair(search_attributes.TENANT, tenant)]
        ),
    )
    result = asyncio.ensure_future(handle.result())
    await asyncio.wait({result}, timeout=body.wait_seconds)
    result.cancel()  # the outcome, if any, is read again below: also the failure
    view = await _view(handle)
    if view.status == "running":
        response.status_code = 202
    else:
        await runs_limiter.release(tenant, run_id)
    return view


@router.get("/{run_id}", response_model=PipelineView)
async def get_pipeline(
    run_id: str, client: TemporalDep, caller: CallerDep, runs_limiter: RunLimiterDep
) -> PipelineView:
    if not RUN_ID.match(run_id):
        raise HTTPException(404, f"no pipeline run {run_id!r}")
    handle = client.get_workflow_handle_for(PipelineWorkflow.run, run_id)
    await describe(handle, caller, workflow_type="PipelineWorkflow")
    view = await _view(handle)
    if view.status != "running" and not caller.is_admin:
        await runs_limiter.release(caller.tenant, run_id)
    return view


async def _view(handle: PipelineHandle) -> PipelineView:
    """The run as it stands: its steps while running, its output or its failure after."""
    description = await handle.describe()
    if description.status == WorkflowExecutionStatus.RUNNING:
        steps = await handle.query(PipelineWorkflow.progress)
        return PipelineView(run_id=handle.id, status="running", steps=steps)
    try:
        result = await handle.result()
    except WorkflowFailureError as exc:
        return PipelineView(run_id=handle.id, status="failed", steps=[], error=failure_message(exc))
    return PipelineView(
        run_id=handle.id, status="completed", steps=result.steps, output=result.output
    )
