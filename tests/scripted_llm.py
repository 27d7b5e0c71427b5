"""A scripted OpenAI-compatible chat-completions server: stands in for a hosted LLM in tests.

It serves real HTTP on a free local port. Each request takes the next scripted reply (status,
JSON content, delay, headers); when the script runs out it repeats the last reply.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@dataclass
class Reply:
    status: int = 200
    content: dict[str, Any] | str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    usage: tuple[int, int] = (120, 30)


@dataclass
class ScriptedLlm:
    """`script` replies are used in order; once one is left it repeats, unless a `responder`
    is set, which then answers from the request itself."""

    url: str
    script: list[Reply]
    requests: list[dict[str, Any]] = field(default_factory=list)
    responder: Callable[[dict[str, Any]], Reply] | None = None
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    def next_reply(self, body: dict[str, Any]) -> Reply:
        if len(self.script) > 1 or (self.script and self.responder is not None):
            return self.script.pop(0)
        if self.responder is not None:
            return self.responder(body)
        return self.script[0]

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].split("/")[0])

    def start(self) -> None:
        config = uvicorn.Config(_app(self), port=self.port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        while not self._server.started:
            time.sleep(0.01)

    def stop(self) -> None:
        """Gone at once, as a killed endpoint: requests in flight are cut, new ones refused."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = self._server.force_exit = True
        self._thread.join(5)
        self._server = self._thread = None


def _app(state: ScriptedLlm) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def complete(request: Request) -> JSONResponse:
        body = await request.json()
        state.requests.append({"body": body, "headers": dict(request.headers)})
        reply = state.next_reply(body)
        await asyncio.sleep(reply.delay)
        if reply.status != 200:
            return JSONResponse({"error": {"message": "scripted"}}, reply.status, reply.headers)
        content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
        body = {
            "choices": [{"message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": reply.usage[0], "completion_tokens": reply.usage[1]},
        }
        return JSONResponse(body, headers=reply.headers)

    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def scripted_llm(
    script: list[Reply], responder: Callable[[dict[str, Any]], Reply] | None = None
) -> Iterator[ScriptedLlm]:
    port = free_port()
    state = ScriptedLlm(url=f"http://127.0.0.1:{port}/v1", script=script, responder=responder)
    state.start()
    try:
        yield state
    finally:
        state.stop()
