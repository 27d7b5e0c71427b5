"""Shared benchmark helpers: latency summaries, a fixed-concurrency load loop, an HTTP client.

The load client is aiohttp: on these 2-core machines httpx's client spent more CPU per request
than the API serving it, so it measured itself.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp

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
