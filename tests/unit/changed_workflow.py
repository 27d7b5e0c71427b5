"""AskWorkflow as careless changes might leave it: the replay gate must refuse each (a module of
its own: the workflow sandbox re-imports it)."""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.ask import AskInput, AskResult, UnderstandInput, UnderstandResult


@workflow.defn(name="AskWorkflow")
class ReorderedAskWorkflow:
    @workflow.run
    async def run(self, request: AskInput) -> AskResult:
        await workflow.sleep(1)
        await workflow.execute_activity(
            "understand",
            UnderstandInput(question=request.question, tenant=request.tenant),
            result_type=UnderstandResult,
            start_to_close_timeout=timedelta(seconds=5),
        )
        raise AssertionError("a replay never gets this far")


@workflow.defn(name="AskWorkflow")
class ClockReadingAskWorkflow:
    """Reads the machine's clock, which differs on every replay: the worker runs workflows
    outside the sandbox, so only the gate's sandboxed replay can catch this."""

    @workflow.run
    async def run(self, request: AskInput) -> AskResult:
        if datetime.now().hour < 12:
            await workflow.sleep(1)
        raise AssertionError("a replay never gets this far")
