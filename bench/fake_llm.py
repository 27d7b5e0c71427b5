"""A scripted OpenAI-compatible endpoint for benchmarks: answers Cube queries for "How many
flights went to XXX?" after `--latency` ms (+- `--jitter`), failing `--error-rate` with 503.

    .venv/bin/python -m bench.fake_llm --port 17390 --latency 800 --jitter 200 --error-rate 0.05
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


def app(latency: float, jitter: float, error_rate: float) -> FastAPI:
    api = FastAPI()

    @api.post("/v1/chat/completions")
    async def complete(request: Request) -> JSONResponse:
        body = await request.json()
        await asyncio.sleep(max(0.0, random.gauss(latency, jitter / 2)) / 1000)
        if random.random() < error_rate:
            return JSONResponse({"error": {"message": "overloaded"}}, 503)
        found = re.search(r"went to ([A-Z]{3})", str(body["messages"][1]["content"]))
        dest = found.group(1) if found else "LAX"
        query = {
            "measures": ["flights.count"],
            "filters": [{"member": "flights.dest", "operator": "equals", "values": [dest]}],
        }
        content = json.dumps({"query": query})
        return JSONResponse(
            {
                "choices": [{"message": {"role": "assistant", "content": content}}],
                "usage": {"prompt_tokens": 900, "completion_tokens": 40},
            }
        )

    return api


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", type=float, default=800)
    parser.add_argument("--jitter", type=float, default=200)
    parser.add_argument("--error-rate", type=float, default=0.05)
    args = parser.parse_args()
    uvicorn.run(
        app(args.latency, args.jitter, args.error_rate),
        port=args.port,
        log_level="warning",
        backlog=4096,
    )


if __name__ == "__main__":
    main()
