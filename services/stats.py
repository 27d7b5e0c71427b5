"""The seed's get_summary(): per-operation latency percentiles over a sliding window, counters,
process CPU and memory. Served by GET /v1/stats."""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from collections.abc import Callable

import psutil
from pydantic import BaseModel

WINDOW_SECONDS = 300.0
MAX_SAMPLES = 10_000


class OperationStats(BaseModel):
    count: int
    errors: int
    avg_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


class ProcessStats(BaseModel):
    cpu_percent: float
    rss_mb: float


class StatsSummary(BaseModel):
    window_seconds: float
    operations: dict[str, OperationStats]
    counters: dict[str, int]
    process: ProcessStats
    task_queue_backlog: dict[str, int] = {}


class StatsCollector:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._samples: dict[str, deque[tuple[float, float, bool]]] = {}
        self.counters: Counter[str] = Counter()
        self._process = psutil.Process()
        self._process.cpu_percent()  # the first reading only starts the measurement

    def record(self, operation: str, milliseconds: float, ok: bool = True) -> None:
        samples = self._samples.setdefault(operation, deque(maxlen=MAX_SAMPLES))
        samples.append((self._clock(), milliseconds, ok))

    def count(self, name: str, by: int = 1) -> None:
        self.counters[name] += by

    def summary(self) -> StatsSummary:
        horizon = self._clock() - WINDOW_SECONDS
        operations = {}
        for name, samples in self._samples.items():
            recent = [(ms, ok) for at, ms, ok in samples if at >= horizon]
            if recent:
                operations[name] = _describe(recent)
        memory = self._process.memory_info().rss / 2**20
        return StatsSummary(
            window_seconds=WINDOW_SECONDS,
            operations=operations,
            counters=dict(self.counters),
            process=ProcessStats(cpu_percent=self._process.cpu_percent(), rss_mb=round(memory, 1)),
        )


def _describe(recent: list[tuple[float, bool]]) -> OperationStats:
    latencies = sorted(ms for ms, _ in recent)
    return OperationStats(
        count=len(latencies),
        errors=sum(1 for _, ok in recent if not ok),
        avg_ms=round(sum(latencies) / len(latencies), 2),
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        p99_ms=percentile(latencies, 99),
    )


def percentile(ordered: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return round(ordered[min(rank, len(ordered)) - 1], 2)
