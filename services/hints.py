"""A hint, in Redis, that a run's query agent has asked the user something.

A client waiting on a question wants to know at once when the run needs a clarification. Asking
Temporal (a describe) every few seconds for every waiting client was a fifth of the server's work
per question under load; the query agent marks the run here instead, and the API describes a run
only when it is marked. The hint is only ever an early wake-up: the run's QuarryState search
attribute stays the truth. When Redis does not answer, `asking` says "unknown" and callers
describe as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import redis.asyncio as redis
from redis.exceptions import RedisError

from services.cache import RedisGuard

KEEP_SECONDS = 24 * 3600


def asking_key(workflow_id: str) -> str:
    return f"quarry:asking:{workflow_id}"


class RunHints:
    def __init__(self, client: redis.Redis | None, guard: RedisGuard) -> None:
        self._redis = client
        self._guard = guard

    async def mark_asking(self, workflow_id: str) -> None:
        """Idempotent (a plain SET): a retried activity marks the same run again."""
        await self._call(self._set, workflow_id)

    async def clear(self, workflow_id: str) -> None:
        await self._call(self._delete, workflow_id)

    async def asking(self, workflow_id: str) -> bool | None:
        """True or False, or None when Redis cannot say."""
        return await self._call(self._exists, workflow_id)

    async def _set(self, client: redis.Redis, workflow_id: str) -> bool:
        await client.set(asking_key(workflow_id), b"1", ex=KEEP_SECONDS)
        return True

    async def _delete(self, client: redis.Redis, workflow_id: str) -> bool:
        await client.delete(asking_key(workflow_id))
        return True

    async def _exists(self, client: redis.Redis, workflow_id: str) -> bool:
        return bool(await client.exists(asking_key(workflow_id)))

    async def _call(
        self, op: Callable[[redis.Redis, str], Awaitable[bool]], workflow_id: str
    ) -> bool | None:
        if self._redis is None or not self._guard.usable:
            return None
        try:
            result = await op(self._redis, workflow_id)
        except (RedisError, OSError) as exc:
            self._guard.failed(exc)
            return None
        self._guard.succeeded()
        return result
