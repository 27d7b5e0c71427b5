"""CPU of the API per warm answer-cache hit, in process: what the request path itself costs
(ASGI layers, authentication, limits, dependencies, the cache look-up, the response), without
sockets, a load generator or other processes competing for the cores.

    .venv/bin/python -m bench.hit_path [--keys] [--requests 20000]

Builds the API (create_app) over a real redis-server on a free port (nothing else: a hit needs
neither Temporal nor Cube), puts one answer in the cache and asks for it N times, in 20 rounds,
through the app's ASGI entry (as uvicorn calls it), 10 at a time; prints CPU microseconds per
hit, the best round's and the median. `--keys` sends a tenant's API key (keys required) instead
of the keyless open mode; the request bucket is on in both. Run it on two checkouts
(PYTHONPATH=<other checkout>) to compare their hit paths.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from pydantic import SecretStr
from starlette.types import Message

from api.auth import hash_key
from api.main import create_app
from api.schemas import RunView
from services.cache import normalize_question
from services.settings import Settings

QUESTION = "How many flights went to BOS?"
KEY = "qk_bench_key"
ROUNDS = 20


def redis_server() -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    binary = shutil.which("redis-server") or str(Path(sys.executable).parent / "redis-server")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(500):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        time.sleep(0.01)
    raise RuntimeError("redis-server did not start")


async def measure(port: int, keys: bool, requests: int) -> list[float]:
    settings = Settings(
        redis_url=f"redis://127.0.0.1:{port}/0",
        temporal_address="127.0.0.1:1",  # never reached: a hit starts no run
        open_mode=not keys,
        api_keys=f"acme:{hash_key(KEY)}" if keys else "",
        admin_token=SecretStr("bench-admin"),
        rate_limit_per_second=1e9,  # on (a Redis call per request), never refusing
        rate_limit_burst=10**9,
    )
    app = create_app(settings)
    tenant = "acme" if keys else settings.tenant
    headers = {"Authorization": f"Bearer {KEY}"} if keys else {}
    async with app.router.lifespan_context(app):
        view = RunView(run_id="ask-bench", status="completed", status_url="http://x/v1/runs/a")
        await app.state.cache.set(
            "answer", tenant, normalize_question(QUESTION), view.model_dump_json().encode(), 600
        )
        body = json.dumps({"question": QUESTION}).encode()
        raw_headers = [(b"content-type", b"application/json"), (b"host", b"bench")]
        raw_headers += [(k.lower().encode(), v.encode()) for k, v in headers.items()]

        async def one() -> None:
            # What uvicorn hands the app for one request, called directly: no client's cost.
            scope = {
                "type": "http",
                "asgi": {"version": "3.0"},
                "http_version": "1.1",
                "method": "POST",
                "scheme": "http",
                "path": "/v1/questions",
                "raw_path": b"/v1/questions",
                "query_string": b"",
                "root_path": "",
                "headers": raw_headers,
                "client": ("127.0.0.1", 40000),
                "server": ("127.0.0.1", 8000),
                "state": {},
            }
            sent: list[Message] = []

            async def receive() -> Message:
                return {"type": "http.request", "body": body, "more_body": False}

            async def send(message: Message) -> None:
                sent.append(message)

            await app(scope, receive, send)
            assert sent[0]["status"] == 200, sent

        async def asker(n: int) -> None:
            for _ in range(n):
                await one()

        await asker(200)  # warm: imports, first connections
        rounds = []  # the machine may be shared: the least CPU a round took is the path's cost
        for _ in range(ROUNDS):
            started = time.process_time()
            await asyncio.gather(*(asker(requests // ROUNDS // 10) for _ in range(10)))
            rounds.append((time.process_time() - started) / (requests // ROUNDS) * 1e6)
        return sorted(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", action="store_true")
    parser.add_argument("--requests", type=int, default=20_000)
    args = parser.parse_args()
    process, port = redis_server()
    try:
        rounds = asyncio.run(measure(port, args.keys, args.requests))
    finally:
        process.terminate()
        process.wait(10)
    mode = "API key" if args.keys else "open mode"
    print(
        f"warm hit, {mode}: {rounds[0]:.0f} us of CPU per request at best, "
        f"{rounds[len(rounds) // 2]:.0f} median of {ROUNDS} rounds (this process, Redis apart)"
    )


if __name__ == "__main__":
    main()
