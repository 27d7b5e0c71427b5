"""The delivery ledger: once per (workflow id, run id, activity id), and no waiting on a Redis
that is down."""

from __future__ import annotations

import time

import redis.asyncio as redis

from services.cache import RedisGuard
from services.ledger import DUPLICATES, DeliveryLedger, delivery_key
from tests.fakes import Clock
from tests.unit.conftest import RedisServer


async def test_a_reused_workflow_id_delivers_once_per_run(redis_server: RedisServer) -> None:
    client = redis.Redis.from_url(redis_server.url)
    try:
        ledger = DeliveryLedger(client)
        assert await ledger.once("ask-1", "run-a", "1", "answer")
        assert not await ledger.once("ask-1", "run-a", "1", "answer")  # a retry: no second effect
        assert await ledger.once("ask-1", "run-b", "1", "answer")  # the id asked again: a new run
        assert await client.get(DUPLICATES) == b"1"
        assert await client.exists(delivery_key("ask-1", "run-b", "1"))
    finally:
        await client.aclose()


async def test_while_redis_hangs_the_ledger_does_not_wait_on_it(
    redis_server: RedisServer,
) -> None:
    clock = Clock()
    client = redis.Redis.from_url(redis_server.url, socket_timeout=0.5)
    try:
        ledger = DeliveryLedger(client, RedisGuard(retry_seconds=5, clock=clock))
        assert await ledger.once("ask-1", "run-a", "0", "answer")
        with redis_server.frozen():
            assert not await ledger.once("ask-1", "run-a", "1", "answer")  # waits once, notices
            started = time.monotonic()
            for activity in range(2, 12):
                assert not await ledger.once("ask-1", "run-a", str(activity), "answer")
            assert time.monotonic() - started < 0.5  # ten calls, not ten socket timeouts
        clock.now += 6
        assert await ledger.once("ask-1", "run-a", "99", "answer")
    finally:
        await client.aclose()
