"""Per-tenant request limits shared by every API process: one token bucket per tenant in Redis.

The bucket is read, refilled and spent by one Lua script, so concurrent requests on several API
processes never spend the same token twice, and the script reads Redis's clock, so API hosts
whose clocks disagree still share one refill rate. When Redis does not answer, requests go
through (fail open): a log line once per outage and `quarry_rate_limit_unenforced_total` say
that limits are not being enforced. Refusing every request because the limiter's store is down
would turn a cache outage into a full one.
"""

from __future__ import annotations

import logging

import redis.asyncio as redis
from redis.exceptions import RedisError

from services.cache import KEY_PREFIX, RedisGuard
from services.metrics import RATE_LIMIT_UNENFORCED

log = logging.getLogger("quarry.rate_limit")

# KEYS[1] the bucket; ARGV rate per second, burst. Returns the seconds to wait, as a string
# (Lua numbers come back from Redis truncated to integers).
_TAKE_TOKEN = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return tostring(wait)
"""


def bucket_key(tenant: str, kind: str = "rate") -> str:
    return f"{KEY_PREFIX}:{kind}:{tenant}"


class FailOpen:
    """What every limit does while Redis does not answer: let the request through, say so once
    per outage in the log, and count it (`quarry_rate_limit_unenforced_total`)."""

    def __init__(self, guard: RedisGuard) -> None:
        self.guard = guard
        self._unenforced = False

    def let_through(self) -> None:
        if not self._unenforced:
            log.warning("Redis unreachable: rate limits are not enforced until it answers")
            self._unenforced = True
        RATE_LIMIT_UNENFORCED.inc()

    def failed(self, exc: Exception) -> None:
        self.guard.failed(exc)
        self.let_through()

    def answered(self) -> None:
        self.guard.succeeded()
        if self._unenforced:
            log.warning("Redis answers again: rate limits are enforced")
            self._unenforced = False


class RateLimiter:
    """`retry_after(name)`: 0 when the request may go now, else the seconds until it may.

    `kind` names the family of buckets: a tenant's requests ("rate") or a client address's
    requests without a valid key ("anon")."""

    def __init__(
        self,
        client: redis.Redis | None,
        guard: RedisGuard,
        per_second: float,
        burst: int,
        kind: str = "rate",
    ) -> None:
        self._rate = per_second
        self._burst = burst
        self._kind = kind
        self._script = client.register_script(_TAKE_TOKEN) if client is not None else None
        self._open = FailOpen(guard)

    async def retry_after(self, name: str) -> float:
        if self._script is None or not self._open.guard.usable:
            self._open.let_through()
            return 0.0
        try:
            wait = await self._script(
                keys=[bucket_key(name, self._kind)], args=[self._rate, self._burst]
            )
        except (RedisError, OSError) as exc:
            self._open.failed(exc)
            return 0.0
        self._open.answered()
        return float(wait)
