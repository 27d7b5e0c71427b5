"""Cube batching: concurrent queries share one request, and each gets its own result or error."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from models.ask import CubeQuery
from services.batching import CubeBatcher
from services.breaker import CircuitBreaker, CircuitOpenError
from services.cube import CubeClient, CubeQueryError, CubeUnavailableError

GOOD = CubeQuery(measures=["flights.count"])
OTHER = CubeQuery(measures=["flights.avg_dep_delay"])
BAD = CubeQuery(measures=["flights.nope"])


def body_for(query: dict[str, object]) -> dict[str, object]:
    return {"status": 200, "body": {"query": query, "data": [{"echo": query["measures"]}]}}


class FakeCube:
    """Answers the batch route per query: unknown members are 400s, the rest echo back."""

    def __init__(self, waits: int = 0) -> None:
        self.requests: list[tuple[str, dict[str, object]]] = []
        self.waits = waits

    def __call__(self, request: httpx.Request) -> httpx.Response:
        payload = json.loads(request.content)
        self.requests.append((request.url.path, payload))
        if request.url.path.endswith("/load"):
            return httpx.Response(200, json=body_for(payload["query"])["body"])
        results = []
        for query in payload["queries"]:
            if "flights.nope" in query["measures"]:
                results.append({"status": 400, "body": {"error": "'nope' not found"}})
            elif self.waits > 0:
                self.waits -= 1
                results.append({"status": 200, "body": {"error": "Continue wait"}})
            else:
                results.append(body_for(query))
        return httpx.Response(200, json={"results": results})


def batcher(cube: FakeCube | httpx.MockTransport, window: float = 0.01) -> CubeBatcher:
    transport = cube if isinstance(cube, httpx.MockTransport) else httpx.MockTransport(cube)
    http = httpx.AsyncClient(base_url="http://cube.test", transport=transport)
    return CubeBatcher(CubeClient(http, "s" * 32, poll_interval_seconds=0), window, max_batch=20)


async def test_concurrent_queries_share_one_request_and_errors_stay_with_their_caller() -> None:
    cube = FakeCube()
    loads = batcher(cube)
    good, bad, other = await asyncio.gather(
        loads.load(GOOD, "t"), loads.load(BAD, "t"), loads.load(OTHER, "t"), return_exceptions=True
    )
    assert len(cube.requests) == 1
    assert cube.requests[0][0].endswith("/quarry/load-batch")
    assert good["data"] == [{"echo": ["flights.count"]}]  # type: ignore[index]
    assert other["data"] == [{"echo": ["flights.avg_dep_delay"]}]  # type: ignore[index]
    assert isinstance(bad, CubeQueryError) and "nope" in str(bad)


async def test_a_lone_query_goes_to_load_itself() -> None:
    cube = FakeCube()
    result = await batcher(cube).load(GOOD, "t")
    assert [path for path, _ in cube.requests] == ["/cubejs-api/v1/load"]
    assert result["data"] == [{"echo": ["flights.count"]}]


async def test_continue_wait_queries_are_polled_in_the_next_batch() -> None:
    cube = FakeCube(waits=2)
    loads = batcher(cube)
    results = await asyncio.gather(loads.load(GOOD, "t"), loads.load(OTHER, "t"))
    assert all(r["data"] for r in results)
    assert len(cube.requests) == 2


async def test_the_window_closes_early_at_max_batch() -> None:
    cube = FakeCube()
    loads = batcher(cube, window=60)  # only the size bound can flush
    queries = [CubeQuery(measures=["flights.count"], limit=i + 1) for i in range(20)]
    results = await asyncio.wait_for(asyncio.gather(*(loads.load(q, "t") for q in queries)), 5)
    assert len(results) == 20 and len(cube.requests) == 1


async def test_tenants_are_batched_apart() -> None:
    cube = FakeCube()
    loads = batcher(cube)
    await asyncio.gather(loads.load(GOOD, "a"), loads.load(OTHER, "a"), loads.load(GOOD, "b"))
    assert len(cube.requests) == 2


async def test_a_failed_batch_fails_each_caller_retryably() -> None:
    down = httpx.MockTransport(lambda _: httpx.Response(502, text="bad gateway"))
    loads = batcher(down)
    results = await asyncio.gather(
        loads.load(GOOD, "t"), loads.load(OTHER, "t"), return_exceptions=True
    )
    assert all(isinstance(r, CubeUnavailableError) for r in results)


async def test_a_cancelled_caller_does_not_break_the_batch() -> None:
    cube = FakeCube()
    loads = batcher(cube, window=0.05)
    doomed = asyncio.ensure_future(loads.load(BAD, "t"))
    kept = asyncio.ensure_future(loads.load(GOOD, "t"))
    await asyncio.sleep(0.01)
    doomed.cancel()
    assert (await kept)["data"]
    with pytest.raises(asyncio.CancelledError):
        await doomed


async def test_a_cube_without_the_batch_route_gets_single_loads() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        if request.url.path.endswith("/load-batch"):
            return httpx.Response(404, text="Cannot POST")
        return httpx.Response(200, json={"data": [{"n": 1}]})

    loads = batcher(httpx.MockTransport(handler))
    for _ in range(2):  # the second round does not try the batch route again
        results = await asyncio.gather(loads.load(GOOD, "t"), loads.load(OTHER, "t"))
        assert all(r["data"] == [{"n": 1}] for r in results)
    assert paths.count("/cubejs-api/v1/quarry/load-batch") == 1
    assert paths.count("/cubejs-api/v1/load") == 4


def failing(exc: BaseException) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return httpx.MockTransport(handler)


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize(
    "exc", [RuntimeError("boom"), asyncio.CancelledError()], ids=["any error", "cancellation"]
)
async def test_whatever_a_send_raises_every_caller_returns_at_once(
    size: int, exc: BaseException
) -> None:
    loads = batcher(failing(exc))
    queries = [CubeQuery(measures=[f"flights.m{i}"]) for i in range(size)]
    outcomes = await asyncio.wait_for(
        asyncio.gather(*(loads.load(q, "t") for q in queries), return_exceptions=True), 5
    )
    assert all(isinstance(o, CubeUnavailableError) for o in outcomes), outcomes
    assert all(type(exc).__name__ in str(o) for o in outcomes)  # says what happened


async def test_a_breaker_opening_under_a_batch_fails_its_callers_fast() -> None:
    breaker = CircuitBreaker("cube", failure_threshold=1, reset_seconds=60)
    breaker.failed()  # open: every call is refused at once
    http = httpx.AsyncClient(base_url="http://cube.test", transport=httpx.MockTransport(FakeCube()))
    cube = CubeClient(http, "s" * 32, breaker=breaker, poll_interval_seconds=0)
    loads = CubeBatcher(cube, 0.01, max_batch=20)
    outcomes = await asyncio.wait_for(
        asyncio.gather(loads.load(GOOD, "t"), loads.load(OTHER, "t"), return_exceptions=True), 5
    )
    assert all(isinstance(o, CircuitOpenError) for o in outcomes), outcomes
