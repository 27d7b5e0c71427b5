"""Side effects outside Temporal happen once per (workflow id, run id, activity id), however
often Temporal retries the activity: a retry after a crash finds the effect already made. The
run id is part of the key because workflow ids are reused (a failed question asked again)."""

from __future__ import annotations

import logging

import redis.asyncio as redis
from redis.exceptions import RedisError

from services.cache import RedisGuard

log = logging.getLogger("quarry.ledger")
KEEP_SECONDS = 7 * 24 * 3600
DUPLICATES = "quarry:delivered:duplicates"


def delivery_key(workflow_id: str, run_id: str, activity_id: str) -> str:
    return f"quarry:delivered:{workflow_id}:{run_id}:{activity_id}"


class DeliveryLedger:
    """Records each delivered answer once (SET NX); a repeat only counts as a duplicate.
    While Redis is down (the guard shared with the caches says so) it does not try: the record
    is then lost, never doubled, and no call waits on a dead socket."""

    def __init__(self, client: redis.Redis | None, guard: RedisGuard | None = None) -> None:
        self._redis = client
        self._guard = guard or RedisGuard(retry_seconds=5.0)

    async def once(self, workflow_id: str, run_id: str, activity_id: str, record: str) -> bool:
        """True when this call made the effect; False when it had been made already, or when
        Redis cannot say."""
        if self._redis is None or not self._guard.usable:
            return False
        key = delivery_key(workflow_id, run_id, activity_id)
        try:
            made = await self._redis.set(key, record, nx=True, ex=KEEP_SECONDS)
            if not made:
                await self._redis.incr(DUPLICATES)
        except (RedisError, OSError) as exc:
            self._guard.failed(exc)
            log.warning("delivery record skipped: Redis unreachable (%s)", type(exc).__name__)
            return False
        self._guard.succeeded()
        return bool(made)
