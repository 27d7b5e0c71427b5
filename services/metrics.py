"""Prometheus metrics of Quarry's own parts, named once (the SDK's metrics come from Temporal)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

HTTP_REQUEST_SECONDS = Histogram(
    "quarry_http_request_seconds",
    "API request latency by route and status.",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
CACHE_REQUESTS = Counter(
    "quarry_cache_requests_total",
    "Cache lookups by cache, level and result.",
    ["cache", "level", "result"],
)
# Several API processes (PROMETHEUS_MULTIPROC_DIR): Redis is down if any live process finds it so.
REDIS_UP = Gauge(
    "quarry_redis_up",
    "1 while the L2 cache (Redis) answers, 0 while it does not.",
    multiprocess_mode="livemin",
)
RATE_LIMIT_UNENFORCED = Counter(
    "quarry_rate_limit_unenforced_total",
    "Requests let through without a rate-limit check because Redis did not answer.",
)
RUNS_IN_FLIGHT = Gauge(
    "quarry_runs_in_flight",
    "Questions the API processes are waiting on.",
    multiprocess_mode="livesum",
)
COALESCED_REQUESTS = Counter(
    "quarry_coalesced_requests_total", "Requests that joined a run already in flight."
)
AGENT_SECONDS = Histogram(
    "quarry_agent_seconds",
    "Agent activity latency by agent and outcome.",
    ["agent", "outcome"],
    buckets=LATENCY_BUCKETS,
)
BREAKER_STATE = Gauge(
    "quarry_breaker_state",
    "Circuit breaker state: 0 closed, 1 half-open, 2 open.",
    ["upstream"],
    multiprocess_mode="livemax",
)
BREAKER_TRANSITIONS = Counter(
    "quarry_breaker_transitions_total", "Circuit breaker transitions.", ["upstream", "to"]
)
CUBE_BATCH_SIZE = Histogram(
    "quarry_cube_batch_size",
    "Queries per request sent to Cube.",
    buckets=(1, 2, 3, 5, 8, 13, 20, 50),
)


@contextmanager
def timed(agent: str) -> Iterator[None]:
    """Observes an agent call's latency, labelled with its outcome (ok or the error's type)."""
    started = time.perf_counter()
    outcome = "ok"
    try:
        yield
    except BaseException as exc:
        outcome = getattr(exc, "type", None) or type(exc).__name__
        raise
    finally:
        AGENT_SECONDS.labels(agent, outcome).observe(time.perf_counter() - started)
