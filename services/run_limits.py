"""Limits by cost, per tenant, shared by every API process: new runs per second and open runs.

What costs is a run, not a request: a cached answer, or a question that joins a run already
running, starts nothing and is not counted. A tenant's open runs are a Redis sorted set of
workflow ids scored by when each was admitted; one Lua script checks both limits and admits
atomically, so two API processes never admit past a limit together.

A slot is released when the API sees its run end (the asker's wait, a status read, an event
stream's end). Slots the API never sees end (its process died, the asker left, the run ended
while nobody looked) are bounded twice: every entry expires after the longest a run may live
(`ttl`), and when a tenant is at its limit the API reconciles the set with Temporal (which of
its runs still run, one visibility call at most every `RECONCILE_SECONDS` per tenant across all
processes) before it refuses.

Redis down: requests go through (services/rate_limit.FailOpen).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

import redis.asyncio as redis
from redis.exceptions import RedisError

from services.cache import KEY_PREFIX, RedisGuard
from services.rate_limit import FailOpen, bucket_key

RECONCILE_SECONDS = 5.0
# A run admitted this recently may not be in Temporal's visibility yet: never released by
# a reconciliation.
RECONCILE_GRACE_SECONDS = 10.0
OPEN_RETRY_SECONDS = 2.0  # nobody knows when a run ends: ask again soon

# KEYS[1] open runs (zset), KEYS[2] new-run bucket (hash). ARGV run id, rate per second, burst,
# most open runs, ttl seconds, retry seconds when at the open-run limit. Returns {verdict, wait}.
_ADMIT = """
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local most_open = tonumber(ARGV[4])
local ttl = tonumber(ARGV[5])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return {'joined', '0'}
end
if most_open > 0 and redis.call('ZCARD', KEYS[1]) >= most_open then
  return {'open', ARGV[6]}
end
if rate > 0 then
  local state = redis.call('HMGET', KEYS[2], 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
  if tokens < 1 then
    return {'rate', tostring((1 - tokens) / rate)}
  end
  redis.call('HSET', KEYS[2], 'tokens', tostring(tokens - 1), 'at', tostring(now))
  redis.call('EXPIRE', KEYS[2], math.ceil(burst / rate) + 1)
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('EXPIRE', KEYS[1], math.ceil(ttl))
return {'admitted', '0'}
"""

# A token back (a start that turned out to join or reuse a run). KEYS[1] bucket; ARGV burst.
_REFUND = """
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
if tokens then
  redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(tonumber(ARGV[1]), tokens + 1)))
end
return 0
"""

# Drops the given ids admitted before ARGV[1] (Redis seconds ago). KEYS[1] open runs.
_FORGET_OLD = """
local clock = redis.call('TIME')
local cutoff = tonumber(clock[1]) + tonumber(clock[2]) / 1000000 - tonumber(ARGV[1])
local dropped = 0
for i = 2, #ARGV do
  local at = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[i]))
  if at and at < cutoff then
    dropped = dropped + redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return dropped
"""

Verdict = Literal["admitted", "joined", "rate", "open", "unenforced"]
RunningIds = Callable[[str], Awaitable[set[str]]]


@dataclass(frozen=True)
class Admission:
    verdict: Verdict
    retry_after: float = 0.0

    @property
    def refused(self) -> bool:
        return self.verdict in ("rate", "open")


@dataclass(frozen=True)
class RunLimits:
    per_second: float  # new runs; 0: no limit
    burst: int
    most_open: int  # 0: no limit
    ttl_seconds: float  # the longest a run may live


def open_key(tenant: str) -> str:
    return f"{KEY_PREFIX}:open:{tenant}"


class RunLimiter:
    def __init__(
        self,
        client: redis.Redis | None,
        guard: RedisGuard,
        limits: RunLimits,
        running: RunningIds | None = None,
        grace_seconds: float = RECONCILE_GRACE_SECONDS,
    ) -> None:
        self._redis = client
        self._grace = grace_seconds
        self._limits = limits
        self._running = running
        self._open = FailOpen(guard)
        self._admit = client.register_script(_ADMIT) if client is not None else None
        self._refund = client.register_script(_REFUND) if client is not None else None
        self._forget = client.register_script(_FORGET_OLD) if client is not None else None

    async def admit(self, tenant: str, run_id: str) -> Admission:
        """Counts `run_id` as a new open run of `tenant`, or says why it may not start now."""
        admission = await self._try_admit(tenant, run_id)
        if admission.verdict == "open" and await self.reconcile(tenant):
            admission = await self._try_admit(tenant, run_id)
        return admission

    async def _try_admit(self, tenant: str, run_id: str) -> Admission:
        if self._admit is None or not self._open.guard.usable:
            self._open.let_through()
            return Admission("unenforced")
        limits = self._limits
        args: list[str | float] = [run_id, limits.per_second, limits.burst, limits.most_open]
        args += [limits.ttl_seconds, OPEN_RETRY_SECONDS]
        try:
            verdict, wait = await self._admit(
                keys=[open_key(tenant), bucket_key(tenant, "runs")], args=args
            )
        except (RedisError, OSError) as exc:
            self._open.failed(exc)
            return Admission("unenforced")
        self._open.answered()
        return Admission(_text(verdict), float(wait))  # type: ignore[arg-type]

    async def refund(self, tenant: str) -> None:
        """The start admitted as new joined a run, or reused a finished one: no run was spent."""
        if self._refund is not None:
            keys, args = [bucket_key(tenant, "runs")], [self._limits.burst]
            await self._quietly(self._refund, keys, args)

    async def track(self, tenant: str, run_id: str) -> None:
        """Counts a run started under another id than the one admitted."""
        if self._redis is not None:
            # Scored by this host's clock: only its age against the ttl and the grace matters.
            await self._quietly(self._redis.zadd, open_key(tenant), {run_id: time.time()})

    async def release(self, tenant: str, run_id: str) -> None:
        """The run ended: its slot is free."""
        if self._redis is not None:
            await self._quietly(self._redis.zrem, open_key(tenant), run_id)

    async def reconcile(self, tenant: str) -> bool:
        """Forgets runs that Temporal says no longer run; at most once per RECONCILE_SECONDS per
        tenant across every process. True when a slot came free."""
        if self._redis is None or self._running is None or self._forget is None:
            return False
        try:
            key = f"{KEY_PREFIX}:reconciled:{tenant}"
            if not await self._redis.set(key, 1, nx=True, ex=int(RECONCILE_SECONDS)):
                return False
            members = await self._redis.zrange(open_key(tenant), 0, -1)
            counted = {_text(m) for m in members if isinstance(m, bytes | str)}
            ended = counted - await self._running(tenant)
            if not ended:
                return False
            dropped = await self._forget(
                keys=[open_key(tenant)], args=[self._grace, *sorted(ended)]
            )
        except (RedisError, OSError) as exc:
            self._open.guard.failed(exc)
            return False
        return int(dropped) > 0

    async def _quietly(self, call: Callable[..., Awaitable[object]], *args: object) -> None:
        if not self._open.guard.usable:
            return
        try:
            await call(*args)
        except (RedisError, OSError) as exc:
            self._open.guard.failed(exc)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
