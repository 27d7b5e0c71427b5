"""AskWorkflow with fake activities registered under the real names, on a time-skipping server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from temporalio import activity
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowFailureError, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from models.ask import (
    Answer,
    AskInput,
    Clarification,
    ClarifyInput,
    Column,
    CubeQuery,
    FetchInput,
    FetchResult,
    Interpretation,
    LocalStep,
    PresentInput,
    UnderstandInput,
    UnderstandResult,
)
from tests.fakes import serving
from worker import AgentActivities
from workflows import policies
from workflows.ask import AskWorkflow

QUERY = CubeQuery(measures=["flights.count"])
MEANING = Interpretation(measure="Number of flights", period="2013")


class FakeAgents:
    """Records what each step received; can ask for clarification once or fail fetching."""

    def __init__(
        self,
        ask_first: bool = False,
        fetch_error: ApplicationError | None = None,
        ask_always: bool = False,
    ) -> None:
        self.ask_first = ask_first
        self.ask_always = ask_always
        self.fetch_error = fetch_error
        self.understood: list[UnderstandInput] = []
        self.fetch_attempts = 0

    @activity.defn(name="understand")
    async def understand(self, request: UnderstandInput) -> UnderstandResult:
        self.understood.append(request)
        if self.ask_always or (self.ask_first and not request.clarifications):
            return UnderstandResult(clarification=Clarification(question="Which measure?"))
        return UnderstandResult(query=QUERY, interpretation=MEANING)

    @activity.defn(name="fetch")
    async def fetch(self, request: FetchInput) -> FetchResult:
        self.fetch_attempts += 1
        if self.fetch_error is not None:
            raise self.fetch_error
        column = Column(member="flights.count", title="Number of flights", kind="measure")
        return FetchResult(columns=[column], rows=[[336776]])

    @activity.defn(name="present")
    async def present(self, request: PresentInput) -> Answer:
        value = request.data.rows[0][0]
        meaning = request.interpretation.text if request.interpretation else ""
        return Answer(
            text=f"{value}",
            interpretation=meaning,
            markdown=f"{value}",
            columns=[],
            rows=request.data.rows,
        )


@asynccontextmanager
async def workers(env: WorkflowEnvironment, agents: FakeAgents) -> AsyncIterator[None]:
    fakes = AgentActivities(
        understand=agents.understand, fetch=agents.fetch, present=agents.present
    )
    async with serving(env.client, fakes):
        yield


async def failure_of(handle: Any) -> ApplicationError:
    """The ApplicationError a run failed with (it must fail with one)."""
    with pytest.raises(WorkflowFailureError) as failed:
        await handle.result()
    assert isinstance(failed.value.cause, ApplicationError)
    return failed.value.cause


Mode = list[LocalStep]


@pytest.fixture(params=[["understand", "fetch"], ["fetch"], []], ids=["local", "fetch", "queues"])
def mode(request: pytest.FixtureRequest) -> Mode:
    """Every behaviour holds whichever steps run as local activities."""
    return request.param  # type: ignore[no-any-return]


async def start(env: WorkflowEnvironment, mode: Mode, request: AskInput) -> Any:
    return await env.client.start_workflow(
        AskWorkflow.run,
        request.model_copy(update={"local_steps": mode}),
        id=f"ask-test-{uuid.uuid4().hex}",
        task_queue=policies.WORKFLOW_TASK_QUEUE,
        execution_timeout=policies.ASK_EXECUTION_TIMEOUT,  # as the API starts runs
    )


async def test_three_steps_answer_and_record_progress(
    workflow_env: WorkflowEnvironment, mode: Mode
) -> None:
    agents = FakeAgents()
    async with workers(workflow_env, agents):
        handle = await start(
            workflow_env, mode, AskInput(question="How many flights?", tenant="acme")
        )
        result = await handle.result()
        progress = await handle.query(AskWorkflow.progress)
    assert result.answer.text == "336776"
    assert result.answer.interpretation == "Number of flights · 2013"  # understand -> present
    assert result.query == QUERY
    assert agents.understood[0].tenant == "acme"
    assert [s.status for s in progress.steps] == ["done", "done", "done"]
    assert all(s.duration_ms is not None for s in progress.steps)
    assert progress.status == "completed"


async def test_the_input_says_where_the_agents_run(
    workflow_env: WorkflowEnvironment, mode: Mode
) -> None:
    async with workers(workflow_env, FakeAgents()):
        handle = await start(workflow_env, mode, AskInput(question="How many flights?"))
        await handle.result()
        history = await handle.fetch_history()
    scheduled = [
        e.activity_task_scheduled_event_attributes.activity_type.name
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    ]
    assert scheduled == [step for step in ("understand", "fetch") if step not in mode]


async def test_clarification_waits_for_the_signal_then_continues(
    workflow_env: WorkflowEnvironment,
    mode: Mode,
) -> None:
    agents = FakeAgents(ask_first=True)
    async with workers(workflow_env, agents):
        handle = await start(workflow_env, mode, AskInput(question="show me the best ones"))
        while (await handle.query(AskWorkflow.progress)).status != "needs_clarification":
            await workflow_env.sleep(0.1)
        progress = await handle.query(AskWorkflow.progress)
        assert progress.clarification == Clarification(question="Which measure?", id=1)
        await handle.signal(AskWorkflow.clarify, ClarifyInput(answer="flights by carrier"))
        result = await handle.result()
    assert result.answer.text == "336776"
    assert agents.understood[-1].clarifications == ["flights by carrier"]


async def test_no_clarification_in_time_ends_the_run_clearly(
    workflow_env: WorkflowEnvironment,
    mode: Mode,
) -> None:
    agents = FakeAgents(ask_first=True)
    async with workers(workflow_env, agents):
        handle = await start(
            workflow_env, mode, AskInput(question="best?", clarify_timeout_seconds=3 * 24 * 3600)
        )
        failure = await failure_of(handle)  # the time-skipping server jumps the three days
    assert failure.type == "ClarificationTimeout"


async def test_a_run_waits_the_whole_day_for_a_clarification(
    workflow_env: WorkflowEnvironment,
    mode: Mode,
) -> None:
    """The execution timeout outlasts the default wait: the run ends by ClarificationTimeout
    after a day, not killed after an hour."""
    agents = FakeAgents(ask_first=True)
    async with workers(workflow_env, agents):
        handle = await start(workflow_env, mode, AskInput(question="best?"))
        await workflow_env.sleep(2 * 3600)
        assert (await handle.query(AskWorkflow.progress)).status == "needs_clarification"
        failure = await failure_of(handle)
    assert failure.type == "ClarificationTimeout"


async def test_a_question_still_unclear_after_every_clarification_fails_clearly(
    workflow_env: WorkflowEnvironment,
    mode: Mode,
) -> None:
    agents = FakeAgents(ask_always=True)
    async with workers(workflow_env, agents):
        handle = await start(workflow_env, mode, AskInput(question="best?"))
        for answer in range(policies.MAX_CLARIFICATIONS):
            while (await handle.query(AskWorkflow.progress)).status != "needs_clarification":
                await workflow_env.sleep(0.1)
            await handle.signal(AskWorkflow.clarify, ClarifyInput(answer=f"try {answer}"))
        failure = await failure_of(handle)
    assert failure.type == "StillUnclear"


async def test_a_rejected_query_gets_one_repair_then_fails_clearly(
    workflow_env: WorkflowEnvironment,
    mode: Mode,
) -> None:
    error = ApplicationError("Cube rejected the query", type="InvalidQuery", non_retryable=True)
    agents = FakeAgents(fetch_error=error)
    async with workers(workflow_env, agents):
        handle = await start(workflow_env, mode, AskInput(question="How many flights?"))
        with pytest.raises(WorkflowFailureError) as failed:
            await handle.result()
        progress = await handle.query(AskWorkflow.progress)
    assert agents.fetch_attempts == 2
    assert [u.repair is not None for u in agents.understood] == [False, True]
    repair = agents.understood[1].repair
    assert repair is not None and repair.error == "Cube rejected the query"
    assert "Cube rejected the query" in _messages(failed.value)
    assert progress.status == "failed"
    assert progress.repaired


async def test_other_non_retryable_failures_fail_at_once(
    workflow_env: WorkflowEnvironment,
    mode: Mode,
) -> None:
    error = ApplicationError("bad token", type="Unauthorized", non_retryable=True)
    agents = FakeAgents(fetch_error=error)
    async with workers(workflow_env, agents):
        handle = await start(workflow_env, mode, AskInput(question="How many flights?"))
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    assert agents.fetch_attempts == 1
    assert len(agents.understood) == 1


async def test_a_retryable_fetch_failure_is_retried_by_policy(
    workflow_env: WorkflowEnvironment,
    mode: Mode,
) -> None:
    agents = FakeAgents(fetch_error=ApplicationError("Cube answered 502", type="CubeUnavailable"))
    async with workers(workflow_env, agents):
        handle = await start(workflow_env, mode, AskInput(question="How many flights?"))
        with pytest.raises(WorkflowFailureError):
            await handle.result()
    assert policies.FETCH_RETRY.maximum_attempts == agents.fetch_attempts


def _messages(error: BaseException | None) -> str:
    """Every message down a failure's chain of causes."""
    texts = []
    while error is not None:
        texts.append(str(error))
        error = getattr(error, "cause", None)
    return " / ".join(texts)


async def _asking(env: WorkflowEnvironment, handle: Any) -> Clarification:
    while (progress := await handle.query(AskWorkflow.progress)).status != "needs_clarification":
        await env.sleep(0.1)
    assert progress.clarification is not None
    return progress.clarification  # type: ignore[no-any-return]


async def test_an_answer_is_taken_once_for_the_question_asked(
    workflow_env: WorkflowEnvironment,
    mode: Mode,
) -> None:
    agents = FakeAgents(ask_first=True)
    async with workers(workflow_env, agents):
        handle = await start(workflow_env, mode, AskInput(question="best?"))
        asked = await _asking(workflow_env, handle)
        assert asked.id == 1
        with pytest.raises(WorkflowUpdateFailedError) as other:
            await handle.execute_update(AskWorkflow.answer, ClarifyInput(answer="x", question_id=2))
        assert "asks question 1, not question 2" in str(other.value.cause)
        first, second = await asyncio.gather(
            handle.execute_update(AskWorkflow.answer, ClarifyInput(answer="by carrier")),
            handle.execute_update(AskWorkflow.answer, ClarifyInput(answer="by origin")),
            return_exceptions=True,
        )
        result = await handle.result()
        with pytest.raises((WorkflowUpdateFailedError, RPCError)):  # the run has ended
            await handle.execute_update(AskWorkflow.answer, ClarifyInput(answer="late"))
    outcomes = [type(o).__name__ for o in (first, second)]
    assert sorted(outcomes) == ["ClarifyResult", "WorkflowUpdateFailedError"]
    assert len(result.clarifications) == 1


async def test_a_signal_answer_to_no_question_is_dropped(
    workflow_env: WorkflowEnvironment,
    mode: Mode,
) -> None:
    agents = FakeAgents(ask_first=True)
    async with workers(workflow_env, agents):
        handle = await start(workflow_env, mode, AskInput(question="best?"))
        await _asking(workflow_env, handle)
        await handle.signal(AskWorkflow.clarify, ClarifyInput(answer="by carrier"))
        await handle.signal(AskWorkflow.clarify, ClarifyInput(answer="stale"))
        result = await handle.result()
    assert result.clarifications == ["by carrier"]
    assert agents.understood[-1].clarifications == ["by carrier"]
