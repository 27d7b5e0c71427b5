"""Shared benchmark helpers: latency summaries, a fixed-concurrency load loop, an HTTP client.

The load client is aiohttp: on these 2-core machines httpx's client spent more CPU per request
than the API serving it, so it measured itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import psutil

from services.stats import percentile

HEADER = (
    "| scenario | requests | per second | p50 ms | p95 ms | p99 ms | errors |\n"
    "|---|---|---|---|---|---|---|"
)


@dataclass
class Run:
    """Latencies (ms) and errors of one scenario."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies) + self.errors

    def pct(self, p: float) -> float:
        return percentile(sorted(self.latencies), p)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def error_rate(self) -> float:
        return self.errors / max(self.count, 1)

    def row(self, name: str) -> str:
        return (
            f"| {name} | {self.count} | {self.throughput:,.1f} | {self.pct(50):,.1f} | "
            f"{self.pct(95):,.1f} | {self.pct(99):,.1f} | {100 * self.error_rate:.2f}% |"
        )


async def drive(call: Callable[[int], Awaitable[bool]], concurrency: int, total: int) -> Run:
    """Runs `call(i)` for i in range(total), `concurrency` at a time; call returns success."""
    run = Run()
    counter = iter(range(total))

    async def client() -> None:
        for i in counter:
            started = time.perf_counter()
            try:
                ok = await call(i)
            except (TimeoutError, aiohttp.ClientError, OSError):
                ok = False
            if ok:
                run.latencies.append((time.perf_counter() - started) * 1000)
            else:
                run.errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    run.seconds = time.perf_counter() - began
    return run


class Api:
    """A thin JSON client for Quarry's API (or anything shaped like it)."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        data = json.dumps(body)
        headers = {"content-type": "application/json"}
        async with self._session.post(path, data=data, headers=headers) as reply:
            return reply.status, await reply.json(content_type=None)

    async def ask(self, question: str, wait_seconds: float = 30) -> tuple[int, dict[str, Any]]:
        return await self.post(
            "/v1/questions", {"question": question, "wait_seconds": wait_seconds}
        )


@asynccontextmanager
async def api_client(base_url: str, connections: int = 500) -> AsyncIterator[Api]:
    connector = aiohttp.TCPConnector(limit=connections)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(base_url, connector=connector, timeout=timeout) as session:
        yield Api(session)


@dataclass
class Usage:
    """CPU (percent of one core, averaged over the scenario) and peak RSS of named processes."""

    cpu: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)

    def cell(self, role: str) -> str:
        if role not in self.cpu:
            return "-"
        return f"{self.cpu[role]:.0f}% / {self.peak_mb[role]:.0f}"


@asynccontextmanager
async def measured(
    pids: dict[str, list[int]], solo: frozenset[str] = frozenset(), every_seconds: float = 0.25
) -> AsyncIterator[Usage]:
    """Samples each role's processes (with their children, but for the `solo` roles) while the
    block runs; a role may be several processes (the API processes of `quarry up`)."""
    usage = Usage()
    procs = {role: [psutil.Process(pid) for pid in ids] for role, ids in pids.items()}
    alone = {role for role in procs if role in solo}

    def cpu(role: str) -> float:
        return sum(_cpu_seconds(p, children=role not in alone) for p in procs[role])

    def rss(role: str) -> float:
        return sum(_rss_mb(p, children=role not in alone) for p in procs[role])

    before = {role: cpu(role) for role in procs}
    peak = dict.fromkeys(procs, 0.0)
    began = time.perf_counter()

    async def sample() -> None:
        while True:
            for role in procs:
                peak[role] = max(peak[role], rss(role))
            await asyncio.sleep(every_seconds)

    sampler = asyncio.create_task(sample())
    try:
        yield usage
    finally:
        sampler.cancel()
        wall = time.perf_counter() - began
        for role in procs:
            usage.cpu[role] = 100 * (cpu(role) - before[role]) / wall
            usage.peak_mb[role] = peak[role]


def _family(proc: psutil.Process, children: bool) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)] if children else [proc]
    except psutil.NoSuchProcess:
        return []


def _cpu_seconds(proc: psutil.Process, children: bool = True) -> float:
    total = 0.0
    for member in _family(proc, children):
        with contextlib.suppress(psutil.NoSuchProcess):
            times = member.cpu_times()
            total += times.user + times.system
    return total


def _rss_mb(proc: psutil.Process, children: bool = True) -> float:
    total = 0
    for member in _family(proc, children):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += member.memory_info().rss
    return total / 2**20
