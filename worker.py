"""Quarry's worker: builds the clients once, serves the workflow and the three agent task queues.

SIGTERM or SIGINT starts a graceful shutdown: pollers stop, in-flight activities get
`WORKER_SHUTDOWN_SECONDS` to finish, then are cancelled and handed back to Temporal for a retry.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from temporalio.client import Client
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.worker import UnsandboxedWorkflowRunner, Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from activities.cube_agent import CubeAgent, QueryLoader
from activities.format_agent import CompareAgent, FormatAgent
from activities.query_agent import QueryAgent
from activities.remember import Memory
from models.ask import (
    Answer,
    FetchInput,
    FetchResult,
    PresentInput,
    UnderstandInput,
    UnderstandResult,
)
from models.pipeline import CompareInput, Comparison
from models.vocabulary import RememberInput, RememberResult
from services.batching import CubeBatcher
from services.breaker import CircuitBreaker
from services.cache import build_cache, redis_client
from services.catalogs import CatalogProvider
from services.cube import CubeClient, build_http_client
from services.hints import RunHints
from services.ledger import DeliveryLedger
from services.settings import Settings, get_settings
from services.startup import refuse_unsafe_start
from services.telemetry import serve_worker_metrics, setup_logging, setup_tracing
from services.temporal import connect
from services.visibility import register_search_attributes
from services.vocabulary import VocabularyStore
from understanding.llm import LlmClient
from understanding.llm import build_http_client as build_llm_http
from workflows import policies
from workflows.ask import AskWorkflow
from workflows.pipeline import PipelineWorkflow

log = logging.getLogger("quarry.worker")

# The agents wait on I/O (an LLM for ~1 s, Cube), and a run's workflow task stays open while its
# local activities run: as many of both as the questions a loaded worker holds (the SDK's
# default of 100 each would cap the questions in flight at 100).
LOCAL_ACTIVITY_SLOTS = 500
WORKFLOW_TASK_SLOTS = 500


@dataclass(frozen=True)
class AgentActivities:
    """What the agent task queues serve: the real agents' methods, or (in tests and benchmarks)
    fakes registered under the same activity names. Typed, so mypy checks each fake's input and
    result against the contract the workflows call."""

    understand: Callable[[UnderstandInput], Awaitable[UnderstandResult]] | None = None
    fetch: Callable[[FetchInput], Awaitable[FetchResult]] | None = None
    present: Callable[[PresentInput], Awaitable[Answer]] | None = None
    compare: Callable[[CompareInput], Awaitable[Comparison]] | None = None
    remember: Callable[[RememberInput], Awaitable[RememberResult]] | None = None


def build_workers(
    client: Client,
    agents: AgentActivities,
    shutdown: timedelta = timedelta(seconds=10),
    sandboxed: bool = False,
) -> list[Worker]:
    """One worker per task queue: the workflows (with the agents as their local activities) and
    each agent's queue that has an activity to serve (steps a run does not run locally, and
    pipelines' steps).

    Workflows run outside the SDK's sandbox unless asked: the sandbox imports the workflow
    modules afresh for every run and proxies their standard-library access, about 14 ms of CPU
    a run (bench/RESULTS.md). The replay gate (tests/unit/test_replay_gate.py) replays every
    recorded history inside the sandbox, so a call it forbids still fails a test."""
    queues: dict[str, list[Callable[..., Any] | None]] = {
        policies.QUERY_AGENT_TASK_QUEUE: [agents.understand],
        policies.CUBE_AGENT_TASK_QUEUE: [agents.fetch],
        policies.FORMAT_AGENT_TASK_QUEUE: [agents.present, agents.compare],
    }
    local = [
        fn
        for fn in (agents.understand, agents.fetch, agents.present, agents.remember)
        if fn is not None
    ]
    workers = [
        Worker(
            client,
            task_queue=policies.WORKFLOW_TASK_QUEUE,
            workflows=[AskWorkflow, PipelineWorkflow],
            activities=local,  # AskWorkflow's local activities run here
            max_concurrent_local_activities=LOCAL_ACTIVITY_SLOTS,
            max_concurrent_workflow_tasks=WORKFLOW_TASK_SLOTS,
            graceful_shutdown_timeout=shutdown,
            sticky_queue_schedule_to_start_timeout=policies.STICKY_QUEUE_TIMEOUT,
            workflow_runner=SandboxedWorkflowRunner() if sandboxed else UnsandboxedWorkflowRunner(),
        )
    ]
    for queue, maybe in queues.items():
        if served := [fn for fn in maybe if fn is not None]:
            workers.append(
                Worker(
                    client, task_queue=queue, activities=served, graceful_shutdown_timeout=shutdown
                )
            )
    return workers


async def build_agents(stack: AsyncExitStack, settings: Settings, secret: str) -> AgentActivities:
    # one breaker per data model: one tenant's failing model leaves the others' questions be
    def breaker(model: str) -> CircuitBreaker:
        return _breaker(f"cube:{model}", settings)

    http = await stack.enter_async_context(
        build_http_client(settings.cube_api_url, settings.cube_timeout_seconds)
    )
    cube = CubeClient(http, secret, breaker=breaker, model_of=settings.model_of)
    loader: QueryLoader = cube
    if settings.cube_batching:
        loader = CubeBatcher(cube, settings.cube_batch_window_ms / 1000, settings.cube_batch_max)
    cache_client = redis_client(settings)
    stack.push_async_callback(cache_client.aclose)
    cache = build_cache(settings, cache_client)
    cube_agent = CubeAgent(
        loader,
        settings.cube_row_limit,
        cache,
        cache_ttl_seconds=settings.rows_cache_ttl_seconds,
        plan_row_limit=settings.cube_plan_row_limit,
    )
    hints = RunHints(cache_client, cache.guard)
    vocabulary = VocabularyStore.configured(settings)
    query_agent = QueryAgent(CatalogProvider(cube), await _llm(stack, settings), hints, vocabulary)
    await query_agent.warm(settings.tenant)  # the default tenant's first questions need it at once
    return AgentActivities(
        understand=query_agent.understand,
        fetch=cube_agent.fetch,
        present=FormatAgent(DeliveryLedger(cache_client, cache.guard)).present,
        compare=CompareAgent().compare,
        remember=Memory(vocabulary).remember,
    )


async def _llm(stack: AsyncExitStack, settings: Settings) -> LlmClient | None:
    if settings.query_agent != "llm":
        return None
    http = await stack.enter_async_context(
        build_llm_http(settings.llm_base_url, settings.llm_timeout_seconds)
    )
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return LlmClient(http, settings.llm_model, key, breaker=_breaker("llm", settings))


def _breaker(upstream: str, settings: Settings) -> CircuitBreaker:
    return CircuitBreaker(
        upstream, settings.breaker_failure_threshold, settings.breaker_reset_seconds
    )


async def run(settings: Settings) -> None:
    refuse_unsafe_start(settings, "worker")
    if settings.cube_api_secret is None:
        raise SystemExit("CUBE_API_SECRET is not set: the worker cannot sign Cube requests.")
    setup_tracing(settings, "quarry-worker")
    sdk_port = settings.worker_metrics_port + 1
    runtime = Runtime(
        telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=f"127.0.0.1:{sdk_port}"))
    )
    metrics = serve_worker_metrics(
        settings.worker_metrics_port, f"http://127.0.0.1:{sdk_port}/metrics"
    )
    client = await connect(settings, runtime=runtime)
    await register_search_attributes(client, settings.temporal_namespace)
    async with AsyncExitStack() as stack:
        agents = await build_agents(stack, settings, settings.cube_api_secret.get_secret_value())
        shutdown = timedelta(seconds=settings.worker_shutdown_seconds)
        workers = build_workers(client, agents, shutdown, settings.workflow_sandbox)
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
    metrics.shutdown()


def main() -> None:
    # With WORKFLOW_SANDBOX on, the sandbox re-imports workflow modules for every new run:
    # without cached bytecode (PYTHONDONTWRITEBYTECODE) each run compiles them again.
    sys.dont_write_bytecode = False
    setup_logging()
    asyncio.run(run(get_settings()))


if __name__ == "__main__":
    main()
