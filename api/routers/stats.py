"""GET /v1/stats (the seed's get_summary) and GET /metrics (Prometheus)."""

from __future__ import annotations

import asyncio
import os

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from temporalio.api.enums.v1 import DescribeTaskQueueMode, TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client
from temporalio.service import RPCError

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


@router.get("/v1/stats", response_model=StatsSummary)
async def stats(collector: StatsDep, client: TemporalDep, settings: SettingsDep) -> StatsSummary:
    """Per-route avg, p50, p95, p99 over a sliding window; counters; CPU, memory; backlogs."""
    summary = collector.summary()
    backlogs = await asyncio.gather(
        *(_backlog(client, settings.temporal_namespace, q, kind) for q, kind in QUEUES.items())
    )
    summary.task_queue_backlog = {
        queue: n for queue, n in zip(QUEUES, backlogs, strict=True) if n is not None
    }
    return summary


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
async def metrics() -> Response:
    return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)


def _registry() -> CollectorRegistry:
    """Every API process's metrics when `quarry up` runs several (each writes its own files
    under PROMETHEUS_MULTIPROC_DIR); this process's alone otherwise."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry
