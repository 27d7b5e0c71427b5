"""Two-level cache: L1 in this process (bounded, TTL), L2 in Redis (TTL, compressed when large).

An L2 hit fills L1. When Redis fails, the cache carries on with L1 alone, says so once (a log line
and the `quarry_redis_up` metric), skips Redis for a short while and then tries it again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import uuid
import zlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TypeVar

import redis.asyncio as redis
from redis.exceptions import RedisError

from models.ask import CubeQuery
from services.metrics import CACHE_REQUESTS, REDIS_UP
from services.settings import Settings

log = logging.getLogger("quarry.cache")

COMPRESS_ABOVE_BYTES = 1024
KEY_PREFIX = "quarry"
ALL_TENANTS = "*"
EPOCH_REFRESH_SECONDS = 1.0
T = TypeVar("T")


class MemoryCache:
    """LRU bounded by entry count and total bytes; entries expire after `ttl_seconds`."""

    def __init__(
        self,
        max_entries: int,
        max_bytes: int,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._ttl = ttl_seconds
        self._clock = clock
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if self._clock() >= expires:
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return value

    def set(self, key: str, value: bytes, ttl_seconds: float | None = None) -> None:
        if len(value) > self._max_bytes:
            return  # larger than the whole cache: not worth evicting everything for
        self._drop(key)
        ttl = self._ttl if ttl_seconds is None else ttl_seconds
        self._entries[key] = (self._clock() + ttl, value)
        self.bytes += len(value)
        while len(self._entries) > self._max_entries or self.bytes > self._max_bytes:
            self._drop(next(iter(self._entries)))

    def delete_where(self, doomed_if: Callable[[str], bool]) -> int:
        doomed = [k for k in self._entries if doomed_if(k)]
        for key in doomed:
            self._drop(key)
        return len(doomed)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.bytes -= len(entry[1])


class RedisGuard:
    """Tracks whether Redis answers; while it does not, callers skip it for `retry_seconds`."""

    def __init__(self, retry_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._down_until: float | None = None
        REDIS_UP.set(1)

    @property
    def usable(self) -> bool:
        return self._down_until is None or self._clock() >= self._down_until

    def failed(self, exc: Exception) -> None:
        if self._down_until is None:
            log.warning(
                "Redis unreachable (%s): serving from the L1 cache alone", type(exc).__name__
            )
            REDIS_UP.set(0)
        self._down_until = self._clock() + self._retry_seconds

    def succeeded(self) -> None:
        if self._down_until is not None:
            log.warning("Redis answers again: the L2 cache is back")
            REDIS_UP.set(1)
        self._down_until = None


class TwoLevelCache:
    """Named caches ("answer", "rows") over one bounded L1 and one Redis.

    Keys carry the tenant, the data version and an epoch. Invalidation bumps the epoch in Redis,
    so every process (API and workers) stops using old entries within EPOCH_REFRESH_SECONDS,
    without a scan and without messages that a Redis outage could lose.
    """

    def __init__(
        self,
        l1: MemoryCache,
        l2: redis.Redis | None,
        guard: RedisGuard,
        data_version: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._l1 = l1
        self._l2 = l2
        self._guard = guard
        self._data_version = data_version
        self._clock = clock
        self._epochs: dict[str, tuple[str, float]] = {}
        self._offline_epoch = f"offline-{uuid.uuid4().hex[:12]}"

    @property
    def guard(self) -> RedisGuard:
        """Whether Redis answers, shared with other Redis users of this process."""
        return self._guard

    async def get(self, kind: str, tenant: str, text: str) -> bytes | None:
        key = await self._key(kind, tenant, text)
        value = self._l1.get(key)
        if value is not None:
            CACHE_REQUESTS.labels(kind, "l1", "hit").inc()
            return value
        CACHE_REQUESTS.labels(kind, "l1", "miss").inc()
        stored = await self._l2_call(lambda r: r.get(key))
        if not isinstance(stored, bytes):
            CACHE_REQUESTS.labels(kind, "l2", "miss").inc()
            return None
        CACHE_REQUESTS.labels(kind, "l2", "hit").inc()
        value = _unpack(stored)
        self._l1.set(key, value)
        return value

    async def set(self, kind: str, tenant: str, text: str, value: bytes, ttl: float) -> None:
        key = await self._key(kind, tenant, text)
        self._l1.set(key, value, ttl)
        await self._l2_call(lambda r: r.set(key, _pack(value), ex=max(1, int(ttl))))

    async def invalidate(self, tenant: str | None = None) -> None:
        """Every entry of `tenant` (or of everyone) stops being served, in every process."""
        scope = tenant or ALL_TENANTS
        self._l1.delete_where(lambda key: tenant is None or key.split(":")[2] == tenant)
        bumped = await self._l2_call(lambda r: r.incr(_epoch_key(scope)))
        local, _ = self._epochs.get(scope, (self._offline_epoch, 0.0))
        # Without Redis the bump is local: this process at least stops serving the old entries.
        self._epochs[scope] = (str(bumped) if bumped is not None else f"{local}+", self._clock())

    async def generation(self, tenant: str) -> str:
        """Changes whenever `tenant`'s entries are invalidated; callers key state on it."""
        return f"{self._data_version}.{await self._epoch(ALL_TENANTS)}.{await self._epoch(tenant)}"

    async def _key(self, kind: str, tenant: str, text: str) -> str:
        epoch = f"{await self._epoch(ALL_TENANTS)}.{await self._epoch(tenant)}"
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]
        return f"{KEY_PREFIX}:{kind}:{tenant}:{self._data_version}:{epoch}:{digest}"

    async def _epoch(self, scope: str) -> str:
        cached = self._epochs.get(scope)
        if cached and self._clock() - cached[1] < EPOCH_REFRESH_SECONDS:
            return cached[0]
        stored = await self._l2_call(lambda r: _stored_epoch(r, scope))
        # Redis down: the last epoch known, or one of this process's own, never a guessed one.
        epoch = stored or (cached[0] if cached else self._offline_epoch)
        self._epochs[scope] = (epoch, self._clock())
        return epoch

    async def _l2_call(self, call: Callable[[redis.Redis], Awaitable[T]]) -> T | None:
        if self._l2 is None or not self._guard.usable:
            return None
        try:
            result = await call(self._l2)
        except (RedisError, OSError) as exc:
            self._guard.failed(exc)
            return None
        self._guard.succeeded()
        return result


async def _stored_epoch(r: redis.Redis, scope: str) -> str:
    """The scope's epoch, seeded from the clock where Redis has none (new, or its data lost):
    run ids and cache keys are built on epochs, so a restarted Redis must not hand out one it
    handed out before an invalidation, or the answers of that time would be found again."""
    key = _epoch_key(scope)
    stored = await r.get(key)
    if stored is None:
        await r.set(key, time.time_ns(), nx=True)  # the first process to seed wins; all agree
        stored = await r.get(key)
    return stored.decode() if isinstance(stored, bytes) else str(stored)


def _epoch_key(scope: str) -> str:
    return f"{KEY_PREFIX}:epoch:{scope}"


def _pack(value: bytes) -> bytes:
    if len(value) > COMPRESS_ABOVE_BYTES:
        return b"z" + zlib.compress(value, 6)
    return b"r" + value


def _unpack(stored: bytes) -> bytes:
    return zlib.decompress(stored[1:]) if stored[:1] == b"z" else stored[1:]


def normalize_question(question: str) -> str:
    """Case, spacing and trailing punctuation do not change a question."""
    return re.sub(r"\s+", " ", question.strip().lower()).rstrip(" ?.!")


def normalize_query(query: CubeQuery) -> str:
    """Member order, filter order and value order do not change a query; its `order` does."""
    body = {
        "measures": sorted(query.measures),
        "dimensions": sorted(query.dimensions),
        "filters": sorted((f.member, f.operator, sorted(f.values)) for f in query.filters),
        "timeDimensions": sorted(
            (t.dimension, t.granularity or "", t.dateRange or []) for t in query.timeDimensions
        ),
        "order": query.order,
        "limit": query.limit,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def redis_client(settings: Settings) -> redis.Redis:
    # Short timeouts and no retries: a slow Redis must not slow answers; L1 carries on.
    return redis.Redis.from_url(
        settings.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5, retry_on_timeout=False
    )


def build_cache(settings: Settings, client: redis.Redis | None) -> TwoLevelCache:
    l1 = MemoryCache(settings.cache_l1_max_entries, settings.cache_l1_max_bytes, ttl_seconds=60)
    guard = RedisGuard(settings.redis_retry_seconds)
    return TwoLevelCache(l1, client, guard, settings.data_version)
