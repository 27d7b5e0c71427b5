"""Quarry's real FastAPI application, in this process (httpx.ASGITransport), with only what the
checks under test read: settings, keys and the catalog of the flights model (recorded from
the real data model, tests/fixtures). Nothing here reaches Temporal, Redis or Cube: a request
that got past the checks would fail on the missing client, which the tests see as a 503."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from api.deps import Services
from api.main import create_app
from services.catalogs import CatalogProvider
from services.settings import Settings
from tests.fixtures.catalog import recorded_catalog
from understanding.catalog import Catalog


class RecordedCatalogs(CatalogProvider):
    """Every tenant asks about the recorded flights model."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def get(self, tenant: str) -> Catalog:
        self.asked.append(tenant)
        return recorded_catalog("flights")


def quarry_app(**settings: Any) -> FastAPI:
    config = Settings(open_mode=True, rate_limit_per_second=0, **settings)
    app = create_app(config)
    app.state.settings = config
    app.state.api_keys = {}
    app.state.catalogs = RecordedCatalogs()
    for missing in (
        "temporal",
        "cache",
        "hints",
        "stats",
        "redis",
        "cube_http",
        "codec",
        "rate_limiter",
        "anonymous_limiter",
        "run_limiter",
        "stream_limiter",
        "vocabulary",
    ):
        setattr(app.state, missing, None)
    state = app.state
    app.state.services = Services(
        temporal=state.temporal,
        settings=config,
        cache=state.cache,
        stats=state.stats,
        hints=state.hints,
        catalogs=state.catalogs,
        run_limiter=state.run_limiter,
        vocabulary=state.vocabulary,
    )
    return app


@asynccontextmanager
async def client_of(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://quarry") as client:
        yield client
