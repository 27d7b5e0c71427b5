"""Quarry's worker: builds the clients once, serves the workflow and the three agent task queues.

SIGTERM or SIGINT starts a graceful shutdown: pollers stop, in-flight activities get
`WORKER_SHUTDOWN_SECONDS` to finish, then are cancelled and handed back to Temporal for a retry.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from temporalio.client import Client
from temporalio.worker import Worker

from activities.cube_agent import CubeAgent
from activities.format_agent import FormatAgent
from activities.query_agent import QueryAgent
from services.cube import CubeClient, build_http_client
from services.settings import Settings, get_settings
from services.temporal import connect
from services.understanding.catalogs import CatalogProvider
from services.understanding.llm import LlmClient
from services.understanding.llm import build_http_client as build_llm_http
from workflows import policies
from workflows.ask import AskWorkflow

log = logging.getLogger("quarry.worker")


def build_workers(
    client: Client, cube: CubeClient, settings: Settings, llm_client: LlmClient | None = None
) -> list[Worker]:
    """One worker per task queue, all sharing this process's clients."""
    shutdown = timedelta(seconds=settings.worker_shutdown_seconds)
    query_agent = QueryAgent(CatalogProvider(cube), llm_client)
    cube_agent = CubeAgent(cube, row_limit=settings.cube_row_limit)
    format_agent = FormatAgent()
    activities: dict[str, Callable[..., Any]] = {
        policies.QUERY_AGENT_TASK_QUEUE: query_agent.understand,
        policies.CUBE_AGENT_TASK_QUEUE: cube_agent.fetch,
        policies.FORMAT_AGENT_TASK_QUEUE: format_agent.present,
    }
    workers = [
        Worker(
            client,
            task_queue=policies.WORKFLOW_TASK_QUEUE,
            workflows=[AskWorkflow],
            graceful_shutdown_timeout=shutdown,
        )
    ]
    workers += [
        Worker(client, task_queue=queue, activities=[fn], graceful_shutdown_timeout=shutdown)
        for queue, fn in activities.items()
    ]
    return workers


async def run(settings: Settings) -> None:
    if settings.cube_api_secret is None:
        raise SystemExit("CUBE_API_SECRET is not set: the worker cannot sign Cube requests.")
    client = await connect(settings)
    async with (
        build_http_client(settings.cube_api_url, settings.cube_timeout_seconds) as http,
        build_llm_http(settings.llm_base_url, settings.llm_timeout_seconds) as llm_http,
    ):
        cube = CubeClient(http, settings.cube_api_secret.get_secret_value())
        llm_client = None
        if settings.query_agent == "llm":
            key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
            llm_client = LlmClient(llm_http, settings.llm_model, key)
        workers = build_workers(client, cube, settings, llm_client)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        runs = [asyncio.create_task(w.run()) for w in workers]
        log.info("worker polling %d task queues", len(workers))
        await stop.wait()
        log.info("shutting down: in-flight activities get %ss", settings.worker_shutdown_seconds)
        await asyncio.gather(*(w.shutdown() for w in workers))
        await asyncio.gather(*runs, return_exceptions=True)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    asyncio.run(run(get_settings()))


if __name__ == "__main__":
    main()
