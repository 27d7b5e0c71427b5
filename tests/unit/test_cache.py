"""The two-level cache over a real Redis: levels, compression, invalidation, Redis outages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis

from models.ask import CubeFilter, CubeQuery
from services.cache import (
    MemoryCache,
    RedisGuard,
    TwoLevelCache,
    normalize_query,
    normalize_question,
)
from services.metrics import REDIS_UP
from tests.fakes import Clock
from tests.unit.conftest import RedisServer


def test_l1_evicts_least_recently_used_by_count_and_bytes() -> None:
    l1 = MemoryCache(max_entries=2, max_bytes=10, ttl_seconds=60)
    l1.set("a", b"1234")
    l1.set("b", b"1234")
    assert l1.get("a") == b"1234"  # a is now the most recent
    l1.set("c", b"12")
    assert l1.get("b") is None and l1.get("a") is not None
    l1.set("d", b"123456789")  # bytes bound: only d fits beside nothing else
    assert len(l1) == 1 and l1.bytes == 9


def test_l1_entries_expire() -> None:
    clock = Clock()
    l1 = MemoryCache(max_entries=10, max_bytes=100, ttl_seconds=5, clock=clock)
    l1.set("a", b"x")
    clock.now += 4.9
    assert l1.get("a") == b"x"
    clock.now += 0.2
    assert l1.get("a") is None


def test_phrasing_that_does_not_change_meaning_shares_a_key() -> None:
    assert normalize_question(" How many  flights? ") == normalize_question("how many flights")
    a = CubeQuery(
        measures=["flights.count", "flights.avg_dep_delay"],
        dimensions=["flights.origin"],
        filters=[
            CubeFilter(member="flights.dest", operator="equals", values=["LAX", "SFO"]),
            CubeFilter(member="flights.carrier", operator="equals", values=["UA"]),
        ],
    )
    b = CubeQuery(
        measures=["flights.avg_dep_delay", "flights.count"],
        dimensions=["flights.origin"],
        filters=[
            CubeFilter(member="flights.carrier", operator="equals", values=["UA"]),
            CubeFilter(member="flights.dest", operator="equals", values=["SFO", "LAX"]),
        ],
    )
    assert normalize_query(a) == normalize_query(b)
    assert normalize_query(a) != normalize_query(a.model_copy(update={"limit": 5}))
    reordered = a.model_copy(update={"order": [("flights.count", "desc")]})
    assert normalize_query(a) != normalize_query(reordered)


OPEN: list[redis.Redis] = []


@pytest.fixture(autouse=True)
async def close_clients() -> AsyncIterator[None]:
    """Closed here, not by the garbage collector, which may run inside a later replay's sandbox
    (and import redis modules there)."""
    yield
    while OPEN:
        await OPEN.pop().aclose()


def connect(url: str) -> redis.Redis:
    OPEN.append(redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5))
    return OPEN[-1]


def make_cache(url: str, clock: Clock | None = None) -> tuple[TwoLevelCache, MemoryCache]:
    l1 = MemoryCache(100, 2**20, 60)
    client = connect(url)
    guard = RedisGuard(retry_seconds=5, clock=clock or Clock())
    return TwoLevelCache(l1, client, guard, "v1", clock=clock or Clock()), l1


async def test_an_l2_hit_fills_l1(redis_server: RedisServer) -> None:
    writer, _ = make_cache(redis_server.url)
    reader, reader_l1 = make_cache(redis_server.url)
    await writer.set("answer", "acme", "q", b"42", ttl=60)
    assert len(reader_l1) == 0
    assert await reader.get("answer", "acme", "q") == b"42"
    assert len(reader_l1) == 1


async def test_large_values_are_compressed_in_redis(redis_server: RedisServer) -> None:
    cache, _ = make_cache(redis_server.url)
    value = b"336776," * 1000
    await cache.set("rows", "acme", "q", value, ttl=60)
    raw = connect(redis_server.url)
    [key] = [k async for k in raw.scan_iter(match="quarry:rows:*")]
    stored = await raw.get(key)
    assert stored is not None and stored[:1] == b"z" and len(stored) < len(value) / 10
    fresh, _ = make_cache(redis_server.url)
    assert await fresh.get("rows", "acme", "q") == value


async def test_tenants_and_data_versions_do_not_share_entries(redis_server: RedisServer) -> None:
    cache, _ = make_cache(redis_server.url)
    await cache.set("answer", "acme", "q", b"acme's", ttl=60)
    assert await cache.get("answer", "globex", "q") is None
    other_version = TwoLevelCache(
        MemoryCache(10, 2**20, 60), connect(redis_server.url), RedisGuard(5), "v2"
    )
    assert await other_version.get("answer", "acme", "q") is None


async def test_invalidation_reaches_other_processes(redis_server: RedisServer) -> None:
    clock = Clock()
    api, _ = make_cache(redis_server.url, clock)
    worker, _ = make_cache(redis_server.url, clock)
    await worker.set("rows", "acme", "q", b"old", ttl=60)
    assert await worker.get("rows", "acme", "q") == b"old"
    await api.invalidate("acme")
    clock.now += 1.1  # the worker re-reads the epoch at most a second later
    assert await worker.get("rows", "acme", "q") is None


async def test_a_redis_that_lost_its_data_never_repeats_a_generation(
    redis_server: RedisServer,
) -> None:
    api, _ = make_cache(redis_server.url)
    other_api, _ = make_cache(redis_server.url)
    first = await api.generation("acme")
    assert await other_api.generation("acme") == first  # run ids agree across processes
    await api.invalidate("acme")
    invalidated = await make_cache(redis_server.url)[0].generation("acme")
    assert invalidated != first
    await connect(redis_server.url).flushall()  # what a Redis restart without persistence does
    after_loss = await make_cache(redis_server.url)[0].generation("acme")
    assert after_loss not in {first, invalidated}


async def test_redis_down_from_the_start_gives_a_generation_of_its_own(
    redis_server: RedisServer,
) -> None:
    seen = await make_cache(redis_server.url)[0].generation("acme")
    redis_server.stop()
    try:
        down = await make_cache(redis_server.url)[0].generation("acme")
    finally:
        redis_server.start()
    assert down != seen and down.split(".")[0] == "v1"


async def test_redis_down_serves_from_l1_logs_once_and_recovers(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    cache, _ = make_cache(redis_server.url, clock)
    await cache.set("answer", "acme", "warm", b"in L1", ttl=60)
    redis_server.stop()
    caplog.set_level(logging.WARNING, logger="quarry.cache")
    for i in range(5):
        assert await cache.get("answer", "acme", "warm") == b"in L1"
        await cache.set("answer", "acme", f"new {i}", b"v", ttl=60)
        assert await cache.get("answer", "acme", f"new {i}") == b"v"
    assert REDIS_UP._value.get() == 0
    said = [r.message for r in caplog.records if "Redis unreachable" in r.message]
    assert len(said) == 1  # one line for the outage, not one per request
    redis_server.start()
    clock.now += 6
    await cache.set("answer", "acme", "after", b"back", ttl=60)
    fresh, _ = make_cache(redis_server.url)
    assert await fresh.get("answer", "acme", "after") == b"back"
    assert REDIS_UP._value.get() == 1
