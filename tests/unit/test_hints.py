"""The "asking" hint over a real Redis: the query agent marks a run that asks the user something,
and a Redis outage makes the hint say "unknown" (callers then ask Temporal), never "no"."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as redis
from temporalio.testing import ActivityEnvironment

from activities.query_agent import QueryAgent
from models.ask import UnderstandInput
from services.cache import RedisGuard
from services.hints import RunHints
from tests.fakes import Clock
from tests.unit.conftest import RedisServer
from tests.unit.test_query_agent_llm import FixedCatalogs


@asynccontextmanager
async def hints(redis_server: RedisServer, clock: Clock | None = None) -> AsyncIterator[RunHints]:
    guard = RedisGuard(retry_seconds=5, clock=clock or Clock())
    client = redis.Redis.from_url(redis_server.url, socket_timeout=0.5)
    try:
        yield RunHints(client, guard)
    finally:
        await client.aclose()  # not left to the garbage collector (which may run mid-replay)


async def test_a_vague_question_marks_its_run_and_a_clear_one_does_not(
    redis_server: RedisServer,
) -> None:
    env = ActivityEnvironment()
    vague = UnderstandInput(question="show me the best ones", tenant="t")
    clear = UnderstandInput(question="How many flights left JFK in 2013?", tenant="t")
    async with hints(redis_server) as marks:
        agent = QueryAgent(FixedCatalogs(), hints=marks)  # type: ignore[arg-type]
        env.info = dataclasses.replace(env.info, workflow_id="ask-vague")
        assert (await env.run(agent.understand, vague)).clarification is not None
        assert await marks.asking("ask-vague") is True
        env.info = dataclasses.replace(env.info, workflow_id="ask-clear")
        assert (await env.run(agent.understand, clear)).query is not None
        assert await marks.asking("ask-clear") is False
        await marks.clear("ask-vague")
        assert await marks.asking("ask-vague") is False


async def test_redis_down_means_unknown_not_no(redis_server: RedisServer) -> None:
    clock = Clock()
    async with hints(redis_server, clock) as marks:
        await marks.mark_asking("ask-1")
        redis_server.stop()
        assert await marks.asking("ask-1") is None
        await marks.mark_asking("ask-2")  # lost, and harmlessly so
        redis_server.start()
        assert await marks.asking("ask-1") is None  # still backing off: Redis is not asked yet
        clock.now += 6
        assert await marks.asking("ask-1") is False  # a fresh server: the hint is gone, not wrong
