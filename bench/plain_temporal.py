"""Plain Temporal builds for the comparison, each an API process and a worker process:

- raw: three bare activities that return at once (the ceiling of any durable three-step
  pipeline on this Temporal server);
- naive: three plain activities calling the same LLM, Cube and formatter as Quarry, with no
  cache, batching, coalescing, heartbeats or tuning.

    .venv/bin/python -m bench.plain_temporal worker --mode raw     # TEMPORAL_ADDRESS, ...
    PLAIN_MODE=raw .venv/bin/uvicorn bench.plain_temporal:create_app --factory --port 17381
"""

from __future__ import annotations

import argparse
import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from temporalio import activity
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

from activities.cube_agent import to_fetch_result
from activities.format_agent import render
from bench.monolith import agent_clients
from bench.plain_workflow import TASK_QUEUE, PlainAskWorkflow
from models.ask import CubeQuery, FetchResult
from services.catalogs import CatalogProvider
from services.cube import CubeClient
from services.settings import get_settings
from understanding import llm


class Question(BaseModel):
    question: str
    wait_seconds: float | None = None


def task_queue(mode: str) -> str:
    return f"{TASK_QUEUE}-{mode}"


class RawAgents:
    @activity.defn(name="plain_understand")
    async def understand(self, question: str) -> str:
        return question

    @activity.defn(name="plain_fetch")
    async def fetch(self, query: str) -> str:
        return query

    @activity.defn(name="plain_present")
    async def present(self, rows: str) -> str:
        return rows


class NaiveAgents:
    """The agents as a first Temporal port would write them: one call each, JSON strings between."""

    def __init__(self, cube: CubeClient, llm_client: llm.LlmClient) -> None:
        self._cube, self._llm = cube, llm_client
        self._catalogs = CatalogProvider(cube)

    @activity.defn(name="plain_understand")
    async def understand(self, question: str) -> str:
        catalog = await self._catalogs.get("default")
        understood = await llm.understand(self._llm, question, catalog, None)
        assert understood.query is not None
        return understood.query.model_dump_json()

    @activity.defn(name="plain_fetch")
    async def fetch(self, query: str) -> str:
        cube_query = CubeQuery.model_validate_json(query)
        data = to_fetch_result(await self._cube.load(cube_query, "default"))
        return query + "\n" + data.model_dump_json()

    @activity.defn(name="plain_present")
    async def present(self, fetched: str) -> str:
        query, data = fetched.split("\n", 1)
        answer = render(CubeQuery.model_validate_json(query), FetchResult.model_validate_json(data))
        return answer.text


async def connect() -> Client:
    settings = get_settings()
    return await Client.connect(settings.temporal_address, data_converter=pydantic_data_converter)


async def agents(mode: str, stack: AsyncExitStack) -> list[Callable[..., Any]]:
    if mode == "raw":
        raw = RawAgents()
        return [raw.understand, raw.fetch, raw.present]
    naive = NaiveAgents(*await stack.enter_async_context(agent_clients()))
    return [naive.understand, naive.fetch, naive.present]


async def serve(mode: str) -> None:
    client = await connect()
    async with AsyncExitStack() as stack:
        worker = Worker(
            client,
            task_queue=task_queue(mode),
            workflows=[PlainAskWorkflow],
            activities=await agents(mode, stack),
        )
        await worker.run()


def create_app() -> FastAPI:
    mode = os.environ.get("PLAIN_MODE", "raw")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.client = await connect()
        yield

    app = FastAPI(lifespan=lifespan)

    @app.post("/v1/questions")
    async def ask(body: Question) -> dict[str, object]:
        client: Client = app.state.client
        answer = await client.execute_workflow(
            PlainAskWorkflow.run,
            body.question,
            id=f"plain-{uuid.uuid4()}",
            task_queue=task_queue(mode),
        )
        return {"status": "completed", "answer": {"text": answer}}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("role", choices=["worker"])
    parser.add_argument("--mode", choices=["raw", "naive"], required=True)
    asyncio.run(serve(parser.parse_args().mode))


if __name__ == "__main__":
    main()
