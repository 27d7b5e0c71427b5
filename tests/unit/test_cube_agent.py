"""The Cube client and the cube agent against httpx.MockTransport: polling, errors, tokens."""

from __future__ import annotations

import asyncio
import json

import httpx
import jwt
import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.cube_agent import CubeAgent, to_fetch_result
from models.ask import CubeQuery, FetchInput
from services.cube import CubeClient, CubeQueryError, CubeUnavailableError

SECRET = "unit-test-secret-that-is-long-enough-for-hs256"
QUERY = CubeQuery(measures=["flights.count"], dimensions=["flights.origin"])
ROWS = {
    "query": {"measures": ["flights.count"], "dimensions": ["flights.origin"]},
    "data": [{"flights.origin": "EWR", "flights.count": "120835"}],
    "annotation": {
        "measures": {"flights.count": {"shortTitle": "Number of flights", "type": "number"}},
        "dimensions": {"flights.origin": {"shortTitle": "Origin airport", "type": "string"}},
    },
}


def client_for(handler: httpx.MockTransport, poll_seconds: float = 0) -> CubeClient:
    http = httpx.AsyncClient(base_url="http://cube.test", transport=handler)
    return CubeClient(http, SECRET, poll_interval_seconds=poll_seconds)


async def test_load_polls_through_continue_wait_and_heartbeats() -> None:
    calls: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(json.loads(request.content))
        if len(calls) < 3:
            return httpx.Response(200, json={"error": "Continue wait"})
        return httpx.Response(200, json=ROWS)

    beats: list[object] = []
    env = ActivityEnvironment()
    env.on_heartbeat = lambda *details: beats.append(details)
    client = client_for(httpx.MockTransport(handler), poll_seconds=0.02)
    agent = CubeAgent(client, row_limit=100, heartbeat_seconds=0.005)
    result = await env.run(agent.fetch, FetchInput(query=QUERY, tenant="acme"))

    assert len(calls) == 3
    assert beats  # alive while Cube said "Continue wait"
    assert calls[0] == {"query": {**QUERY.model_dump(exclude_defaults=True), "limit": 100}}
    assert [c.title for c in result.columns] == ["Origin airport", "Number of flights"]
    assert result.rows == [["EWR", 120835]]


async def test_the_jwt_names_the_tenant_and_is_signed_with_the_secret() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(200, json={"cubes": []})

    await client_for(httpx.MockTransport(handler)).meta("acme")
    claims = jwt.decode(seen[0], SECRET, algorithms=["HS256"])
    assert claims["tenant"] == "acme"


async def test_a_cube_4xx_is_a_non_retryable_invalid_query() -> None:
    transport = httpx.MockTransport(lambda _: httpx.Response(400, json={"error": "no such member"}))
    agent = CubeAgent(client_for(transport), row_limit=100)
    with pytest.raises(ApplicationError) as failed:
        await ActivityEnvironment().run(agent.fetch, FetchInput(query=QUERY, tenant="t"))
    assert failed.value.non_retryable
    assert failed.value.type == "InvalidQuery"
    assert "no such member" in failed.value.message


@pytest.mark.parametrize(
    "response",
    [httpx.Response(502, text="bad gateway"), httpx.Response(500, json={"error": "boom"})],
)
async def test_a_cube_5xx_is_retryable(response: httpx.Response) -> None:
    agent = CubeAgent(client_for(httpx.MockTransport(lambda _: response)), row_limit=100)
    with pytest.raises(ApplicationError) as failed:
        await ActivityEnvironment().run(agent.fetch, FetchInput(query=QUERY, tenant="t"))
    assert not failed.value.non_retryable
    assert failed.value.type == "CubeUnavailable"


async def test_a_connection_error_is_unavailable_not_a_crash() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(CubeUnavailableError):
        await client_for(httpx.MockTransport(handler)).meta("t")


async def test_a_4xx_surfaces_cubes_own_message() -> None:
    transport = httpx.MockTransport(lambda _: httpx.Response(403, json={"error": "Invalid token"}))
    with pytest.raises(CubeQueryError, match="Invalid token"):
        await client_for(transport).meta("t")


async def test_the_row_limit_caps_a_larger_limit() -> None:
    sent: list[dict[str, dict[str, object]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json=ROWS)

    agent = CubeAgent(client_for(httpx.MockTransport(handler)), row_limit=50)
    query = QUERY.model_copy(update={"limit": 10_000})
    await ActivityEnvironment().run(agent.fetch, FetchInput(query=query, tenant="t"))
    assert sent[0]["query"]["limit"] == 50


async def test_a_cancelled_run_stops_polling() -> None:
    polls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        polls.append(1)
        return httpx.Response(200, json={"error": "Continue wait"})

    env = ActivityEnvironment()
    env.on_heartbeat = lambda *_: env.cancel() if len(polls) >= 3 else None
    client = client_for(httpx.MockTransport(handler), poll_seconds=0.01)
    agent = CubeAgent(client, row_limit=100, heartbeat_seconds=0.001)
    with pytest.raises(asyncio.CancelledError):
        await env.run(agent.fetch, FetchInput(query=QUERY, tenant="t"))
    stopped_at = len(polls)
    await asyncio.sleep(0.05)
    assert stopped_at == len(polls)
    assert 3 <= stopped_at <= 4


@pytest.mark.parametrize(
    ("granularity", "label"),
    [
        ("day", "2013-11-28"),
        ("week", "2013-11-25"),
        ("month", "2013-11"),
        ("quarter", "2013-Q4"),
        ("year", "2013"),
    ],
)
def test_time_buckets_come_back_as_people_write_them(granularity: str, label: str) -> None:
    member = f"flights.departed_at.{granularity}"
    start = "2013-11-25" if granularity == "week" else "2013-11-28"
    payload = {
        "query": {
            "measures": ["flights.count"],
            "timeDimensions": [{"dimension": "flights.departed_at", "granularity": granularity}],
        },
        "data": [{member: f"{start}T00:00:00.000", "flights.count": 634}],
        "annotation": {"timeDimensions": {member: {"shortTitle": "Departure date"}}},
    }
    assert to_fetch_result(payload).rows == [[label, 634]]


async def test_a_plans_step_is_fetched_whole_or_refused() -> None:
    """A set or a count over groups cut at the row limit would be a wrong figure."""
    asked: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        limit = json.loads(request.content)["query"]["limit"]
        asked.append(limit)
        rows = [{"flights.origin": f"A{i}", "flights.count": "1"} for i in range(min(limit, 3))]
        return httpx.Response(200, json={**ROWS, "data": rows})

    client = client_for(httpx.MockTransport(handler))
    agent = CubeAgent(client, row_limit=2, plan_row_limit=3)
    env = ActivityEnvironment()
    cut = await env.run(agent.fetch, FetchInput(query=QUERY, tenant="acme"))
    assert len(cut.rows) == 2  # one query's answer shows the first rows
    with pytest.raises(ApplicationError) as refused:
        await env.run(agent.fetch, FetchInput(query=QUERY, tenant="acme", whole=True))
    assert refused.value.type == "TooManyRows" and refused.value.non_retryable
    assert asked == [2, 3]
    small = CubeAgent(client, row_limit=2, plan_row_limit=10)
    whole = await env.run(small.fetch, FetchInput(query=QUERY, tenant="acme", whole=True))
    assert len(whole.rows) == 3
