"""Event streams open at once, capped per run and per tenant across API processes; a stream's
slot comes back when it ends, or after its longest life when its process died; Redis down
lets streams open (and counts them)."""

from __future__ import annotations

import asyncio

import redis.asyncio as redis

from services.cache import RedisGuard
from services.stream_limits import StreamLimiter, StreamLimits, StreamSlot
from tests.unit.conftest import RedisServer
from tests.unit.test_rate_limit import unenforced


async def _fresh(client: redis.Redis) -> None:
    keys = [k async for k in client.scan_iter("quarry:streams:*")]
    if keys:
        await client.delete(*keys)


async def test_streams_are_capped_per_run_then_per_tenant(redis_server: RedisServer) -> None:
    first, second = (redis.Redis.from_url(redis_server.url) for _ in range(2))
    try:
        await _fresh(first)
        limits = StreamLimits(per_tenant=3, per_run=2, ttl_seconds=60)
        a, b = (
            StreamLimiter(first, RedisGuard(5), limits),
            StreamLimiter(second, RedisGuard(5), limits),
        )
        on_one = [await a.acquire("acme", "run-1"), await b.acquire("acme", "run-1")]
        assert all(isinstance(s, StreamSlot) for s in on_one)
        assert await a.acquire("acme", "run-1") == "run"
        assert isinstance(await b.acquire("acme", "run-2"), StreamSlot)
        assert await a.acquire("acme", "run-3") == "tenant"
        assert isinstance(await a.acquire("globex", "run-9"), StreamSlot)  # another tenant
        slot = on_one[0]
        assert isinstance(slot, StreamSlot)
        await b.release(slot)
        assert isinstance(await a.acquire("acme", "run-1"), StreamSlot)
    finally:
        await first.aclose()
        await second.aclose()


async def test_a_dead_process_stream_frees_its_slot_after_its_longest_life(
    redis_server: RedisServer,
) -> None:
    client = redis.Redis.from_url(redis_server.url)
    try:
        await _fresh(client)
        limiter = StreamLimiter(client, RedisGuard(5), StreamLimits(1, 1, ttl_seconds=1))
        assert isinstance(await limiter.acquire("acme", "run-1"), StreamSlot)  # never released
        assert await limiter.acquire("acme", "run-1") == "run"
        await asyncio.sleep(1.2)
        assert isinstance(await limiter.acquire("acme", "run-1"), StreamSlot)
    finally:
        await client.aclose()


async def test_while_redis_is_down_streams_open_and_are_counted(
    redis_server: RedisServer,
) -> None:
    client = redis.Redis.from_url(redis_server.url, socket_timeout=0.5)
    try:
        limiter = StreamLimiter(client, RedisGuard(5), StreamLimits(1, 1, 60))
        before = unenforced()
        redis_server.stop()
        assert await limiter.acquire("acme", "run-1") is None
        assert await limiter.acquire("acme", "run-1") is None
        assert unenforced() == before + 2
        await limiter.release(None)
    finally:
        await client.aclose()
