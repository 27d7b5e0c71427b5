"""GET /v1/stats (the seed's get_summary) and GET /metrics (Prometheus), both for the admin
token only: they show every tenant's traffic, and the stats cost Temporal calls. Scrape with
`Authorization: Bearer <ADMIN_TOKEN>` (Prometheus: `authorization: {credentials_file: ...}`)."""

from __future__ import annotations

import asyncio
import os
import time

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from temporalio.api.enums.v1 import DescribeTaskQueueMode, TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client
from temporalio.service import RPCError

from api.auth import AdminDep
from api.deps import SettingsDep, StatsDep, TemporalDep
from services.stats import StatsSummary
from workflows import policies

router = APIRouter(tags=["observability"])

QUEUES = {
    policies.WORKFLOW_TASK_QUEUE: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    policies.QUERY_AGENT_TASK_QUEUE: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    policies.CUBE_AGENT_TASK_QUEUE: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    policies.FORMAT_AGENT_TASK_QUEUE: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
}


class BacklogCache:
    """Task-queue backlogs, read from Temporal at most once per `seconds` however many callers
    ask at once (they wait on the one read in flight)."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._lock = asyncio.Lock()
        self._value: dict[str, int] = {}
        self._at: float | None = None
        self.reads = 0

    async def get(self, client: Client, namespace: str) -> dict[str, int]:
        async with self._lock:
            if self._at is None or time.monotonic() - self._at >= self._seconds:
                self._value = await _backlogs(client, namespace)
                self._at = time.monotonic()
                self.reads += 1
            return self._value


@router.get("/v1/stats", response_model=StatsSummary)
async def stats(
    request: Request,
    collector: StatsDep,
    client: TemporalDep,
    settings: SettingsDep,
    _: AdminDep,
) -> StatsSummary:
    """Per-route avg, p50, p95, p99 over a sliding window; counters; CPU, memory; backlogs."""
    summary = collector.summary()
    cache: BacklogCache = request.app.state.stats_backlogs
    summary.task_queue_backlog = await cache.get(client, settings.temporal_namespace)
    return summary


async def _backlogs(client: Client, namespace: str) -> dict[str, int]:
    found = await asyncio.gather(*(_backlog(client, namespace, q, k) for q, k in QUEUES.items()))
    return {queue: n for queue, n in zip(QUEUES, found, strict=True) if n is not None}


async def _backlog(client: Client, namespace: str, queue: str, kind: int) -> int | None:
    request = DescribeTaskQueueRequest(
        namespace=namespace,
        task_queue=TaskQueue(name=queue),
        task_queue_type=kind,  # type: ignore[arg-type]
        api_mode=DescribeTaskQueueMode.DESCRIBE_TASK_QUEUE_MODE_UNSPECIFIED,
        report_stats=True,
    )
    try:
        reply = await client.workflow_service.describe_task_queue(request, timeout=None)
    except RPCError:
        return None
    return int(reply.stats.approximate_backlog_count)


@router.get("/metrics", include_in_schema=False)
async def metrics(_: AdminDep) -> Response:
    return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)


def _registry() -> CollectorRegistry:
    """Every API process's metrics when `quarry up` runs several (each writes its own files
    under PROMETHEUS_MULTIPROC_DIR); this process's alone otherwise."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry
