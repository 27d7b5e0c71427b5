"""AskWorkflow: understand -> fetch -> present.

Short steps run as local activities on the workflow's worker: same retries and timeouts, no
server round trip each (bench/RESULTS.md). Presenting always is one; fetching and offline
understanding are when the run's input lists them (`local_steps`). A step that may take seconds
(an LLM call) runs on its agent's task queue with heartbeats: a local activity would hold the
workflow task, and every progress query, for as long."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, Literal, TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError, CancelledError

with workflow.unsafe.imports_passed_through():
    from activities.cube_agent import CubeAgent
    from activities.format_agent import FormatAgent
    from activities.query_agent import QueryAgent
    from activities.remember import Memory
    from models import search_attributes
    from models.ask import (
        Answer,
        AskInput,
        AskProgress,
        AskResult,
        ClarifyInput,
        ClarifyResult,
        CubeQuery,
        FetchInput,
        FetchResult,
        Plan,
        PresentInput,
        Repair,
        StepProgress,
        UnderstandInput,
        UnderstandResult,
    )
    from models.vocabulary import RememberInput
    from workflows import policies
    from workflows.combine import PlanMismatch, combine

T = TypeVar("T")
In = TypeVar("In")
Out = TypeVar("Out")
State = Literal["running", "needs_clarification", "completed", "failed", "cancelled"]

STEPS = ("understand", "fetch", "present")
# Leaner runs: presenting is a local activity (one server round trip fewer per question) and the
# end states are left to Temporal's ExecutionStatus (no search attribute upsert at the end). The
# patch keeps runs recorded before it replaying on this code.
LEANER_RUNS = "leaner-runs"
ENDED: tuple[State, ...] = ("completed", "failed", "cancelled")
# The run's input says which steps run as local activities; leaner runs are implied. One patch
# per run, not two: each patch a run records costs a search-attribute upsert
# (TemporalChangeVersion). Runs recorded before it replay the way they were recorded.
LOCAL_AGENTS = "local-agents"
# A run whose answered clarifications taught it words records them (the `remember` activity)
# once it has its answer; runs recorded before this patch replay without it.
REMEMBER_WORDS = "remember-words"


@workflow.defn
class AskWorkflow:
    def __init__(self) -> None:
        self._progress = AskProgress(steps=[StepProgress(name=name) for name in STEPS])
        self._answers: list[str] = []
        self._clarifications: list[str] = []
        self._current = False  # started on code with LOCAL_AGENTS
        self._local: set[str] = set()  # steps run as local activities

    @workflow.query
    def progress(self) -> AskProgress:
        return self._progress

    @workflow.update
    def answer(self, reply: ClarifyInput) -> ClarifyResult:
        """Answers the question the run asks: accepted or rejected atomically (the validator),
        so two answers racing, or one for a question no longer asked, cannot both land."""
        self._answers.append(reply.answer)
        asked = self._progress.clarification
        return ClarifyResult(question_id=asked.id if asked else 0)

    @answer.validator
    def _accepts(self, reply: ClarifyInput) -> None:
        if reason := self._refusal(reply):
            raise ValueError(reason)

    @workflow.signal
    def clarify(self, reply: ClarifyInput) -> None:
        """The same answer as a signal (for `temporal workflow signal`); one that the update
        would refuse is dropped, with a log line, since a signal cannot be refused."""
        if reason := self._refusal(reply):
            workflow.logger.warning("clarify signal dropped: %s", reason)
            return
        self._answers.append(reply.answer)

    def _refusal(self, reply: ClarifyInput) -> str | None:
        asked = self._progress.clarification
        if self._answers:
            return "the question was answered already"
        if self._progress.status != "needs_clarification" or asked is None:
            return f"the run is {self._progress.status}, not waiting for an answer"
        if reply.question_id is not None and reply.question_id != asked.id:
            return f"the run now asks question {asked.id}, not question {reply.question_id}"
        return None

    @workflow.run
    async def run(self, request: AskInput) -> AskResult:
        self._current = workflow.patched(LOCAL_AGENTS)
        self._local = set(request.local_steps) if self._current else set()
        understood = await self._understand(request)
        if understood.plan is not None:
            return await self._answer_plan(request, understood, understood.plan)
        query = understood.query
        assert query is not None
        try:
            data = await self._fetch(query, request)
        except (ActivityError, ApplicationError) as failed:
            if not _is_invalid_query(failed):
                raise
            # One repair: the agent sees Cube's reason; a second rejection fails the run.
            self._progress.repaired = True
            repair = Repair(query=query, error=_message(failed))
            understood = await self._understand(request, repair)
            query = understood.query
            assert query is not None
            data = await self._fetch(query, request)
        answer = await self._step("present", self._present(request, understood, data))
        return await self._done(request, understood, query, answer)

    async def _done(
        self,
        request: AskInput,
        understood: UnderstandResult,
        query: CubeQuery,
        answer: Answer,
        plan: Plan | None = None,
    ) -> AskResult:
        answer = await self._remember(request, understood, query, answer)
        self._progress.current_step = None
        self._set_state("completed")
        return AskResult(
            question=request.question,
            query=query,
            plan=plan,
            answer=answer,
            tokens=self._progress.tokens,
            clarifications=self._clarifications,
            steps=self._progress.steps,
            remembered=[used.id for used in understood.remembered],
        )

    async def _remember(
        self, request: AskInput, understood: UnderstandResult, query: CubeQuery, answer: Answer
    ) -> Answer:
        """Records what the person's answers resolved as suggestions, and says so in the
        answer; a failure to record costs the suggestion, not the answer."""
        if not understood.learned or not workflow.patched(REMEMBER_WORDS):
            return answer
        remember = RememberInput(
            tenant=request.tenant,
            run_id=workflow.info().workflow_id,
            question=request.question,
            query=query.model_dump(exclude_defaults=True),
            words=understood.learned,
            at=workflow.now().isoformat(timespec="seconds"),
        )
        try:
            await workflow.execute_local_activity_method(
                Memory.remember,
                remember,
                start_to_close_timeout=policies.REMEMBER_TIMEOUT,
                retry_policy=policies.REMEMBER_RETRY,
            )
        except (ActivityError, ApplicationError) as failed:
            if _is_cancellation(failed):
                raise
            workflow.logger.warning("the words this run learned were not recorded: %s", failed)
            return answer
        notes = [
            f'"{word.phrase}" read as "{word.meaning}" can be remembered: it is kept as a '
            "suggestion, and once an admin approves it I will not ask again"
            for word in understood.learned
        ]
        return answer.model_copy(update={"remembered": notes})

    async def _answer_plan(
        self, request: AskInput, understood: UnderstandResult, plan: Plan
    ) -> AskResult:
        """A plan's queries run side by side, each its own fetch step (fan-out); their results
        combine in workflow code (deterministic: a replay computes the same); all or nothing."""
        names = [f"fetch {i}" for i in range(1, len(plan.queries) + 1)]
        self._progress.steps = [
            step
            for old in self._progress.steps
            for step in ([StepProgress(name=n) for n in names] if old.name == "fetch" else [old])
        ]
        fetches = [
            asyncio.ensure_future(self._fetch(query, request, name, whole=True))
            for query, name in zip(plan.queries, names, strict=True)
        ]
        try:
            results = list(await asyncio.gather(*fetches))
        except BaseException:
            # One sub-query failed (or the run was cancelled): the others are cancelled too,
            # and the run fails with the first reason; never a partial answer.
            for fetch in fetches:
                fetch.cancel()
            await asyncio.gather(*fetches, return_exceptions=True)
            raise
        try:
            data = combine(plan, results)
        except PlanMismatch as exc:
            self._set_state("failed")
            raise ApplicationError(
                f"The plan's results could not be combined: {exc}",
                type="InvalidPlan",
                non_retryable=True,
            ) from None
        present = self._present(request, understood, data, plan)
        answer = await self._step("present", present)
        return await self._done(request, understood, plan.queries[0], answer, plan)

    async def _fetch(
        self, query: CubeQuery, request: AskInput, step: str = "fetch", whole: bool = False
    ) -> FetchResult:
        call = self._agent(
            CubeAgent.fetch,
            FetchInput(query=query, tenant=request.tenant, whole=whole),
            local="fetch" in self._local,
            queue=policies.CUBE_AGENT_TASK_QUEUE,
            timeout=policies.FETCH_TIMEOUT,
            retry=policies.FETCH_RETRY,
            heartbeat=policies.FETCH_HEARTBEAT,
        )
        return await self._step(step, call)

    def _present(
        self,
        request: AskInput,
        understood: UnderstandResult,
        data: FetchResult,
        plan: Plan | None = None,
    ) -> Awaitable[Answer]:
        query = plan.queries[0] if plan is not None else understood.query
        assert query is not None
        present = PresentInput(
            question=request.question,
            query=query,
            data=data,
            interpretation=understood.interpretation,
            plan=plan,
        )
        return self._agent(
            FormatAgent.present,
            present,
            local=self._leaner(),  # runs started before LEANER_RUNS used the queue
            queue=policies.FORMAT_AGENT_TASK_QUEUE,
            timeout=policies.PRESENT_TIMEOUT,
            retry=policies.PRESENT_RETRY,
        )

    def _agent(
        self,
        method: Callable[[Any, In], Awaitable[Out]],
        argument: In,
        *,
        local: bool,
        queue: str,
        timeout: timedelta,
        retry: RetryPolicy,
        heartbeat: timedelta | None = None,
    ) -> Awaitable[Out]:
        """One agent call: a local activity on this worker, or an activity on the agent's queue
        (heartbeats only there: a local activity's worker is this one)."""
        if local:
            return workflow.execute_local_activity_method(
                method,
                argument,
                start_to_close_timeout=timeout,
                retry_policy=retry,
                local_retry_threshold=policies.LOCAL_RETRY_THRESHOLD,
            )
        return workflow.execute_activity_method(
            method,
            argument,
            task_queue=queue,
            start_to_close_timeout=timeout,
            heartbeat_timeout=heartbeat,
            retry_policy=retry,
        )

    async def _understand(
        self, request: AskInput, repair: Repair | None = None
    ) -> UnderstandResult:
        """Asks the query agent until it has a query, waiting durably for each clarification."""
        clarifications = self._clarifications
        while True:
            understand = UnderstandInput(
                question=request.question,
                tenant=request.tenant,
                clarifications=clarifications,
                repair=repair,
            )
            understood = await self._step("understand", self._understand_once(understand))
            self._progress.tokens = self._progress.tokens.plus(understood.usage)
            if understood.query is not None or understood.plan is not None:
                return understood
            if len(clarifications) >= policies.MAX_CLARIFICATIONS:
                self._set_state("failed")
                raise ApplicationError(
                    "The question is still unclear after "
                    f"{policies.MAX_CLARIFICATIONS} answers; ask it again in other words.",
                    type="StillUnclear",
                    non_retryable=True,
                )
            clarifications.append(await self._await_clarification(understood, request))

    def _understand_once(self, understand: UnderstandInput) -> Awaitable[UnderstandResult]:
        return self._agent(
            QueryAgent.understand,
            understand,
            local="understand" in self._local,
            queue=policies.QUERY_AGENT_TASK_QUEUE,
            timeout=policies.UNDERSTAND_TIMEOUT,
            retry=policies.UNDERSTAND_RETRY,
            heartbeat=policies.UNDERSTAND_HEARTBEAT,
        )

    async def _await_clarification(self, understood: UnderstandResult, request: AskInput) -> str:
        assert understood.clarification is not None
        number = len(self._clarifications) + 1
        self._progress.clarification = understood.clarification.model_copy(update={"id": number})
        self._set_state("needs_clarification")
        try:
            await workflow.wait_condition(
                lambda: bool(self._answers),
                timeout=timedelta(seconds=request.clarify_timeout_seconds),
            )
        except TimeoutError:
            self._set_state("failed")
            raise ApplicationError(
                "No clarification arrived in time; ask again with more detail.",
                type="ClarificationTimeout",
                non_retryable=True,
            ) from None
        self._progress.clarification = None
        self._set_state("running")
        return self._answers.pop(0)

    def _set_state(self, state: State) -> None:
        """Progress for the query, and the QuarryState search attribute for visibility while the
        run is live (on runs started with Quarry's search attributes, i.e. by the API)."""
        self._progress.status = state
        if workflow.info().typed_search_attributes.get(search_attributes.STATE) is None:
            return
        if state in ENDED and self._leaner():
            return  # ExecutionStatus says it, without a visibility write of ours
        workflow.upsert_search_attributes([search_attributes.STATE.value_set(state)])

    def _leaner(self) -> bool:
        """Runs recorded between LEANER_RUNS and LOCAL_AGENTS ask for their patch where they
        first did; later runs imply it without recording a second patch."""
        return self._current or workflow.patched(LEANER_RUNS)

    async def _step(self, name: str, call: Awaitable[T]) -> T:
        """Runs one step, recording its status and timing for the progress query."""
        step = next(s for s in self._progress.steps if s.name == name)
        started = workflow.now()
        self._progress.current_step = name
        step.status, step.started_at = "running", started.isoformat()
        try:
            result = await call
        except BaseException as exc:
            outcome: Literal["failed", "cancelled"] = (
                "cancelled" if _is_cancellation(exc) else "failed"
            )
            step.status = outcome
            step.attempts = max(step.attempts, 1)
            self._set_state(outcome)
            raise
        step.status = "done"
        # It ran at least once; retries the workflow cannot see are added from the history.
        step.attempts = max(step.attempts, 1)
        step.duration_ms = (workflow.now() - started).total_seconds() * 1000
        return result


def _cause(exc: BaseException) -> BaseException | None:
    """What an agent raised: a regular activity's failure arrives wrapped in an ActivityError, a
    local activity's as it was raised."""
    return exc.cause if isinstance(exc, ActivityError) else exc


def _is_cancellation(exc: BaseException) -> bool:
    return isinstance(exc, asyncio.CancelledError | CancelledError) or isinstance(
        _cause(exc), CancelledError
    )


def _is_invalid_query(failed: BaseException) -> bool:
    cause = _cause(failed)
    return isinstance(cause, ApplicationError) and cause.type == "InvalidQuery"


def _message(failed: BaseException) -> str:
    cause = _cause(failed)
    return cause.message if isinstance(cause, ApplicationError) else str(failed)
