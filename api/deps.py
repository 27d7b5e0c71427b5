"""FastAPI dependencies: the clients the lifespan built, as Annotated types.

All `async def`: FastAPI runs a plain `def` dependency in a thread pool, a thread hop per
dependency per request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, cast

import httpx
import redis.asyncio as redis
from fastapi import Depends, HTTPException, Request
from temporalio.client import Client

from services.breaker import CircuitOpenError
from services.cache import TwoLevelCache
from services.catalogs import CatalogProvider
from services.cube import CubeError
from services.hints import RunHints
from services.run_limits import RunLimiter
from services.settings import Settings
from services.stats import StatsCollector
from services.stream_limits import StreamLimiter
from services.vocabulary import VocabularyStore
from understanding.catalog import Catalog


@dataclass(frozen=True)
class Services:
    """What the lifespan built, as one dependency. FastAPI resolves each dependency anew on
    every request (tens of microseconds each): the hottest route, a cached answer, takes them
    all in this one."""

    temporal: Client
    settings: Settings
    cache: TwoLevelCache
    stats: StatsCollector
    hints: RunHints
    catalogs: CatalogProvider | None
    run_limiter: RunLimiter
    vocabulary: VocabularyStore


async def _services(request: Request) -> Services:
    return cast(Services, request.app.state.services)


async def _temporal(request: Request) -> Client:
    return cast(Client, request.app.state.temporal)


async def _settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


async def _redis(request: Request) -> redis.Redis:
    return cast(redis.Redis, request.app.state.redis)


async def _cube_http(request: Request) -> httpx.AsyncClient:
    return cast(httpx.AsyncClient, request.app.state.cube_http)


async def _cache(request: Request) -> TwoLevelCache:
    return cast(TwoLevelCache, request.app.state.cache)


async def _hints(request: Request) -> RunHints:
    return cast(RunHints, request.app.state.hints)


async def _catalogs(request: Request) -> CatalogProvider | None:
    return cast(CatalogProvider | None, request.app.state.catalogs)


async def _vocabulary(request: Request) -> VocabularyStore:
    """One store per process, opened on first use (the file is shared with the worker)."""
    if getattr(request.app.state, "vocabulary", None) is None:
        settings = cast(Settings, request.app.state.settings)
        request.app.state.vocabulary = VocabularyStore.configured(settings)
    return cast(VocabularyStore, request.app.state.vocabulary)


async def _stats(request: Request) -> StatsCollector:
    return cast(StatsCollector, request.app.state.stats)


async def _run_limiter(request: Request) -> RunLimiter:
    return cast(RunLimiter, request.app.state.run_limiter)


async def _stream_limiter(request: Request) -> StreamLimiter:
    return cast(StreamLimiter, request.app.state.stream_limiter)


TemporalDep = Annotated[Client, Depends(_temporal)]
CacheDep = Annotated[TwoLevelCache, Depends(_cache)]
HintsDep = Annotated[RunHints, Depends(_hints)]
StatsDep = Annotated[StatsCollector, Depends(_stats)]
SettingsDep = Annotated[Settings, Depends(_settings)]
RedisDep = Annotated[redis.Redis, Depends(_redis)]
CubeHttpDep = Annotated[httpx.AsyncClient, Depends(_cube_http)]
# /meta and sampled values per tenant, for explanations; None without a Cube secret
CatalogsDep = Annotated[CatalogProvider | None, Depends(_catalogs)]
RunLimiterDep = Annotated[RunLimiter, Depends(_run_limiter)]
StreamLimiterDep = Annotated[StreamLimiter, Depends(_stream_limiter)]
ServicesDep = Annotated[Services, Depends(_services)]
# each tenant's remembered words (services/vocabulary.py)
StoreDep = Annotated[VocabularyStore, Depends(_vocabulary)]


async def catalog_for(catalogs: CatalogProvider | None, tenant: str, doing: str) -> Catalog:
    """The tenant's catalog for `doing` ("explain", "check the fetch queries"), or a 503 that
    says why it cannot be had now."""
    if catalogs is None:
        raise HTTPException(503, f"cannot {doing}: the Cube secret (CUBE_API_SECRET) is not set")
    try:
        return await catalogs.get(tenant)
    except (CubeError, CircuitOpenError) as exc:
        raise HTTPException(503, f"cannot {doing} now: Cube did not answer ({exc})") from None
