"""PipelineWorkflow: runs a declarative spec; steps whose inputs are ready run in parallel."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy, SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from pydantic import BaseModel

    from models import search_attributes
    from models.pipeline import PipelineInput, PipelineResult, StepOutcome, StepSpec
    from workflows import policies
    from workflows.agents import AGENTS
    from workflows.pipeline_plan import SpecError, build_input, dependencies

# Child runs carry their tenant, so the tenant can read and clarify them. The patch
# keeps pipelines recorded before it replaying on this code.
TENANT_CHILDREN = "tenant-children"


@workflow.defn
class PipelineWorkflow:
    def __init__(self) -> None:
        self._steps: list[StepOutcome] = []

    @workflow.query
    def progress(self) -> list[StepOutcome]:
        return self._steps

    @workflow.run
    async def run(self, request: PipelineInput) -> PipelineResult:
        specs = {s.name: s for s in request.spec.steps}
        self._steps = [StepOutcome(name=s.name, agent=s.agent) for s in request.spec.steps]
        outputs: dict[str, dict[str, Any]] = {}
        running: dict[str, asyncio.Task[dict[str, Any]]] = {}
        while len(outputs) < len(specs):
            for name, spec in specs.items():
                if (
                    name not in outputs
                    and name not in running
                    and dependencies(spec) <= set(outputs)
                ):
                    running[name] = asyncio.create_task(self._run_step(spec, request, outputs))
            done, _ = await workflow.wait(running.values(), return_when=asyncio.FIRST_COMPLETED)
            for name in [n for n, task in running.items() if task in done]:
                outputs[name] = running.pop(name).result()  # a failed step fails the pipeline
        final = request.spec.output or request.spec.steps[-1].name
        return PipelineResult(steps=self._steps, output=outputs[final])

    async def _run_step(
        self, spec: StepSpec, request: PipelineInput, outputs: dict[str, dict[str, Any]]
    ) -> dict[str, Any]:
        outcome = next(s for s in self._steps if s.name == spec.name)
        started = workflow.now()
        outcome.status, outcome.started_at = "running", started.isoformat()
        try:
            argument = build_input(spec, request.request, outputs, request.tenant)
        except SpecError as exc:
            outcome.status = "failed"
            raise ApplicationError(str(exc), type="InvalidPipeline", non_retryable=True) from None
        try:
            result = await self._call(spec, argument, request.tenant)
        except BaseException:
            outcome.status = "failed"
            raise
        outcome.status, outcome.output = "done", result.model_dump(mode="json")
        outcome.duration_ms = (workflow.now() - started).total_seconds() * 1000
        return outcome.output

    async def _call(self, spec: StepSpec, argument: BaseModel, tenant: str) -> BaseModel:
        agent = AGENTS[spec.agent]
        timeout = timedelta(seconds=spec.timeout_seconds) if spec.timeout_seconds else agent.timeout
        retry = agent.retry
        if spec.max_attempts is not None:
            retry = RetryPolicy(
                initial_interval=retry.initial_interval,
                backoff_coefficient=retry.backoff_coefficient,
                maximum_interval=retry.maximum_interval,
                maximum_attempts=spec.max_attempts,
                non_retryable_error_types=retry.non_retryable_error_types,
            )
        # Which agent a step names is data, so its result type is only known at run time.
        result: BaseModel
        if agent.kind == "workflow":
            result = await workflow.execute_child_workflow(
                agent.call,
                argument,
                id=f"{workflow.info().workflow_id}-{spec.name}",
                task_queue=agent.task_queue,
                execution_timeout=timeout,
                task_timeout=policies.WORKFLOW_TASK_TIMEOUT,
                search_attributes=_child_attributes(tenant),
            )
        else:
            result = await workflow.execute_activity_method(
                agent.call,
                argument,
                task_queue=agent.task_queue,
                start_to_close_timeout=timeout,
                heartbeat_timeout=agent.heartbeat,
                retry_policy=retry,
            )
        return result


def _child_attributes(tenant: str) -> TypedSearchAttributes | None:
    """The tenant and live state the API gives a run it starts. Not the question: search
    attributes bypass the payload codec, and the workflow cannot know whether encryption is on."""
    if not workflow.patched(TENANT_CHILDREN):
        return None
    pairs: list[SearchAttributePair[str]] = [
        SearchAttributePair(search_attributes.TENANT, tenant),
        SearchAttributePair(search_attributes.STATE, "running"),
    ]
    return TypedSearchAttributes(pairs)
