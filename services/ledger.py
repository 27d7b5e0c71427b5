"""Side effects outside Temporal happen once per (workflow id, activity id), however often
Temporal retries the activity: a retry after a crash finds the effect already made."""

from __future__ import annotations

import logging

import redis.asyncio as redis
from redis.exceptions import RedisError

log = logging.getLogger("quarry.ledger")
KEEP_SECONDS = 7 * 24 * 3600
DUPLICATES = "quarry:delivered:duplicates"


def delivery_key(workflow_id: str, activity_id: str) -> str:
    return f"quarry:delivered:{workflow_id}:{activity_id}"


class DeliveryLedger:
    """Records each delivered answer once (SET NX); a repeat only counts as a duplicate."""

    def __init__(self, client: redis.Redis | None) -> None:
        self._redis = client

    async def once(self, workflow_id: str, activity_id: str, record: str) -> bool:
        """True when this call made the effect; False when it had been made already (or Redis
        is unreachable: the record is then lost, never doubled)."""
        if self._redis is None:
            return False
        try:
            made = await self._redis.set(
                delivery_key(workflow_id, activity_id), record, nx=True, ex=KEEP_SECONDS
            )
            if not made:
                await self._redis.incr(DUPLICATES)
        except (RedisError, OSError) as exc:
            log.warning("delivery record skipped: Redis unreachable (%s)", type(exc).__name__)
            return False
        return bool(made)
