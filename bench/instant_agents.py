"""Quarry's workflow with agents that return at once, registered under the real activity names
and task queues: what is left is the cost of Quarry's orchestration itself (API, workflow,
search attributes, progress, three activities). Run it on its own namespace so the real
worker of the same stack never sees these tasks.

    TEMPORAL_NAMESPACE=bench-overhead .venv/bin/python -m bench.instant_agents
"""

from __future__ import annotations

import asyncio

from temporalio import activity

from models.ask import (
    Answer,
    Column,
    CubeQuery,
    FetchInput,
    FetchResult,
    PresentInput,
    UnderstandInput,
    UnderstandResult,
)
from services.settings import get_settings
from services.temporal import connect
from services.visibility import register_search_attributes
from worker import AgentActivities, build_workers

COLUMN = Column(member="flights.count", title="Number of flights", kind="measure", type="number")


@activity.defn(name="understand")
async def understand(request: UnderstandInput) -> UnderstandResult:
    return UnderstandResult(query=CubeQuery(measures=["flights.count"]))


@activity.defn(name="fetch")
async def fetch(request: FetchInput) -> FetchResult:
    return FetchResult(columns=[COLUMN], rows=[[336776]])


@activity.defn(name="present")
async def present(request: PresentInput) -> Answer:
    text = "Number of flights: 336,776."
    return Answer(text=text, markdown=text, columns=[COLUMN], rows=request.data.rows)


async def serve() -> None:
    settings = get_settings()
    client = await connect(settings)
    await register_search_attributes(client, settings.temporal_namespace)
    # present runs as the workflows' local activity, as in Quarry's worker.
    agents = AgentActivities(understand=understand, fetch=fetch, present=present)
    workers = build_workers(client, agents, sandboxed=settings.workflow_sandbox)
    await asyncio.gather(*(worker.run() for worker in workers))


if __name__ == "__main__":
    asyncio.run(serve())
