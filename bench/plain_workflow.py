"""The comparison's plain Temporal pipeline: three activities in sequence, default policies, no
search attributes, progress, repair or clarification. Kept import-light for the sandbox."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

TASK_QUEUE = "bench-plain"
STEP_TIMEOUT = timedelta(seconds=30)


@workflow.defn
class PlainAskWorkflow:
    @workflow.run
    async def run(self, question: str) -> str:
        query: str = await workflow.execute_activity(
            "plain_understand", question, start_to_close_timeout=STEP_TIMEOUT
        )
        rows: str = await workflow.execute_activity(
            "plain_fetch", query, start_to_close_timeout=STEP_TIMEOUT
        )
        answer: str = await workflow.execute_activity(
            "plain_present", rows, start_to_close_timeout=STEP_TIMEOUT
        )
        return answer
