"""Limits by cost in Redis: new runs per second and open runs per tenant, shared by every API
process, admitted atomically; joins cost nothing; leaked slots are bounded; Redis down lets
runs through (and counts them)."""

from __future__ import annotations

import asyncio

import redis.asyncio as redis

from services.cache import RedisGuard
from services.rate_limit import bucket_key
from services.run_limits import RunLimiter, RunLimits, open_key
from tests.unit.conftest import RedisServer
from tests.unit.test_rate_limit import NO_REFILL, unenforced

DAY = 86_400.0


async def _fresh(client: redis.Redis, *tenants: str) -> None:
    for tenant in tenants:
        await client.delete(open_key(tenant), bucket_key(tenant, "runs"))
        await client.delete(f"quarry:reconciled:{tenant}")


async def test_new_runs_beyond_the_rate_are_refused_with_the_wait(
    redis_server: RedisServer,
) -> None:
    client = redis.Redis.from_url(redis_server.url)
    try:
        await _fresh(client, "acme", "globex")
        limiter = RunLimiter(client, RedisGuard(5), RunLimits(0.5, 2, 0, DAY))
        verdicts = [(await limiter.admit("acme", f"run-{i}")).verdict for i in range(3)]
        assert verdicts == ["admitted", "admitted", "rate"]
        refused = await limiter.admit("acme", "run-3")
        assert 1.0 < refused.retry_after <= 2.0  # one token at 0.5 per second
        assert (await limiter.admit("globex", "run-0")).verdict == "admitted"  # its own bucket
    finally:
        await client.aclose()


async def test_joining_a_counted_run_costs_nothing(redis_server: RedisServer) -> None:
    client = redis.Redis.from_url(redis_server.url)
    try:
        await _fresh(client, "acme")
        limiter = RunLimiter(client, RedisGuard(5), RunLimits(NO_REFILL, 1, 1, DAY))
        assert (await limiter.admit("acme", "run-a")).verdict == "admitted"
        assert [(await limiter.admit("acme", "run-a")).verdict for _ in range(5)] == ["joined"] * 5
    finally:
        await client.aclose()


async def test_open_runs_are_capped_until_one_is_released(redis_server: RedisServer) -> None:
    client = redis.Redis.from_url(redis_server.url)
    try:
        await _fresh(client, "acme")
        limiter = RunLimiter(client, RedisGuard(5), RunLimits(0, 1, 2, DAY))
        assert [(await limiter.admit("acme", f"r{i}")).verdict for i in range(2)] == [
            "admitted",
            "admitted",
        ]
        refused = await limiter.admit("acme", "r2")
        assert refused.verdict == "open" and refused.retry_after > 0
        await limiter.release("acme", "r0")
        assert (await limiter.admit("acme", "r2")).verdict == "admitted"
    finally:
        await client.aclose()


async def test_two_processes_admitting_at_once_never_pass_the_limits(
    redis_server: RedisServer,
) -> None:
    clients = [redis.Redis.from_url(redis_server.url) for _ in range(4)]
    try:
        await _fresh(clients[0], "acme")
        limiters = [RunLimiter(c, RedisGuard(5), RunLimits(NO_REFILL, 10, 6, DAY)) for c in clients]
        found = await asyncio.gather(*(limiters[i % 4].admit("acme", f"r{i}") for i in range(40)))
        assert sum(a.verdict == "admitted" for a in found) == 6  # the open-run cap, not the burst
        assert await clients[0].zcard(open_key("acme")) == 6
    finally:
        for c in clients:
            await c.aclose()


async def test_a_refund_gives_the_token_back(redis_server: RedisServer) -> None:
    client = redis.Redis.from_url(redis_server.url)
    try:
        await _fresh(client, "acme")
        limiter = RunLimiter(client, RedisGuard(5), RunLimits(NO_REFILL, 1, 0, DAY))
        assert (await limiter.admit("acme", "r0")).verdict == "admitted"
        assert (await limiter.admit("acme", "r1")).verdict == "rate"
        await limiter.refund("acme")  # r0's start joined a run that was already running
        assert (await limiter.admit("acme", "r1")).verdict == "admitted"
    finally:
        await client.aclose()


async def test_a_leaked_slot_expires_after_the_longest_run(redis_server: RedisServer) -> None:
    client = redis.Redis.from_url(redis_server.url)
    try:
        await _fresh(client, "acme")
        limiter = RunLimiter(client, RedisGuard(5), RunLimits(0, 1, 1, ttl_seconds=1))
        assert (await limiter.admit("acme", "lost")).verdict == "admitted"  # never released
        assert (await limiter.admit("acme", "next")).verdict == "open"
        await asyncio.sleep(1.2)
        assert (await limiter.admit("acme", "next")).verdict == "admitted"
    finally:
        await client.aclose()


async def test_at_the_limit_runs_that_ended_unseen_are_reconciled(
    redis_server: RedisServer,
) -> None:
    client = redis.Redis.from_url(redis_server.url)
    asked: list[str] = []

    async def running(tenant: str) -> set[str]:
        asked.append(tenant)
        return {"still-running"}

    try:
        await _fresh(client, "acme")
        limits = RunLimits(0, 1, 2, DAY)
        limiter = RunLimiter(client, RedisGuard(5), limits, running, grace_seconds=0)
        for run in ("still-running", "ended-unseen"):
            assert (await limiter.admit("acme", run)).verdict == "admitted"
        await asyncio.sleep(1.1)  # older than the grace, in Redis's whole seconds
        assert (await limiter.admit("acme", "new")).verdict == "admitted"
        assert asked == ["acme"]
        members = {m.decode() for m in await client.zrange(open_key("acme"), 0, -1)}
        assert members == {"still-running", "new"}
        # At the limit again: no second look at Temporal within RECONCILE_SECONDS.
        assert (await limiter.admit("acme", "newer")).verdict == "open"
        assert asked == ["acme"]
    finally:
        await client.aclose()


async def test_a_run_just_admitted_is_not_reconciled_away(redis_server: RedisServer) -> None:
    client = redis.Redis.from_url(redis_server.url)

    async def running(tenant: str) -> set[str]:
        return set()  # visibility has not caught up with the new run yet

    try:
        await _fresh(client, "acme")
        limiter = RunLimiter(client, RedisGuard(5), RunLimits(0, 1, 1, DAY), running)
        assert (await limiter.admit("acme", "fresh")).verdict == "admitted"
        assert (await limiter.admit("acme", "other")).verdict == "open"
    finally:
        await client.aclose()


async def test_while_redis_is_down_runs_go_through_and_are_counted(
    redis_server: RedisServer,
) -> None:
    client = redis.Redis.from_url(redis_server.url, socket_timeout=0.5)
    try:
        await _fresh(client, "acme")
        limiter = RunLimiter(client, RedisGuard(5), RunLimits(NO_REFILL, 1, 1, DAY))
        assert (await limiter.admit("acme", "r0")).verdict == "admitted"
        before = unenforced()
        redis_server.stop()
        found = [(await limiter.admit("acme", f"r{i}")).verdict for i in range(1, 4)]
        assert found == ["unenforced"] * 3
        assert unenforced() == before + 3
        await limiter.release("acme", "r0")  # no error either
    finally:
        await client.aclose()
