"""Test doubles shared by the unit tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from temporalio.client import Client

from worker import AgentActivities, build_workers


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@asynccontextmanager
async def serving(client: Client, agents: AgentActivities) -> AsyncIterator[None]:
    """Quarry's workers (worker.build_workers) with these activities, running for the block."""
    async with AsyncExitStack() as running:
        for each in build_workers(client, agents):
            await running.enter_async_context(each)
        yield
