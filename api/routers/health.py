"""GET /healthz: which of Temporal, Redis, Cube and the vocabulary store answers."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter, Response
from redis.exceptions import RedisError

from api.deps import CatalogsDep, CubeHttpDep, RedisDep, SettingsDep, StoreDep, TemporalDep
from api.schemas import ComponentHealth, Health
from services.catalogs import CatalogProvider
from services.vocabulary import StoreUnavailable, VocabularyStore

router = APIRouter(tags=["health"])
CHECK_TIMEOUT_SECONDS = 2.0


@router.get("/healthz", response_model=Health, responses={503: {"model": Health}})
async def healthz(
    response: Response,
    temporal: TemporalDep,
    redis: RedisDep,
    cube: CubeHttpDep,
    catalogs: CatalogsDep,
    settings: SettingsDep,
    store: StoreDep,
) -> Health:
    """200 when every part answers; 503 naming the parts that do not. Each data model is
    reported too: one that does not compile names its file and Cube's message."""
    checks = await asyncio.gather(
        _temporal(temporal), _redis(redis), _cube(cube), _vocabulary(store)
    )
    models = await _models(catalogs, settings.served_models()) if checks[2].ok else {}
    health = Health(
        ok=all(c.ok for c in checks),
        temporal=checks[0],
        redis=checks[1],
        cube=checks[2],
        vocabulary=checks[3],
        models=models,
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


async def _vocabulary(store: VocabularyStore) -> ComponentHealth:
    try:
        await asyncio.wait_for(store.check(), CHECK_TIMEOUT_SECONDS)
    except (StoreUnavailable, TimeoutError):
        # where it is (its password as ***); why is in the 503 of a vocabulary call
        return ComponentHealth(ok=False, detail=f"Vocabulary store unreachable: {store.where}")
    return ComponentHealth(ok=True)


async def _models(
    catalogs: CatalogProvider | None, models: list[str]
) -> dict[str, ComponentHealth]:
    if catalogs is None:
        return {}
    found = await asyncio.gather(
        *(catalogs.cube.model_health(m, CHECK_TIMEOUT_SECONDS) for m in models)
    )
    return {
        m: ComponentHealth(ok=not detail, detail=detail)
        for m, detail in zip(models, found, strict=True)
    }
