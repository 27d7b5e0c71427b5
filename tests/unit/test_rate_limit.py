"""Rate limits in Redis: one bucket per tenant shared by every API process, spent atomically,
and requests let through (and counted) while Redis does not answer."""

from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as redis
from prometheus_client import REGISTRY

from services.cache import RedisGuard
from services.rate_limit import RateLimiter, bucket_key
from tests.fakes import Clock
from tests.unit.conftest import RedisServer

NO_REFILL = 0.001  # tokens per second: none come back while a test runs


async def test_two_api_processes_share_one_tenant_limit(redis_server: RedisServer) -> None:
    first, second = (redis.Redis.from_url(redis_server.url) for _ in range(2))
    try:
        await first.delete(bucket_key("acme"), bucket_key("globex"))
        a = RateLimiter(first, RedisGuard(5), NO_REFILL, burst=3)
        b = RateLimiter(second, RedisGuard(5), NO_REFILL, burst=3)
        waits = [await a.retry_after("acme"), await b.retry_after("acme")]
        waits += [await a.retry_after("acme"), await b.retry_after("acme")]
        assert waits[:3] == [0.0, 0.0, 0.0]
        assert waits[3] > 0
        assert await a.retry_after("globex") == 0.0  # another tenant's bucket
    finally:
        await first.aclose()
        await second.aclose()


async def test_concurrent_requests_never_spend_a_token_twice(redis_server: RedisServer) -> None:
    clients = [redis.Redis.from_url(redis_server.url) for _ in range(4)]
    try:
        await clients[0].delete(bucket_key("acme"))
        limiters = [RateLimiter(c, RedisGuard(5), NO_REFILL, burst=10) for c in clients]
        waits = await asyncio.gather(*(limiters[i % 4].retry_after("acme") for i in range(40)))
        assert sum(1 for w in waits if w == 0.0) == 10
    finally:
        for c in clients:
            await c.aclose()


async def test_the_wait_is_the_time_until_the_next_token(redis_server: RedisServer) -> None:
    client = redis.Redis.from_url(redis_server.url)
    try:
        await client.delete(bucket_key("acme"))
        limiter = RateLimiter(client, RedisGuard(5), per_second=0.5, burst=1)
        assert await limiter.retry_after("acme") == 0.0
        assert await limiter.retry_after("acme") == pytest.approx(2.0, abs=0.2)
        assert 0 < await client.ttl(bucket_key("acme")) <= 3  # an idle bucket goes away
    finally:
        await client.aclose()


async def test_while_redis_is_down_requests_go_through_and_are_counted(
    redis_server: RedisServer,
) -> None:
    clock = Clock()
    client = redis.Redis.from_url(redis_server.url, socket_timeout=0.5)
    try:
        await client.delete(bucket_key("acme"))
        limiter = RateLimiter(client, RedisGuard(5, clock=clock), NO_REFILL, burst=1)
        assert await limiter.retry_after("acme") == 0.0
        assert await limiter.retry_after("acme") > 0
        before = unenforced()
        with redis_server.frozen():
            assert [await limiter.retry_after("acme") for _ in range(3)] == [0.0, 0.0, 0.0]
            assert unenforced() == before + 3
        clock.now += 6
        assert await limiter.retry_after("acme") > 0  # enforced again, same bucket
    finally:
        await client.aclose()


def unenforced() -> float:
    return REGISTRY.get_sample_value("quarry_rate_limit_unenforced_total") or 0.0
