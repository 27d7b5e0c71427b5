"""Event streams open at once, per run and per tenant, shared by every API process.

Each open stream is a member of two Redis sorted sets (the run's and the tenant's), scored by
when it opened; one Lua script checks both caps and adds it atomically, and the stream removes
itself when it ends. A stream lives at most STREAM_MAX_SECONDS (then the client reconnects), so
an entry older than that plus a margin is a stream whose process died: the script drops it.
That bounds a leaked slot to `ttl` seconds.

Redis down: streams open (services/rate_limit.FailOpen).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

import redis.asyncio as redis
from redis.exceptions import RedisError

from services.cache import KEY_PREFIX, RedisGuard
from services.rate_limit import FailOpen

RETRY_SECONDS = 5.0

# KEYS[1] the tenant's streams, KEYS[2] the run's. ARGV stream id, most per tenant, most per run,
# ttl seconds. Returns 'tenant', 'run' (the cap reached) or 'ok'.
_OPEN = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local ttl = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
local per_tenant = tonumber(ARGV[2])
local per_run = tonumber(ARGV[3])
if per_run > 0 and redis.call('ZCARD', KEYS[2]) >= per_run then return 'run' end
if per_tenant > 0 and redis.call('ZCARD', KEYS[1]) >= per_tenant then return 'tenant' end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  redis.call('EXPIRE', KEYS[i], math.ceil(ttl))
end
return 'ok'
"""

Cap = Literal["tenant", "run"]


@dataclass(frozen=True)
class StreamLimits:
    per_tenant: int  # 0: no cap
    per_run: int
    ttl_seconds: float  # the longest a stream lives, plus a margin


@dataclass(frozen=True)
class StreamSlot:
    keys: tuple[str, str]
    member: str


class StreamLimiter:
    def __init__(self, client: redis.Redis | None, guard: RedisGuard, limits: StreamLimits):
        self._redis = client
        self._limits = limits
        self._open = FailOpen(guard)
        self._script = client.register_script(_OPEN) if client is not None else None

    async def acquire(self, tenant: str, run_id: str) -> StreamSlot | Cap | None:
        """A slot, or the cap that is reached; None when not enforced (Redis down)."""
        if self._script is None or not self._open.guard.usable:
            self._open.let_through()
            return None
        keys = (f"{KEY_PREFIX}:streams:{tenant}", f"{KEY_PREFIX}:streams:run:{run_id}")
        slot = StreamSlot(keys, uuid.uuid4().hex)
        limits = self._limits
        try:
            verdict = await self._script(
                keys=list(keys),
                args=[slot.member, limits.per_tenant, limits.per_run, limits.ttl_seconds],
            )
        except (RedisError, OSError) as exc:
            self._open.failed(exc)
            return None
        self._open.answered()
        text = verdict.decode() if isinstance(verdict, bytes) else str(verdict)
        if text == "tenant":
            return "tenant"
        if text == "run":
            return "run"
        return slot

    async def release(self, slot: StreamSlot | None) -> None:
        if slot is None or self._redis is None or not self._open.guard.usable:
            return
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for key in slot.keys:
                    pipe.zrem(key, slot.member)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            self._open.guard.failed(exc)
