"""A plan of three queries against a single query, side by side in one run.

    .venv/bin/python -m bench.plans          # starts its own stack with `quarry up`

Every question is new (fresh destinations), so neither the answer cache nor Cube's result cache
answers it: a single query ("How many flights went to X?") against a three-query plan ("How
many carriers flew to all of X, Y and Z?": three fetches side by side, intersected). One client,
the two kinds interleaved, so both see the same machine. Prints a Markdown table and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from bench.common import HEADER, Api, Run, api_client
from stack.launch import launched_stack, ports

BENCH_PORTS_BASE = 17300


async def destinations(api: Api) -> list[str]:
    _, body = await api.ask("How many flights went to each destination?")
    return [str(row[0]) for row in body["answer"]["rows"]]


async def timed(api: Api, question: str, run: Run) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    status, body = await api.ask(question)
    run.seconds += loop.time() - started  # one client: throughput is 1 / mean latency
    if status == 200 and body.get("status") == "completed":
        run.latencies.append((loop.time() - started) * 1000)
    else:
        run.errors += 1


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August")


async def compare(api: Api, rounds: int, offset: int) -> tuple[Run, Run]:
    dests = await destinations(api)
    single, plan = Run(), Run()
    triples = len(dests) // 3
    for i in range(rounds):
        # a new month once every destination has been asked: a new question each round
        a, b, c = (dests[3 * (i % triples) + k] for k in range(3))
        month = MONTHS[(i // triples + offset) % len(MONTHS)]
        await timed(api, f"How many flights went to {a} in {month}?", single)
        await timed(api, f"How many carriers flew to all of {a}, {b} and {c} in {month}?", plan)
    return single, plan


async def main_async(base_url: str, rounds: int) -> None:
    async with api_client(base_url) as api:
        await compare(api, 5, offset=len(MONTHS) - 1)  # warm: catalogs, pools, compilation
        single, plan = await compare(api, rounds, offset=0)
    print(HEADER)
    print(single.row("single query (understand, fetch, present)"))
    print(plan.row("three-query plan (three fetches side by side)"))
    ratio = plan.pct(50) / single.pct(50) if single.count else float("nan")
    print(f"\nplan p50 / single p50: {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as work,
        launched_stack(Path(work), ports(BENCH_PORTS_BASE)) as stack,
    ):
        asyncio.run(main_async(stack.api, args.rounds))


if __name__ == "__main__":
    main()
