"""GET /healthz: which of Temporal, Redis and Cube answers."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter, Response
from redis.exceptions import RedisError

from api.deps import CubeHttpDep, RedisDep, TemporalDep
from api.schemas import ComponentHealth, Health

router = APIRouter(tags=["health"])
CHECK_TIMEOUT_SECONDS = 2.0


@router.get("/healthz", response_model=Health, responses={503: {"model": Health}})
async def healthz(
    response: Response, temporal: TemporalDep, redis: RedisDep, cube: CubeHttpDep
) -> Health:
    """200 when every part answers; 503 naming the parts that do not."""
    checks = await asyncio.gather(_temporal(temporal), _redis(redis), _cube(cube))
    health = Health(
        ok=all(c.ok for c in checks), temporal=checks[0], redis=checks[1], cube=checks[2]
    )
    if not health.ok:
        response.status_code = 503
    return health


async def _temporal(client: TemporalDep) -> ComponentHealth:
    try:
        ok = await asyncio.wait_for(client.service_client.check_health(), CHECK_TIMEOUT_SECONDS)
    except Exception as exc:  # any failure means "unreachable"; the kind is the detail
        return ComponentHealth(ok=False, detail=f"Temporal unreachable: {type(exc).__name__}")
    return ComponentHealth(ok=ok, detail="" if ok else "Temporal reports not serving")


async def _redis(client: RedisDep) -> ComponentHealth:
    try:
        await asyncio.wait_for(client.ping(), CHECK_TIMEOUT_SECONDS)
    except (RedisError, OSError, TimeoutError) as exc:
        return ComponentHealth(ok=False, detail=f"Redis unreachable: {type(exc).__name__}")
    return ComponentHealth(ok=True)


async def _cube(http: CubeHttpDep) -> ComponentHealth:
    try:
        reply = await http.get("/readyz", timeout=CHECK_TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        return ComponentHealth(ok=False, detail=f"Cube unreachable: {type(exc).__name__}")
    ok = reply.status_code == 200
    return ComponentHealth(ok=ok, detail="" if ok else f"Cube /readyz answered {reply.status_code}")
