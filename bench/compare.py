"""Quarry side by side with the seed's architecture (a monolith calling the agents in sequence),
on the same machine, the same Cube and the same scripted LLM, in one run.

    .venv/bin/python -m bench.compare

Scenarios:
- realistic: the LLM answers in 800 +- 200 ms and fails 5% with 503; every question is new;
  200 concurrent clients.
- cached: a Zipf-distributed mix of paraphrased questions; 50 concurrent clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import HEADER, Run, api_client, drive
from stack.launch import LaunchedStack, launched_stack, ports
from stack.processes import http_ok

BASE = 17300
LLM_PORT, MONOLITH_PORT = BASE + 90, BASE + 80
TEMPLATES = (
    "How many flights went to {}?",
    "how many flights went to {}",
    "How many flights went to {} ?",
    "  How many flights went to {}?  ",
)


@contextmanager
def process(argv: list[str], env: dict[str, str], health: str) -> Iterator[None]:
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not http_ok(health)():
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{argv} did not start")
            time.sleep(0.2)
        yield
    finally:
        child.terminate()
        child.wait(30)


async def scenario(base_url: str, questions: list[str], concurrency: int) -> Run:
    async with api_client(base_url, connections=concurrency + 10) as api:

        async def ask(i: int) -> bool:
            status, body = await api.ask(questions[i], wait_seconds=60)
            return status == 200 and body.get("status") == "completed"

        return await drive(ask, concurrency, len(questions))


def realistic_questions(dests: list[str], n: int, tag: str) -> list[str]:
    """New questions every time (no answer cache can help); the LLM reads the destination."""
    return [
        f"Request {tag}-{i}: How many flights went to {dests[i % len(dests)]}?" for i in range(n)
    ]


def zipf_questions(dests: list[str], n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    popular = dests[:50]
    weights = [1 / (rank + 1) for rank in range(len(popular))]
    picks = rng.choices(popular, weights=weights, k=n)
    return [rng.choice(TEMPLATES).format(dest) for dest in picks]


def destinations(stack: LaunchedStack) -> list[str]:
    with sqlite3.connect(stack.data_dir / "nycflights13.sqlite") as db:
        rows = db.execute("SELECT dest FROM flights GROUP BY dest ORDER BY count(*) DESC")
        return [r[0] for r in rows]


async def run_all(stack: LaunchedStack, monolith: str, n: int, clients: int) -> list[str]:
    dests = destinations(stack)
    rows = [HEADER]
    results: dict[str, Run] = {}
    for name, url in (("seed monolith", monolith), ("Quarry", stack.api)):
        results[f"realistic {name}"] = await scenario(
            url, realistic_questions(dests, n, name[:4]), clients
        )
    for name, url in (("seed monolith", monolith), ("Quarry", stack.api)):
        results[f"cached {name}"] = await scenario(url, zipf_questions(dests, 4 * n), 50)
    rows += [run.row(name) for name, run in results.items()]
    mono, quarry = results["realistic seed monolith"], results["realistic Quarry"]
    rows.append(
        f"\nrealistic, Quarry / monolith: throughput {quarry.throughput / mono.throughput:.2f}x, "
        f"p50 {quarry.pct(50) / mono.pct(50):.2f}x, p99 {quarry.pct(99) / mono.pct(99):.2f}x"
    )
    mono, quarry = results["cached seed monolith"], results["cached Quarry"]
    rows.append(
        f"cached, Quarry / monolith: throughput {quarry.throughput / mono.throughput:.2f}x, "
        f"p50 {quarry.pct(50) / mono.pct(50):.3f}x"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=200)
    args = parser.parse_args()
    llm_url = f"http://127.0.0.1:{LLM_PORT}/v1"
    env = {
        **ports(BASE),
        "QUERY_AGENT": "llm",
        "LLM_BASE_URL": llm_url,
        "LLM_TIMEOUT_SECONDS": "5",
        "RATE_LIMIT_PER_SECOND": "0",
    }
    py = sys.executable
    llm = [py, "-m", "bench.fake_llm", "--port", str(LLM_PORT)]
    with (
        tempfile.TemporaryDirectory(prefix="quarry-compare-") as work,
        process(llm, dict(os.environ), f"http://127.0.0.1:{LLM_PORT}/docs"),
        launched_stack(Path(work), env) as stack,
    ):
        mono = [
            py,
            "-m",
            "uvicorn",
            "bench.monolith:create_app",
            "--factory",
            "--port",
            str(MONOLITH_PORT),
            "--log-level",
            "warning",
        ]
        with process(mono, stack.service_env(), f"http://127.0.0.1:{MONOLITH_PORT}/docs"):
            url = f"http://127.0.0.1:{MONOLITH_PORT}"
            print("\n".join(asyncio.run(run_all(stack, url, args.requests, args.clients))))


if __name__ == "__main__":
    main()
