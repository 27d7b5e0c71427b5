"""POST /v1/questions: ask, and get the answer now or a run to follow."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from api.deps import SettingsDep, TemporalDep
from api.run_views import status_url, wait_for_run
from api.schemas import QuestionRequest, RunView
from workflows import policies
from workflows.ask import AskWorkflow
from workflows.models import AskInput

router = APIRouter(prefix="/v1/questions", tags=["questions"])


@router.post(
    "",
    response_model=RunView,
    responses={202: {"model": RunView, "description": "Still running: follow status_url."}},
)
async def ask(
    body: QuestionRequest,
    request: Request,
    response: Response,
    client: TemporalDep,
    settings: SettingsDep,
) -> RunView:
    """Starts an AskWorkflow; answers 200 when done within the wait, else 202 with the run's URL."""
    run_id = f"ask-{uuid.uuid4().hex}"
    handle = await client.start_workflow(
        AskWorkflow.run,
        AskInput(question=body.question, tenant=settings.tenant),
        id=run_id,
        task_queue=policies.WORKFLOW_TASK_QUEUE,
        execution_timeout=policies.ASK_EXECUTION_TIMEOUT,
        request_eager_start=True,
    )
    wait = settings.default_wait_seconds if body.wait_seconds is None else body.wait_seconds
    view = await wait_for_run(
        handle, status_url(request, run_id), min(wait, settings.max_wait_seconds)
    )
    view.question = view.question or body.question
    if view.status in ("running", "needs_clarification"):
        response.status_code = 202
    return view
