"""The API's side of the limits by cost: built once in the lifespan, refusals as 429s."""

from __future__ import annotations

import math
from typing import Any

from fastapi import HTTPException
from temporalio.client import Client

from api.gate import trusted_networks
from services.rate_limit import RateLimiter
from services.run_limits import Admission, RunLimiter, RunLimits
from services.settings import Settings
from services.stream_limits import StreamLimiter, StreamLimits
from services.tenants import TENANT_PATTERN
from workflows import policies

# A stream's entry outlives its longest life by this much before it counts as leaked.
STREAM_MARGIN_SECONDS = 30.0


def build_limiters(state: Any, settings: Settings) -> None:
    """Every limiter on `state` (app.state), sharing the cache's Redis and its guard."""
    client, guard = state.redis, state.cache.guard
    state.rate_limiter = RateLimiter(
        client, guard, settings.rate_limit_per_second, settings.rate_limit_burst
    )
    state.anonymous_limiter = (
        RateLimiter(
            client,
            guard,
            settings.unauthenticated_per_second,
            settings.unauthenticated_burst,
            kind="anon",
        )
        if settings.unauthenticated_per_second > 0
        else None
    )
    state.trusted_proxies = trusted_networks(settings.trusted_proxies)
    temporal: Client = state.temporal

    async def running(tenant: str) -> set[str]:
        return await running_ids(temporal, tenant)

    ttl = policies.ASK_EXECUTION_TIMEOUT.total_seconds()
    limits = RunLimits(
        settings.new_runs_per_second, settings.new_runs_burst, settings.open_runs_max, ttl
    )
    state.run_limiter = RunLimiter(client, guard, limits, running)
    streams = StreamLimits(
        settings.streams_per_tenant_max,
        settings.streams_per_run_max,
        settings.stream_max_seconds + STREAM_MARGIN_SECONDS,
    )
    state.stream_limiter = StreamLimiter(client, guard, streams)


async def running_ids(client: Client, tenant: str) -> set[str]:
    """Ids of the tenant's runs that Temporal's visibility says still run."""
    if not TENANT_PATTERN.fullmatch(tenant):
        return set()
    query = f"QuarryTenant = '{tenant}' AND ExecutionStatus = 'Running'"
    return {run.id async for run in client.list_workflows(query, page_size=1000)}


def refuse_run(admission: Admission, tenant: str) -> None:
    """A 429 saying which limit, when the admission was refused."""
    if not admission.refused:
        return
    if admission.verdict == "open":
        reason = f"tenant {tenant!r} has too many runs not yet finished (OPEN_RUNS_MAX)"
    else:
        reason = f"tenant {tenant!r} is starting new runs too fast (NEW_RUNS_PER_SECOND)"
    wait = max(1, math.ceil(admission.retry_after))
    raise HTTPException(429, reason, {"Retry-After": str(wait)})
