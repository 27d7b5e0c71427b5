"""Service-layer benchmark: answer-cache hit vs miss, and Cube batching on vs off, side by side.

    .venv/bin/python -m bench.service_layer          # starts its own stack with `quarry up`

Prints Markdown tables. Ratios, not absolute times, are what compare across machines.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

import httpx

from bench.common import HEADER, Api, Run, api_client, drive
from models.ask import CubeFilter, CubeQuery, TimeDimension
from services.batching import CubeBatcher
from services.cube import CubeClient, build_http_client
from stack.launch import LaunchedStack, launched_stack, ports

BENCH_PORTS_BASE = 17300
MEASURES = (
    "flights.count",
    "flights.avg_dep_delay",
    "flights.avg_arr_delay",
    "flights.avg_distance",
)


async def destinations(api: Api) -> list[str]:
    """Real destination codes, asked of Quarry itself."""
    _, body = await api.ask("How many flights went to each destination?")
    return [str(row[0]) for row in body["answer"]["rows"]]


async def answer_cache(api: Api, dests: list[str]) -> tuple[Run, Run, Run]:
    questions = [f"How many flights went to {d}?" for d in dests[:40]]

    async def ask(i: int) -> bool:
        status, _ = await api.ask(questions[i % len(questions)])
        return status == 200

    misses = await drive(ask, concurrency=1, total=len(questions))
    hits = await drive(ask, concurrency=1, total=len(questions))
    loaded = await drive(ask, concurrency=50, total=5000)
    return misses, hits, loaded


def cube_queries(dests: list[str], month: int) -> list[CubeQuery]:
    """Distinct queries (a new month per round, so Cube's own result cache cannot answer)."""
    last = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    window = TimeDimension(
        dimension="flights.departed_at",
        dateRange=[f"2013-{month:02d}-01", f"2013-{month:02d}-{last}"],
    )
    return [
        CubeQuery(
            measures=[m],
            filters=[CubeFilter(member="flights.dest", operator="equals", values=[d])],
            timeDimensions=[window],
        )
        for d in dests[:50]
        for m in MEASURES
    ]


async def batching(stack: LaunchedStack, dests: list[str], concurrency: int) -> dict[str, Run]:
    """Each mode runs twice on fresh months; the second (warm) round of each is reported."""
    secret = (stack.data_dir / "cube-secret").read_text().strip()
    url = f"http://127.0.0.1:{stack.env['CUBE_PORT']}"
    async with build_http_client(url, 60) as http:
        cube = CubeClient(http, secret)
        loaders: dict[str, CubeClient | CubeBatcher] = {
            "off": cube,
            "on": CubeBatcher(cube, window_seconds=0.005, max_batch=20),
        }
        results: dict[str, Run] = {}
        for month, mode in enumerate(("off", "on", "off", "on"), start=1):
            results[mode] = await _load_all(loaders[mode], cube_queries(dests, month), concurrency)
    return results


async def _load_all(loader: CubeClient | CubeBatcher, queries: list[CubeQuery], n: int) -> Run:
    async def one(i: int) -> bool:
        try:
            result = await loader.load(queries[i], "bench")
        except httpx.HTTPError:
            return False
        return result.get("data") is not None

    return await drive(one, n, len(queries))


async def main_async(work: Path, concurrency: int) -> None:
    # One tenant drives all the load: its rate limit is lifted for the measurement.
    env = {
        **ports(BENCH_PORTS_BASE),
        "RATE_LIMIT_PER_SECOND": "0",
        "NEW_RUNS_PER_SECOND": "0",
        "OPEN_RUNS_MAX": "0",
    }
    with launched_stack(work, env) as stack:
        async with api_client(stack.api) as api:
            dests = await destinations(api)
            misses, hits, loaded = await answer_cache(api, dests)
        cube = await batching(stack, dests, concurrency)
    print("\n## Answer cache (REST API, end to end)\n")
    print(HEADER)
    print(misses.row("miss: new question, one at a time (a workflow runs)"))
    print(hits.row("hit: the same questions again, one at a time"))
    print(loaded.row("hit: 50 concurrent clients"))
    print(f"\nmiss p50 / hit p50 = {misses.pct(50) / max(hits.pct(50), 1e-9):,.0f}x")
    n = len(cube_queries(dests, 1))
    print(f"\n## Cube batching ({n} distinct queries, {concurrency} concurrent callers)\n")
    print(HEADER)
    print(cube["off"].row("batching off: one /load per query"))
    print(cube["on"].row("batching on: 5 ms window, up to 20 queries per request"))
    ratio = cube["on"].throughput / cube["off"].throughput
    print(f"\nthroughput on / off = {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quarry-bench-") as work:
        asyncio.run(main_async(Path(work), args.concurrency))


if __name__ == "__main__":
    main()
