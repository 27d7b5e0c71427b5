"""`quarry model try`: a model folder and its SQLite file, asked a question with no server
running. Cube's compiler gives /meta and each query's SQL (`compiling`); SQLite runs it; the
understanding reads the question against the catalog so built, as it would on the stack."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from activities.cube_agent import to_fetch_result
from activities.format_agent import render
from models.ask import Answer, CubeQuery, Interpretation, Plan
from services.catalogs import sample
from services.cube import cube_json
from services.settings import Settings
from stack.starter.compiling import compile_model
from understanding import interpret, offline
from understanding.catalog import Catalog, build_catalog
from workflows.combine import combine

_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


class LocalModel:
    """A model compiled here and run on its SQLite file: `load` as the Cube client's."""

    def __init__(self, folder: Path, database: Path) -> None:
        self.folder = folder
        self.database = database
        compiled = compile_model(folder)
        if not compiled.ok:
            raise ValueError(f"Cube cannot compile {folder}: {compiled.error}")
        self.meta = {"cubes": [_visible(cube) for cube in compiled.cubes]}

    def rows(self, queries: list[CubeQuery]) -> list[list[dict[str, Any]]]:
        """Each query's rows, keyed as Cube's REST API keys them."""
        compiled = compile_model(self.folder, [cube_json(q) for q in queries])
        if not compiled.ok:
            raise ValueError(f"Cube cannot compile {self.folder}: {compiled.error}")
        return [self._run(q, sql) for q, sql in zip(queries, compiled.sql, strict=True)]

    async def load(self, query: CubeQuery, tenant: str) -> dict[str, Any]:
        rows = await asyncio.to_thread(self.rows, [query])
        return {"data": rows[0]}

    def catalog(self) -> Catalog:
        catalog = build_catalog(self.meta)
        asyncio.run(sample(catalog, _Batched(self), "local"))
        return catalog

    def answer(self, question: str, catalog: Catalog) -> Answer:
        """The answer the stack would give; raises offline.NeedsClarification where it asks."""
        found = offline.understand(question, catalog)
        # a plan's steps are fetched whole, as the stack fetches them (CUBE_PLAN_ROW_LIMIT)
        whole = Settings().cube_plan_row_limit
        queries = (
            [q if q.limit else q.model_copy(update={"limit": whole}) for q in found.queries]
            if isinstance(found, Plan)
            else [found]
        )
        results = [
            self._fetch(q, rows) for q, rows in zip(queries, self.rows(queries), strict=True)
        ]
        if isinstance(found, Plan):
            interpretation = Interpretation(measure=found.description)
            return render(found.queries[0], combine(found, results), interpretation, found)
        return render(found, results[0], interpret.describe(found, catalog))

    def _fetch(self, query: CubeQuery, rows: list[dict[str, Any]]) -> Any:
        payload = {"data": rows, "query": cube_json(query), "annotation": annotation(self.meta)}
        return to_fetch_result(payload)

    def _run(self, query: CubeQuery, sql: Any) -> list[dict[str, Any]]:
        if isinstance(sql, dict):
            raise ValueError(f"Cube cannot build the query: {sql.get('error')}")
        statement, params = sql
        with closing(sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)) as conn:
            cursor = conn.execute(statement, [_as_number(p) for p in params])
            names = [_member(query, d[0]) for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class _Batched:
    """Sampling asks for one query at a time, all at once; one compile answers them all."""

    def __init__(self, model: LocalModel) -> None:
        self._model = model
        self._waiting: list[tuple[CubeQuery, asyncio.Future[dict[str, Any]]]] = []

    async def load(self, query: CubeQuery, tenant: str) -> dict[str, Any]:
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting.append((query, future))
        if len(self._waiting) == 1:
            asyncio.get_running_loop().call_soon(lambda: asyncio.ensure_future(self._flush()))
        return await future

    async def _flush(self) -> None:
        await asyncio.sleep(0)
        waiting, self._waiting = self._waiting, []
        try:
            rows = await asyncio.to_thread(self._model.rows, [q for q, _ in waiting])
        except Exception as exc:  # every query of the batch fails alike
            for _, future in waiting:
                future.set_exception(exc)
            return
        for (_, future), found in zip(waiting, rows, strict=True):
            future.set_result({"data": found})


def _as_number(value: Any) -> Any:
    """Cube binds every filter value as text; numbers are bound as numbers, as the stack's
    SQLite driver does (cube/cube.js), so a measure compares with a number."""
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return float(value) if "." in value else int(value)
    return value


def _member(query: CubeQuery, alias: str) -> str:
    """Cube's column alias ("orders__state", "orders__placed_on_year") as its REST API names
    the member ("orders.state", "orders.placed_on.year")."""
    for name in [*query.measures, *query.dimensions]:
        if alias == name.replace(".", "__"):
            return name
    for time in query.timeDimensions:
        if time.granularity and alias == f"{time.dimension.replace('.', '__')}_{time.granularity}":
            return f"{time.dimension}.{time.granularity}"
    return alias


def _visible(cube: dict[str, Any]) -> dict[str, Any]:
    """The cube as /v1/meta shows it: without members the model hides (`public: false`)."""
    kinds = ("measures", "dimensions", "segments")
    shown = {k: [m for m in cube.get(k, []) if m.get("isVisible", True)] for k in kinds}
    return {**cube, **shown}


def annotation(meta: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each member's title and type, as Cube annotates a result."""
    found: dict[str, dict[str, Any]] = {"measures": {}, "dimensions": {}, "timeDimensions": {}}
    for cube in meta.get("cubes", []):
        for kind in ("measures", "dimensions"):
            for member in cube.get(kind, []):
                info = {k: member.get(k) for k in ("title", "shortTitle", "type")}
                found[kind][member["name"]] = info
                if member.get("type") == "time":
                    for granularity in ("day", "week", "month", "quarter", "year"):
                        found["timeDimensions"][f"{member['name']}.{granularity}"] = info
    return found
