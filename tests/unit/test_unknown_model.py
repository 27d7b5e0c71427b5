"""Quarry's Cube server refuses a token that names a data model it does not serve with a 400
and one line (cube/server.js): the client reads that as the model's failure (not retried, no
breaker tripped), and the health check says which model is not served."""

from __future__ import annotations

import httpx
import pytest

from services.breaker import CircuitBreaker, State
from services.cube import CubeClient, CubeModelError

NOT_SERVED = {"error": "no data model named acme"}


def client(breaker: CircuitBreaker | None = None) -> CubeClient:
    transport = httpx.MockTransport(lambda _: httpx.Response(400, json=NOT_SERVED))
    http = httpx.AsyncClient(base_url="http://c", transport=transport)
    return CubeClient(http, "s" * 32, breaker=breaker, model_of=lambda tenant: "acme")


async def test_a_model_cube_does_not_serve_fails_as_the_models_fault() -> None:
    breaker = CircuitBreaker("cube", failure_threshold=1, reset_seconds=30)
    cube = client(breaker)
    for _ in range(3):
        with pytest.raises(CubeModelError, match="'acme' is not served"):
            await cube.meta("t")
    assert breaker.state is State.CLOSED


async def test_the_health_check_names_the_model_that_is_not_served() -> None:
    assert "'acme' is not served" in await client().model_health("acme")
