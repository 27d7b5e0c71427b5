"""Records one history per workflow path into tests/histories/, for the replay gate.

    make run                                            # in one terminal
    .venv/bin/python -m tests.histories.record          # in another: every path
    .venv/bin/python -m tests.histories.record ask_plan # or only the paths named

Re-record only on purpose: a changed history means old runs may not replay on new code.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from pathlib import Path

from temporalio.client import Client, WorkflowHandle

from models.ask import AskInput, ClarifyInput
from models.pipeline import PipelineInput, PipelineSpec
from services.settings import get_settings
from services.temporal import connect
from services.vocabulary import VocabularyStore
from workflows import policies
from workflows.ask import AskWorkflow
from workflows.pipeline import PipelineWorkflow

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "examples" / "pipelines"


def recorded_id(name: str) -> str:
    """The workflow id a history was recorded under: replay needs it (child ids derive from it)."""
    return f"record-{name}"


async def start_ask(
    client: Client, name: str, request: AskInput
) -> WorkflowHandle[AskWorkflow, object]:
    return await client.start_workflow(
        AskWorkflow.run, request, id=recorded_id(name), task_queue=policies.WORKFLOW_TASK_QUEUE
    )


async def until_asking(handle: WorkflowHandle[AskWorkflow, object]) -> None:
    for _ in range(300):
        if (await handle.query(AskWorkflow.progress)).status == "needs_clarification":
            return
        await asyncio.sleep(0.2)
    raise TimeoutError(f"{handle.id} never asked for clarification")


async def finish(handle: WorkflowHandle[object, object]) -> None:
    with contextlib.suppress(Exception):  # failed and cancelled paths are recorded too
        await handle.result()


async def save(client: Client, name: str, workflow_id: str) -> None:
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    (HERE / f"{name}.json").write_text(json.dumps(json.loads(history.to_json()), indent=1))
    print(f"recorded {name} ({len(history.events)} events)")


async def main(only: list[str]) -> None:
    client = await connect(get_settings())
    # Three queries fetched side by side on the agents' queues, then combined.
    plan = await start_ask(
        client,
        "ask_plan",
        AskInput(
            question="How many carriers flew out of all three New York airports?", local_steps=[]
        ),
    )
    vague = "show me the best ones"
    answered = await start_ask(
        client,
        "ask_answered",
        AskInput(question="How many flights to LAX?", local_steps=["understand", "fetch"]),
    )
    on_queues = await start_ask(
        client,
        "ask_answered_on_task_queues",
        AskInput(question="How many flights to LAX?", local_steps=[]),
    )
    clarified = await start_ask(client, "ask_clarified", AskInput(question=vague))
    cancelled = await start_ask(client, "ask_cancelled", AskInput(question=vague))
    timed_out = await start_ask(
        client,
        "ask_clarification_timed_out",
        AskInput(question=vague, clarify_timeout_seconds=1),
    )
    await until_asking(clarified)
    await clarified.signal(AskWorkflow.clarify, ClarifyInput(answer="most flights by origin"))
    await until_asking(cancelled)
    await cancelled.cancel()
    pipelines = {}
    for example in ("ask", "compare"):
        body = json.loads((EXAMPLES / f"{example}.json").read_text())
        request = PipelineInput(
            spec=PipelineSpec.model_validate(body["spec"]), request=body["inputs"]
        )
        pipelines[example] = await client.start_workflow(
            PipelineWorkflow.run,
            request,
            id=recorded_id(f"pipeline_{example}"),
            task_queue=policies.WORKFLOW_TASK_QUEUE,
        )
    runs = {
        "ask_answered": answered,
        "ask_answered_on_task_queues": on_queues,
        "ask_clarified": clarified,
        "ask_cancelled": cancelled,
        "ask_clarification_timed_out": timed_out,
        "pipeline_ask": pipelines["ask"],
        "pipeline_compare": pipelines["compare"],
        "ask_plan": plan,
    }
    for name, handle in runs.items():
        if only and name not in only:
            continue
        await finish(handle)
        await save(client, name, handle.id)
    if not only or {"ask_learned", "ask_remembered"} & set(only):
        await record_remembered(client)


async def record_remembered(client: Client) -> None:
    """A run whose answer teaches words (the `remember` activity), the words approved in the
    stack's vocabulary store, and a run that reads them as evidence."""
    learned = await start_ask(
        client, "ask_learned", AskInput(question="How many flights went to Sin City?")
    )
    await until_asking(learned)
    await learned.execute_update(AskWorkflow.answer, ClarifyInput(answer="Las Vegas"))
    await finish(learned)
    await save(client, "ask_learned", learned.id)
    store = VocabularyStore.configured(get_settings())
    for entry in await store.entries("default", "suggested"):
        await store.approve("default", entry.id, "record", "2026-12-07T00:00:00+00:00")
    used = await start_ask(
        client, "ask_remembered", AskInput(question="How many flights flew to sin city?")
    )
    await finish(used)
    await save(client, "ask_remembered", used.id)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
