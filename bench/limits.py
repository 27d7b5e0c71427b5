"""What the size limits cost each request, measured in process (no network, no other load):
the ASGI layer (api/limits.py) around an app that answers at once, and the server protocol
that caps heads (api/head_limit.py) against uvicorn's own httptools protocol, both fed the
request of a cached answer.

    .venv/bin/python -m bench.limits
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from api.head_limit import bounded_head_protocol
from api.limits import SizeLimits

BODY = b'{"question": "How many flights went to ORD?"}'
HEADERS = [
    (b"host", b"127.0.0.1:8000"),
    (b"accept", b"*/*"),
    (b"accept-encoding", b"gzip, deflate"),
    (b"connection", b"keep-alive"),
    (b"user-agent", b"python-httpx/0.28.1"),
    (b"content-type", b"application/json"),
    (b"content-length", str(len(BODY)).encode()),
]
REQUEST = (
    b"POST /v1/questions HTTP/1.1\r\n"
    + b"".join(name + b": " + value + b"\r\n" for name, value in HEADERS)
    + b"\r\n"
    + BODY
)


async def answer(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await receive()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def asgi_layer(n: int, app: Any) -> float:
    """Microseconds per request through `app`."""
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/questions",
        "raw_path": b"/v1/questions",
        "query_string": b"",
        "headers": HEADERS,
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": BODY, "more_body": False}

    async def send(message: Any) -> None:
        pass

    started = time.perf_counter()
    for _ in range(n):
        await app(scope, receive, send)
    return (time.perf_counter() - started) / n * 1e6


class Transport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.written = 0
        self.answered = asyncio.Event()  # set by each reply's second write (its body)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 1), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def write(self, data: Any) -> None:
        self.written += 1
        if self.written % 2 == 0:
            self.answered.set()

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def protocol(n: int, protocol_class: type[HttpToolsProtocol]) -> float:
    """Microseconds per request: parsed, answered by `answer`, on one keep-alive connection."""
    config = Config(answer, lifespan="off", log_level="error")
    config.load()
    conn = protocol_class(config=config, server_state=ServerState(), app_state={})
    transport = Transport()
    conn.connection_made(transport)
    started = time.perf_counter()
    for _ in range(n):
        transport.answered.clear()
        conn.data_received(REQUEST)
        await transport.answered.wait()
    elapsed = time.perf_counter() - started
    conn.connection_lost(None)
    return elapsed / n * 1e6


async def main(n: int, rounds: int) -> None:
    limited = SizeLimits(answer, 64 * 1024, 8 * 2**20, 16 * 1024)
    bounded = bounded_head_protocol(16 * 1024)
    figures: dict[str, list[float]] = {k: [] for k in ("bare", "limited", "httptools", "bounded")}
    for _ in range(rounds):  # interleaved, so that a busy moment hits both alike
        figures["bare"].append(await asgi_layer(n, answer))
        figures["limited"].append(await asgi_layer(n, limited))
        figures["httptools"].append(await protocol(n, HttpToolsProtocol))
        figures["bounded"].append(await protocol(n, bounded))
    best = {k: min(v) for k, v in figures.items()}
    median = {k: statistics.median(v) for k, v in figures.items()}
    print(f"{n} requests x {rounds} rounds; microseconds per request, best (median)")
    for name, label in (
        ("bare", "ASGI app alone"),
        ("limited", "ASGI app inside SizeLimits"),
        ("httptools", "uvicorn httptools protocol"),
        ("bounded", "BoundedHeadProtocol"),
    ):
        print(f"  {label:28} {best[name]:7.2f} ({median[name]:.2f})")
    print(f"  SizeLimits adds {best['limited'] - best['bare']:.2f} us a request;")
    print(f"  the head cap adds {best['bounded'] - best['httptools']:.2f} us a request")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.rounds))
