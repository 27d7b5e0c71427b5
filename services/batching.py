"""Micro-batching of Cube queries: concurrent queries within a short window go out as one request.

The first query of a tenant opens a window of `window_seconds`; the window closes early at
`max_batch` queries. The batch goes to Cube as one request; each caller gets its own result or its
own error. Queries Cube answers with "Continue wait" join the next batch after a poll interval.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from models.ask import CubeQuery
from services.breaker import CircuitOpenError
from services.cube import (
    CubeClient,
    CubeError,
    CubeQueryError,
    CubeUnavailableError,
    is_continue_wait,
    server_error,
)
from services.metrics import CUBE_BATCH_SIZE

log = logging.getLogger("quarry.batching")


@dataclass
class _Pending:
    query: CubeQuery
    future: asyncio.Future[dict[str, Any]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class CubeBatcher:
    def __init__(
        self, cube: CubeClient, window_seconds: float = 0.005, max_batch: int = 20
    ) -> None:
        self._cube = cube
        self._window = window_seconds
        self._max = max_batch
        self._queues: dict[str, list[_Pending]] = {}
        self._batch_route = True  # off for a Cube without Quarry's batch route (server.js)
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._sending: set[asyncio.Task[None]] = set()

    async def load(self, query: CubeQuery, tenant: str) -> dict[str, Any]:
        pending = _Pending(query)
        self._enqueue(tenant, pending)
        return await pending.future

    def _enqueue(self, tenant: str, pending: _Pending) -> None:
        queue = self._queues.setdefault(tenant, [])
        queue.append(pending)
        if len(queue) >= self._max:
            self._flush_now(tenant)
        elif tenant not in self._timers:
            loop = asyncio.get_running_loop()
            self._timers[tenant] = loop.call_later(self._window, self._flush_now, tenant)

    def _flush_now(self, tenant: str) -> None:
        timer = self._timers.pop(tenant, None)
        if timer is not None:
            timer.cancel()
        batch = [p for p in self._queues.pop(tenant, []) if not p.future.done()]
        if batch:
            # The loop keeps only a weak reference to a task: hold it until it is done.
            task = asyncio.get_running_loop().create_task(self._send(tenant, batch))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)

    async def _send(self, tenant: str, batch: list[_Pending]) -> None:
        """Every caller of the batch is settled, whatever happens: a caller left waiting would
        hang its activity until Temporal's timeout, long after the cause is gone."""
        CUBE_BATCH_SIZE.observe(len(batch))
        try:
            items = await self._load(batch, tenant)
            waiting = [p for p, item in zip(batch, items, strict=True) if _settle(p, item)]
            if waiting:
                await asyncio.sleep(self._cube.poll_interval)
                for pending in waiting:
                    self._enqueue(tenant, pending)
        except (CubeError, CircuitOpenError) as exc:
            for pending in batch:
                _settle(pending, exc)
        except BaseException as exc:  # a bug, or the send cancelled (worker shutting down)
            failure = CubeUnavailableError(f"the Cube request failed: {type(exc).__name__} {exc}")
            for pending in batch:
                _settle(pending, failure)
            if not isinstance(exc, Exception):
                raise
            log.exception("Cube batch failed unexpectedly")

    async def _load(self, batch: list[_Pending], tenant: str) -> list[dict[str, Any] | CubeError]:
        if len(batch) > 1 and self._batch_route:
            try:
                answers = await self._cube.load_batch([p.query for p in batch], tenant)
                return [_outcome(a.status, a.body) for a in answers]
            except CubeQueryError as exc:
                if exc.status != 404:
                    raise
                log.warning("Cube has no batch route (not Quarry's server.js): batching is off")
                self._batch_route = False
        return list(await asyncio.gather(*(self._single(p.query, tenant) for p in batch)))

    async def _single(self, query: CubeQuery, tenant: str) -> dict[str, Any] | CubeError:
        # A batch of one goes to /load itself: no reason to pay for the batch route.
        try:
            return await self._cube.load(query, tenant)
        except CubeQueryError as exc:
            return exc  # this query's own fault; the others may still be answered


def _outcome(status: int, body: dict[str, Any]) -> dict[str, Any] | CubeError:
    if status >= 500:
        return server_error(status, body.get("error"))
    if status >= 400:
        return CubeQueryError(str(body.get("error") or f"HTTP {status}"))
    return body


def _settle(pending: _Pending, outcome: dict[str, Any] | Exception) -> bool:
    """Resolves the caller's future; returns True when the query must be polled again."""
    if pending.future.done():
        return False  # the caller went away (its run was cancelled)
    if isinstance(outcome, Exception):
        pending.future.set_exception(outcome)
        return False
    if is_continue_wait(outcome):
        return True
    pending.future.set_result(outcome)
    return False
