"""Circuit breaker transitions, and how the agents fail fast while it is open."""

from __future__ import annotations

import asyncio

import httpx
import jwt
import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.cube_agent import CubeAgent
from activities.query_agent import QueryAgent
from models.ask import CubeQuery, FetchInput, UnderstandInput
from services.breaker import CircuitBreaker, CircuitOpenError, State
from services.catalogs import CatalogProvider
from services.cube import CubeClient, CubeModelError, CubeQueryError, CubeUnavailableError
from services.settings import Settings
from tests.fakes import Clock
from understanding.llm import LlmClient


def test_closed_open_half_open_closed() -> None:
    clock = Clock(0.0)
    breaker = CircuitBreaker("cube", failure_threshold=3, reset_seconds=10, clock=clock)
    for _ in range(2):
        breaker.before_call()
        breaker.failed()
    assert breaker.state is State.CLOSED
    breaker.before_call()
    breaker.failed()
    assert breaker.state is State.OPEN
    clock.now = 4
    with pytest.raises(CircuitOpenError) as fast:
        breaker.before_call()
    assert fast.value.retry_after == pytest.approx(6)
    clock.now = 10
    breaker.before_call()  # the trial call
    assert breaker.state is State.HALF_OPEN
    with pytest.raises(CircuitOpenError):
        breaker.before_call()  # only one trial at a time
    breaker.succeeded()
    assert breaker.state is State.CLOSED


def test_a_failed_trial_reopens_for_a_full_period() -> None:
    clock = Clock(0.0)
    breaker = CircuitBreaker("llm", failure_threshold=1, reset_seconds=10, clock=clock)
    breaker.before_call()
    breaker.failed()
    clock.now = 10
    breaker.before_call()
    breaker.failed()
    assert breaker.state is State.OPEN
    clock.now = 19
    with pytest.raises(CircuitOpenError):
        breaker.before_call()


def test_a_success_resets_the_failure_count() -> None:
    breaker = CircuitBreaker("cube", failure_threshold=2, reset_seconds=10)
    breaker.failed()
    breaker.succeeded()
    breaker.failed()
    assert breaker.state is State.CLOSED


async def test_an_open_breaker_makes_the_cube_agent_fail_fast_with_a_retry_delay() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503, text="down")

    clock = Clock(0.0)
    breaker = CircuitBreaker("cube", failure_threshold=2, reset_seconds=30, clock=clock)
    http = httpx.AsyncClient(base_url="http://cube.test", transport=httpx.MockTransport(handler))
    agent = CubeAgent(CubeClient(http, "s" * 32, breaker=breaker), row_limit=10)
    request = FetchInput(query=CubeQuery(measures=["flights.count"]), tenant="t")
    for _ in range(2):
        with pytest.raises(ApplicationError):
            await ActivityEnvironment().run(agent.fetch, request)
    clock.now = 5
    with pytest.raises(ApplicationError) as fast:
        await ActivityEnvironment().run(agent.fetch, request)
    assert len(calls) == 2  # the third call never reached Cube
    assert fast.value.type == "CircuitOpen"
    assert not fast.value.non_retryable
    assert fast.value.next_retry_delay is not None
    assert fast.value.next_retry_delay.total_seconds() == pytest.approx(25)


async def test_cube_4xx_does_not_count_against_the_breaker() -> None:
    transport = httpx.MockTransport(lambda _: httpx.Response(400, json={"error": "bad member"}))
    breaker = CircuitBreaker("cube", failure_threshold=1, reset_seconds=30)
    client = CubeClient(
        httpx.AsyncClient(base_url="http://c", transport=transport), "s" * 32, breaker=breaker
    )
    for _ in range(3):
        with pytest.raises(Exception) as failed:
            await client.meta("t")
        assert not isinstance(failed.value, CubeUnavailableError | CircuitOpenError)
    assert breaker.state is State.CLOSED


def _half_open_cube(handler: object) -> tuple[CubeClient, CircuitBreaker, Clock]:
    """A Cube client whose breaker one outage opened and whose reset time has passed."""
    clock = Clock(0.0)
    breaker = CircuitBreaker("cube", failure_threshold=1, reset_seconds=10, clock=clock)
    breaker.before_call()
    breaker.failed()
    clock.now = 10
    transport = httpx.MockTransport(handler)  # type: ignore[arg-type]
    http = httpx.AsyncClient(base_url="http://cube.test", transport=transport)
    return CubeClient(http, "s" * 32, breaker=breaker), breaker, clock


async def test_a_refusal_during_the_half_open_trial_closes_the_breaker() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(400, json={"error": "no such member"})

    cube, breaker, _ = _half_open_cube(handler)
    with pytest.raises(CubeQueryError):
        await cube.load(CubeQuery(measures=["x.y"]), "t")  # the trial: Cube answered
    assert breaker.state is State.CLOSED
    with pytest.raises(CubeQueryError):
        await cube.load(CubeQuery(measures=["x.y"]), "t")  # not CircuitOpenError
    assert len(calls) == 2


async def test_a_cancelled_trial_frees_the_breaker_for_the_next_call() -> None:
    hang = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if not hang.is_set():
            hang.set()
            await asyncio.sleep(3600)
        return httpx.Response(200, json={"data": []})

    cube, breaker, _ = _half_open_cube(handler)
    trial = asyncio.create_task(cube.load(CubeQuery(measures=["x.y"]), "t"))
    await hang.wait()
    trial.cancel()
    with pytest.raises(asyncio.CancelledError):
        await trial
    assert (await cube.load(CubeQuery(measures=["x.y"]), "t"))["data"] == []
    assert breaker.state is State.CLOSED


async def test_a_cancelled_llm_trial_frees_the_breaker_too() -> None:
    hang = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if not hang.is_set():
            hang.set()
            await asyncio.sleep(3600)
        reply = {"choices": [{"message": {"content": "{}"}}], "usage": {}}
        return httpx.Response(200, json=reply)

    clock = Clock(0.0)
    breaker = CircuitBreaker("llm", failure_threshold=1, reset_seconds=10, clock=clock)
    breaker.before_call()
    breaker.failed()
    clock.now = 10
    http = httpx.AsyncClient(base_url="http://llm.test", transport=httpx.MockTransport(handler))
    client = LlmClient(http, "m", None, breaker=breaker)
    trial = asyncio.create_task(client.complete([{"role": "user", "content": "q"}]))
    await hang.wait()
    trial.cancel()
    with pytest.raises(asyncio.CancelledError):
        await trial
    text, _ = await client.complete([{"role": "user", "content": "q"}])
    assert text == "{}"


COMPILE_ERROR = {
    "error": "Error: Compile errors:\nSyntax Error: Duplicate property parsing x in orders.js"
}


async def test_a_model_that_does_not_compile_fails_at_once_and_trips_no_breaker() -> None:
    """Cube answers 500 for a model it cannot compile: that is the model's fault, the same on
    every retry, and no sign that Cube is down."""
    transport = httpx.MockTransport(lambda _: httpx.Response(500, json=COMPILE_ERROR))
    breaker = CircuitBreaker("cube", failure_threshold=1, reset_seconds=30)
    http = httpx.AsyncClient(base_url="http://c", transport=transport)
    client = CubeClient(http, "s" * 32, breaker=breaker, model_of=lambda tenant: "acme")
    for _ in range(3):
        with pytest.raises(CubeModelError, match=r"(?s)'acme' does not compile.*orders\.js"):
            await client.meta("t")
    assert breaker.state is State.CLOSED
    agent = QueryAgent(CatalogProvider(client))
    with pytest.raises(ApplicationError) as failed:
        await ActivityEnvironment().run(
            agent.understand, UnderstandInput(question="How many orders?", tenant="t")
        )
    assert failed.value.non_retryable and failed.value.type == "BrokenModel"
    assert "orders.js" in str(failed.value)


async def test_a_query_cube_cannot_build_fails_at_once_and_trips_no_breaker() -> None:
    """Cube's query builder throwing (a granularity its SQL dialect lacks) is that query's
    failure, the same on every try: not retried, and no sign that Cube is down."""
    thrown = {"error": "TypeError: GRANULARITY_TO_INTERVAL[granularity] is not a function\n at x"}
    transport = httpx.MockTransport(lambda _: httpx.Response(500, json=thrown))
    breaker = CircuitBreaker("cube", failure_threshold=1, reset_seconds=30)
    http = httpx.AsyncClient(base_url="http://c", transport=transport)
    client = CubeClient(http, "s" * 32, breaker=breaker)
    for _ in range(3):
        with pytest.raises(CubeQueryError, match="cannot build this query: TypeError"):
            await client.load(CubeQuery(measures=["orders.count"]), "t")
    assert breaker.state is State.CLOSED


async def test_one_models_outage_leaves_another_models_breaker_closed() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        broken = (
            "acme"
            in jwt.decode(request.headers["Authorization"], "s" * 32, algorithms=["HS256"])["model"]
        )
        return httpx.Response(503 if broken else 200, json={"cubes": []})

    breakers: dict[str, CircuitBreaker] = {}

    def breaker(model: str) -> CircuitBreaker:
        breakers[model] = CircuitBreaker(f"cube:{model}", failure_threshold=1, reset_seconds=30)
        return breakers[model]

    http = httpx.AsyncClient(base_url="http://c", transport=httpx.MockTransport(answer))
    models = {"a": "acme", "b": "flights"}
    client = CubeClient(http, "s" * 32, breaker=breaker, model_of=models.__getitem__)
    with pytest.raises(CubeUnavailableError):
        await client.meta("a")
    with pytest.raises(CircuitOpenError):
        await client.meta("a")  # acme's breaker is open
    assert await client.meta("b") == {"cubes": []}  # flights' questions go on
    assert breakers["acme"].state is State.OPEN and breakers["flights"].state is State.CLOSED


async def test_model_health_names_a_broken_models_file_and_says_nothing_of_a_good_one() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        model = jwt.decode(request.headers["Authorization"], "s" * 32, algorithms=["HS256"])
        if model["model"] == "acme":
            return httpx.Response(500, json=COMPILE_ERROR)
        return httpx.Response(200, json={"cubes": []})

    breaker = CircuitBreaker("cube", failure_threshold=1, reset_seconds=30)
    http = httpx.AsyncClient(base_url="http://c", transport=httpx.MockTransport(answer))
    client = CubeClient(http, "s" * 32, breaker=breaker)
    assert await client.model_health("flights") == ""
    assert "orders.js" in await client.model_health("acme")
    assert breaker.state is State.CLOSED


def test_every_model_a_tenant_asks_about_is_served() -> None:
    settings = Settings(
        default_model="flights", tenant_models="shop=shop,acme=yours", model_databases="yours=/y"
    )
    assert settings.served_models() == ["flights", "shop", "yours"]


async def test_the_cube_agent_reports_a_broken_model_as_the_models_not_retried() -> None:
    transport = httpx.MockTransport(lambda _: httpx.Response(500, json=COMPILE_ERROR))
    http = httpx.AsyncClient(base_url="http://c", transport=transport)
    agent = CubeAgent(CubeClient(http, "s" * 32), row_limit=10)
    request = FetchInput(query=CubeQuery(measures=["orders.count"]), tenant="t")
    with pytest.raises(ApplicationError) as failed:
        await ActivityEnvironment().run(agent.fetch, request)
    assert failed.value.type == "BrokenModel" and failed.value.non_retryable


async def test_a_database_syntax_error_is_no_broken_model() -> None:
    error = {"error": 'SQLITE_ERROR: near "x": syntax error'}
    transport = httpx.MockTransport(lambda _: httpx.Response(500, json=error))
    client = CubeClient(httpx.AsyncClient(base_url="http://c", transport=transport), "s" * 32)
    with pytest.raises(CubeUnavailableError):
        await client.meta("t")
