"""POST /v1/questions: ask, and get the answer now or a run to follow.

Before any workflow starts, the answer cache is checked. Identical questions share one run: its id
comes from tenant + normalized question + cache generation (data version and invalidations). A
start joins a running workflow of that id, and reuses a completed one, so only a failed run, or an
invalidation, lets the question run again.
"""

from __future__ import annotations

import hashlib
import uuid

from fastapi import APIRouter, Request, Response
from temporalio.client import Client, WorkflowHandle
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDConflictPolicy,
    WorkflowIDReusePolicy,
)
from temporalio.exceptions import WorkflowAlreadyStartedError

from api.auth import CallerDep
from api.cost_limits import refuse_run
from api.deps import CatalogsDep, Services, ServicesDep, SettingsDep, StoreDep, catalog_for
from api.run_views import status_url, wait_for_run
from api.schemas import ExplainRequest, QuestionRequest, RunView
from models import search_attributes
from models.ask import AskInput, AskResult, Explanation
from services.cache import normalize_question
from services.catalogs import CatalogProvider
from services.metrics import COALESCED_REQUESTS, RUNS_IN_FLIGHT
from services.run_limits import RunLimiter
from services.settings import Settings
from services.telemetry import current_trace_id
from services.vocabulary import VocabularyStore
from understanding import explain, remembered
from workflows import policies
from workflows.ask import AskWorkflow

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
    services: ServicesDep,
    caller: CallerDep,
) -> RunView:
    """Answers 200 when done within the wait (or cached), else 202 with the run's URL."""
    tenant = services.settings.tenant if caller.is_admin else caller.tenant
    normalized = normalize_question(body.question)
    explanation = None
    if body.explain:
        explanation = await _explain(services.catalogs, services.vocabulary, tenant, body.question)
    if hit := await services.cache.get("answer", tenant, normalized):
        services.stats.count("answer_cache_hits")
        view = RunView.model_validate_json(hit)
        view.cached, view.trace_id = True, current_trace_id()
        view.explanation = explanation
        return view
    view = await _run(services, request, body, tenant, normalized, caller.is_admin)
    if view.status in ("running", "needs_clarification"):
        response.status_code = 202
    view.explanation = explanation  # never cached: it is this request's
    return view


async def _run(
    services: Services,
    request: Request,
    body: QuestionRequest,
    tenant: str,
    normalized: str,
    exempt: bool,
) -> RunView:
    """Starts the question's run (or joins it), within the tenant's limits by cost, and waits
    for it as long as the request asked; caches a completed answer."""
    settings, cache, limiter = services.settings, services.cache, services.run_limiter
    workflow_id = run_id(tenant, normalized, await cache.generation(tenant))
    counted = not exempt  # the admin token is exempt
    if counted:
        admission = await limiter.admit(tenant, workflow_id)
        refuse_run(admission, tenant)
        counted = admission.verdict == "admitted"
    client = services.temporal
    handle, started = await _start(client, tenant, body.question, workflow_id, settings)
    if counted:
        await _settle(limiter, tenant, workflow_id, handle.id, started)
    wait = settings.default_wait_seconds if body.wait_seconds is None else body.wait_seconds
    RUNS_IN_FLIGHT.inc()
    try:
        url = status_url(request, handle.id)
        view = await wait_for_run(handle, url, min(wait, settings.max_wait_seconds), services.hints)
    finally:
        RUNS_IN_FLIGHT.dec()
    if view.status not in ("running", "needs_clarification"):
        await limiter.release(tenant, handle.id)
    view.question = view.question or body.question
    view.trace_id = current_trace_id()
    if view.status == "completed" and not view.clarifications:
        # A clarified answer is one person's reading of a vague question: not for everyone.
        answer = view.model_dump_json().encode()
        await cache.set("answer", tenant, normalized, answer, settings.answer_cache_ttl_seconds)
    return view


@router.post("/explain", response_model=Explanation)
async def explain_only(
    body: ExplainRequest,
    settings: SettingsDep,
    caller: CallerDep,
    catalogs: CatalogsDep,
    vocabulary: StoreDep,
) -> Explanation:
    """Why the agent would answer or ask, without running the question (`quarry explain`)."""
    tenant = settings.tenant if caller.is_admin else caller.tenant
    return await _explain(catalogs, vocabulary, tenant, body.question)


async def _explain(
    catalogs: CatalogProvider | None, vocabulary: VocabularyStore, tenant: str, question: str
) -> Explanation:
    catalog = await catalog_for(catalogs, tenant, "explain")
    # the tenant's remembered words, as a run would read them (vanished ones left out)
    words, _ = remembered.usable(await vocabulary.approved(tenant), catalog)
    return explain.explain(question, catalog, {p: e.meaning for p, e in words.items()})


def run_id(tenant: str, normalized_question: str, generation: str) -> str:
    key = f"{tenant}\n{generation}\n{normalized_question}"
    return f"ask-{hashlib.sha256(key.encode()).hexdigest()[:32]}"


async def _settle(
    limiter: RunLimiter, tenant: str, admitted: str, started_id: str, started: bool
) -> None:
    """The admission counted a new run under `admitted`; the start tells what really happened."""
    if not started:  # it joined a running run or reused a finished one: no run was spent
        await limiter.refund(tenant)
    if started_id != admitted:  # a clarified run's asker got a run of their own
        await limiter.release(tenant, admitted)
        await limiter.track(tenant, started_id)


async def _start(
    client: Client, tenant: str, question: str, workflow_id: str, settings: Settings
) -> tuple[WorkflowHandle[AskWorkflow, AskResult], bool]:
    """The run's handle, and whether this call started a new run."""
    try:
        handle = await client.start_workflow(
            AskWorkflow.run,
            AskInput(question=question, tenant=tenant, local_steps=settings.local_steps()),
            id=workflow_id,
            task_queue=policies.WORKFLOW_TASK_QUEUE,
            execution_timeout=policies.ASK_EXECUTION_TIMEOUT,
            task_timeout=policies.WORKFLOW_TASK_TIMEOUT,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
            request_eager_start=True,
            search_attributes=_searchable(tenant, question, settings),
        )
    except WorkflowAlreadyStartedError as done:
        # It completed already: its answer is in Temporal's history, read it from there, unless
        # someone clarified it; then this asker gets a run of their own.
        finished = client.get_workflow_handle_for(AskWorkflow.run, workflow_id, run_id=done.run_id)
        if (await finished.result()).clarifications:
            personal = f"{workflow_id}-{uuid.uuid4().hex[:8]}"
            return await _start(client, tenant, question, personal, settings)
        COALESCED_REQUESTS.inc()
        return finished, False
    joined = _joined_existing(handle)
    if joined:
        COALESCED_REQUESTS.inc()
    # Bound to this very run, so its description and its result can never be of different runs.
    bound = client.get_workflow_handle_for(
        AskWorkflow.run, workflow_id, run_id=handle.result_run_id
    )
    return bound, not joined


def _searchable(tenant: str, question: str, settings: Settings) -> TypedSearchAttributes:
    """Search attributes are not payloads: the codec cannot encrypt them. With encryption on,
    the question stays out of visibility (and `GET /v1/runs?q=` finds nothing)."""
    pairs: list[SearchAttributePair[str]] = [
        SearchAttributePair(search_attributes.TENANT, tenant),
        SearchAttributePair(search_attributes.STATE, "running"),
    ]
    if settings.encryption_key is None:
        pairs.append(SearchAttributePair(search_attributes.QUESTION, question))
    return TypedSearchAttributes(pairs)


def _joined_existing(handle: WorkflowHandle[AskWorkflow, AskResult]) -> bool:
    # Only the start response says whether this call started the run or joined one already
    # running (USE_EXISTING). The SDK (temporalio 1.35) keeps it on the handle with no public
    # accessor, and no other public call tells (a describe cannot say who started a run). Read
    # defensively: should the attribute go, the coalescing counter undercounts, nothing else.
    response = getattr(handle, "_start_workflow_response", None)
    return response is not None and hasattr(response, "started") and not response.started
