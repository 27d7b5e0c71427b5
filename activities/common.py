"""What every agent activity shares: heartbeating while it waits, failing fast on open breakers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import timedelta
from typing import TypeVar

from temporalio import activity
from temporalio.exceptions import ApplicationError

from services.breaker import CircuitOpenError

T = TypeVar("T")

# Well inside the policies' heartbeat timeouts (3 s): a dead worker is noticed within seconds.
HEARTBEAT_SECONDS = 1.0


def circuit_open(exc: CircuitOpenError) -> ApplicationError:
    """Fails fast while the breaker is open; Temporal retries once it may close."""
    return ApplicationError(
        str(exc), type="CircuitOpen", next_retry_delay=timedelta(seconds=exc.retry_after)
    )


async def heartbeating(work: Awaitable[T], every_seconds: float) -> T:
    """Awaits `work`, heartbeating meanwhile, so Temporal sees the activity alive and can deliver
    a cancellation (which then cancels `work`). A local activity has no heartbeats: its worker
    runs the workflow too, and its start-to-close timeout bounds it."""
    if activity.info().is_local:
        return await work
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=every_seconds)
            if done:
                return task.result()
            activity.heartbeat()
    finally:
        task.cancel()
