"""One tenant floods new questions at ten times its new-run limit; how fast are another tenant's
new questions answered meanwhile?

    QUARRY_BENCH_PORTS_BASE=22500 .venv/bin/python -m bench.tenant_flood

Starts `quarry up` (offline agent, real Cube) on its own ports with NEW_RUNS_PER_SECOND=LIMIT
and a second API process on the same stack with the limits by cost lifted (as before they
existed). Tenants are named with `X-Quarry-Tenant` (open mode). Three phases, each with new
(never cached) questions: the quiet tenant alone; the same while `flood` sends 10 x LIMIT new
questions a second through the limited API; the same through the unlimited one. Prints the
quiet tenant's p50/p95 per phase and what the flood got (answered, 429, other).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx

from bench.compare import destinations
from stack.launch import extra_api, launched_stack, ports

BASE = int(os.environ.get("QUARRY_BENCH_PORTS_BASE", "17400"))
PAUSE_SECONDS = 0.3
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def questions(dests: list[str]) -> Iterator[str]:
    """New questions, each asked once: day x month x origin x destination (tens of thousands;
    the offline agent reads each as one query)."""
    for day, month, origin, dest in itertools.product(
        range(1, 29), MONTHS, ("JFK", "LGA", "EWR"), dests
    ):
        yield f"How many flights went from {origin} to {dest} on {month} {day}?"


async def quiet_tenant(
    api: str, asks: Iterator[str], n: int, failures: Counter[str]
) -> list[float]:
    """One person asking new questions one after the other, a pause between them (well under
    the tenant's own limit): each one's latency, in ms."""
    took: list[float] = []
    headers = {"X-Quarry-Tenant": "quiet"}
    async with httpx.AsyncClient(base_url=api, headers=headers, timeout=60) as client:
        for _ in range(n):
            started = time.perf_counter()
            try:
                reply = await client.post("/v1/questions", json={"question": next(asks)})
                reply.raise_for_status()
            except httpx.HTTPError as exc:  # counted, in the phase's row, as a failure
                failures[type(exc).__name__] += 1
            took.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(PAUSE_SECONDS)
    return took


async def flood(
    api: str, asks: Iterator[str], per_second: float, stop: asyncio.Event
) -> Counter[str]:
    """New questions at a fixed rate, whatever the answers take (an open loop)."""
    outcomes: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=1000)
    headers = {"X-Quarry-Tenant": "flood"}
    async with httpx.AsyncClient(base_url=api, headers=headers, timeout=60, limits=limits) as c:

        async def one(question: str) -> None:
            try:
                reply = await c.post("/v1/questions", json={"question": question})
                outcomes[str(reply.status_code)] += 1
            except httpx.HTTPError as exc:
                outcomes[type(exc).__name__] += 1

        sent: set[asyncio.Task[None]] = set()
        started = time.perf_counter()
        for i in itertools.count():
            if stop.is_set():
                break
            await asyncio.sleep(max(0.0, started + i / per_second - time.perf_counter()))
            question = next(asks, None)
            if question is None:
                break
            task = asyncio.create_task(one(question))
            sent.add(task)
            task.add_done_callback(sent.discard)
        await asyncio.gather(*sent)
    return outcomes


async def under_flood(
    quiet_api: str, flood_api: str, asks: Iterator[str], rate: float, n: int
) -> tuple[list[float], Counter[str], Counter[str]]:
    stop = asyncio.Event()
    flooding = asyncio.create_task(flood(flood_api, asks, rate, stop))
    await asyncio.sleep(3)  # the flood's burst spent, its queue built
    failures: Counter[str] = Counter()
    took = await quiet_tenant(quiet_api, asks, n, failures)
    stop.set()
    return took, failures, await flooding


def p(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(pct / 100 * len(ordered)))]


async def run(api: str, unlimited: str, dests: list[str], limit: float, n: int) -> None:
    asks = questions(dests)
    alone: Counter[str] = Counter()
    phases: list[tuple[str, list[float], Counter[str], Counter[str]]] = [
        ("quiet tenant alone", await quiet_tenant(api, asks, n, alone), alone, Counter())
    ]
    for name, flood_api in (("flood, limits on", api), ("flood, limits lifted", unlimited)):
        took, failures, flood_got = await under_flood(api, flood_api, asks, 10 * limit, n)
        phases.append((name, took, failures, flood_got))
    print(f"\nNEW_RUNS_PER_SECOND={limit:g} per tenant; flood at {10 * limit:g} new questions/s\n")
    print(
        "| phase | quiet tenant p50 ms | p95 ms | vs alone | quiet's failures | flood's replies |"
    )
    print("|---|---|---|---|---|---|")
    base = p(phases[0][1], 50)
    for name, took, failures, got in phases:
        print(
            f"| {name} | {p(took, 50):.0f} | {p(took, 95):.0f} | {p(took, 50) / base:.2f}x "
            f"| {_counts(failures)} | {_counts(got)} |"
        )


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key}: {n}" for key, n in sorted(counter.items())) or "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=float, default=5.0, help="new runs per second")
    parser.add_argument("--questions", type=int, default=40, help="the quiet tenant's, per phase")
    args = parser.parse_args()
    env = {
        **ports(BASE),
        "NEW_RUNS_PER_SECOND": str(args.limit),
        "NEW_RUNS_BURST": str(max(1, int(args.limit))),
        "RATE_LIMIT_PER_SECOND": "0",  # requests are not what this measures: runs are
    }
    lifted = {"NEW_RUNS_PER_SECOND": "0", "OPEN_RUNS_MAX": "0"}
    with (
        tempfile.TemporaryDirectory(prefix="quarry-flood-") as tmp,
        launched_stack(Path(tmp), env) as stack,
        extra_api(stack, BASE + 9, lifted) as raw,
    ):
        asyncio.run(run(stack.api, raw, destinations(stack), args.limit, args.questions))


if __name__ == "__main__":
    main()
