"""AskWorkflow as a careless change might leave it: a timer added before understanding. The
replay gate must refuse it (a module of its own: the workflow sandbox re-imports it)."""

from __future__ import annotations

from datetime import timedelta

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
