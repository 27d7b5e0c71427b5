"""AskWorkflow running a plan: its queries fetched side by side, combined, all or nothing."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from temporalio import activity
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowFailureError, WorkflowHandle
from temporalio.exceptions import ApplicationError, CancelledError
from temporalio.testing import WorkflowEnvironment

from models.ask import (
    Answer,
    AskInput,
    AskResult,
    Column,
    CubeFilter,
    CubeQuery,
    FetchInput,
    FetchResult,
    LocalStep,
    Plan,
    PresentInput,
    UnderstandInput,
    UnderstandResult,
)
from tests.fakes import serving
from worker import AgentActivities
from workflows import policies
from workflows.ask import AskWorkflow

CARRIER = Column(member="flights.carrier", title="Airline", kind="dimension")
COUNT = Column(member="flights.count", title="Number of flights", kind="measure")


def by_carrier(origin: str) -> CubeQuery:
    return CubeQuery(
        measures=["flights.count"],
        dimensions=["flights.carrier"],
        filters=[CubeFilter(member="flights.origin", operator="equals", values=[origin])],
    )


# Carriers flying from each origin (what Cube would return for by_carrier).
ROWS = {"LGA": ["DL", "F9", "WN"], "JFK": ["DL", "B6"], "EWR": ["DL", "WN"]}
SUBTRACT = Plan(
    queries=[by_carrier("LGA"), by_carrier("JFK")],
    combine="subtract",
    description="airlines from LGA, minus those from JFK",
)


class PlanAgents:
    """Understands every question as `plan`; fetching one origin may fail or hang."""

    def __init__(self, plan: Plan, fail: str | None = None, hang: str | None = None) -> None:
        self.plan, self.fail, self.hang = plan, fail, hang
        self.fetched: list[str] = []
        self.cancelled: list[str] = []
        self.presented: list[PresentInput] = []
        self.hanging = asyncio.Event()

    @activity.defn(name="understand")
    async def understand(self, request: UnderstandInput) -> UnderstandResult:
        return UnderstandResult(plan=self.plan)

    @activity.defn(name="fetch")
    async def fetch(self, request: FetchInput) -> FetchResult:
        origin = request.query.filters[0].values[0]
        self.fetched.append(origin)
        if origin == self.fail:
            raise ApplicationError(f"Cube rejected {origin}", type="InvalidQuery")
        if origin == self.hang:
            self.hanging.set()
            try:
                while True:
                    activity.heartbeat()
                    await asyncio.sleep(0.05)
            except asyncio.CancelledError:
                self.cancelled.append(origin)
                raise
        rows: list[list[Any]] = [[c, 100] for c in ROWS[origin]]
        return FetchResult(columns=[CARRIER, COUNT], rows=rows)

    @activity.defn(name="present")
    async def present(self, request: PresentInput) -> Answer:
        self.presented.append(request)
        return Answer(text="", markdown="", columns=request.data.columns, rows=request.data.rows)


async def start(env: WorkflowEnvironment, agents: PlanAgents, mode: list[LocalStep]) -> Any:
    return await env.client.start_workflow(
        AskWorkflow.run,
        AskInput(question="q", local_steps=mode),
        id=f"ask-plan-{uuid.uuid4().hex}",
        task_queue=policies.WORKFLOW_TASK_QUEUE,
    )


def serve(env: WorkflowEnvironment, agents: PlanAgents) -> Any:
    fakes = AgentActivities(
        understand=agents.understand, fetch=agents.fetch, present=agents.present
    )
    return serving(env.client, fakes)


@pytest.fixture(params=[["fetch"], []], ids=["local", "queues"])
def mode(request: pytest.FixtureRequest) -> list[LocalStep]:
    return request.param  # type: ignore[no-any-return]


async def test_a_plan_fetches_each_query_and_combines_them(
    workflow_env: WorkflowEnvironment, mode: list[LocalStep]
) -> None:
    agents = PlanAgents(SUBTRACT)
    async with serve(workflow_env, agents):
        handle = await start(workflow_env, agents, mode)
        result: AskResult = await handle.result()
    assert sorted(agents.fetched) == ["JFK", "LGA"]
    assert result.answer.rows == [["F9"], ["WN"]]  # LGA's carriers that JFK does not have
    assert result.plan == SUBTRACT
    assert agents.presented[0].plan == SUBTRACT
    assert [s.name for s in result.steps] == ["understand", "fetch 1", "fetch 2", "present"]
    assert all(s.status == "done" for s in result.steps)


async def test_the_sub_queries_run_side_by_side(workflow_env: WorkflowEnvironment) -> None:
    """Both fetches are scheduled in one workflow task, before either completes."""
    agents = PlanAgents(SUBTRACT)
    async with serve(workflow_env, agents):
        handle = await start(workflow_env, agents, [])
        await handle.result()
    scheduled, completed = [], []
    async for event in handle.fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            name = event.activity_task_scheduled_event_attributes.activity_type.name
            scheduled.append((event.event_id, name))
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
            completed.append(event.event_id)
    fetches = [event_id for event_id, name in scheduled if name == "fetch"]
    assert len(fetches) == 2
    assert max(fetches) < min(completed[1:])  # the second fetch before the first's result


async def test_one_failed_sub_query_fails_the_run_with_its_reason(
    workflow_env: WorkflowEnvironment, mode: list[LocalStep]
) -> None:
    agents = PlanAgents(SUBTRACT, fail="JFK")
    async with serve(workflow_env, agents):
        handle = await start(workflow_env, agents, mode)
        with pytest.raises(WorkflowFailureError) as failed:
            await handle.result()
    assert "Cube rejected JFK" in str(failed.value.cause.cause or failed.value.cause)
    assert agents.presented == []  # never a partial answer


async def test_a_failed_sub_query_cancels_the_others(workflow_env: WorkflowEnvironment) -> None:
    agents = PlanAgents(SUBTRACT, fail="JFK", hang="LGA")
    async with serve(workflow_env, agents):
        handle = await start(workflow_env, agents, [])
        with pytest.raises(WorkflowFailureError):
            await handle.result()
        for _ in range(100):
            if agents.cancelled:
                break
            await asyncio.sleep(0.05)
    assert agents.cancelled == ["LGA"]


async def test_cancelling_the_run_cancels_every_sub_query(
    workflow_env: WorkflowEnvironment,
) -> None:
    plan = Plan(
        queries=[by_carrier("LGA"), by_carrier("JFK")],
        combine="intersect",
        description="airlines at both",
    )
    agents = PlanAgents(plan, hang="LGA")
    async with serve(workflow_env, agents):
        handle: WorkflowHandle[Any, Any] = await start(workflow_env, agents, [])
        await asyncio.wait_for(agents.hanging.wait(), 10)
        await handle.cancel()
        with pytest.raises(WorkflowFailureError) as failed:
            await handle.result()
        for _ in range(100):
            if agents.cancelled:
                break
            await asyncio.sleep(0.05)
    assert isinstance(failed.value.cause, CancelledError)
    assert agents.cancelled == ["LGA"]
    assert agents.presented == []


async def test_groups_counted_from_one_query(workflow_env: WorkflowEnvironment) -> None:
    single = Plan(queries=[by_carrier("LGA")], combine="count", description="how many")
    agents = PlanAgents(single)
    async with serve(workflow_env, agents):
        result: AskResult = await (await start(workflow_env, agents, [])).result()
    assert result.answer.rows == [[3]]
    assert [s.name for s in result.steps] == ["understand", "fetch 1", "present"]
