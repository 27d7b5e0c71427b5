"""The query agent's knowledge source: /meta plus sampled dimension values, cached per tenant."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

from models.ask import CubeQuery, TimeDimension
from services.cube import CubeClient
from understanding.catalog import Catalog, Member, build_catalog

SAMPLE_LIMIT = 5000


class Loads(Protocol):
    """What sampling needs of Cube: a query's rows (the Cube server, or a model run locally)."""

    async def load(self, query: CubeQuery, tenant: str) -> dict[str, Any]: ...


class CatalogProvider:
    """Builds a tenant's catalog once and keeps it for `ttl_seconds`: /meta rarely changes."""

    def __init__(self, cube: CubeClient, ttl_seconds: float = 300.0) -> None:
        self.cube = cube
        self._ttl = ttl_seconds
        self._cache: dict[str, tuple[Catalog, float]] = {}
        self._lock = asyncio.Lock()

    async def get(self, tenant: str) -> Catalog:
        async with self._lock:
            cached = self._cache.get(tenant)
            if cached and time.monotonic() - cached[1] < self._ttl:
                return cached[0]
            catalog = build_catalog(await self.cube.meta(tenant))
            await sample(catalog, self.cube, tenant)
            self._cache[tenant] = (catalog, time.monotonic())
            return catalog


async def sample(catalog: Catalog, cube: Loads, tenant: str) -> None:
    """Fills in the values of every `sample_values` dimension (with their aliases) and the years
    each time dimension covers, one Cube query each, all at once."""
    sampled = [m for m in catalog.dimensions() if m.sample_values]
    timed = [m for m in catalog.dimensions() if m.type == "time"]
    values, years = await asyncio.gather(
        asyncio.gather(*(_values(catalog, m, cube, tenant) for m in sampled)),
        asyncio.gather(*(_years(catalog, m, cube, tenant) for m in timed)),
    )
    for member, (found, names) in zip(sampled, values, strict=True):
        catalog.values[member.name] = found
        catalog.names[member.name] = names
    catalog.years = {m.name: covered for m, covered in zip(timed, years, strict=True)}


async def _values(
    catalog: Catalog, dim: Member, cube: Loads, tenant: str
) -> tuple[list[str], dict[str, list[str]]]:
    aliases = [a for a in dim.aliases if a in catalog.members]
    query = CubeQuery(dimensions=[dim.name, *aliases], limit=SAMPLE_LIMIT)
    payload = await cube.load(query, tenant)
    values: list[str] = []
    names: dict[str, list[str]] = {}
    for row in payload.get("data", []):
        value = row.get(dim.name)
        if not value or str(value) in names:
            continue
        values.append(str(value))
        # one name per alias, in the aliases' order ("" where the data has none)
        names[str(value)] = [str(row.get(alias) or "") for alias in aliases]
    return values, names


async def _years(catalog: Catalog, dim: Member, cube: Loads, tenant: str) -> list[int]:
    count = catalog.count_measure(dim.cube)
    query = CubeQuery(
        measures=[count.name] if count else [],
        timeDimensions=[TimeDimension(dimension=dim.name, granularity="year")],
        limit=SAMPLE_LIMIT,
    )
    payload = await cube.load(query, tenant)
    key = f"{dim.name}.year"
    return sorted({int(str(row[key])[:4]) for row in payload.get("data", []) if row.get(key)})
