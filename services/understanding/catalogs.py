"""The query agent's knowledge source: /meta plus sampled dimension values, cached per tenant."""

from __future__ import annotations

import asyncio
import time

from services.cube import CubeClient
from services.understanding.catalog import Catalog, Member, build_catalog
from workflows.models import CubeQuery

SAMPLE_LIMIT = 2000


class CatalogProvider:
    """Builds a tenant's catalog once and keeps it for `ttl_seconds`: /meta rarely changes."""

    def __init__(self, cube: CubeClient, ttl_seconds: float = 300.0) -> None:
        self._cube = cube
        self._ttl = ttl_seconds
        self._cache: dict[str, tuple[Catalog, float]] = {}
        self._lock = asyncio.Lock()

    async def get(self, tenant: str) -> Catalog:
        async with self._lock:
            cached = self._cache.get(tenant)
            if cached and time.monotonic() - cached[1] < self._ttl:
                return cached[0]
            catalog = build_catalog(await self._cube.meta(tenant))
            samples = [m for m in catalog.dimensions() if m.sample_values]
            results = await asyncio.gather(*(self._sample(m, tenant) for m in samples))
            catalog.values = {m.name: values for m, values in zip(samples, results, strict=True)}
            self._cache[tenant] = (catalog, time.monotonic())
            return catalog

    async def _sample(self, dim: Member, tenant: str) -> list[str]:
        query = CubeQuery(
            dimensions=[dim.name],
            measures=[dim.sample_measure] if dim.sample_measure else [],
            limit=SAMPLE_LIMIT,
        )
        payload = await self._cube.load(query, tenant)
        return [str(row[dim.name]) for row in payload.get("data", []) if row.get(dim.name)]
